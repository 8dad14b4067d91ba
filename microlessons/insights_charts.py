"""Bar charts of insight tables, drawn on the server as SVG (no script, no outside request):
one bar per group for one column; a hidden group shows as such, without a bar."""

from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from backend.common.group_tables import InsightTable

WIDTH, BAR, GAP, LABEL = 640, 22, 8, 200
NAVY, LIGHT, GREY = "#1f4e79", "#dfe8f1", "#8a97a6"


def bar_chart_svg(table: InsightTable, column: str | None = None) -> str:
    """Bars of ``column`` (default: the row totals, else the first column), 0 to 100."""
    rows = [*table.rows, *([table.total] if table.total else [])]

    def cell_of(row):
        if column is None:
            return row.total if row.total is not None else (row.cells[0] if row.cells else None)
        return next((cell for cell in row.cells if cell.column == column), None)

    height = len(rows) * (BAR + GAP) + GAP
    scale = (WIDTH - LABEL - 60) / 100
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" font-family="sans-serif" font-size="12">',
        f"<title>{escape(table.title)}</title>",
    ]
    for index, row in enumerate(rows):
        y = GAP + index * (BAR + GAP)
        cell = cell_of(row)
        bold = ' font-weight="bold"' if row is table.total else ""
        parts.append(
            f'<text x="{LABEL - 8}" y="{y + BAR - 7}" text-anchor="end"{bold}>'
            f"{escape(row.name)}</text>"
        )
        if cell is None or cell.hidden:
            parts.append(
                f'<text class="onderdrukt" x="{LABEL}" y="{y + BAR - 7}" fill="{GREY}">'
                f"{escape(_('not shown (small group)'))}</text>"
            )
            continue
        value = cell.value or 0
        parts.append(
            f'<rect x="{LABEL}" y="{y}" width="{100 * scale}" height="{BAR}" fill="{LIGHT}"/>'
            f'<rect class="balk" x="{LABEL}" y="{y}" width="{value * scale:.1f}" height="{BAR}" '
            f'fill="{NAVY}"/><text x="{LABEL + value * scale + 6:.1f}" y="{y + BAR - 7}">'
            f"{value:g}</text>"
        )
    parts.append("</svg>")
    return "\n".join(parts)
