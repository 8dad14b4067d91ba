"""Every kind in the catalogue has a producer, and each producer really plans its kinds from
the domains' own data; planning twice plans nothing twice."""

import datetime
import uuid

import pytest

from backend.organisations.roles import Role
from backend.outbox.models import OutboxEvent
from backend.outbox.services import outbox_event_record
from campaigns.rule_reports.services import report_submit, report_transition
from campaigns.rule_reports.workflow import Action
from microlessons.models import LessonCompletion, ReviewCard
from mobile_api.push.kinds import CATALOGUE, Kind
from mobile_api.push.models import Notification
from mobile_api.push.planning import notifications_plan
from mobile_api.push.producers import PRODUCERS
from tests.factories import CampaignFactory, EmployeeFactory
from tests.microlessons.builders import import_module
from tests.push.conftest import at, practise

# Tuesday 1 December 2026; the programme's triage day defaults to Tuesday.
TUESDAY = datetime.date(2026, 12, 1)
EVENING = at(2026, 12, 1, 20, 0)
S = Notification.Status


def planned(employee, kind):
    return Notification.objects.filter(employee=employee, kind=kind)


def test_every_kind_of_the_catalogue_has_exactly_one_producer():
    produced = [kind for kinds in PRODUCERS.values() for kind in kinds]
    assert sorted(produced) == sorted(CATALOGUE)


@pytest.fixture
def module(zeventerpen):
    return import_module(zeventerpen, lessons=2)


def test_the_daily_lesson_is_planned_at_the_daily_time_while_lessons_are_left(employee, module):
    notifications_plan(now=at(2026, 12, 1, 8, 29))
    assert not planned(employee, Kind.DAILY_LESSON).exists()

    notifications_plan(now=at(2026, 12, 1, 8, 31))

    nudge = planned(employee, Kind.DAILY_LESSON).get()
    assert nudge.status == S.PENDING
    assert nudge.scheduled_for == at(2026, 12, 1, 8, 30)
    assert nudge.expires_at == at(2026, 12, 1, 21, 0)  # quiet hours begin
    assert nudge.local_date == TUESDAY
    assert nudge.link == "/vandaag"


def test_with_the_path_done_the_daily_slot_announces_the_due_reviews(employee, module):
    for lesson in module.lessons.all():
        LessonCompletion.objects.create(
            uuid=uuid.uuid4(),
            employee=employee,
            lesson=lesson,
            version=lesson.published_version,
            occurred_at=at(2026, 11, 20, 12),
        )
        ReviewCard.objects.create(
            uuid=uuid.uuid4(),
            employee=employee,
            lesson=lesson,
            question_key="q1",
            state=2,
            due=at(2026, 12, 1, 6),
        )

    notifications_plan(now=at(2026, 12, 1, 9, 0))

    nudge = planned(employee, Kind.REVIEWS_DUE).get()
    assert "2" in nudge.body
    assert not planned(employee, Kind.DAILY_LESSON).exists()


def test_nothing_to_do_plans_a_skipped_slot_so_it_is_not_asked_again(employee):
    notifications_plan(now=at(2026, 12, 1, 9, 0))
    slot = Notification.objects.get(employee=employee)
    assert (slot.status, slot.skip_reason) == (S.SKIPPED, "nothing_due")


def test_a_streak_at_risk_is_planned_in_the_evening(employee, module):
    practise(employee, TUESDAY - datetime.timedelta(days=1))
    practise(employee, TUESDAY - datetime.timedelta(days=2))
    notifications_plan(now=at(2026, 12, 1, 18, 0))
    assert not planned(employee, Kind.STREAK_AT_RISK).exists()

    notifications_plan(now=at(2026, 12, 1, 19, 5))

    nudge = planned(employee, Kind.STREAK_AT_RISK).get()
    assert nudge.scheduled_for == at(2026, 12, 1, 19, 0)


