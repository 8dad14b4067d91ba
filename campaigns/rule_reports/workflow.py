"""The one transition table of a rule report: from which state, by which action, to which
state, who may, and whether the reporter sees it (then it needs a public message).

Pure: no database. The transition service (services.report_transition), the admin actions,
the API and the tests that walk every edge all read this table; a new edge is one line here.
States, actions, resolutions and roles are the API's words (Dutch).
"""

from dataclasses import dataclass
from enum import StrEnum


class State(StrEnum):
    SUBMITTED = "ingediend"
    INFO_REQUESTED = "vraag_aan_melder"
    IN_PROGRESS = "in_behandeling"
    RESOLUTION_PROPOSED = "voorstel_afhandeling"
    ESCALATED = "doorgezet"
    REOPEN_REQUESTED = "heropenen_gevraagd"
    CLOSED = "afgerond"


OPEN_STATES = frozenset(State) - {State.CLOSED}


class Resolution(StrEnum):
    FIXED_LOCALLY = "lokaal_opgelost"
    EXPLAINED = "uitgelegd"
    RULE_KEPT = "regel_blijft"
    ESCALATED_NATIONALLY = "landelijk_doorgezet"
    DUPLICATE = "dubbel"
    NOT_APPLICABLE = "niet_van_toepassing"
    WITHDRAWN = "ingetrokken"


class Actor(StrEnum):
    REPORTER = "melder"  # the reporter, or for an anonymous report the holder of its code
    COACH = "ontregelcoach"
    OWNER = "eigenaar"  # the person the report is assigned to


class Action(StrEnum):
    WITHDRAW = "intrekken"
    REQUEST_INFO = "vraag_stellen"
    ANSWER = "antwoorden"
    ASSIGN = "toewijzen"
    REASSIGN = "herverdelen"
    ESCALATE = "doorzetten"
    CLOSE = "afsluiten"
    PROPOSE = "voorstellen"
    APPROVE_PROPOSAL = "voorstel_goedkeuren"
    REJECT_PROPOSAL = "voorstel_afwijzen"
    CLOSE_ESCALATION = "doorzetting_afronden"
    RESUME = "terug_in_behandeling"
    ASK_REOPEN = "heropenen_vragen"
    REFUSE_REOPEN = "heropenen_weigeren"
    REOPEN = "heropenen"


@dataclass(frozen=True)
class Transition:
    sources: frozenset[State]
    action: Action
    target: State
    actors: frozenset[Actor]
    public: bool  # the reporter and followers see it: it needs a public message
    resolutions: frozenset[Resolution] = frozenset()  # for a target of CLOSED: which are allowed


def _t(sources, action, target, actors, *, public, resolutions=()):
    return Transition(
        frozenset(sources), action, target, frozenset(actors), public, frozenset(resolutions)
    )


S, A = State, Action
COACH, REPORTER, OWNER = {Actor.COACH}, {Actor.REPORTER}, {Actor.OWNER}
CLOSING = {
    Resolution.EXPLAINED,
    Resolution.RULE_KEPT,
    Resolution.NOT_APPLICABLE,
    Resolution.DUPLICATE,
    Resolution.FIXED_LOCALLY,
}

TRANSITIONS: tuple[Transition, ...] = (
    # Only before any triage decision (the service checks that too).
    _t(
        {S.SUBMITTED, S.INFO_REQUESTED},
        A.WITHDRAW,
        S.CLOSED,
        REPORTER,
        public=True,
        resolutions={Resolution.WITHDRAWN},
    ),
    _t({S.SUBMITTED}, A.REQUEST_INFO, S.INFO_REQUESTED, COACH, public=True),
    _t({S.INFO_REQUESTED}, A.ANSWER, S.SUBMITTED, REPORTER, public=True),
    _t({S.SUBMITTED}, A.ASSIGN, S.IN_PROGRESS, COACH, public=True),
    _t({S.IN_PROGRESS}, A.REASSIGN, S.IN_PROGRESS, COACH, public=False),
    _t({S.SUBMITTED, S.IN_PROGRESS}, A.ESCALATE, S.ESCALATED, COACH, public=True),
    _t({S.SUBMITTED, S.IN_PROGRESS}, A.CLOSE, S.CLOSED, COACH, public=True, resolutions=CLOSING),
    _t(
        {S.IN_PROGRESS},
        A.PROPOSE,
        S.RESOLUTION_PROPOSED,
        COACH | OWNER,
        public=False,
        resolutions=CLOSING - {Resolution.DUPLICATE},
    ),
    _t({S.RESOLUTION_PROPOSED}, A.APPROVE_PROPOSAL, S.CLOSED, COACH, public=True),
    _t({S.RESOLUTION_PROPOSED}, A.REJECT_PROPOSAL, S.IN_PROGRESS, COACH, public=False),
    _t(
        {S.ESCALATED},
        A.CLOSE_ESCALATION,
        S.CLOSED,
        COACH,
        public=True,
        resolutions={Resolution.ESCALATED_NATIONALLY},
    ),
    _t({S.ESCALATED}, A.RESUME, S.IN_PROGRESS, COACH, public=True),
    _t({S.CLOSED}, A.ASK_REOPEN, S.REOPEN_REQUESTED, REPORTER, public=True),
    _t({S.REOPEN_REQUESTED}, A.REFUSE_REOPEN, S.CLOSED, COACH, public=True),
    _t({S.REOPEN_REQUESTED, S.CLOSED}, A.REOPEN, S.SUBMITTED, COACH, public=True),
)


def transition_for(state: State, action: Action) -> Transition | None:
    """The edge ``action`` takes from ``state``, or None when there is none."""
    for transition in TRANSITIONS:
        if transition.action == action and state in transition.sources:
            return transition
    return None


def actions_from(state: State, actors: set[Actor]) -> list[Action]:
    """What these actors may do from ``state`` (for the API's ``mogelijkeActies``)."""
    return [t.action for t in TRANSITIONS if state in t.sources and t.actors & actors]


# What the reporter sees of each state: internal steps collapse into "in behandeling".
PUBLIC_STATE = {
    State.SUBMITTED: "ontvangen",
    State.INFO_REQUESTED: "vraag_aan_u",
    State.IN_PROGRESS: "in_behandeling",
    State.RESOLUTION_PROPOSED: "in_behandeling",
    State.ESCALATED: "doorgezet",
    State.REOPEN_REQUESTED: "heropenen_gevraagd",
    State.CLOSED: "afgerond",
}
