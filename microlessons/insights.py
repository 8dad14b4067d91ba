"""Insights for an organisation: "how service-minded are our employees?" as tables of
departments (or measurement windows) by week, topic or dimension. Only groups: every table goes
through the same suppression (backend.common.suppression) before anyone sees it, in the API, the
admin page and the CSV export alike. Each table costs a fixed number of queries, however many
employees and attempts there are.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Avg, Count, Q
from django.utils.translation import gettext as _

from backend.common.group_tables import TOTAL, InsightTable, suppressed_table
from backend.organisations.models import Department, Employee, Organisation
from microlessons.models import (
    ActivityDay,
    KnowledgeAnswer,
    KnowledgeTestAttempt,
    MeasurementWindow,
    SimulationAttempt,
)
from microlessons.simulation_graph import DIMENSIONS

NO_DEPARTMENT = "geen"  # the row of employees without a department (API value)
VIEWS = ("deelname", "kennistoets", "trend", "simulaties")  # the tables, as the API names them
DEFAULT_WEEKS = 12


def _departments(organisation: Organisation) -> dict[str, str]:
    names = {
        str(pk): name
        for pk, name in Department.objects.filter(organisation=organisation)
        .order_by("name")
        .values_list("pk", "name")
    }
    return {**names, NO_DEPARTMENT: _("No department")}


def _department_key(department_id) -> str:
    return str(department_id) if department_id is not None else NO_DEPARTMENT


def _percent(part, whole) -> float | None:
    return round(100 * part / whole, 1) if whole else None


# --- participation ------------------------------------------------------------------------------


def participation_per_week(
    *, organisation: Organisation, today: datetime.date, weeks: int = 12
) -> InsightTable:
    """Per department and week, the share of active employees who learnt something."""
    first_monday = today - datetime.timedelta(days=today.weekday() + 7 * (weeks - 1))
    mondays = [first_monday + datetime.timedelta(weeks=n) for n in range(weeks)]
    columns = [(monday.isoformat(), _week_name(monday)) for monday in mondays]
    headcount = dict(
        Employee.objects.filter(organisation=organisation, user__is_active=True)
        .values_list("department_id")
        .annotate(people=Count("pk"))
        .values_list("department_id", "people")
    )
    # One count per week as a filtered aggregate: no date function per row (on SQLite that
    # would be a Python call for each of hundreds of thousands of activity days).
    per_week = {
        monday.isoformat(): Count(
            "employee_id",
            distinct=True,
            filter=Q(local_date__gte=monday, local_date__lte=monday + datetime.timedelta(days=6)),
        )
        for monday in mondays
    }
    active = (
        ActivityDay.objects.filter(
            employee__organisation=organisation,
            employee__user__is_active=True,
            local_date__gte=first_monday,
            local_date__lte=today,
        )
        .values("employee__department_id")
        .annotate(**{f"week_{n}": count for n, count in enumerate(per_week.values())})
        .order_by()
    )
    active_by = {}
    for row in active:
        key = _department_key(row["employee__department_id"])
        for n, week in enumerate(per_week):
            active_by[(key, week)] = row[f"week_{n}"]
    names = _departments(organisation)
    rows, everyone = {}, sum(headcount.values())
    for department_id, people in headcount.items():
        key = _department_key(department_id)
        rows[key] = (
            names[key],
            {
                week: (_percent(active_by.get((key, week), 0), people), people)
                for week, _n in columns
            },
        )
    rows = dict(sorted(rows.items(), key=lambda item: item[1][0]))
    total_row = {
        week: (
            _percent(sum(v for (_d, w), v in active_by.items() if w == week), everyone),
            everyone,
        )
        for week, _name in columns
    }
    return suppressed_table(
        "deelname",
        _("Participation per week (share of employees who learnt something)"),
        "procent",
        organisation.insights_min_group_size,
        columns,
        rows,
        total_row,
    )


def _week_name(monday: datetime.date) -> str:
    year, week, _day = monday.isocalendar()
    return _("week %(week)s, %(year)s") % {"week": week, "year": year}


# --- knowledge test -----------------------------------------------------------------------------


def latest_window(*, organisation: Organisation, now) -> MeasurementWindow | None:
    """The window whose results are the news: the one that closed last, whose figures are
    complete; while none has closed yet, the one open now (its figures still grow)."""
    windows = MeasurementWindow.objects.filter(
        organisation=organisation, opens_at__lte=now
    ).select_related("test")
    closed = windows.filter(closes_at__lte=now).order_by("-closes_at").first()
    return closed or windows.order_by("-opens_at").first()


@dataclass(frozen=True)
class _TestTopics:
    columns: list[tuple[str, str]]  # (topic key, topic title), by title
    questions: dict[str, int]  # topic key -> how many questions
    topic_of: dict[int, str]  # question id -> topic key

    @property
    def all_questions(self) -> int:
        return sum(self.questions.values())


def _topics_of(test) -> _TestTopics:
    """The test's topics as columns, and how many questions each has (one query)."""
    questions, titles, topic_of = {}, {}, {}
    for question_id, key, title in test.questions.values_list("pk", "topic__key", "topic__title"):
        questions[key] = questions.get(key, 0) + 1
        titles[key] = title
        topic_of[question_id] = key
    return _TestTopics(sorted(titles.items(), key=lambda item: item[1]), questions, topic_of)


