"""Tables of groups (departments, locations, values...) with small groups suppressed.

The insights and the campaign statistics both show counts or shares per group; they build
their tables here, so hiding small groups (backend.common.suppression) happens in one place
for the API, the admin pages and the CSV exports alike.
"""

import csv
import io
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from backend.common.suppression import TOTAL, hidden_cells

__all__ = ["TOTAL", "Cell", "InsightTable", "Row", "suppressed_table", "table_csv"]


@dataclass
class Cell:
    column: str
    value: float | None
    people: int | None  # how many people stand behind the value; None when hidden
    hidden: bool = False


@dataclass
class Row:
    key: str
    name: str
    cells: list[Cell]
    total: Cell | None = None


@dataclass
class InsightTable:
    key: str
    title: str
    unit: str  # "procent", "score" or "aantal" (API values)
    minimum: int
    columns: list[tuple[str, str]]
    rows: list[Row]
    total: Row | None = None
    notes: list[str] = field(default_factory=list)


def suppressed_table(key, title, unit, minimum, columns, rows, total_row) -> InsightTable:
    """Build the table and hide what suppression says; ``rows`` and ``total_row`` hold
    (value, people) pairs per column key (TOTAL included where shown)."""
    counts = {}
    for row_key, (_name, values) in rows.items():
        for column, (_value, people) in values.items():
            counts[(row_key, column)] = people
    if total_row is not None:
        for column, (_value, people) in total_row.items():
            counts[(TOTAL, column)] = people
    hidden = hidden_cells(counts, minimum=minimum)

    def cells(row_key, values):
        result = {}
        for column, (value, people) in values.items():
            if (row_key, column) in hidden:
                result[column] = Cell(column, None, None, hidden=True)
            else:
                result[column] = Cell(column, value, people)
        return result

    def row(row_key, name, values):
        built = cells(row_key, values)
        return Row(
            key=row_key,
            name=name,
            cells=[built[column] for column, _name in columns if column in built],
            total=built.get(TOTAL),
        )

    table_rows = [row(row_key, name, values) for row_key, (name, values) in rows.items()]
    total = row(TOTAL, _("All departments"), total_row) if total_row is not None else None
    notes = []
    if hidden:
        notes.append(
            _(
                "Groups of fewer than %(count)s people are not shown, nor a second group where "
                "the first could otherwise be worked out from the totals."
            )
            % {"count": minimum}
        )
    return InsightTable(key, title, unit, minimum, columns, table_rows, total, notes)


def table_csv(table: InsightTable) -> str:
    """The table as CSV (semicolons, as Dutch spreadsheets expect): per column its value and
    the number of people behind it; hidden cells say so and give neither."""
    hidden_label = _("not shown (small group)")
    header = [_("Group")]
    for _key, name in table.columns:
        header += [name, _("%(name)s (people)") % {"name": name}]
    with_totals = any(row.total is not None for row in table.rows)
    if with_totals:
        header += [_("Total"), _("Total (people)")]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)

    def cell_values(cell):
        if cell is None:
            return ["", ""]
        if cell.hidden:
            return [hidden_label, hidden_label]
        return ["" if cell.value is None else cell.value, cell.people]

    for row in [*table.rows, *([table.total] if table.total else [])]:
        line = [row.name]
        for cell in row.cells:
            line += cell_values(cell)
        if with_totals:
            line += cell_values(row.total)
        writer.writerow(line)
    return buffer.getvalue()
