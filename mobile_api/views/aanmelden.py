from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_in
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from mobile_api.fields import UUID_PATTERN
from mobile_api.models import ApiToken
from mobile_api.permissions import current_employee
from mobile_api.serializers.aanmelden import (
    NieuwTokenSerializer,
    TokenAanvraagSerializer,
    TokenOverzichtSerializer,
)
from mobile_api.sign_in_throttle import SignInLocked
from mobile_api.throttling import ScopedRateThrottleFromSettings
from mobile_api.tokens import active_tokens, token_issue, token_revoke


class InvalidCredentials(exceptions.AuthenticationFailed):
    default_detail = _("The username or password is wrong.")
    default_code = "invalid_credentials"


@extend_schema(tags=["aanmelden"])
@extend_schema_view(
    create=extend_schema(
        summary="Aanmelden",
        description=(
            "Wisselt gebruikersnaam en wachtwoord in voor een token met een vervaldatum. "
            "Na herhaald mislukte pogingen wordt de combinatie van gebruikersnaam en "
            "IP-adres een tijd geblokkeerd (429)."
        ),
        request=TokenAanvraagSerializer,
        responses={201: NieuwTokenSerializer},
        auth=[],
    ),
    list=extend_schema(
        summary="Eigen actieve tokens",
        description="De tokens (sessies) van de aangemelde medewerker die nog geldig zijn.",
    ),
    destroy=extend_schema(
        summary="Afmelden",
        description="Trekt een eigen token in; daarna geeft elk verzoek ermee 401.",
    ),
)
class TokenViewSet(
    mixins.ListModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = TokenOverzichtSerializer
    lookup_field = "uuid"
    lookup_value_regex = UUID_PATTERN
    pagination_class = None
    throttle_scope = "tokens"

    def get_authenticators(self):
        # Signing in needs no prior credentials: a stale token must not block it.
        if self.request is not None and self.request.method == "POST":
            return []
        return super().get_authenticators()

    def get_authenticate_header(self, request):
        # Wrong credentials on sign-in are a 401 too, so it needs a challenge.
        return 'Bearer realm="api"'

    def get_permissions(self):
        if self.action == "create":
            return [AllowAny()]
        return super().get_permissions()

    def get_throttles(self):
        if self.action == "create":
            return [ScopedRateThrottleFromSettings()]
        return []

    @property
    def problem_statuses(self):
        return (401, 429) if self.action == "create" else ()

    def get_queryset(self):
        return active_tokens(employee=current_employee(self.request))

    def create(self, request):
        serializer = TokenAanvraagSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        django_request = request._request
        user = authenticate(
            request=django_request, username=data["gebruikersnaam"], password=data["wachtwoord"]
        )
        if getattr(django_request, "axes_locked_out", False):
            raise SignInLocked()
        employee = getattr(user, "employee", None) if user is not None else None
        if employee is None or not employee.organisation.is_active:
            raise InvalidCredentials()
        # Stateless sign-in: no session, but the usual signal (last login, lockout reset).
        user_logged_in.send(sender=user.__class__, request=django_request, user=user)
        token, raw = token_issue(employee=employee, device_name=data["apparaatnaam"])
        token.token = raw
        return Response(NieuwTokenSerializer(token).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance: ApiToken):
        token_revoke(token=instance)
