"""Small groups are never shown in insights, and cannot be worked out from what is shown.

A table has detail cells and, per row and per column, a total (the totals are cells too, in
the row and column named ``TOTAL``); every cell has a value and the number of people behind it.
Cells of fewer than ``minimum`` people are hidden (primary suppression). A hidden cell could
still be worked out when it is the only hidden cell of a line whose total is shown: the total
minus the others. So in every row and every column, a second cell is hidden too, the one with
the fewest people (complementary suppression), until no line holds exactly one hidden cell.
Pure Python: the same rule for every view and every export.
"""

TOTAL = "totaal"


def hidden_cells(counts: dict[tuple[str, str], int], *, minimum: int) -> set[tuple[str, str]]:
    """The cells to hide, from ``counts``: (row, column) -> number of people (0: no data).

    Rows and columns include the TOTAL row and column where the table shows totals."""
    hidden = {cell for cell, people in counts.items() if 0 < people < minimum}
    lines = _lines(counts)
    changed = True
    while changed:
        changed = False
        for line in lines:
            shown_with_people = [c for c in line if counts[c] > 0 and c not in hidden]
            if sum(1 for c in line if c in hidden) == 1 and shown_with_people:
                hidden.add(min(shown_with_people, key=lambda c: (counts[c], c)))
                changed = True
    return hidden


def _lines(counts):
    """The rows and columns that show a total: only there can a hidden cell be worked out."""
    rows, columns = {}, {}
    for row, column in counts:
        rows.setdefault(row, []).append((row, column))
        columns.setdefault(column, []).append((row, column))
    with_total = [cells for row, cells in rows.items() if (row, TOTAL) in counts]
    with_total += [cells for column, cells in columns.items() if (TOTAL, column) in counts]
    return with_total
