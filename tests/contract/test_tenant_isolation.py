"""Every operation that takes an id, for every id kind: another organisation's object is a 404,
for the API and for the admin, and nothing changes.

The operations come from the committed OpenAPI document and the models from the admin site, so
a new endpoint or admin page fails here until it says how to make another organisation's
object for it."""

import datetime

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from backend.audit.models import AuditEntry
from backend.organisations.models import ErasureRequest
from backend.organisations.roles import Role
from mobile_api.push.models import NudgeDefaults
from mobile_api.tokens import token_issue
from tests.conftest import client_for
from tests.factories import (
    CampaignFactory,
    DepartmentFactory,
    EmployeeFactory,
    LocationFactory,
)
from tests.microlessons.builders import import_module, png_bytes
from tests.openapi_validation import committed_document

DOCUMENT = committed_document()
ALL_ROLES = list(Role)


def _foreign_module(oosterdijk):
    return import_module(oosterdijk, "oosterdijks", lessons=1, questions=1)


def _foreign_token(oosterdijk):
    token, _raw = token_issue(employee=EmployeeFactory(organisation=oosterdijk))
    return token


def _foreign_simulation(oosterdijk):
    from tests.microlessons.practice_builders import import_simulation

    return import_simulation(oosterdijk, _foreign_module(oosterdijk))


def _foreign_simulation_attempt(oosterdijk):
    from django.utils import timezone

    from microlessons.simulation_play import simulation_attempt_start

    simulation = _foreign_simulation(oosterdijk)
    attempt, _new = simulation_attempt_start(
        employee=EmployeeFactory(organisation=oosterdijk),
        attempt_uuid="5b0f3c2e-1d4a-4b6c-9e8f-7a6b5c4d3e2f",
        simulation_uuid=simulation.uuid,
        started_at=timezone.now(),
    )
    return attempt


def _foreign_test(oosterdijk):
    from tests.microlessons.practice_builders import import_test

    return import_test(oosterdijk, [_foreign_module(oosterdijk)])


def _foreign_test_attempt(oosterdijk):
    from microlessons.knowledge_test_attempts import knowledge_test_attempt_start

    attempt, _new = knowledge_test_attempt_start(
        employee=EmployeeFactory(organisation=oosterdijk),
        attempt_uuid="6c1a4d3f-2e5b-4c7d-8f9a-0b1c2d3e4f5a",
        test_uuid=_foreign_test(oosterdijk).uuid,
        kind="oefenen",
    )
    return attempt


def _foreign_window(oosterdijk):
    from tests.microlessons.practice_builders import window

    return window(oosterdijk, _foreign_test(oosterdijk))


def _foreign_draft_step(oosterdijk):
    from microlessons.simulation_authoring import simulation_draft_create

    return simulation_draft_create(simulation=_foreign_simulation(oosterdijk)).steps.first()


# API path -> another organisation's object for it
def _foreign_compliment(oosterdijk):
    from tests.factories import ComplimentFactory

    return ComplimentFactory(campaign=CampaignFactory(organisation=oosterdijk))


def _foreign_citizen_compliment(oosterdijk):
    from campaigns.compliments.models import CitizenCompliment

    return CitizenCompliment.objects.create(organisation=oosterdijk, message="Heel fijn geholpen.")


def _foreign_rule_report(oosterdijk):
    from campaigns.rule_reports.services import report_submit

    report, _code = report_submit(
        reporter=EmployeeFactory(organisation=oosterdijk),
        rule="Oosterdijks regel",
        where_met="Balie",
        impact="Dubbel werk",
        better="",
        origin="eigen_organisatie",
        privacy="met_naam",
    )
    return report


def _foreign_triage_session(oosterdijk):
    import datetime

    from campaigns.rule_reports.models import TriageSession

    return TriageSession.objects.create(
        organisation=oosterdijk,
        held_on=datetime.date(2026, 12, 8),
        cutoff=datetime.datetime(2026, 12, 8, tzinfo=datetime.UTC),
    )


def _foreign_device(oosterdijk):
    from tests.push.conftest import device_for

    return device_for(EmployeeFactory(organisation=oosterdijk))


def _foreign_notification(oosterdijk):
    from tests.push.conftest import inbox_notification

    return inbox_notification(EmployeeFactory(organisation=oosterdijk))


