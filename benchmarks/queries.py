"""Where the time of today_session() goes, statement by statement, and the plan of the slowest.

Uses a database execute wrapper rather than Django's debug cursor: it costs next to nothing.
It times the driver's execute(); on SQLite rows are fetched afterwards, which is not included.
"""

import re
import statistics
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import connection


@dataclass(frozen=True)
class Statement:
    sql: str
    params: tuple
    ms: float


@dataclass(frozen=True)
class StatementStats:
    position: int
    label: str
    mean_ms: float
    max_ms: float
    example: Statement  # the slowest execution, for EXPLAIN


class _Recorder:
    def __init__(self):
        self.statements: list[Statement] = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            elapsed = (time.perf_counter() - started) * 1000
            self.statements.append(Statement(sql, tuple(params or ()), elapsed))


def per_statement(calls: Iterable, function: Callable) -> list[StatementStats]:
    """Mean and max time of the n-th statement over all calls (the count is constant)."""
    runs = []
    for argument in calls:
        recorder = _Recorder()
        with connection.execute_wrapper(recorder):
            function(argument)
        runs.append(recorder.statements)
    positions = min(len(run) for run in runs)
    stats = []
    for position in range(positions):
        executions = [run[position] for run in runs]
        slowest = max(executions, key=lambda statement: statement.ms)
        stats.append(
            StatementStats(
                position=position + 1,
                label=label_for(slowest.sql),
                mean_ms=statistics.fmean(s.ms for s in executions),
                max_ms=slowest.ms,
                example=slowest,
            )
        )
    return stats


def label_for(sql: str) -> str:
    """'COUNT microlessons_reviewcard' and the like: enough to recognise the statement."""
    table = re.search(r'\bFROM\s+"?(\w+)"?', sql, re.IGNORECASE)
    name = table.group(1) if table else "?"
    counting = re.match(r"\s*SELECT\s+COUNT\(", sql, re.IGNORECASE)
    limited = re.search(r"\bLIMIT\s+\d+\s*$", sql, re.IGNORECASE)
    kind = "COUNT" if counting else "SELECT"
    return f"{kind} {name}" + (" (LIMIT)" if limited else "")


def explain(statement: Statement) -> str:
    """The plan, with actual timings on PostgreSQL (the statements are read-only SELECTs)."""
    if connection.vendor == "postgresql":
        prefix = "EXPLAIN (ANALYZE, BUFFERS) "
    elif connection.vendor == "sqlite":
        prefix = "EXPLAIN QUERY PLAN "
    else:
        prefix = "EXPLAIN "
    with connection.cursor() as cursor:
        cursor.execute(prefix + statement.sql, statement.params)
        rows = cursor.fetchall()
    if connection.vendor == "sqlite":  # (id, parent, notused, detail): indent by depth
        depth = {0: -1}
        lines = []
        for node_id, parent, _unused, detail in rows:
            depth[node_id] = depth.get(parent, -1) + 1
            lines.append("  " * depth[node_id] + detail)
        return "\n".join(lines)
    return "\n".join(str(row[0]) for row in rows)
