from django.urls import path
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import SimpleRouter

from mobile_api.views.aanmelden import TokenViewSet
from mobile_api.views.complimenten import (
    BedankjeView,
    BeoordelingView,
    BestandView,
    CampagneViewSet,
    ComplimentenView,
    ComplimentView,
    DrukwerkView,
    KaartlinkView,
    KaartView,
    OntvangenComplimentenView,
    StatistiekenView,
    UitdeellijstView,
    UitdelingenView,
    UitreikingView,
    VerstuurdeComplimentenView,
    VoortgangView,
)
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
from mobile_api.views.notificaties import (
    ApparaatView,
    ApparatenView,
    NotificatieGeopendView,
    NotificatiesView,
    NotificatievoorkeurenView,
)
from mobile_api.views.openapi import OpenApiJsonView, OpenApiYamlView
from mobile_api.views.organisatie import AfdelingViewSet, MedewerkerViewSet, VestigingViewSet
from mobile_api.views.profiel import MijnGegevensView, MijView, VerwijderverzoekView
from mobile_api.views.publiek import (
    MijnPubliekeComplimentenView,
    PubliekAfdelingenView,
    PubliekComplimentenView,
)
from mobile_api.views.redactie import (
    AfbeeldingUploadView,
    InhoudspakketExportView,
    InhoudspakketImportView,
)
from mobile_api.views.regelmeldingen import (
    AnoniemeMeldingView,
    BesluitenView,
    BijlagenView,
    BijlageView,
    MijnRegelmeldingenView,
    RegelmeldingenView,
    RegelmeldingView,
    SluitingView,
    StappenView,
    SuggestiesView,
    TriagesessiesView,
    TriagesessieView,
    VolgenView,
)
from mobile_api.views.regelmeldingen import (
    StatistiekenView as RegelmeldingStatistiekenView,
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
router.register("complimentcampagnes", CampagneViewSet, basename="complimentcampagne")

urlpatterns = [
    path("openapi.json", OpenApiJsonView.as_view(), name="openapi-json"),
    path("openapi.yaml", OpenApiYamlView.as_view(), name="openapi-yaml"),
    path("docs", SpectacularSwaggerView.as_view(url_name="openapi-json"), name="swagger-ui"),
    path("redoc", SpectacularRedocView.as_view(url_name="openapi-json"), name="redoc"),
    path("mij", MijView.as_view(), name="mij"),
    path("mij/gegevens", MijnGegevensView.as_view(), name="mij-gegevens"),
    path("mij/verwijderverzoek", VerwijderverzoekView.as_view(), name="mij-verwijderverzoek"),
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
    path("complimenten", ComplimentenView.as_view(), name="complimenten"),
    path("complimenten/<uuid:uuid>", ComplimentView.as_view(), name="compliment"),
    path("complimenten/<uuid:uuid>/kaart", KaartView.as_view(), name="compliment-kaart"),
    path(
        "complimenten/<uuid:uuid>/kaartlink", KaartlinkView.as_view(), name="compliment-kaartlink"
    ),
    path("complimenten/<uuid:uuid>/bedankje", BedankjeView.as_view(), name="compliment-bedankje"),
    path(
        "complimenten/<uuid:uuid>/beoordeling",
        BeoordelingView.as_view(),
        name="compliment-beoordeling",
    ),
    path(
        "complimenten/<uuid:uuid>/uitreiking",
        UitreikingView.as_view(),
        name="compliment-uitreiking",
    ),
    path(
        "mij/complimenten/verstuurd",
        VerstuurdeComplimentenView.as_view(),
        name="mij-complimenten-verstuurd",
    ),
    path(
        "mij/complimenten/ontvangen",
        OntvangenComplimentenView.as_view(),
        name="mij-complimenten-ontvangen",
    ),
    path(
        "mij/publiekscomplimenten",
        MijnPubliekeComplimentenView.as_view(),
        name="mij-publiekscomplimenten",
    ),
    path(
        "complimentcampagnes/<uuid:uuid>/uitdelingen",
        UitdelingenView.as_view(),
        name="complimentcampagne-uitdelingen",
    ),
    path(
        "complimentcampagnes/<uuid:uuid>/voortgang",
        VoortgangView.as_view(),
        name="complimentcampagne-voortgang",
    ),
    path(
        "complimentcampagnes/<uuid:uuid>/statistieken",
        StatistiekenView.as_view(),
        name="complimentcampagne-statistieken",
    ),
    path(
        "complimentcampagnes/<uuid:uuid>/vestigingen/<uuid:vestiging>/kaarten",
        DrukwerkView.as_view(),
        name="complimentcampagne-kaarten",
    ),
    path(
        "complimentcampagnes/<uuid:uuid>/vestigingen/<uuid:vestiging>/uitdeellijst",
        UitdeellijstView.as_view(),
        name="complimentcampagne-uitdeellijst",
    ),
    path("bestanden/<str:token>", BestandView.as_view(), name="bestand"),
    path("publiek/complimenten", PubliekComplimentenView.as_view(), name="publiek-complimenten"),
    path(
        "publiek/organisaties/<slug:organisatie>/afdelingen",
        PubliekAfdelingenView.as_view(),
        name="publiek-afdelingen",
    ),
    path("regelmeldingen", RegelmeldingenView.as_view(), name="regelmeldingen"),
    path("regelmeldingen/suggesties", SuggestiesView.as_view(), name="regelmeldingen-suggesties"),
    path(
        "regelmeldingen/statistieken",
        RegelmeldingStatistiekenView.as_view(),
        name="regelmeldingen-statistieken",
    ),
    path("regelmeldingen/anoniem", AnoniemeMeldingView.as_view(), name="regelmeldingen-anoniem"),
    path("regelmeldingen/<uuid:uuid>", RegelmeldingView.as_view(), name="regelmelding"),
    path("regelmeldingen/<uuid:uuid>/stappen", StappenView.as_view(), name="regelmelding-stappen"),
    path("regelmeldingen/<uuid:uuid>/volgers", VolgenView.as_view(), name="regelmelding-volgers"),
    path(
        "regelmeldingen/<uuid:uuid>/bijlagen", BijlagenView.as_view(), name="regelmelding-bijlagen"
    ),
    path(
        "regelmeldingen/<uuid:uuid>/bijlagen/<uuid:bijlage>",
        BijlageView.as_view(),
        name="regelmelding-bijlage",
    ),
    path("mij/regelmeldingen", MijnRegelmeldingenView.as_view(), name="mij-regelmeldingen"),
    path("apparaten", ApparatenView.as_view(), name="apparaten"),
    path("apparaten/<uuid:uuid>", ApparaatView.as_view(), name="apparaat"),
    path(
        "mij/notificatievoorkeuren",
        NotificatievoorkeurenView.as_view(),
        name="mij-notificatievoorkeuren",
    ),
    path("mij/notificaties", NotificatiesView.as_view(), name="mij-notificaties"),
    path(
        "mij/notificaties/<uuid:uuid>/geopend",
        NotificatieGeopendView.as_view(),
        name="mij-notificatie-geopend",
    ),
    path("triagesessies", TriagesessiesView.as_view(), name="triagesessies"),
    path("triagesessies/<uuid:uuid>", TriagesessieView.as_view(), name="triagesessie"),
    path(
        "triagesessies/<uuid:uuid>/besluiten",
        BesluitenView.as_view(),
        name="triagesessie-besluiten",
    ),
    path(
        "triagesessies/<uuid:uuid>/sluiting", SluitingView.as_view(), name="triagesessie-sluiting"
    ),
    *router.urls,
]