def test_no_streak_reminder_without_a_streak_or_after_practice_today(zeventerpen, module):
    no_streak = EmployeeFactory(organisation=zeventerpen)
    practised_today = EmployeeFactory(organisation=zeventerpen)
    for days_ago in (0, 1, 2):
        practise(practised_today, TUESDAY - datetime.timedelta(days=days_ago))

    notifications_plan(now=EVENING)

    assert not Notification.objects.filter(kind=Kind.STREAK_AT_RISK).exists()
    assert no_streak and practised_today


def test_compliments_and_rule_report_steps_come_from_the_outbox(employee):
    delivered = at(2026, 12, 1, 0, 0)  # the start of a campaign's delivery date
    for kind in OutboxEvent.Kind:
        outbox_event_record(
            kind=kind, employee=employee, subject_uuid=uuid.uuid4(), deliver_after=delivered
        )

    notifications_plan(now=at(2026, 12, 1, 0, 1))

    nudges = {n.kind: n for n in Notification.objects.filter(employee=employee)}
    assert set(nudges) >= {
        Kind.COMPLIMENT_RECEIVED,
        Kind.CITIZEN_COMPLIMENT_RECEIVED,
        Kind.RULE_REPORT_UPDATE,
    }
    # Told at midnight, sent when quiet hours end.
    assert nudges[Kind.COMPLIMENT_RECEIVED].scheduled_for == at(2026, 12, 1, 7, 30)
    assert not OutboxEvent.objects.filter(dispatched_at__isnull=True).exists()


def test_an_outbox_event_is_not_planned_before_its_moment(employee):
    outbox_event_record(
        kind=OutboxEvent.Kind.COMPLIMENT_RECEIVED,
        employee=employee,
        subject_uuid=uuid.uuid4(),
        deliver_after=at(2026, 12, 14, 0, 0),
    )
    notifications_plan(now=at(2026, 12, 13, 23, 59))
    assert not planned(employee, Kind.COMPLIMENT_RECEIVED).exists()


def test_a_rule_report_update_opens_the_report_not_the_step(zeventerpen):
    reporter = EmployeeFactory(organisation=zeventerpen)
    coach = EmployeeFactory(organisation=zeventerpen, roles=[Role.RULE_COACH])
    report, _code = report_submit(
        reporter=reporter,
        rule="Elke aanvraag drie keer aftekenen",
        where_met="Balie",
        impact="Inwoners wachten weken",
        better="Eén handtekening",
        origin="eigen_organisatie",
        privacy="met_naam",
    )
    report_transition(
        organisation_id=zeventerpen.pk,
        report_uuid=report.uuid,
        employee=coach,
        action=Action.REQUEST_INFO,
        public_message="Bij welk formulier?",
    )

    notifications_plan(now=datetime.datetime.now(datetime.UTC))

    # The acknowledgement of the submission and the coach's question.
    links = list(planned(reporter, Kind.RULE_REPORT_UPDATE).values_list("link", flat=True))
    assert links == [f"/regelmeldingen/{report.uuid}"] * 2


def test_campaign_news_on_the_first_and_the_last_day_of_nominations(zeventerpen):
    colleague = EmployeeFactory(organisation=zeventerpen)
    opening = CampaignFactory(
        organisation=zeventerpen,
        name="Valentijn 2027",
        nomination_starts_on=TUESDAY,
        nomination_ends_on=TUESDAY + datetime.timedelta(days=7),
    )
    closing = CampaignFactory(
        organisation=zeventerpen,
        name="Dankjewel-week",
        nomination_starts_on=TUESDAY - datetime.timedelta(days=7),
        nomination_ends_on=TUESDAY,
    )
    notifications_plan(now=at(2026, 12, 1, 9, 59))
    assert not Notification.objects.filter(kind=Kind.CAMPAIGN_STARTED).exists()

    notifications_plan(now=at(2026, 12, 1, 10, 1))

    started = planned(colleague, Kind.CAMPAIGN_STARTED).get()
    assert started.subject_uuid == opening.uuid
    assert "Valentijn 2027" in started.title + started.body
    assert planned(colleague, Kind.CAMPAIGN_CLOSING).get().subject_uuid == closing.uuid


