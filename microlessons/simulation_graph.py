"""The graph of a conversation simulation, checked and measured: pure Python, no database.

A simulation is steps (the customer says something; or an ending with a debrief) joined by
choices (what the employee answers), each choice moving four scores. Before a version is
published its graph must be sound: every step reachable from the start, every path ending at
an ending, no cycles, at least one ending, not deeper than ``MAX_DEPTH``. Every problem is
reported at once. A sound graph also yields, per dimension, the worst and the best total a
learner can reach: results are normalised to 0-100 between the two.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

# Internal dimension names -> the API's words (Dutch). Every effect is a whole number from
# EFFECT_MIN to EFFECT_MAX where a higher number is better: a happier customer, a shorter
# lead time, a lower cost, a more correct process.
DIMENSIONS = {
    "customer_satisfaction": "klanttevredenheid",
    "lead_time": "doorlooptijd",
    "cost": "kosten",
    "process": "procesjuistheid",
}
EFFECT_MIN, EFFECT_MAX = -3, 3
MAX_DEPTH = 12  # conversation steps on the longest path
MAX_STEPS = 60
MIN_CHOICES, MAX_CHOICES = 2, 4


@dataclass(frozen=True)
class Choice:
    key: str
    next_step: str | None
    effects: dict[str, int]


@dataclass(frozen=True)
class Step:
    key: str
    is_ending: bool
    choices: tuple[Choice, ...] = ()


@dataclass(frozen=True)
class Graph:
    start: str | None
    steps: dict[str, Step]

    @classmethod
    def of(cls, start: str | None, steps: Iterable[Step]) -> "Graph":
        return cls(start=start, steps={step.key: step for step in steps})


@dataclass(frozen=True)
class GraphProblem:
    code: str
    message: str
    step: str | None = None
    choice: str | None = None


@dataclass(frozen=True)
class Bounds:
    """Per dimension the worst and the best total over every path from the start."""

    worst: dict[str, int]
    best: dict[str, int]

    def normalised(self, totals: dict[str, int]) -> dict[str, float]:
        """0 for the worst total this graph allows, 100 for the best."""
        scores = {}
        for dimension in DIMENSIONS:
            low, high = self.worst[dimension], self.best[dimension]
            if high == low:
                scores[dimension] = 100.0
            else:
                scores[dimension] = round(100 * (totals[dimension] - low) / (high - low), 1)
        return scores

    def as_json(self) -> dict:
        return {d: [self.worst[d], self.best[d]] for d in DIMENSIONS}

    @classmethod
    def from_json(cls, data: dict) -> "Bounds":
        return cls(
            worst={d: data[d][0] for d in DIMENSIONS}, best={d: data[d][1] for d in DIMENSIONS}
        )


@dataclass
class GraphAnalysis:
    problems: list[GraphProblem] = field(default_factory=list)
    bounds: Bounds | None = None
    depth: int = 0  # conversation steps on the longest path
    endings: int = 0  # reachable endings

    @property
    def is_sound(self) -> bool:
        return not self.problems

    def problems_of(self, step_key: str) -> list[GraphProblem]:
        return [problem for problem in self.problems if problem.step == step_key]


def analyse(graph: Graph) -> GraphAnalysis:
    analysis = GraphAnalysis()
    problems = analysis.problems
    if len(graph.steps) > MAX_STEPS:
        problems.append(
            GraphProblem(
                "too_many_steps",
                _("A simulation has at most %(max)s steps.") % {"max": MAX_STEPS},
            )
        )
        return analysis
    _check_steps(graph, problems)
    if graph.start is None or graph.start not in graph.steps:
        problems.append(
            GraphProblem("no_start", _("Choose the step the conversation starts with."))
        )
        return analysis
    reachable = _reachable(graph)
    for key in graph.steps:
        if key not in reachable:
            problems.append(
                GraphProblem("unreachable", _("No path from the start leads here."), step=key)
            )
    cycle = _cycle(graph, reachable)
    if cycle:
        path = " → ".join([*cycle, cycle[0]])
        problems.extend(
            GraphProblem(
                "cycle", _("This step is part of a loop: %(path)s.") % {"path": path}, step=key
            )
            for key in cycle
        )
        return analysis
    endings = [key for key in reachable if graph.steps[key].is_ending]
    analysis.endings = len(endings)
    if not endings:
        problems.append(GraphProblem("no_ending", _("The conversation needs at least one ending.")))
    analysis.depth = _depth(graph, graph.start, {})
    if analysis.depth > MAX_DEPTH:
        problems.append(
            GraphProblem(
                "too_deep",
                _("The longest path has %(depth)s steps; at most %(max)s.")
                % {"depth": analysis.depth, "max": MAX_DEPTH},
            )
        )
    if not problems:
        analysis.bounds = _bounds(graph)
    return analysis


def _check_steps(graph: Graph, problems: list[GraphProblem]) -> None:
    for step in graph.steps.values():
        if step.is_ending:
            if step.choices:
                problems.append(
                    GraphProblem(
                        "ending_with_choices", _("An ending has no choices."), step=step.key
                    )
                )
            continue
        if not step.choices:
            problems.append(
                GraphProblem(
                    "dead_end", _("This step has no choices: the path stops here."), step=step.key
                )
            )
        elif not MIN_CHOICES <= len(step.choices) <= MAX_CHOICES:
            problems.append(
                GraphProblem(
                    "choice_count",
                    _("A step offers %(min)s to %(max)s choices.")
                    % {"min": MIN_CHOICES, "max": MAX_CHOICES},
                    step=step.key,
                )
            )
        for choice in step.choices:
            _check_choice(graph, step, choice, problems)


def _check_choice(graph: Graph, step: Step, choice: Choice, problems: list[GraphProblem]) -> None:
    if choice.next_step is None:
        problems.append(
            GraphProblem(
                "dead_end",
                _("This choice leads nowhere: the path stops here."),
                step=step.key,
                choice=choice.key,
            )
        )
    elif choice.next_step not in graph.steps:
        problems.append(
            GraphProblem(
                "unknown_step",
                _("This choice leads to a step that does not exist."),
                step=step.key,
                choice=choice.key,
            )
        )
    for dimension in DIMENSIONS:
        value = choice.effects.get(dimension)
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or not EFFECT_MIN <= value <= EFFECT_MAX
        ):
            problems.append(
                GraphProblem(
                    "effect_out_of_range",
                    _("Every effect is a whole number from %(min)s to %(max)s.")
                    % {"min": EFFECT_MIN, "max": EFFECT_MAX},
                    step=step.key,
                    choice=choice.key,
                )
            )
            break


def _next_steps(graph: Graph, key: str) -> list[str]:
    return [
        choice.next_step
        for choice in graph.steps[key].choices
        if choice.next_step is not None and choice.next_step in graph.steps
    ]


def _reachable(graph: Graph) -> list[str]:
    """Steps reachable from the start, in the order a breadth-first walk meets them."""
    seen, queue = [graph.start], [graph.start]
    while queue:
        for following in _next_steps(graph, queue.pop(0)):
            if following not in seen:
                seen.append(following)
                queue.append(following)
    return seen


def _cycle(graph: Graph, keys: Sequence[str]) -> list[str]:
    """One loop among ``keys`` (its steps in order), or [] when there is none."""
    state: dict[str, str] = {}  # key -> "open" while on the path, "done" when finished
    path: list[str] = []

    def visit(key) -> list[str]:
        state[key] = "open"
        path.append(key)
        for following in _next_steps(graph, key):
            if state.get(following) == "open":
                return path[path.index(following) :]
            if following not in state:
                found = visit(following)
                if found:
                    return found
        state[key] = "done"
        path.pop()
        return []

    for key in keys:
        if key not in state:
            found = visit(key)
            if found:
                return found
    return []


def _depth(graph: Graph, key: str, memo: dict[str, int]) -> int:
    if key not in memo:
        step = graph.steps[key]
        following = _next_steps(graph, key)
        memo[key] = (
            0 if step.is_ending else 1 + max((_depth(graph, n, memo) for n in following), default=0)
        )
    return memo[key]


def _bounds(graph: Graph) -> Bounds:
    return Bounds(
        worst=totals_from(graph, min)[graph.start], best=totals_from(graph, max)[graph.start]
    )


def totals_from(graph: Graph, pick=max) -> dict[str, dict[str, int]]:
    """Per step of a sound graph, per dimension, the best (``max``) or worst (``min``) total
    still reachable from that step to an ending."""
    totals: dict[str, dict[str, int]] = {}

    def walk(key):
        if key in totals:
            return totals[key]
        step = graph.steps[key]
        if step.is_ending:
            totals[key] = dict.fromkeys(DIMENSIONS, 0)
        else:
            for choice in step.choices:
                walk(choice.next_step)
            totals[key] = {
                d: pick(c.effects[d] + totals[c.next_step][d] for c in step.choices)
                for d in DIMENSIONS
            }
        return totals[key]

    walk(graph.start)
    return totals
