"""An organisation admin sets the reminder defaults in the admin, from Chromium; an employee's
app then shows them, and the notifications the scheduler made are listed read-only."""

import datetime

import pytest
from django.test import Client

from backend.organisations import demo
from backend.organisations.models import Employee
from mobile_api.push.models import NudgeDefaults
from tests.browser.conftest import api_headers, sign_in_to_admin
from tests.push.conftest import inbox_notification

PASSWORD = demo.DEMO_PASSWORD


@pytest.fixture
def demo_people(transactional_db):
    demo.load()


def test_an_organisation_admin_sets_the_reminder_defaults_the_app_then_shows(demo_people, new_page):
    page = new_page()
    sign_in_to_admin(page, "demo-beheerder", PASSWORD)
    page.goto("/admin/mobile_api/nudgedefaults/add/")
    assert "Oosterdijk" not in page.content()  # no choice of organisation
    page.fill("#id_daily_time", "07:45")
    page.fill("#id_quiet_start", "20:00")
    page.fill("#id_max_engagement_per_day", "1")
    page.click("input[name=_save]")
    page.wait_for_load_state()
    assert not page.locator(".errornote, .errorlist").all_inner_texts()

    defaults = NudgeDefaults.objects.get()
    assert defaults.organisation.slug == "zeventerpen"
    assert defaults.daily_time == datetime.time(7, 45)
    shown = Client().get(
        "/api/v1/mij/notificatievoorkeuren", **api_headers("demo-medewerker", PASSWORD)
    )
    assert shown.json()["standaard"] == {
        "dagelijksTijdstip": "07:45",
        "stilleUren": {"van": "20:00", "tot": "07:30"},
    }
    # One row per organisation: there is nothing more to add.
    assert page.goto("/admin/mobile_api/nudgedefaults/add/").status == 403


def test_an_organisation_admin_reads_why_a_reminder_was_skipped(demo_people, new_page):
    learner = Employee.objects.get(user__username="demo-medewerker")
    inbox_notification(learner, kind="daily_lesson", status="skipped", skip_reason="practised")
    page = new_page()
    sign_in_to_admin(page, "demo-beheerder", PASSWORD)
    page.goto("/admin/mobile_api/notification/")
    row = page.locator("#result_list tbody tr").first
    assert "die dag al geoefend" in row.inner_text()
    row.locator("a").first.click()
    page.wait_for_load_state()
    assert page.locator("input[name=_save]").count() == 0  # read-only
