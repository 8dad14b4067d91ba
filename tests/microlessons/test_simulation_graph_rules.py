"""The simulation graph rules, tested like arithmetic (no database)."""

import pytest

from microlessons.simulation_graph import (
    MAX_DEPTH,
    Bounds,
    Choice,
    Graph,
    Step,
    analyse,
    totals_from,
)

ZERO = {"customer_satisfaction": 0, "lead_time": 0, "cost": 0, "process": 0}


def effects(**changes):
    return {**ZERO, **changes}


def to(key, name=None, **changes):
    return Choice(key=name or f"naar-{key}", next_step=key, effects=effects(**changes))


def talk(key, *choices):
    return Step(key=key, is_ending=False, choices=choices)


def end(key):
    return Step(key=key, is_ending=True)


def codes(analysis):
    return {(problem.code, problem.step) for problem in analysis.problems}


def test_a_sound_graph_has_no_problems_and_records_its_bounds():
    graph = Graph.of(
        "begin",
        [
            talk("begin", to("goed", customer_satisfaction=3, cost=-1), to("kort", lead_time=2)),
            talk("goed", to("einde-a", process=2, name="a"), to("einde-b", process=-1, name="b")),
            talk(
                "kort", to("einde-b", customer_satisfaction=-2, name="c"), to("einde-a", name="d")
            ),
            end("einde-a"),
            end("einde-b"),
        ],
    )
    analysis = analyse(graph)
    assert analysis.is_sound and analysis.endings == 2 and analysis.depth == 2
    assert analysis.bounds.best == {
        "customer_satisfaction": 3,
        "lead_time": 2,
        "cost": 0,
        "process": 2,
    }
    assert analysis.bounds.worst == {
        "customer_satisfaction": -2,
        "lead_time": 0,
        "cost": -1,
        "process": -1,
    }


def test_every_problem_is_reported_at_once():
    graph = Graph.of(
        "begin",
        [
            talk("begin", to("midden"), Choice("nergens", None, ZERO)),
            talk("midden", to("einde"), to("onbekend")),
            talk("los", to("einde"), to("midden")),  # nobody leads here
            talk("alleen", to("einde")),  # one choice, and unreachable
            end("einde"),
        ],
    )
    found = codes(analyse(graph))
    assert ("dead_end", "begin") in found
    assert ("unknown_step", "midden") in found
    assert ("unreachable", "los") in found and ("unreachable", "alleen") in found
    assert ("choice_count", "alleen") in found


def test_a_cycle_is_found_and_named():
    graph = Graph.of(
        "begin",
        [
            talk("begin", to("a"), to("einde")),
            talk("a", to("b"), to("einde")),
            talk("b", to("a"), to("einde")),
            end("einde"),
        ],
    )
    analysis = analyse(graph)
    assert {step for code, step in codes(analysis) if code == "cycle"} == {"a", "b"}
    assert analysis.bounds is None


def test_a_graph_without_an_ending_or_a_start_cannot_be_published():
    loops_to_itself = Graph.of("begin", [talk("begin", to("begin"), to("begin", "ook"))])
    assert ("cycle", "begin") in codes(analyse(loops_to_itself))
    no_start = Graph.of(None, [end("einde")])
    assert ("no_start", None) in codes(analyse(no_start))
    only_talk = Graph.of("begin", [talk("begin", Choice("x", None, ZERO), Choice("y", None, ZERO))])
    assert ("no_ending", None) in codes(analyse(only_talk))


def test_depth_is_bounded():
    steps = [
        talk(f"s{n}", to(f"s{n + 1}"), to("einde", name=f"stop-{n}")) for n in range(MAX_DEPTH + 1)
    ]
    steps[-1] = talk(f"s{MAX_DEPTH}", to("einde", name="a"), to("einde", name="b"))
    graph = Graph.of("s0", [*steps, end("einde")])
    assert ("too_deep", None) in codes(analyse(graph))


@pytest.mark.parametrize("value", [4, -4, "2", None, True])
def test_effects_are_whole_numbers_from_minus_three_to_three(value):
    bad = Choice("raar", "einde", {**ZERO, "cost": value})
    graph = Graph.of("begin", [talk("begin", bad, to("einde")), end("einde")])
    assert ("effect_out_of_range", "begin") in codes(analyse(graph))


def test_scores_are_normalised_between_the_worst_and_the_best_total():
    bounds = Bounds(worst={**ZERO, "cost": -4}, best={**ZERO, "cost": 4})
    assert bounds.normalised({**ZERO, "cost": -4})["cost"] == 0
    assert bounds.normalised({**ZERO, "cost": 0})["cost"] == 50
    assert bounds.normalised({**ZERO, "cost": 4})["cost"] == 100
    assert bounds.normalised(ZERO)["process"] == 100  # nothing to choose: full marks
    assert Bounds.from_json(bounds.as_json()) == bounds


def test_the_best_total_from_each_step_sums_along_the_best_path():
    graph = Graph.of(
        "begin",
        [
            talk("begin", to("a", process=1), to("einde", process=-2)),
            talk("a", to("einde", process=2, name="x"), to("einde", process=0, name="y")),
            end("einde"),
        ],
    )
    best = totals_from(graph, max)
    assert (
        best["begin"]["process"] == 3
        and best["a"]["process"] == 2
        and best["einde"]["process"] == 0
    )