FOREIGN_API_OBJECTS = {
    "/apparaten/{uuid}": _foreign_device,
    "/mij/notificaties/{uuid}/geopend": _foreign_notification,
    "/regelmeldingen/{uuid}": _foreign_rule_report,
    "/regelmeldingen/{uuid}/stappen": _foreign_rule_report,
    "/regelmeldingen/{uuid}/volgers": _foreign_rule_report,
    "/regelmeldingen/{uuid}/bijlagen": _foreign_rule_report,
    "/regelmeldingen/{uuid}/bijlagen/{bijlage}": _foreign_rule_report,
    "/triagesessies/{uuid}": _foreign_triage_session,
    "/triagesessies/{uuid}/besluiten": _foreign_triage_session,
    "/triagesessies/{uuid}/sluiting": _foreign_triage_session,
    "/complimentcampagnes/{uuid}": lambda org: CampaignFactory(organisation=org),
    "/complimentcampagnes/{uuid}/uitdelingen": lambda org: CampaignFactory(organisation=org),
    "/complimentcampagnes/{uuid}/voortgang": lambda org: CampaignFactory(organisation=org),
    "/complimentcampagnes/{uuid}/statistieken": lambda org: CampaignFactory(organisation=org),
    "/complimentcampagnes/{uuid}/vestigingen/{vestiging}/kaarten": (
        lambda org: CampaignFactory(organisation=org)
    ),
    "/complimentcampagnes/{uuid}/vestigingen/{vestiging}/uitdeellijst": (
        lambda org: CampaignFactory(organisation=org)
    ),
    "/complimenten/{uuid}": _foreign_compliment,
    "/complimenten/{uuid}/kaart": _foreign_compliment,
    "/complimenten/{uuid}/kaartlink": _foreign_compliment,
    "/complimenten/{uuid}/bedankje": _foreign_compliment,
    "/complimenten/{uuid}/beoordeling": _foreign_compliment,
    "/complimenten/{uuid}/uitreiking": _foreign_compliment,
    "/simulaties/{uuid}": _foreign_simulation,
    "/mij/simulatiepogingen/{uuid}": _foreign_simulation_attempt,
    "/mij/simulatiepogingen/{uuid}/keuzes": _foreign_simulation_attempt,
    "/mij/toetspogingen/{uuid}": _foreign_test_attempt,
    "/mij/toetspogingen/{uuid}/antwoorden": _foreign_test_attempt,
    "/mij/toetspogingen/{uuid}/inlevering": _foreign_test_attempt,
    "/afdelingen/{uuid}": lambda org: DepartmentFactory(organisation=org),
    "/vestigingen/{uuid}": lambda org: LocationFactory(organisation=org),
    "/medewerkers/{uuid}": lambda org: EmployeeFactory(organisation=org),
    "/lessen/{uuid}": lambda org: _foreign_module(org).lessons.get(),
    "/modules/{uuid}": _foreign_module,
    "/modules/{uuid}/inhoudspakket": _foreign_module,
    "/modules/{uuid}/offline-pakket": _foreign_module,
    "/tokens/{uuid}": _foreign_token,
}


def _operations_with_an_id():
    for path, item in DOCUMENT["paths"].items():
        for method in item:
            if method in ("get", "post", "put", "patch", "delete") and "{uuid}" in path:
                yield pytest.param(path, method, id=f"{method.upper()} {path}")


@pytest.mark.parametrize("path, method", list(_operations_with_an_id()))
def test_another_organisations_id_is_a_404_in_the_api(zeventerpen, oosterdijk, path, method):
    assert path in FOREIGN_API_OBJECTS, f"say how to make another organisation's object for {path}"
    foreign = FOREIGN_API_OBJECTS[path](oosterdijk)
    before = foreign.__class__.objects.filter(pk=foreign.pk).values().get()
    client = client_for(EmployeeFactory(organisation=zeventerpen, roles=ALL_ROLES))

    # Another id in the path is of the same other organisation (its location, say).
    location = LocationFactory(organisation=oosterdijk)
    url = path.replace("{uuid}", str(foreign.uuid)).replace("{vestiging}", str(location.uuid))
    response = getattr(client, method)(f"/api/v1{url}")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert foreign.__class__.objects.filter(pk=foreign.pk).values().get() == before


def _foreign_image(org):
    from microlessons.image_uploads import lesson_image_create

    return lesson_image_create(owner=org, data=png_bytes(), description="Oosterdijks")


