"""Every operation that takes an id, for every id kind: another organisation's object is a 404,
for the API and for the admin, and nothing changes.

The operations come from the committed OpenAPI document and the models from the admin site, so
a new endpoint or admin page fails here until it says how to make another organisation's
object for it."""

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from backend.organisations.roles import Role
from mobile_api.tokens import token_issue
from tests.conftest import client_for
from tests.factories import DepartmentFactory, EmployeeFactory, LocationFactory
from tests.microlessons.builders import import_module, png_bytes
from tests.openapi_validation import committed_document

DOCUMENT = committed_document()
ALL_ROLES = list(Role)


def _foreign_module(oosterdijk):
    return import_module(oosterdijk, "oosterdijks", lessons=1, questions=1)


def _foreign_token(oosterdijk):
    token, _raw = token_issue(employee=EmployeeFactory(organisation=oosterdijk))
    return token


# API path -> another organisation's object for it
FOREIGN_API_OBJECTS = {
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
            if method in ("get", "post", "put", "patch", "delete") and "{" in path:
                yield pytest.param(path, method, id=f"{method.upper()} {path}")


@pytest.mark.parametrize("path, method", list(_operations_with_an_id()))
def test_another_organisations_id_is_a_404_in_the_api(zeventerpen, oosterdijk, path, method):
    assert path in FOREIGN_API_OBJECTS, f"say how to make another organisation's object for {path}"
    foreign = FOREIGN_API_OBJECTS[path](oosterdijk)
    before = foreign.__class__.objects.filter(pk=foreign.pk).values().get()
    client = client_for(EmployeeFactory(organisation=zeventerpen, roles=ALL_ROLES))

    response = getattr(client, method)(f"/api/v1{path.replace('{uuid}', str(foreign.uuid))}")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert foreign.__class__.objects.filter(pk=foreign.pk).values().get() == before


def _foreign_image(org):
    from microlessons.image_uploads import lesson_image_create

    return lesson_image_create(owner=org, data=png_bytes(), description="Oosterdijks")


# admin model -> another organisation's object for it
FOREIGN_ADMIN_OBJECTS = {
    "organisations.organisation": lambda org: org,
    "organisations.department": lambda org: DepartmentFactory(organisation=org),
    "organisations.location": lambda org: LocationFactory(organisation=org),
    "organisations.employee": lambda org: EmployeeFactory(organisation=org),
    "microlessons.module": _foreign_module,
    "microlessons.lesson": lambda org: _foreign_module(org).lessons.get(),
    "microlessons.lessonversion": lambda org: _foreign_module(org).lessons.get().published_version,
    "microlessons.question": lambda org: (
        _foreign_module(org).lessons.get().published_version.questions.get()
    ),
    "microlessons.lessonimage": _foreign_image,
}


def _scoped_admin_models():
    for model in admin.site._registry:
        label = model._meta.label_lower
        if model._meta.app_label in ("organisations", "microlessons"):
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
