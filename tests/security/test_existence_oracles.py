"""Issue 7.9: messages about another organisation's data said that it existed ("already a
Medewerker with this Firebase user id", "the username ... is in use"). They now say no more
than "not available", in the same words as for one's own organisation; and a municipality
cannot put its own lessons into a shared module."""

import pytest
from django.urls import reverse

from backend.common.errors import InvalidInput
from backend.organisations.employee_import import import_employees
from backend.organisations.roles import Role
from microlessons.lesson_editing import lesson_save
from microlessons.models import Lesson
from tests.factories import EmployeeFactory
from tests.helpers import admin_client
from tests.microlessons.builders import import_module

HEADER = "personeelsnummer;voornaam;achternaam;gebruikersnaam;firebase_uid\n"


def _import_messages(organisation, row):
    report = import_employees(organisation=organisation, data=(HEADER + row).encode())
    return {error.column: error.message for error in report.errors}


@pytest.mark.parametrize("owner", ["own", "foreign"])
def test_import_messages_do_not_tell_whether_an_identity_exists_elsewhere(
    zeventerpen, oosterdijk, owner
):
    holder = EmployeeFactory(
        organisation=zeventerpen if owner == "own" else oosterdijk, firebase_uid="fb-bezet"
    )
    username = holder.user.username
    by_username = _import_messages(zeventerpen, f"N1;An;Aa;{username};\n")
    by_firebase = _import_messages(zeventerpen, "N2;Bo;Bb;;fb-bezet\n")
    assert by_username == {
        "gebruikersnaam": "Deze gebruikersnaam is niet beschikbaar; kies een andere."
    }
    assert by_firebase == {"firebase_uid": "Dit Firebase-gebruikers-id is niet beschikbaar."}


def test_the_admin_says_the_same_for_a_taken_username(zeventerpen, oosterdijk, org_admin):
    foreign = EmployeeFactory(organisation=oosterdijk)
    response = admin_client(org_admin).post(
        reverse("admin:organisations_employee_add"),
        {
            "employee_number": "N9",
            "first_name": "An",
            "last_name": "Aa",
            "username": foreign.user.username,
            "locale": "nl",
            "time_zone": "Europe/Amsterdam",
            "is_active": "on",
        },
    )
    errors = response.context["adminform"].form.errors["username"]
    assert errors == ["Deze gebruikersnaam is niet beschikbaar; kies een andere."]


def test_an_organisation_cannot_put_its_own_lesson_in_a_shared_module(zeventerpen):
    shared = import_module(None, "gedeeld", lessons=1, questions=1)
    with pytest.raises(InvalidInput) as refused:
        lesson_save(lesson=Lesson(module=shared, key="eigen", position=5), organisation=zeventerpen)
    assert refused.value.code == "not_available"
    assert not Lesson.objects.filter(owner=zeventerpen).exists()


def test_the_lesson_form_offers_only_own_modules(zeventerpen):
    editor = EmployeeFactory(organisation=zeventerpen, roles=[Role.CONTENT_EDITOR])
    shared = import_module(None, "gedeeld", lessons=1, questions=1)
    own = import_module(zeventerpen, "eigen", lessons=1, questions=1)
    response = admin_client(editor).get(reverse("admin:microlessons_lesson_add"))
    choices = response.context["adminform"].form.fields["module"].queryset
    assert own in choices and shared not in choices