def _right_answers(counted, group: str, topics: _TestTopics):
    """Per group (a field of the attempt), how many counted attempts, and per (group, topic)
    how many right answers: two queries. Answers are counted per question, which needs no
    join to the questions, and added up per topic here (a test has tens of questions)."""
    participants = dict(
        counted.values_list(group).annotate(people=Count("pk")).values_list(group, "people")
    )
    per_question = (
        KnowledgeAnswer.objects.filter(attempt__in=counted, is_correct=True)
        .values(f"attempt__{group}", "question_id")
        .annotate(right=Count("pk"))
        .values_list(f"attempt__{group}", "question_id", "right")
        .order_by()
    )
    right = {}
    for group_value, question_id, count in per_question:
        cell = (group_value, topics.topic_of[question_id])
        right[cell] = right.get(cell, 0) + count
    return participants, right


def _shares(topics: _TestTopics, right_of, people) -> dict:
    """Per topic (and in total) the share of right answers of ``people`` participants."""
    values = {
        topic: (_percent(right_of(topic), people * topics.questions[topic]), people)
        for topic, _title in topics.columns
    }
    got = sum(right_of(topic) for topic in topics.questions)
    values[TOTAL] = (_percent(got, people * topics.all_questions), people)
    return values


def knowledge_results(*, organisation: Organisation, window: MeasurementWindow) -> InsightTable:
    """Per department and topic, the share of right answers in the counted measurements."""
    topics = _topics_of(window.test)
    counted = KnowledgeTestAttempt.objects.filter(window=window, counts_for_measurement=True)
    participants, right = _right_answers(counted, "employee__department_id", topics)
    names = _departments(organisation)
    rows = {
        _department_key(department): (
            names[_department_key(department)],
            _shares(topics, lambda topic, d=department: right.get((d, topic), 0), people),
        )
        for department, people in participants.items()
    }
    rows = dict(sorted(rows.items(), key=lambda item: item[1][0]))

    def everyone_right(topic):
        return sum(n for (_department, t), n in right.items() if t == topic)

    return suppressed_table(
        "kennistoets",
        _("Knowledge test %(window)s: share of right answers per topic") % {"window": window.name},
        "procent",
        organisation.insights_min_group_size,
        topics.columns,
        rows,
        _shares(topics, everyone_right, sum(participants.values())),
    )