def test_who_already_sent_a_compliment_gets_no_closing_reminder(zeventerpen):
    from tests.factories import ComplimentFactory

    sender = EmployeeFactory(organisation=zeventerpen)
    closing = CampaignFactory(
        organisation=zeventerpen,
        nomination_starts_on=TUESDAY - datetime.timedelta(days=7),
        nomination_ends_on=TUESDAY,
    )
    ComplimentFactory(campaign=closing, sender=sender)

    notifications_plan(now=at(2026, 12, 1, 10, 1))

    assert not planned(sender, Kind.CAMPAIGN_CLOSING).exists()


def test_coaches_are_reminded_on_triage_day_when_reports_wait(zeventerpen):
    coach = EmployeeFactory(organisation=zeventerpen, roles=[Role.RULE_COACH])
    colleague = EmployeeFactory(organisation=zeventerpen)
    notifications_plan(now=at(2026, 12, 1, 10, 1))
    assert not planned(coach, Kind.TRIAGE_REMINDER).exists()  # nothing waits yet

    report_submit(
        reporter=colleague,
        rule="Formulier alleen op papier",
        where_met="Loket",
        impact="Dubbel werk",
        better="",
        origin="eigen_organisatie",
        privacy="met_naam",
    )
    notifications_plan(now=at(2026, 12, 1, 10, 2))

    reminder = planned(coach, Kind.TRIAGE_REMINDER).get()
    assert "1" in reminder.body
    assert not planned(colleague, Kind.TRIAGE_REMINDER).exists()
    notifications_plan(now=at(2026, 12, 2, 10, 2))  # Wednesday: no triage
    assert planned(coach, Kind.TRIAGE_REMINDER).count() == 1


def test_planning_again_plans_nothing_twice(zeventerpen, employee, module):
    practise(employee, TUESDAY - datetime.timedelta(days=1))
    practise(employee, TUESDAY - datetime.timedelta(days=2))
    CampaignFactory(organisation=zeventerpen, nomination_starts_on=TUESDAY)
    notifications_plan(now=EVENING)
    first = Notification.objects.count()

    for minutes in range(3):
        notifications_plan(now=EVENING + datetime.timedelta(minutes=minutes))

    assert Notification.objects.count() == first >= 3


def test_an_employee_who_left_is_not_planned(employee, module):
    employee.user.is_active = False
    employee.user.save()
    notifications_plan(now=at(2026, 12, 1, 9, 0))
    assert not Notification.objects.exists()


def test_english_speakers_get_english_texts(employee, module):
    employee.locale = "en"
    employee.save()
    notifications_plan(now=at(2026, 12, 1, 9, 0))
    nudge = planned(employee, Kind.DAILY_LESSON).get()
    assert "lesson" in (nudge.title + nudge.body).lower()


def test_nothing_is_planned_for_a_change_that_rolled_back(employee):
    from django.db import transaction

    class Refused(Exception):
        pass

    with pytest.raises(Refused), transaction.atomic():
        outbox_event_record(
            kind=OutboxEvent.Kind.COMPLIMENT_RECEIVED,
            employee=employee,
            subject_uuid=uuid.uuid4(),
            deliver_after=at(2026, 12, 1, 9, 0),
        )
        raise Refused  # the domain's transaction fails after recording

    notifications_plan(now=at(2026, 12, 1, 9, 5))
    assert not Notification.objects.filter(kind=Kind.COMPLIMENT_RECEIVED).exists()


def test_every_recorded_event_becomes_exactly_one_notification(employee):
    for n in range(1203):  # more than two planning batches
        outbox_event_record(
            kind=OutboxEvent.Kind.RULE_REPORT_UPDATE,
            employee=employee,
            subject_uuid=uuid.uuid4(),
            deliver_after=at(2026, 12, 1, 9, 0) - datetime.timedelta(seconds=n),
        )

    notifications_plan(now=at(2026, 12, 1, 9, 5))
    notifications_plan(now=at(2026, 12, 1, 9, 6))

    assert Notification.objects.filter(kind=Kind.RULE_REPORT_UPDATE).count() == 1203
    assert not OutboxEvent.objects.filter(dispatched_at__isnull=True).exists()
