from django.urls import path
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import SimpleRouter

from mobile_api.views.aanmelden import TokenViewSet
from mobile_api.views.inzichten import (
    DeelnameView,
    InzichtExportView,
    KennistoetsInzichtView,
    SimulatieInzichtView,
    TrendView,
)
from mobile_api.views.kennistoetsen import (
    KennistoetsenView,
    ToetsantwoordView,
    ToetsinleveringView,
    ToetspogingenView,
    ToetspogingView,
)
from mobile_api.views.microlessen import (
    AntwoordView,
    LesViewSet,
    ModuleViewSet,
    SynchronisatieView,
    VandaagView,
    VoltooiingView,
    WijzigingenView,
)
from mobile_api.views.openapi import OpenApiJsonView, OpenApiYamlView
from mobile_api.views.organisatie import AfdelingViewSet, MedewerkerViewSet, VestigingViewSet
from mobile_api.views.profiel import MijView
from mobile_api.views.redactie import (
    AfbeeldingUploadView,
    InhoudspakketExportView,
    InhoudspakketImportView,
)
from mobile_api.views.simulaties import (
    SimulatiekeuzeView,
    SimulatiepogingenView,
    SimulatiepogingView,
    SimulatieViewSet,
)

router = SimpleRouter(trailing_slash=False)
router.register("tokens", TokenViewSet, basename="token")
router.register("medewerkers", MedewerkerViewSet, basename="medewerker")
router.register("afdelingen", AfdelingViewSet, basename="afdeling")
router.register("vestigingen", VestigingViewSet, basename="vestiging")
router.register("modules", ModuleViewSet, basename="module")
router.register("lessen", LesViewSet, basename="les")
router.register("simulaties", SimulatieViewSet, basename="simulatie")

urlpatterns = [
    path("openapi.json", OpenApiJsonView.as_view(), name="openapi-json"),
    path("openapi.yaml", OpenApiYamlView.as_view(), name="openapi-yaml"),
    path("docs", SpectacularSwaggerView.as_view(url_name="openapi-json"), name="swagger-ui"),
    path("redoc", SpectacularRedocView.as_view(url_name="openapi-json"), name="redoc"),
    path("mij", MijView.as_view(), name="mij"),
    path("mij/vandaag", VandaagView.as_view(), name="mij-vandaag"),
    path("mij/antwoorden", AntwoordView.as_view(), name="mij-antwoorden"),
    path("mij/voltooiingen", VoltooiingView.as_view(), name="mij-voltooiingen"),
    path("mij/synchronisaties", SynchronisatieView.as_view(), name="mij-synchronisaties"),
    path("mij/wijzigingen", WijzigingenView.as_view(), name="mij-wijzigingen"),
    path("afbeeldingen", AfbeeldingUploadView.as_view(), name="afbeeldingen"),
    path("inhoudspakketten", InhoudspakketImportView.as_view(), name="inhoudspakketten"),
    path(
        "modules/<uuid:uuid>/inhoudspakket",
        InhoudspakketExportView.as_view(),
        name="module-inhoudspakket",
    ),
    path("mij/simulatiepogingen", SimulatiepogingenView.as_view(), name="simulatiepogingen"),
    path(
        "mij/simulatiepogingen/<uuid:uuid>",
        SimulatiepogingView.as_view(),
        name="simulatiepoging",
    ),
    path(
        "mij/simulatiepogingen/<uuid:uuid>/keuzes",
        SimulatiekeuzeView.as_view(),
        name="simulatiepoging-keuzes",
    ),
    path("kennistoetsen", KennistoetsenView.as_view(), name="kennistoetsen"),
    path("mij/toetspogingen", ToetspogingenView.as_view(), name="toetspogingen"),
    path("mij/toetspogingen/<uuid:uuid>", ToetspogingView.as_view(), name="toetspoging"),
    path(
        "mij/toetspogingen/<uuid:uuid>/antwoorden",
        ToetsantwoordView.as_view(),
        name="toetspoging-antwoorden",
    ),
    path(
        "mij/toetspogingen/<uuid:uuid>/inlevering",
        ToetsinleveringView.as_view(),
        name="toetspoging-inlevering",
    ),
    path("inzichten/deelname", DeelnameView.as_view(), name="inzichten-deelname"),
    path("inzichten/kennistoets", KennistoetsInzichtView.as_view(), name="inzichten-kennistoets"),
    path("inzichten/trend", TrendView.as_view(), name="inzichten-trend"),
    path("inzichten/simulaties", SimulatieInzichtView.as_view(), name="inzichten-simulaties"),
    path("inzichten/export", InzichtExportView.as_view(), name="inzichten-export"),
    *router.urls,
]
