"""An organisation admin, from Chromium: changes a department and reads the change back in the
audit trail, then carries out an employee's erasure request."""

import pytest

from backend.organisations import demo
from backend.organisations.models import Employee, ErasureRequest
from backend.organisations.personal_data import erasure_request
from tests.browser.conftest import run_admin_action, sign_in_to_admin

PASSWORD = demo.DEMO_PASSWORD


@pytest.fixture
def demo_people(transactional_db):
    demo.load()


def test_a_change_shows_in_the_audit_trail(demo_people, new_page):
    page = new_page()
    sign_in_to_admin(page, "demo-beheerder", PASSWORD)
    page.goto("/admin/organisations/department/")
    page.locator("#result_list tbody th a").first.click()
    page.wait_for_load_state()
    old_name = page.input_value("#id_name")
    page.fill("#id_name", old_name + " en toezicht")
    page.click("input[name=_save]")
    page.wait_for_load_state()

    page.goto("/admin/audit/auditentry/")
    row = page.locator("#result_list tbody tr").first
    assert old_name + " en toezicht" in row.inner_text()
    row.locator("a").first.click()
    page.wait_for_load_state()
    assert old_name in page.content()  # the value before the change
    assert page.locator("input[name=_save]").count() == 0  # nobody changes the trail


def test_an_erasure_request_is_carried_out_from_the_admin(demo_people, new_page):
    learner = Employee.objects.get(user__username="demo-medewerker")
    erasure_request(employee=learner, now=learner.created_at)
    page = new_page()
    sign_in_to_admin(page, "demo-beheerder", PASSWORD)

    messages = run_admin_action(
        page, "/admin/organisations/erasurerequest/", learner.full_name, "carry_out"
    )

    assert "gewist" in messages
    learner.refresh_from_db()
    assert learner.erased_at is not None
    assert ErasureRequest.objects.get().carried_out_at is not None
