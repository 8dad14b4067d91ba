import datetime
import random
import uuid

from fsrs import State

from microlessons.spaced_repetition import ReviewedAnswer, card_from_answers

START = datetime.datetime(2026, 1, 5, 8, 0, tzinfo=datetime.UTC)


def answers(pattern):
    return [
        ReviewedAnswer(START + datetime.timedelta(days=3 * n), correct, uuid.UUID(int=n))
        for n, correct in enumerate(pattern)
    ]


def test_first_correct_answer_schedules_days_not_minutes():
    card = card_from_answers(answers([True]))
    assert card.state == State.Review
    assert card.due - START >= datetime.timedelta(days=1)


def test_same_answers_in_any_order_give_the_same_card():
    log = answers([True, False, True, True, False, True])
    expected = card_from_answers(log)
    for seed in range(10):
        shuffled = log[:]
        random.Random(seed).shuffle(shuffled)
        assert card_from_answers(shuffled) == expected


def test_intervals_grow_while_answers_stay_right_and_are_capped():
    intervals = []
    for count in range(1, 13):
        card = card_from_answers(answers([True] * count))
        intervals.append(card.due - card.last_review)
    assert intervals == sorted(intervals)  # never shorter after another right answer
    assert intervals[-1] > 4 * intervals[0]  # and clearly longer in the end
    assert max(intervals) <= datetime.timedelta(days=180)  # but capped
    assert card.review_count == 12 and card.lapse_count == 0


def test_other_time_zones_are_normalised_to_utc():
    amsterdam = datetime.timezone(datetime.timedelta(hours=1))
    log = [ReviewedAnswer(START.astimezone(amsterdam), True, uuid.UUID(int=1))]
    assert card_from_answers(log).last_review == START
