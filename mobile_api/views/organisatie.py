from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets

from backend.organisations.selectors import colleague_list, department_list, location_list
from mobile_api.permissions import current_employee
from mobile_api.serializers.organisatie import (
    AfdelingSerializer,
    MedewerkerSerializer,
    VestigingSerializer,
)


@extend_schema(tags=["organisatie"])
class OrganisationReadViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    lookup_field = "uuid"
    lookup_value_regex = "[0-9a-f-]{36}"


@extend_schema_view(
    list=extend_schema(
        summary="Collega's",
        description="Collega's in de eigen organisatie, te zoeken op naam, afdeling of vestiging.",
        parameters=[
            OpenApiParameter(
                "zoek", OpenApiTypes.STR, description="Zoekwoorden (naam, afdeling, vestiging)."
            )
        ],
    ),
    retrieve=extend_schema(summary="Een collega"),
)
class MedewerkerViewSet(OrganisationReadViewSet):
    serializer_class = MedewerkerSerializer

    def get_queryset(self):
        search = self.request.query_params.get("zoek", "")[:200]
        return colleague_list(viewer=current_employee(self.request), search=search)


@extend_schema_view(
    list=extend_schema(summary="Afdelingen"), retrieve=extend_schema(summary="Een afdeling")
)
class AfdelingViewSet(OrganisationReadViewSet):
    serializer_class = AfdelingSerializer

    def get_queryset(self):
        return department_list(viewer=current_employee(self.request))


@extend_schema_view(
    list=extend_schema(summary="Vestigingen"), retrieve=extend_schema(summary="Een vestiging")
)
class VestigingViewSet(OrganisationReadViewSet):
    serializer_class = VestigingSerializer

    def get_queryset(self):
        return location_list(viewer=current_employee(self.request))
