"""Today's session: the selector on its own, and the full GET /api/v1/mij/vandaag call."""

import random
import statistics
from dataclasses import dataclass

from django.test import Client

from backend.organisations.models import Employee
from benchmarks.seed import Seeded
from benchmarks.timing import Result, query_counts, summarise, timed
from microlessons.today import today_session
from mobile_api.tokens import token_issue

BUDGET_SECONDS = 300
WARM_UP_CALLS = 5
PATH = "/api/v1/mij/vandaag"


@dataclass(frozen=True)
class SessionShape:
    """What the sampled sessions contained, to show the data is realistic."""

    due_min: int
    due_max: int
    due_mean: float
    reviews_mean: float
    with_next_lesson: int
    sessions: int


def sample_employees(seeded: Seeded, count: int, rng: random.Random) -> list[Employee]:
    ids = rng.sample(seeded.employee_ids, min(count, len(seeded.employee_ids)))
    by_id = Employee.objects.in_bulk(ids)
    return [by_id[pk] for pk in ids]  # the rng's order, not the database's


def session_call(seeded: Seeded):
    """today_session() as the app asks for it: the default 5-minute budget, at seed time."""

    def call(employee):
        return today_session(employee=employee, now=seeded.now, budget_seconds=BUDGET_SECONDS)

    return call


def measure_selector(seeded: Seeded, employees: list[Employee], warm_up: list[Employee]):
    """Times today_session() per learner; returns the result and what the sessions held."""

    call = session_call(seeded)
    for employee in warm_up[:WARM_UP_CALLS]:
        call(employee)
    durations = timed(employees, call)
    counts = query_counts(employees, call)
    sessions = [call(employee) for employee in employees]
    due = [session.reviews_due_total for session in sessions]
    shape = SessionShape(
        due_min=min(due),
        due_max=max(due),
        due_mean=statistics.fmean(due),
        reviews_mean=statistics.fmean(len(session.reviews) for session in sessions),
        with_next_lesson=sum(session.next_lesson is not None for session in sessions),
        sessions=len(sessions),
    )
    return summarise("today_session()", durations, counts), shape


def measure_http(employees: list[Employee], warm_up: list[Employee]) -> Result:
    """The whole request: token authentication, middleware, selector and serialiser."""
    client = Client(raise_request_exception=True)
    # Tokens are issued up front: issuing is a write and not part of the call being timed.
    headers = {employee.pk: _bearer(employee) for employee in [*warm_up, *employees]}

    def call(employee):
        response = client.get(PATH, HTTP_AUTHORIZATION=headers[employee.pk])
        if response.status_code != 200:
            raise RuntimeError(f"{PATH} answered {response.status_code}: {response.content!r}")

    for employee in warm_up[:WARM_UP_CALLS]:
        call(employee)
    durations = timed(employees, call)
    counts = query_counts(employees, call)
    return summarise(f"GET {PATH}", durations, counts)


def _bearer(employee: Employee) -> str:
    _token, raw = token_issue(employee=employee, device_name="benchmark")
    return f"Bearer {raw}"
