"""Spaced repetition with FSRS, tuned for a once-a-day habit.

No minute-level learning steps (a learner opens the app once a day), no fuzzing (so replaying
the same answers always gives the same schedule), intervals capped because rules change.
A card is always rebuilt from the learner's full answer log, sorted by when they answered:
answers arriving late or out of order from several devices give the same card.
"""

import datetime
import itertools
import uuid
from dataclasses import dataclass

from fsrs import Card, Rating, ReviewLog, Scheduler, State

MAXIMUM_INTERVAL_DAYS = 180
SCHEDULER = Scheduler(
    learning_steps=(),
    relearning_steps=(),
    enable_fuzzing=False,
    maximum_interval=MAXIMUM_INTERVAL_DAYS,
)
# FSRS card ids must be integers; the card's identity is ours, so any constant will do.
_CARD_ID = 1


def rating_for(is_correct: bool) -> Rating:
    """Learners are never asked to grade themselves: the answer decides."""
    return Rating.Good if is_correct else Rating.Again


@dataclass(frozen=True)
class ReviewedAnswer:
    answered_at: datetime.datetime
    is_correct: bool
    tie_breaker: uuid.UUID  # answers at the very same instant still sort the same way


@dataclass(frozen=True)
class CardState:
    state: int
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime.datetime
    last_review: datetime.datetime | None
    review_count: int
    lapse_count: int


def _utc(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(datetime.UTC)


def card_from_answers(answers: list[ReviewedAnswer]) -> CardState:
    """The card after all these answers, whatever order they arrived in."""
    ordered = sorted(answers, key=lambda a: (_utc(a.answered_at), str(a.tie_breaker)))
    if not ordered:
        raise ValueError("a review card needs at least one answer")
    first = _utc(ordered[0].answered_at)
    logs = [
        ReviewLog(
            card_id=_CARD_ID,
            rating=rating_for(answer.is_correct),
            review_datetime=_utc(answer.answered_at),
            review_duration=None,
        )
        for answer in ordered
    ]
    card = SCHEDULER.reschedule_card(Card(card_id=_CARD_ID, due=first), logs)
    lapses = sum(
        1
        for earlier, later in itertools.pairwise(ordered)
        if earlier.is_correct and not later.is_correct
    )
    return CardState(
        state=int(card.state),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due,
        last_review=card.last_review,
        review_count=len(ordered),
        lapse_count=lapses,
    )


STATE_NAMES = {State.Learning: "leren", State.Review: "herhalen", State.Relearning: "opnieuw_leren"}
