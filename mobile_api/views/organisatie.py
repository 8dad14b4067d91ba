from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets

from backend.organisations.selectors import colleague_list, department_list, location_list
from mobile_api.fields import UUID_PATTERN, query_text
from mobile_api.permissions import current_employee
from mobile_api.serializers.organisatie import (
    AfdelingSerializer,
    MedewerkerSerializer,
    VestigingSerializer,
)

SEARCH_MAX_LENGTH = 200


@extend_schema(tags=["organisatie"])
class OrganisationReadViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    lookup_field = "uuid"
    lookup_value_regex = UUID_PATTERN


@extend_schema_view(
    list=extend_schema(
        summary="Collega's",
        description="Collega's in de eigen organisatie, te zoeken op naam, afdeling of vestiging.",
        parameters=[
            OpenApiParameter(
                "zoek",
                {"type": "string", "maxLength": SEARCH_MAX_LENGTH},
                description="Zoekwoorden (naam, afdeling, vestiging), hoogstens 200 tekens.",
            )
        ],
    ),
    retrieve=extend_schema(
        summary="Een collega",
        description="Een actieve collega van de eigen organisatie, met afdeling en vestiging.",
    ),
)
class MedewerkerViewSet(OrganisationReadViewSet):
    serializer_class = MedewerkerSerializer

    def get_queryset(self):
        search = query_text(self.request, "zoek", max_length=SEARCH_MAX_LENGTH)
        return colleague_list(viewer=current_employee(self.request), search=search)


@extend_schema_view(
    list=extend_schema(
        summary="Afdelingen", description="De afdelingen van de eigen organisatie, op naam."
    ),
    retrieve=extend_schema(
        summary="Een afdeling", description="Een afdeling van de eigen organisatie."
    ),
)
class AfdelingViewSet(OrganisationReadViewSet):
    serializer_class = AfdelingSerializer

    def get_queryset(self):
        return department_list(viewer=current_employee(self.request))


@extend_schema_view(
    list=extend_schema(
        summary="Vestigingen",
        description="De vestigingen (locaties) van de eigen organisatie, op naam, met adres.",
    ),
    retrieve=extend_schema(
        summary="Een vestiging", description="Een vestiging van de eigen organisatie, met adres."
    ),
)
class VestigingViewSet(OrganisationReadViewSet):
    serializer_class = VestigingSerializer

    def get_queryset(self):
        return location_list(viewer=current_employee(self.request))
