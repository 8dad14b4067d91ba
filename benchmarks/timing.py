"""Timing and query counting. Wall time and query counts come from separate passes: capturing
queries makes Django log every statement (on SQLite it even runs an extra query per statement
to quote the parameters), which would inflate the timings."""

import math
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import connection
from django.test.utils import CaptureQueriesContext


@dataclass(frozen=True)
class Result:
    label: str
    calls: int
    p50: float  # milliseconds
    p95: float
    p99: float
    max: float
    queries_min: int
    queries_max: int

    @property
    def queries(self) -> str:
        if self.queries_min == self.queries_max:
            return str(self.queries_min)
        return f"{self.queries_min}-{self.queries_max}"


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest rank: the smallest value with at least ``fraction`` of the values at or below."""
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return sorted_values[rank - 1]


def timed(calls: Iterable, function: Callable) -> list[float]:
    """Milliseconds per ``function(argument)`` call, one per argument."""
    durations = []
    for argument in calls:
        started = time.perf_counter()
        function(argument)
        durations.append((time.perf_counter() - started) * 1000)
    return durations


def query_counts(calls: Iterable, function: Callable) -> list[int]:
    counts = []
    for argument in calls:
        with CaptureQueriesContext(connection) as captured:
            function(argument)
        counts.append(len(captured))
    return counts


def summarise(label: str, durations: list[float], counts: list[int]) -> Result:
    ordered = sorted(durations)
    return Result(
        label=label,
        calls=len(ordered),
        p50=percentile(ordered, 0.50),
        p95=percentile(ordered, 0.95),
        p99=percentile(ordered, 0.99),
        max=ordered[-1],
        queries_min=min(counts),
        queries_max=max(counts),
    )
