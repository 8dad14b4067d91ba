"""The employee's inbox: /api/v1/mij/notificaties lists what reached them, and the app reports
when one was opened."""

import datetime

import pytest

from mobile_api.push.models import Notification
from tests.factories import EmployeeFactory
from tests.helpers import assert_problem
from tests.push.conftest import inbox_notification

URL = "/api/v1/mij/notificaties"


def _ago(**delta):
    return datetime.datetime.now(datetime.UTC) - datetime.timedelta(**delta)


@pytest.fixture
def colleague(zeventerpen):
    return EmployeeFactory(organisation=zeventerpen)


def test_the_inbox_lists_the_callers_notifications_newest_first(employee, employee_client):
    oldest = inbox_notification(employee, inbox_at=_ago(days=3))
    newest = inbox_notification(employee, "streak_at_risk", inbox_at=_ago(minutes=5))
    middle = inbox_notification(employee, "rule_report_update", inbox_at=_ago(days=1))

    response = employee_client.get(URL)

    assert response.status_code == 200
    body = response.json()
    assert body["aantal"] == 3
    assert [item["uuid"] for item in body["resultaten"]] == [
        str(newest.uuid),
        str(middle.uuid),
        str(oldest.uuid),
    ]
    assert [item["soort"] for item in body["resultaten"]] == [
        "reeks_in_gevaar",
        "regelmelding_bijgewerkt",
        "compliment_ontvangen",
    ]


def test_an_inbox_item_shows_what_the_push_showed(employee, employee_client):
    notification = inbox_notification(employee)

    [item] = employee_client.get(URL).json()["resultaten"]

    assert item == {
        "uuid": str(notification.uuid),
        "soort": "compliment_ontvangen",
        "titel": "Je hebt een compliment gekregen",
        "tekst": "Een collega waardeert je.",
        "link": "/complimenten/ontvangen",
        "ontvangenOp": notification.inbox_at.isoformat().replace("+00:00", "Z"),
        "geopendOp": None,
    }


def test_the_inbox_is_paginated(employee, employee_client):
    made = [inbox_notification(employee, inbox_at=_ago(hours=hours)) for hours in range(5)]

    first = employee_client.get(URL, {"paginaGrootte": 2}).json()
    last = employee_client.get(URL, {"paginaGrootte": 2, "pagina": 3}).json()

    assert first["aantal"] == 5
    assert [item["uuid"] for item in first["resultaten"]] == [str(n.uuid) for n in made[:2]]
    assert first["volgende"] is not None and first["vorige"] is None
    assert [item["uuid"] for item in last["resultaten"]] == [str(made[4].uuid)]
    assert last["volgende"] is None and last["vorige"] is not None


def test_a_page_beyond_the_last_is_a_404(employee, employee_client):
    inbox_notification(employee)

    assert_problem(employee_client.get(URL, {"pagina": 2}), 404)


@pytest.mark.parametrize("query", [{"pagina": 0}, {"paginaGrootte": 201}, {"pagina": "een"}])
def test_a_bad_page_is_a_400(employee_client, query):
    assert_problem(employee_client.get(URL, query), 400)


def test_notifications_of_colleagues_and_other_organisations_are_not_listed(
    employee, employee_client, colleague, outsider
):
    inbox_notification(colleague)
    inbox_notification(outsider)

    body = employee_client.get(URL).json()

    assert body["aantal"] == 0 and body["resultaten"] == []


def test_a_notification_that_did_not_reach_the_inbox_yet_is_not_listed(employee, employee_client):
    listed = inbox_notification(employee)
    inbox_notification(employee, inbox_at=None, status=Notification.Status.PENDING)

    body = employee_client.get(URL).json()

    assert [item["uuid"] for item in body["resultaten"]] == [str(listed.uuid)]


def test_a_skipped_notification_without_an_inbox_moment_is_not_listed(employee, employee_client):
    inbox_notification(
        employee,
        inbox_at=None,
        status=Notification.Status.SKIPPED,
        skip_reason=Notification.SkipReason.CAP,
    )

    assert employee_client.get(URL).json()["aantal"] == 0


def test_an_inbox_only_notification_is_listed(employee, employee_client):
    notification = inbox_notification(employee, status=Notification.Status.INBOX_ONLY)

    [item] = employee_client.get(URL).json()["resultaten"]

    assert item["uuid"] == str(notification.uuid)


def test_notifications_older_than_90_days_are_not_listed(employee, employee_client):
    recent = inbox_notification(employee, inbox_at=_ago(days=89))
    inbox_notification(employee, inbox_at=_ago(days=91))

    body = employee_client.get(URL).json()

    assert [item["uuid"] for item in body["resultaten"]] == [str(recent.uuid)]


def test_the_inbox_needs_a_sign_in(db, api_client):
    assert_problem(api_client.get(URL), 401)


# Opened


def test_opening_a_notification_records_when(employee, employee_client):
    notification = inbox_notification(employee)

    response = employee_client.post(f"{URL}/{notification.uuid}/geopend")

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["uuid"] == str(notification.uuid)
    assert body["geopendOp"] is not None and body["geopendOp"].endswith("Z")
    notification.refresh_from_db()
    assert notification.opened_at is not None
    assert body["geopendOp"] == notification.opened_at.isoformat().replace("+00:00", "Z")
    [listed] = employee_client.get(URL).json()["resultaten"]
    assert listed["geopendOp"] == body["geopendOp"]


def test_opening_a_notification_again_keeps_the_first_moment(employee, employee_client):
    first_moment = _ago(hours=2)
    notification = inbox_notification(employee, opened_at=first_moment)

    response = employee_client.post(f"{URL}/{notification.uuid}/geopend")

    assert response.status_code == 200, response.json()
    assert response.json()["geopendOp"] == first_moment.isoformat().replace("+00:00", "Z")
    notification.refresh_from_db()
    assert notification.opened_at == first_moment


def test_a_second_report_changes_nothing(employee, employee_client):
    notification = inbox_notification(employee)
    first = employee_client.post(f"{URL}/{notification.uuid}/geopend").json()

    second = employee_client.post(f"{URL}/{notification.uuid}/geopend")

    assert second.status_code == 200
    assert second.json() == first


def test_a_colleagues_notification_cannot_be_opened(employee_client, colleague):
    notification = inbox_notification(colleague)

    assert_problem(employee_client.post(f"{URL}/{notification.uuid}/geopend"), 404)

    notification.refresh_from_db()
    assert notification.opened_at is None


def test_a_notification_of_another_organisation_cannot_be_opened(employee_client, outsider):
    notification = inbox_notification(outsider)

    assert_problem(employee_client.post(f"{URL}/{notification.uuid}/geopend"), 404)

    notification.refresh_from_db()
    assert notification.opened_at is None


def test_a_notification_not_in_the_inbox_yet_cannot_be_opened(employee, employee_client):
    notification = inbox_notification(employee, inbox_at=None, status=Notification.Status.PENDING)

    assert_problem(employee_client.post(f"{URL}/{notification.uuid}/geopend"), 404)

    notification.refresh_from_db()
    assert notification.opened_at is None


def test_opening_an_unknown_notification_is_a_404(db, employee_client):
    unknown = "0b6e2f4c-7f1d-4c39-9a55-3d6f2a1c9e10"

    assert_problem(employee_client.post(f"{URL}/{unknown}/geopend"), 404)