def knowledge_trend(*, organisation: Organisation, test, now) -> InsightTable:
    """Per measurement window of this test (rows), per topic, the whole organisation."""
    topics = _topics_of(test)
    windows = list(
        MeasurementWindow.objects.filter(
            organisation=organisation, test=test, opens_at__lte=now
        ).order_by("opens_at")
    )
    counted = KnowledgeTestAttempt.objects.filter(window__in=windows, counts_for_measurement=True)
    participants, right = _right_answers(counted, "window_id", topics)
    rows = {
        str(window.uuid): (
            window.name,
            _shares(
                topics,
                lambda topic, w=window.pk: right.get((w, topic), 0),
                participants.get(window.pk, 0),
            ),
        )
        for window in windows
    }
    return suppressed_table(
        "trend",
        _("Knowledge test over the measurement windows: share of right answers"),
        "procent",
        organisation.insights_min_group_size,
        topics.columns,
        rows,
        None,
    )


# --- simulations --------------------------------------------------------------------------------


def simulation_averages(*, organisation: Organisation) -> InsightTable:
    """Per department, the average score per dimension over completed simulations."""
    columns = [(dutch, _dimension_name(dimension)) for dimension, dutch in DIMENSIONS.items()]
    completed = SimulationAttempt.objects.filter(
        employee__organisation=organisation, status=SimulationAttempt.Status.COMPLETED
    )
    averages = {name: Avg(name) for name in DIMENSIONS}
    per_department = (
        completed.values("employee__department_id")
        .annotate(
            people=Count("employee_id", distinct=True), overall=Avg("average_score"), **averages
        )
        .order_by()
    )
    overall = completed.aggregate(
        people=Count("employee_id", distinct=True), overall=Avg("average_score"), **averages
    )
    names = _departments(organisation)

    def values(row):
        people = row["people"]
        result = {dutch: (_rounded(row[d]), people) for d, dutch in DIMENSIONS.items()}
        result[TOTAL] = (_rounded(row["overall"]), people)
        return result

    rows = {
        _department_key(row["employee__department_id"]): (
            names[_department_key(row["employee__department_id"])],
            values(row),
        )
        for row in per_department
    }
    rows = dict(sorted(rows.items(), key=lambda item: item[1][0]))
    return suppressed_table(
        "simulaties",
        _("Simulations: average score per dimension (0-100)"),
        "score",
        organisation.insights_min_group_size,
        columns,
        rows,
        values(overall) if overall["people"] else None,
    )


def _rounded(value):
    return round(value, 1) if value is not None else None


def _dimension_name(dimension: str) -> str:
    return {
        "customer_satisfaction": _("customer satisfaction"),
        "lead_time": _("lead time"),
        "cost": _("cost"),
        "process": _("process correctness"),
    }[dimension]


# --- one entry for the API, the admin page and the exports --------------------------------------


def organisation_today(organisation: Organisation, now: datetime.datetime) -> datetime.date:
    """Weeks are counted in the organisation's own time zone, wherever the server runs."""
    return organisation.local_date(now)


def insight_table(
    *,
    organisation: Organisation,
    view: str,
    now: datetime.datetime,
    weeks: int = DEFAULT_WEEKS,
    window: MeasurementWindow | None = None,
    test=None,
) -> InsightTable | None:
    """One of the VIEWS; None when there is nothing to show yet (no measurement window).
    Without ``window`` or ``test``: those of the window that opened last."""
    if view == "deelname":
        return participation_per_week(
            organisation=organisation, today=organisation_today(organisation, now), weeks=weeks
        )
    if view == "simulaties":
        return simulation_averages(organisation=organisation)
    if window is None and (view == "kennistoets" or test is None):
        window = latest_window(organisation=organisation, now=now)
        if window is None:
            return None
    if view == "kennistoets":
        return knowledge_results(organisation=organisation, window=window)
    if view == "trend":
        return knowledge_trend(organisation=organisation, test=test or window.test, now=now)
    raise ValueError(f"unknown insight view {view!r}")