# admin model -> another organisation's object for it
FOREIGN_ADMIN_OBJECTS = {
    "audit.auditentry": lambda org: AuditEntry.objects.create(
        organisation=org,
        action="changed",
        object_type="organisations.department",
        object_id="1",
        object_repr="Oosterdijks afdeling",
        at=datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC),
    ),
    "mobile_api.nudgedefaults": lambda org: NudgeDefaults.objects.create(organisation=org),
    "mobile_api.notification": _foreign_notification,
    "organisations.organisation": lambda org: org,
    "organisations.department": lambda org: DepartmentFactory(organisation=org),
    "organisations.location": lambda org: LocationFactory(organisation=org),
    "organisations.employee": lambda org: EmployeeFactory(organisation=org),
    "organisations.erasurerequest": lambda org: ErasureRequest.objects.create(
        organisation=org,
        employee=EmployeeFactory(organisation=org),
        requested_at=datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC),
    ),
    "microlessons.module": _foreign_module,
    "microlessons.lesson": lambda org: _foreign_module(org).lessons.get(),
    "microlessons.lessonversion": lambda org: _foreign_module(org).lessons.get().published_version,
    "microlessons.question": lambda org: (
        _foreign_module(org).lessons.get().published_version.questions.get()
    ),
    "microlessons.lessonimage": _foreign_image,
    "microlessons.simulation": _foreign_simulation,
    "microlessons.simulationversion": lambda org: _foreign_simulation(org).published_version,
    "microlessons.simulationstep": _foreign_draft_step,
    "microlessons.knowledgetest": _foreign_test,
    "microlessons.knowledgequestion": lambda org: _foreign_test(org).questions.first(),
    "microlessons.measurementwindow": _foreign_window,
    "compliments.campaign": lambda org: CampaignFactory(organisation=org),
    "compliments.campaignvalue": lambda org: CampaignFactory(organisation=org).values.first(),
    "compliments.giftoption": lambda org: CampaignFactory(organisation=org).gifts.first(),
    "compliments.volunteer": lambda org: _foreign_volunteer(org),
    "compliments.compliment": _foreign_compliment,
    "compliments.citizencompliment": _foreign_citizen_compliment,
    "compliments.publiccomplimentsettings": lambda org: _foreign_public_settings(org),
    "rule_reports.rulereport": lambda org: _foreign_rule_report(org),
    "rule_reports.reporttransition": lambda org: _foreign_rule_report(org).transitions.get(),
    "rule_reports.triagesession": lambda org: _foreign_triage_session(org),
    "rule_reports.programme": lambda org: _foreign_programme(org),
}


def _foreign_rule_report(oosterdijk):
    from campaigns.rule_reports.services import report_submit

    report, _code = report_submit(
        reporter=EmployeeFactory(organisation=oosterdijk),
        rule="Een uittreksel op papier.",
        where_met="Balie",
        impact="Inwoners komen twee keer.",
        better="",
        origin="eigen_organisatie",
        privacy="met_naam",
    )
    return report


def _foreign_triage_session(oosterdijk):
    import datetime

    from campaigns.rule_reports.triage import session_open

    coach = EmployeeFactory(organisation=oosterdijk, roles=[Role.RULE_COACH])
    return session_open(coach=coach, held_on=datetime.date(2030, 1, 8))


def _foreign_programme(oosterdijk):
    from campaigns.rule_reports.services import programme_for

    return programme_for(oosterdijk)


def _foreign_volunteer(oosterdijk):
    from campaigns.compliments.models import Volunteer

    return Volunteer.objects.create(
        campaign=CampaignFactory(organisation=oosterdijk),
        employee=EmployeeFactory(organisation=oosterdijk),
        location=LocationFactory(organisation=oosterdijk),
    )


def _foreign_public_settings(oosterdijk):
    from campaigns.compliments.models import PublicComplimentSettings

    return PublicComplimentSettings.objects.create(organisation=oosterdijk)


def _scoped_admin_models():
    for model in admin.site._registry:
        label = model._meta.label_lower
        if model._meta.app_label in (
            "organisations",
            "microlessons",
            "compliments",
            "rule_reports",
            "mobile_api",
            "audit",
        ):
            yield pytest.param(model, id=label)


