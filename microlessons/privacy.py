"""Microlessons' part of an employee's personal data: what they learned and practised.

Erasure keeps the learning records (they count in insights, which never show small groups) on
the anonymous stand-in; the derived review schedule goes."""

from backend.common.moments import utc_iso
from microlessons.models import (
    ActivityDay,
    AnswerRecord,
    KnowledgeTestAttempt,
    LearnerState,
    LessonCompletion,
    ReviewCard,
    SimulationAttempt,
)


def export(employee) -> dict:
    return {
        "leren": {
            "antwoorden": [
                {
                    "les": str(answer.lesson),
                    "vraag": answer.question_key,
                    "gekozen": answer.chosen_options,
                    "goed": answer.is_correct,
                    "op": utc_iso(answer.occurred_at),
                }
                for answer in AnswerRecord.objects.filter(employee=employee)
                .select_related("lesson__published_version")
                .order_by("occurred_at", "pk")
            ],
            "voltooideLessen": [
                {"les": str(done.lesson), "op": utc_iso(done.occurred_at)}
                for done in LessonCompletion.objects.filter(employee=employee)
                .select_related("lesson__published_version")
                .order_by("occurred_at", "pk")
            ],
            "geoefendeDagen": [
                day.isoformat()
                for day in ActivityDay.objects.filter(employee=employee)
                .order_by("local_date")
                .values_list("local_date", flat=True)
            ],
            "herhalingenGepland": ReviewCard.objects.filter(employee=employee).count(),
            "simulaties": [
                {
                    "simulatie": str(attempt.simulation),
                    "status": attempt.status,
                    "begonnenOp": utc_iso(attempt.started_at),
                    "afgerondOp": utc_iso(attempt.completed_at),
                    "gemiddeldeScore": attempt.average_score,
                }
                for attempt in SimulationAttempt.objects.filter(employee=employee)
                .select_related("simulation__published_version")
                .order_by("started_at", "pk")
            ],
            "kennistoetsen": [
                {
                    "toets": attempt.test.title,
                    "soort": attempt.kind,
                    "begonnenOp": utc_iso(attempt.started_at),
                    "ingeleverdOp": utc_iso(attempt.submitted_at),
                    "score": attempt.score_percent,
                }
                for attempt in KnowledgeTestAttempt.objects.filter(employee=employee)
                .select_related("test")
                .order_by("started_at", "pk")
            ],
        }
    }


def erase(employee) -> None:
    ReviewCard.objects.filter(employee=employee).delete()
    LearnerState.objects.filter(employee=employee).delete()
