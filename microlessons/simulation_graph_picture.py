"""The graph of a simulation drawn as an SVG picture for its editor, with every problem the
publish check finds marked on the step it concerns (pure Python, no database).

Steps stand in columns by how far they are from the start; steps that cannot be reached stand
in a last column of their own. Each arrow is a choice. A step with a problem gets a red frame
and a numbered mark; the numbers are explained in a list under the picture.
"""

from collections import defaultdict
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from microlessons.simulation_graph import Graph, GraphAnalysis

BOX_WIDTH, BOX_HEIGHT = 200, 64
COLUMN, ROW = 260, 96
MARGIN = 24
LINE = 18
NAVY, GREEN, RED, GREY = "#1f4e79", "#2e7d32", "#c62828", "#8a97a6"


def _columns(graph: Graph, has_loops: bool) -> dict[str, int]:
    """Steps by distance from the start (without loops the longest way, so every arrow points
    right); what the start does not reach goes in the column after the last."""
    column: dict[str, int] = {}
    if graph.start in graph.steps:
        column[graph.start] = 0
        queue = [graph.start]
        while queue:  # breadth first: the shortest way
            key = queue.pop(0)
            for choice in graph.steps[key].choices:
                if choice.next_step in graph.steps and choice.next_step not in column:
                    column[choice.next_step] = column[key] + 1
                    queue.append(choice.next_step)
        for _round in range(len(graph.steps) if not has_loops else 0):
            moved = False
            for key in list(column):
                for choice in graph.steps[key].choices:
                    following = choice.next_step
                    if following in column and column[following] <= column[key]:
                        column[following] = column[key] + 1
                        moved = True
            if not moved:
                break
    last = max(column.values(), default=-1) + 1
    for key in graph.steps:
        column.setdefault(key, last)
    return column


def _wrap(text: str, width: int = 30, lines: int = 2) -> list[str]:
    words, result, line = text.split(), [], ""
    for word in words:
        if len(line) + len(word) + 1 > width and line:
            result.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    result.append(line)
    if len(result) > lines:
        result = [*result[: lines - 1], result[lines - 1][: width - 1] + "…"]
    return result


def graph_svg(graph: Graph, analysis: GraphAnalysis, labels: dict[str, str]) -> str:
    columns = _columns(graph, any(p.code == "cycle" for p in analysis.problems))
    by_column = defaultdict(list)
    for key in graph.steps:
        by_column[columns[key]].append(key)
    position = {}
    for column, keys in by_column.items():
        for row, key in enumerate(keys):
            position[key] = (MARGIN + column * COLUMN, MARGIN + LINE + row * ROW)
    numbered = list(enumerate(analysis.problems, start=1))
    marks = defaultdict(list)
    for number, problem in numbered:
        if problem.step in graph.steps:
            marks[problem.step].append(number)
    width = MARGIN * 2 + max(columns.values(), default=0) * COLUMN + BOX_WIDTH
    height_graph = MARGIN + LINE + max((len(k) for k in by_column.values()), default=1) * ROW
    height = height_graph + LINE * (len(numbered) + 2) + MARGIN
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12" role="img">',
        f"<title>{escape(_('The conversation as a graph'))}</title>",
        '<defs><marker id="pijl" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        f'markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" '
        f'fill="{GREY}"/></marker></defs>',
    ]
    if graph.start in position:
        x, y = position[graph.start]
        parts.append(
            f'<text x="{x}" y="{y - 6}" fill="{NAVY}" font-weight="bold">'
            f"{escape(_('Start'))} ▸</text>"
        )
    parts.extend(_arrows(graph, position))
    for key, step in graph.steps.items():
        parts.append(_box(key, step.is_ending, position[key], labels.get(key, ""), marks[key]))
    parts.append(_legend(numbered, height_graph, analysis))
    parts.append("</svg>")
    return "\n".join(parts)


def _arrows(graph, position):
    for step in graph.steps.values():
        x, y = position[step.key]
        for choice in step.choices:
            if choice.next_step not in position:
                continue
            nx, ny = position[choice.next_step]
            x1, y1 = x + BOX_WIDTH, y + BOX_HEIGHT / 2
            x2, y2 = nx, ny + BOX_HEIGHT / 2
            if nx <= x:  # backwards: a loop, drawn underneath
                bend = max(y, ny) + BOX_HEIGHT + 20
                path = f"M {x1} {y1} C {x1 + 40} {bend}, {x2 - 40} {bend}, {x2} {y2}"
                colour = RED
            else:
                middle = (x1 + x2) / 2
                path = f"M {x1} {y1} C {middle} {y1}, {middle} {y2}, {x2} {y2}"
                colour = GREY
            yield (
                f'<path class="keuze" data-keuze="{escape(choice.key)}" d="{path}" fill="none" '
                f'stroke="{colour}" stroke-width="1.5" marker-end="url(#pijl)"/>'
            )


def _box(key, is_ending, at, label, numbers):
    x, y = at
    colour = GREEN if is_ending else NAVY
    kind = "einde" if is_ending else "stap"
    problem = " probleem" if numbers else ""
    frame = RED if numbers else colour
    heading = key + (f" · {_('ending')}" if is_ending else "")
    lines = [escape(_wrap(heading, width=28, lines=1)[0])]
    lines += [escape(line) for line in _wrap(label)]
    bold = ' font-weight="bold"'
    text = "".join(
        f'<tspan x="{x + 10}" dy="{15 if index else 18}"{bold if index == 0 else ""}>{line}</tspan>'
        for index, line in enumerate(lines)
    )
    mark = ""
    if numbers:
        label_numbers = ",".join(str(n) for n in numbers)
        mark = (
            f'<circle cx="{x + BOX_WIDTH}" cy="{y}" r="11" fill="{RED}"/>'
            f'<text x="{x + BOX_WIDTH}" y="{y + 4}" text-anchor="middle" fill="white" '
            f'font-size="10" font-weight="bold">{label_numbers}</text>'
        )
    return (
        f'<g class="{kind}{problem}" data-stap="{escape(key)}">'
        f'<rect x="{x}" y="{y}" width="{BOX_WIDTH}" height="{BOX_HEIGHT}" rx="8" '
        f'fill="white" stroke="{frame}" stroke-width="{3 if numbers else 1.5}"/>'
        f'<text y="{y}" fill="{colour}">{text}</text>{mark}</g>'
    )


def _legend(numbered, top, analysis):
    if not numbered:
        summary = escape(_("No problems: this version can be published."))
        return (
            f'<text class="geen-problemen" x="{MARGIN}" y="{top + LINE}" fill="{GREEN}">'
            f"{summary}</text>"
        )
    rows = [
        f'<text x="{MARGIN}" y="{top + LINE}" fill="{RED}" font-weight="bold">'
        f"{escape(_('Problems before publishing:'))}</text>"
    ]
    for offset, (number, problem) in enumerate(numbered, start=2):
        where = problem.step or _("the whole conversation")
        if problem.choice:
            where = f"{where} → {problem.choice}"
        rows.append(
            f'<text class="probleemregel" data-code="{escape(problem.code)}" x="{MARGIN}" '
            f'y="{top + LINE * offset}" fill="{RED}">{number}. {escape(where)}: '
            f"{escape(problem.message)}</text>"
        )
    return "".join(rows)