@pytest.mark.parametrize("model", list(_scoped_admin_models()))
@pytest.mark.parametrize("view", ["change", "delete", "history"])
def test_another_organisations_id_is_a_404_in_the_admin(zeventerpen, oosterdijk, model, view):
    label = model._meta.label_lower
    assert label in FOREIGN_ADMIN_OBJECTS, f"say how to make another organisation's {label}"
    foreign = FOREIGN_ADMIN_OBJECTS[label](oosterdijk)
    before = model.objects.filter(pk=foreign.pk).values().get()
    admin_user = EmployeeFactory(organisation=zeventerpen, roles=ALL_ROLES).user
    client = Client()
    client.force_login(admin_user)
    url = reverse(
        f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=[foreign.pk]
    )

    assert client.get(url).status_code == 404
    assert client.post(url, {"post": "yes"}).status_code == 404
    assert model.objects.filter(pk=foreign.pk).values().get() == before


# --- every choice an admin form or list filter offers ------------------------------------------

FOREIGN_CHOICES = {
    **FOREIGN_ADMIN_OBJECTS,
    "microlessons.simulationstep": _foreign_draft_step,
    "microlessons.learninggoal": lambda org: _foreign_module(org).learning_goals.get(),
    "microlessons.lessonversion": lambda org: _foreign_draft(org),
}


def _foreign_draft(org):
    from microlessons.authoring import lesson_draft_create

    return lesson_draft_create(lesson=_foreign_module(org).lessons.get())


def _collection_request():
    """A request of an operator, to build every form at collection time (no database)."""
    from django.contrib.auth import get_user_model
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = get_user_model()(is_superuser=True, is_active=True)
    return request


def _forms_of(model_admin, request):
    """The admin's own form and each inline's form, with where they come from."""
    yield "", model_admin.get_form(request)
    for inline in model_admin.get_inline_instances(request):
        yield inline.__class__.__name__, inline.get_formset(request).form


def _admin_choice_fields():
    from django import forms

    request = _collection_request()
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in ("organisations", "microlessons"):
            continue
        for inline_name, form_class in _forms_of(model_admin, request):
            for name, field in form_class.base_fields.items():
                if isinstance(field, forms.ModelChoiceField):
                    related = field.queryset.model._meta.label_lower
                    where = f"{model._meta.label_lower}{'.' + inline_name if inline_name else ''}"
                    yield pytest.param(model, inline_name, name, related, id=f"{where}.{name}")


def _form_for(model_admin, inline_name, request):
    if not inline_name:
        return model_admin.get_form(request)
    for inline in model_admin.get_inline_instances(request):
        if inline.__class__.__name__ == inline_name:
            return inline.get_formset(request).form
    raise AssertionError(f"inline {inline_name} is gone")


@pytest.mark.parametrize("model, inline_name, field_name, related", list(_admin_choice_fields()))
def test_no_admin_form_offers_another_organisations_objects(
    zeventerpen, oosterdijk, rf, model, inline_name, field_name, related
):
    assert related in FOREIGN_CHOICES, f"say how to make another organisation's {related}"
    foreign = FOREIGN_CHOICES[related](oosterdijk)
    request = rf.get("/admin/")
    request.user = EmployeeFactory(organisation=zeventerpen, roles=ALL_ROLES).user
    form_class = _form_for(admin.site._registry[model], inline_name, request)
    if field_name not in form_class.base_fields:
        return  # an operator's choice (e.g. the organisation): not on this user's form at all
    field = form_class.base_fields[field_name]
    assert foreign.pk not in set(field.queryset.values_list("pk", flat=True))


def _admin_related_list_filters():
    from django.contrib.admin.utils import get_fields_from_path

    request = _collection_request()
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in ("organisations", "microlessons"):
            continue
        for entry in model_admin.get_list_filter(request):
            name = (
                entry if isinstance(entry, str) else entry[0] if isinstance(entry, tuple) else None
            )
            if name is None:
                continue
            field = get_fields_from_path(model, name)[-1]
            if field.is_relation:
                yield pytest.param(
                    model,
                    field.related_model._meta.label_lower,
                    id=f"{model._meta.label_lower}.{name}",
                )


@pytest.mark.parametrize("model, related", list(_admin_related_list_filters()))
def test_no_admin_list_filter_names_another_organisations_objects(
    zeventerpen, oosterdijk, model, related
):
    assert related in FOREIGN_CHOICES, f"say how to make another organisation's {related}"
    foreign = FOREIGN_CHOICES[related](oosterdijk)
    client = Client()
    client.force_login(EmployeeFactory(organisation=zeventerpen, roles=ALL_ROLES).user)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    page = client.get(url).content.decode()
    assert str(foreign) not in page and "Oosterdijk" not in page
