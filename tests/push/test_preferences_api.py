"""An employee's nudge preferences: /api/v1/mij/notificatievoorkeuren, over their organisation's
defaults."""

import datetime

import pytest

from mobile_api.push.models import NudgeDefaults, NudgePreferences
from tests.helpers import assert_problem

URL = "/api/v1/mij/notificatievoorkeuren"
DEFAULT_QUIET = {"van": "21:00", "tot": "07:30"}


def _patch(client, body):
    response = client.patch(URL, body)
    assert response.status_code == 200, response.json()
    return response.json()


def test_without_own_choices_the_organisation_defaults_are_shown(employee_client):
    response = employee_client.get(URL)

    assert response.status_code == 200
    assert response.json() == {
        "dagelijksTijdstip": "08:30",
        "stilleUren": DEFAULT_QUIET,
        "tijdzone": "Europe/Amsterdam",
        "uitgeschakeldeSoorten": [],
        "standaard": {"dagelijksTijdstip": "08:30", "stilleUren": DEFAULT_QUIET},
    }
    assert not NudgePreferences.objects.exists()  # reading stores nothing


def test_the_organisations_own_defaults_are_shown(employee_client, zeventerpen):
    NudgeDefaults.objects.create(
        organisation=zeventerpen,
        daily_time=datetime.time(7, 0),
        quiet_start=datetime.time(22, 0),
        quiet_end=datetime.time(6, 30),
    )

    body = employee_client.get(URL).json()

    assert body["dagelijksTijdstip"] == "07:00"
    assert body["stilleUren"] == {"van": "22:00", "tot": "06:30"}
    assert body["standaard"] == {
        "dagelijksTijdstip": "07:00",
        "stilleUren": {"van": "22:00", "tot": "06:30"},
    }


def test_another_organisations_defaults_do_not_count(employee_client, oosterdijk):
    NudgeDefaults.objects.create(organisation=oosterdijk, daily_time=datetime.time(6, 0))

    assert employee_client.get(URL).json()["dagelijksTijdstip"] == "08:30"


def test_an_own_daily_time_is_shown_next_to_the_default(employee, employee_client):
    body = _patch(employee_client, {"dagelijksTijdstip": "07:15"})

    assert body["dagelijksTijdstip"] == "07:15"
    assert body["standaard"]["dagelijksTijdstip"] == "08:30"
    assert employee_client.get(URL).json()["dagelijksTijdstip"] == "07:15"
    assert NudgePreferences.objects.get(employee=employee).daily_time == datetime.time(7, 15)


def test_a_daily_time_with_seconds_is_accepted_and_shown_without(employee_client):
    assert _patch(employee_client, {"dagelijksTijdstip": "07:15:00"})["dagelijksTijdstip"] == (
        "07:15"
    )


def test_a_null_daily_time_goes_back_to_the_default(employee_client, zeventerpen):
    NudgeDefaults.objects.create(organisation=zeventerpen, daily_time=datetime.time(9, 0))
    _patch(employee_client, {"dagelijksTijdstip": "07:15"})

    body = _patch(employee_client, {"dagelijksTijdstip": None})

    assert body["dagelijksTijdstip"] == "09:00"


def test_own_quiet_hours_are_shown(employee, employee_client):
    body = _patch(employee_client, {"stilleUren": {"van": "22:00", "tot": "06:00"}})

    assert body["stilleUren"] == {"van": "22:00", "tot": "06:00"}
    assert body["standaard"]["stilleUren"] == DEFAULT_QUIET
    own = NudgePreferences.objects.get(employee=employee)
    assert (own.quiet_start, own.quiet_end) == (datetime.time(22, 0), datetime.time(6, 0))
    assert not own.quiet_hours_off


def test_quiet_hours_within_one_day_are_accepted(employee_client):
    body = _patch(employee_client, {"stilleUren": {"van": "12:00", "tot": "13:00"}})

    assert body["stilleUren"] == {"van": "12:00", "tot": "13:00"}


def test_null_quiet_hours_mean_no_quiet_hours_at_all(employee, employee_client):
    _patch(employee_client, {"stilleUren": {"van": "22:00", "tot": "06:00"}})

    body = _patch(employee_client, {"stilleUren": None})

    assert body["stilleUren"] is None
    assert body["standaard"]["stilleUren"] == DEFAULT_QUIET
    assert employee_client.get(URL).json()["stilleUren"] is None
    assert NudgePreferences.objects.get(employee=employee).quiet_hours_off


def test_the_default_quiet_hours_can_be_chosen_again(employee, employee_client):
    _patch(employee_client, {"stilleUren": None})

    body = _patch(employee_client, {"standaardStilleUren": True})

    assert body["stilleUren"] == DEFAULT_QUIET
    own = NudgePreferences.objects.get(employee=employee)
    assert not own.quiet_hours_off and own.quiet_start is None and own.quiet_end is None


def test_the_default_quiet_hours_replace_own_ones(employee_client):
    _patch(employee_client, {"stilleUren": {"van": "22:00", "tot": "06:00"}})

    assert _patch(employee_client, {"standaardStilleUren": True})["stilleUren"] == DEFAULT_QUIET


def test_the_default_quiet_hours_follow_the_organisation(employee_client, zeventerpen):
    _patch(employee_client, {"stilleUren": None})
    _patch(employee_client, {"standaardStilleUren": True})
    NudgeDefaults.objects.create(
        organisation=zeventerpen, quiet_start=datetime.time(20, 0), quiet_end=datetime.time(8, 0)
    )

    assert employee_client.get(URL).json()["stilleUren"] == {"van": "20:00", "tot": "08:00"}


