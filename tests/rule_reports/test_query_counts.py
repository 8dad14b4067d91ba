"""Query counts of the rule-report endpoints do not grow with the number of reports, their
steps or their followers."""

from backend.organisations.roles import Role
from tests.conftest import client_for
from tests.factories import DepartmentFactory, EmployeeFactory
from tests.microlessons.test_query_counts import queries_for
from tests.rule_reports.conftest import step, submit


def _grow(count, *, reporter_client, colleague_client, coach_client, department):
    """``count`` rounds of: a named and a confidential report of the reporter (one assigned,
    with a public message), an anonymous one, and a colleague's report the reporter follows."""
    for _ in range(count):
        own = submit(reporter_client)["melding"]["uuid"]
        submit(reporter_client, privacy="vertrouwelijk", regel="Een parkeervergunning per brief.")
        submit(reporter_client, privacy="anoniem")
        assigned = step(
            coach_client,
            own,
            "toewijzen",
            eigenaarAfdeling=str(department.uuid),
            publiekBericht="Het team Publiekszaken pakt dit op.",
            verwachteStatus="ingediend",
        )
        assert assigned.status_code == 200, assigned.json()
        other = submit(colleague_client)["melding"]["uuid"]
        followed = reporter_client.post(f"/api/v1/regelmeldingen/{other}/volgers")
        assert followed.status_code in (200, 201), followed.json()


def _measure(zeventerpen, reporter_client, coach_client, calls_for):
    """Query counts of ``calls_for(first, clients)`` after one and after 13 rounds of growth,
    where ``first`` is a report (of the reporter) that also gains a follower every round."""
    department = DepartmentFactory(organisation=zeventerpen)
    colleague_client = client_for(EmployeeFactory(organisation=zeventerpen))
    second_coach = client_for(EmployeeFactory(organisation=zeventerpen, roles=[Role.RULE_COACH]))
    first = submit(reporter_client)["melding"]["uuid"]
    clients = {
        "reporter": reporter_client,
        "colleague": colleague_client,
        "coach": coach_client,
        "second coach": second_coach,
    }

    def grow(count):
        _grow(
            count,
            reporter_client=reporter_client,
            colleague_client=colleague_client,
            coach_client=coach_client,
            department=department,
        )
        for _ in range(count):  # more followers of the report whose detail is read
            follower = client_for(EmployeeFactory(organisation=zeventerpen))
            assert follower.post(f"/api/v1/regelmeldingen/{first}/volgers").status_code < 300

    calls = calls_for(first, clients)
    grow(1)
    small = [queries_for(lambda c=c, p=p, q=q: c.get(p, q or {})) for c, p, q in calls]
    grow(12)
    big = [queries_for(lambda c=c, p=p, q=q: c.get(p, q or {})) for c, p, q in calls]
    return [(p, q, s, b) for (_c, p, q), s, b in zip(calls, small, big, strict=True) if s != b]


def test_report_endpoints_cost_the_same_however_many_reports(
    zeventerpen, reporter_client, coach_client
):
    def calls_for(first, clients):
        return [
            (clients["coach"], "/api/v1/regelmeldingen", None),
            (clients["coach"], "/api/v1/regelmeldingen", {"status": "ingediend"}),
            (clients["reporter"], "/api/v1/mij/regelmeldingen", None),
            (clients["coach"], f"/api/v1/regelmeldingen/{first}", None),
            (clients["second coach"], f"/api/v1/regelmeldingen/{first}", None),
            (clients["reporter"], f"/api/v1/regelmeldingen/{first}", None),
            (
                clients["reporter"],
                "/api/v1/regelmeldingen/suggesties",
                {"tekst": "parkeervergunning"},
            ),
            (
                clients["colleague"],
                "/api/v1/regelmeldingen/suggesties",
                {"tekst": "Uittreksel van de BRP op papier voor een parkeervergunning"},
            ),
        ]

    assert _measure(zeventerpen, reporter_client, coach_client, calls_for) == []


def test_suggestions_find_the_grown_reports(zeventerpen, reporter_client, coach_client):
    """The counts above compare real answers: suggestions on the large data set are full."""
    department = DepartmentFactory(organisation=zeventerpen)
    colleague_client = client_for(EmployeeFactory(organisation=zeventerpen))
    _grow(
        3,
        reporter_client=reporter_client,
        colleague_client=colleague_client,
        coach_client=coach_client,
        department=department,
    )
    response = reporter_client.get(
        "/api/v1/regelmeldingen/suggesties", {"tekst": "parkeervergunning"}
    )
    assert response.status_code == 200
    assert len(response.json()) == 5
