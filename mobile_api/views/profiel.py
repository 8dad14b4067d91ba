from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.organisations.selectors import employee_profile_queryset
from mobile_api.permissions import current_employee
from mobile_api.serializers.profiel import MijSerializer


class MijView(APIView):
    @extend_schema(
        summary="Mijn profiel",
        description="De aangemelde medewerker met organisatie, afdeling, vestiging en rollen.",
        responses=MijSerializer,
        tags=["profiel"],
        operation_id="mij_retrieve",
    )
    def get(self, request):
        employee = employee_profile_queryset().get(pk=current_employee(request).pk)
        return Response(MijSerializer(employee).data)
