"""The order in which a learner sees a question's options.

Editors write the right option anywhere; learners would soon learn where it tends to be. So
each learner sees the options in an order of their own per question: shuffled, but the same
every time that learner sees that question (a replayed or re-downloaded screen looks the
same). Answers name options by id, never by position, so the order changes nothing else.
"""

import hashlib


def options_in_learner_order(options, *, learner_uuid, question_uuid) -> list:
    def place(option):
        seed = f"{learner_uuid}:{question_uuid}:{option.uuid}".encode()
        return hashlib.sha256(seed).digest()

    return sorted(options, key=place)