def test_changing_the_time_zone_changes_the_employees_time_zone(employee, employee_client):
    body = _patch(employee_client, {"tijdzone": "America/New_York"})

    assert body["tijdzone"] == "America/New_York"
    employee.refresh_from_db()
    assert employee.time_zone == "America/New_York"
    assert body["dagelijksTijdstip"] == "08:30"  # wall-clock times stay the same


def test_muted_kinds_are_stored_internally_and_shown_in_dutch(employee, employee_client):
    body = _patch(employee_client, {"uitgeschakeldeSoorten": ["reeks_in_gevaar"]})

    assert body["uitgeschakeldeSoorten"] == ["reeks_in_gevaar"]
    assert NudgePreferences.objects.get(employee=employee).muted_kinds == ["streak_at_risk"]
    assert employee_client.get(URL).json()["uitgeschakeldeSoorten"] == ["reeks_in_gevaar"]


def test_muted_kinds_are_replaced_not_added(employee, employee_client):
    _patch(employee_client, {"uitgeschakeldeSoorten": ["reeks_in_gevaar", "dagelijkse_les"]})

    body = _patch(employee_client, {"uitgeschakeldeSoorten": ["campagne_sluit"]})

    assert body["uitgeschakeldeSoorten"] == ["campagne_sluit"]
    assert NudgePreferences.objects.get(employee=employee).muted_kinds == ["campaign_closing"]
    assert _patch(employee_client, {"uitgeschakeldeSoorten": []})["uitgeschakeldeSoorten"] == []


def test_only_what_is_sent_changes(employee, employee_client):
    _patch(
        employee_client,
        {
            "dagelijksTijdstip": "07:15",
            "stilleUren": {"van": "22:00", "tot": "06:00"},
            "uitgeschakeldeSoorten": ["reeks_in_gevaar"],
        },
    )

    body = _patch(employee_client, {"tijdzone": "America/New_York"})

    assert body["dagelijksTijdstip"] == "07:15"
    assert body["stilleUren"] == {"van": "22:00", "tot": "06:00"}
    assert body["uitgeschakeldeSoorten"] == ["reeks_in_gevaar"]
    assert body["tijdzone"] == "America/New_York"


def test_preferences_are_the_callers_own(employee_client, outsider_client):
    _patch(employee_client, {"dagelijksTijdstip": "07:15", "stilleUren": None})

    body = outsider_client.get(URL).json()

    assert body["dagelijksTijdstip"] == "08:30"
    assert body["stilleUren"] == DEFAULT_QUIET


@pytest.mark.parametrize(
    "body",
    [
        pytest.param({"tijdzone": "Europe/Zeventerpen"}, id="unknown-time-zone"),
        pytest.param({"tijdzone": ""}, id="empty-time-zone"),
        pytest.param({"tijdzone": 1}, id="number-as-time-zone"),
        pytest.param({"dagelijksTijdstip": "25:00"}, id="hour-25"),
        pytest.param({"dagelijksTijdstip": "8.30"}, id="time-with-a-dot"),
        pytest.param({"dagelijksTijdstip": "08:60"}, id="minute-60"),
        pytest.param({"dagelijksTijdstip": 830}, id="number-as-time"),
        pytest.param({"stilleUren": {"van": "22:00", "tot": "22:00"}}, id="quiet-start-is-end"),
        pytest.param({"stilleUren": {"van": "22:00"}}, id="quiet-without-end"),
        pytest.param({"stilleUren": {"van": "22:00", "tot": "24:00"}}, id="quiet-end-24"),
        pytest.param({"stilleUren": "22:00-06:00"}, id="quiet-as-text"),
        pytest.param({"uitgeschakeldeSoorten": ["onbekend"]}, id="unknown-kind"),
        pytest.param({"uitgeschakeldeSoorten": ["streak_at_risk"]}, id="internal-kind-value"),
        pytest.param({"uitgeschakeldeSoorten": "reeks_in_gevaar"}, id="kind-not-in-a-list"),
        pytest.param(
            {"standaardStilleUren": True, "stilleUren": {"van": "22:00", "tot": "06:00"}},
            id="default-and-own-quiet-hours",
        ),
        pytest.param({"standaardStilleUren": True, "stilleUren": None}, id="default-and-no-quiet"),
        pytest.param({}, id="empty-body"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(employee, employee_client, body):
    _patch(employee_client, {"dagelijksTijdstip": "07:15", "uitgeschakeldeSoorten": []})
    before = employee_client.get(URL).json()

    response = employee_client.patch(URL, body)

    assert_problem(response, 400)
    assert employee_client.get(URL).json() == before
    employee.refresh_from_db()
    assert employee.time_zone == "Europe/Amsterdam"


def test_bad_input_of_a_new_employee_stores_nothing(employee_client):
    assert_problem(employee_client.patch(URL, {"dagelijksTijdstip": "25:00"}), 400)

    assert not NudgePreferences.objects.exists()


def test_a_bad_field_refuses_the_whole_change(employee, employee_client):
    response = employee_client.patch(
        URL, {"dagelijksTijdstip": "07:15", "tijdzone": "Mars/Olympus_Mons"}
    )

    assert_problem(response, 400)
    assert employee_client.get(URL).json()["dagelijksTijdstip"] == "08:30"
    assert not NudgePreferences.objects.exists()


def test_preferences_need_a_sign_in(db, api_client):
    assert_problem(api_client.get(URL), 401)
    assert_problem(api_client.patch(URL, {"dagelijksTijdstip": "07:15"}), 401)
