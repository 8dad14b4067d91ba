"""Small-group suppression, tested like arithmetic: no hidden value can be worked out."""

from backend.common.suppression import TOTAL, hidden_cells


def table(people_per_department: dict[str, int], topics=("a", "b")):
    """Every department answered every topic; totals per department, per topic, overall."""
    counts = {}
    for department, people in people_per_department.items():
        for topic in topics:
            counts[(department, topic)] = people
        counts[(department, TOTAL)] = people
    everyone = sum(people_per_department.values())
    for topic in (*topics, TOTAL):
        counts[(TOTAL, topic)] = everyone
    return counts


def test_groups_below_the_minimum_are_hidden():
    hidden = hidden_cells(table({"kcc": 12, "handhaving": 4, "vergunningen": 9}), minimum=5)
    assert ("handhaving", "a") in hidden and ("handhaving", TOTAL) in hidden


def test_a_second_group_is_hidden_so_the_first_cannot_be_subtracted_from_the_total():
    counts = table({"kcc": 12, "handhaving": 4, "vergunningen": 9, "belastingen": 30})
    hidden = hidden_cells(counts, minimum=5)
    for topic in ("a", "b", TOTAL):
        column = [cell for cell in counts if cell[1] == topic]
        assert sum(cell in hidden for cell in column) >= 2  # never exactly one
    assert ("vergunningen", "a") in hidden  # the smallest other group
    assert ("kcc", "a") not in hidden and ("belastingen", "a") not in hidden


def test_no_line_with_a_total_ever_holds_exactly_one_hidden_cell():
    counts = table({"a": 3, "b": 5, "c": 6, "d": 40, "e": 2}, topics=("x", "y", "z"))
    hidden = hidden_cells(counts, minimum=5)
    rows = {row for row, _ in counts}
    columns = {column for _, column in counts}
    for row in rows:
        line = [c for c in counts if c[0] == row]
        assert sum(c in hidden for c in line) != 1, row
    for column in columns:
        line = [c for c in counts if c[1] == column]
        assert sum(c in hidden for c in line) != 1, column


def test_without_small_groups_nothing_is_hidden():
    assert hidden_cells(table({"kcc": 12, "handhaving": 5}), minimum=5) == set()


def test_a_hidden_group_with_only_the_total_beside_it_hides_the_total():
    counts = {("kcc", "a"): 3, ("kcc", TOTAL): 3, (TOTAL, "a"): 3, (TOTAL, TOTAL): 3}
    assert hidden_cells(counts, minimum=5) == set(counts)


def test_lines_without_a_total_need_no_second_cell():
    counts = {("w1", "kcc"): 3, ("w1", "handhaving"): 9}  # no totals shown
    assert hidden_cells(counts, minimum=5) == {("w1", "kcc")}
