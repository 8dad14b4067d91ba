"""Draw the pictures of the demo lessons from declarative specs (demo_content/afbeeldingen).

Pure Pillow, no Django: :func:`render_picture` checks a spec, lays it out and returns PNG
bytes. A spec names a kind (``soort``) and holds only texts and numbers, so content writers
describe a flow, a time line, a floor plan, a comparison, a ladder or a table and never draw.

Promises, so that a picture is always fit for a phone screen:
- every text is at least 26 px on a 1200 x 750 picture, shrinks (and wraps by measured
  width) to fit its box, and never leaves it; what cannot fit is a PictureSpecError;
- every text is drawn with Source Sans Pro and checked against its character map first;
- equal specs give equal bytes (fixed encoder options, no metadata), so the content-pack
  pipeline, which de-duplicates images by hash, stores a picture once.
"""

import io
import itertools
import math
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

from PIL import Image, ImageDraw

from backend.common.fonts import Weight, load_font, missing_characters

WIDTH, HEIGHT = 1200, 750
MARGIN = 48
MIN_TEXT_SIZE = 26
TITLE_MAX_LENGTH = 70
DESCRIPTION_MAX_LENGTH = 300  # the pack's limit for an image description
LABEL_MAX_LENGTH = 80  # a hard stop; whether a label fits its box is measured when drawing
MAX_GRID = (24, 16)
MAX_TIME = 1000  # the largest number on a time line

_LEADING = 1.2  # line spacing of wrapped text, in font sizes

# Drawn at twice the size and reduced, which gives smooth edges to lines, circles and
# rounded corners (Pillow draws shapes without anti-aliasing).
_SCALE = 2

WHITE = (255, 255, 255)
BLUE = (27, 54, 93)  # the one dark blue: text, outlines, bars
ACCENT = (224, 123, 0)  # the one accent: step numbers, moments, highlights (3:1 on white)
BLUE_TINT = (232, 238, 246)  # box fills
GREY = (138, 150, 163)  # lines and arrows
GREY_LIGHT = (226, 230, 235)  # grid lines, table stripes
GREY_TEXT = (74, 85, 99)  # secondary text

KINDS = ("stroom", "tijdlijn", "plattegrond", "vergelijking", "ladder", "tabel")
DIRECTIONS = ("horizontaal", "verticaal")
TIME_UNITS = ("dagen", "werkdagen", "weken", "maanden")
ARROWS = ("omhoog", "omlaag")


class PictureSpecError(ValueError):
    """A spec cannot be drawn. ``problems`` lists (field, message) pairs; the field is a
    dotted path into the spec, such as ``stappen.2.tekst``."""

    def __init__(self, problems: Sequence[tuple[str, str]]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(f"{field}: {message}" for field, message in self.problems))


def render_picture(spec: dict) -> bytes:
    """The PNG (1200 x 750) of a picture spec; raises PictureSpecError for a bad spec."""
    _validate(spec)
    canvas = _Canvas()
    area = _draw_title(canvas, spec["titel"])
    _DRAW[spec["soort"]](canvas, spec, area)
    return canvas.png()


# --- validation -----------------------------------------------------------------------------


class _Checker:
    """Collects every problem of a spec, so that a writer sees them all at once."""

    def __init__(self) -> None:
        self.problems: list[tuple[str, str]] = []

    def add(self, field: str, message: str) -> None:
        self.problems.append((field, message))

    def fields(self, data, field: str, required: Sequence[str], optional: Sequence[str] = ()):
        """``data`` if it is an object; reports missing and unknown (misspelt) fields."""
        if not isinstance(data, dict):
            self.add(field or "spec", "must be an object")
            return None
        for key in required:
            if key not in data:
                self.add(_path(field, key), "is missing")
        for key in data:
            if key not in required and key not in optional:
                allowed = ", ".join([*required, *optional])
                self.add(_path(field, key), f"is not a field here (use {allowed})")
        return data

    def text(
        self,
        value,
        field: str,
        *,
        weight: Weight | None = None,
        max_length: int = LABEL_MAX_LENGTH,
        required: bool = True,
    ) -> None:
        """A text's length and, if it is drawn in ``weight``, every character in the font."""
        if not isinstance(value, str):
            self.add(field, "must be text")
            return
        if required and not value.strip():
            self.add(field, "must not be empty")
        if len(value) > max_length:
            self.add(field, f"has {len(value)} characters; at most {max_length}")
        missing = missing_characters(value, weight) if weight else set()
        if missing:
            listed = ", ".join(f"{char!r} (U+{ord(char):04X})" for char in sorted(missing))
            self.add(field, f"the font has no glyph for {listed}")

    def text_field(self, data: dict, key: str, field: str, **options) -> None:
        """``data[key]`` as :meth:`text`; an absent key is reported elsewhere."""
        if key in data:
            self.text(data[key], _path(field, key), **options)

    def items(self, data: dict, key: str, field: str, minimum: int, maximum: int) -> list:
        """The list ``data[key]``; an absent key is an empty list (reported elsewhere)."""
        if key not in data:
            return []
        value = data[key]
        if not isinstance(value, list):
            self.add(_path(field, key), "must be a list")
            return []
        if not minimum <= len(value) <= maximum:
            self.add(_path(field, key), f"has {len(value)} items; use {minimum} to {maximum}")
        return value

    def choice(self, data: dict, key: str, field: str, choices: Sequence[str]) -> None:
        if key in data and data[key] not in choices:
            self.add(_path(field, key), f"must be one of {', '.join(choices)}")

    def boolean(self, data: dict, key: str, field: str) -> None:
        if key in data and not isinstance(data[key], bool):
            self.add(_path(field, key), "must be true or false")

    def number(
        self, data: dict, key: str, field: str, low: float, high: float, *, whole: bool = False
    ) -> bool:
        """Whether ``data[key]`` is a number from ``low`` to ``high``; reports it if not."""
        if key not in data:
            return False
        value = data[key]
        kinds = (int,) if whole else (int, float)
        if isinstance(value, bool) or not isinstance(value, kinds) or not math.isfinite(value):
            self.add(_path(field, key), "must be a whole number" if whole else "must be a number")
            return False
        if not low <= value <= high:
            self.add(_path(field, key), f"is {value}; use {low} to {high}")
            return False
        return True


def _path(field: str, key: str | int) -> str:
    return f"{field}.{key}" if field else str(key)


def _is_pair(value, high_x: int, high_y: int, low: int = 0) -> bool:
    return (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(number, int) and not isinstance(number, bool) for number in value)
        and low <= value[0] <= high_x
        and low <= value[1] <= high_y
    )


def _validate(spec) -> None:
    check = _Checker()
    if not isinstance(spec, dict):
        raise PictureSpecError([("spec", "must be an object")])
    kind = spec.get("soort")
    if isinstance(kind, str) and kind in _KIND_FIELDS:
        required, optional = _KIND_FIELDS[kind]
    else:
        check.add("soort", f"unknown kind {kind!r}; use one of {', '.join(KINDS)}")
        required, optional = (), _ALL_KIND_FIELDS  # report only the kind itself
    check.fields(spec, "", ("beschrijving", "titel", "soort", *required), optional)
    # The description is the alternative text, not drawn: any character will do.
    check.text_field(spec, "beschrijving", "", max_length=DESCRIPTION_MAX_LENGTH)
    check.text_field(spec, "titel", "", weight="bold", max_length=TITLE_MAX_LENGTH)
    if isinstance(kind, str) and kind in _KIND_FIELDS:
        _VALIDATE[kind](spec, check)
    if check.problems:
        raise PictureSpecError(check.problems)


def _validate_flow(spec: dict, check: _Checker) -> None:
    check.choice(spec, "richting", "", DIRECTIONS)
    for index, step in enumerate(check.items(spec, "stappen", "", 2, 7)):
        field = f"stappen.{index}"
        if check.fields(step, field, ("tekst",), ("toelichting",)):
            check.text_field(step, "tekst", field, weight="semibold")
            check.text_field(step, "toelichting", field, weight="regular")


def _validate_timeline(spec: dict, check: _Checker) -> None:
    check.choice(spec, "eenheid", "", TIME_UNITS)
    periods = check.items(spec, "perioden", "", 0, 6)
    moments = check.items(spec, "momenten", "", 0, 6)
    if not periods and not moments:
        check.add("perioden", "a time line needs at least one period or moment")
    for index, period in enumerate(periods):
        field = f"perioden.{index}"
        if not check.fields(period, field, ("van", "tot", "tekst"), ("stippel",)):
            continue
        check.text_field(period, "tekst", field, weight="semibold")
        check.boolean(period, "stippel", field)
        start_ok = check.number(period, "van", field, 0, MAX_TIME)
        end_ok = check.number(period, "tot", field, 0, MAX_TIME)
        if start_ok and end_ok and period["tot"] <= period["van"]:
            check.add(f"{field}.tot", "must be after van")
    for index, moment in enumerate(moments):
        field = f"momenten.{index}"
        if check.fields(moment, field, ("op", "tekst")):
            check.text_field(moment, "tekst", field, weight="regular")
            check.number(moment, "op", field, 0, MAX_TIME)


def _validate_floor_plan(spec: dict, check: _Checker) -> None:
    grid_ok = _is_pair(spec.get("raster"), *MAX_GRID, low=1)
    if "raster" in spec and not grid_ok:
        check.add("raster", "must be [breedte, hoogte]: whole numbers, at most 24 x 16")
    columns, rows = spec["raster"] if grid_ok else MAX_GRID
    placed: list[tuple[int, int, int, int, int]] = []
    for index, room in enumerate(check.items(spec, "ruimtes", "", 1, 12)):
        field = f"ruimtes.{index}"
        if not check.fields(room, field, ("tekst", "x", "y", "b", "h"), ("nadruk",)):
            continue
        check.text_field(room, "tekst", field, weight="semibold")
        check.boolean(room, "nadruk", field)
        numbers_ok = [
            check.number(room, "x", field, 0, columns - 1, whole=True),
            check.number(room, "y", field, 0, rows - 1, whole=True),
            check.number(room, "b", field, 1, columns, whole=True),
            check.number(room, "h", field, 1, rows, whole=True),
        ]
        if not all(numbers_ok):
            continue
        x, y, width, height = room["x"], room["y"], room["b"], room["h"]
        if x + width > columns or y + height > rows:
            check.add(field, f"reaches outside the grid of {columns} x {rows}")
            continue
        for other, ox, oy, other_width, other_height in placed:
            if (
                x < ox + other_width
                and ox < x + width
                and y < oy + other_height
                and oy < y + height
            ):
                check.add(field, f"overlaps ruimtes.{other}")
        placed.append((index, x, y, width, height))
    for index, point in enumerate(check.items(spec, "route", "", 2, 20)):
        if not _is_pair(point, columns, rows):
            check.add(f"route.{index}", f"must be [x, y] on the grid: 0..{columns}, 0..{rows}")


def _validate_comparison(spec: dict, check: _Checker) -> None:
    for side in ("links", "rechts"):
        if side in spec and check.fields(spec[side], side, ("kop", "regels")):
            check.text_field(spec[side], "kop", side, weight="semibold")
            for index, line in enumerate(check.items(spec[side], "regels", side, 2, 6)):
                check.text(line, f"{side}.regels.{index}", weight="regular")


def _validate_ladder(spec: dict, check: _Checker) -> None:
    for index, step in enumerate(check.items(spec, "treden", "", 3, 6)):
        check.text(step, f"treden.{index}", weight="semibold")
    check.choice(spec, "pijl", "", ARROWS)
    check.text_field(spec, "pijltekst", "", weight="semibold")
    if "pijltekst" in spec and "pijl" not in spec:
        check.add("pijltekst", "needs a pijl (omhoog or omlaag) to stand beside")


def _validate_table(spec: dict, check: _Checker) -> None:
    columns = check.items(spec, "kolommen", "", 2, 4)
    for index, column in enumerate(columns):
        check.text(column, f"kolommen.{index}", weight="semibold")
    for index, row in enumerate(check.items(spec, "rijen", "", 2, 7)):
        if not isinstance(row, list) or len(row) != len(columns):
            check.add(f"rijen.{index}", f"must be a list of {len(columns)} cells, one per column")
            continue
        for cell_index, cell in enumerate(row):  # an empty cell is allowed
            check.text(cell, f"rijen.{index}.{cell_index}", weight="regular", required=False)


_KIND_FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "stroom": (("richting", "stappen"), ()),
    "tijdlijn": (("eenheid",), ("perioden", "momenten")),
    "plattegrond": (("raster", "ruimtes"), ("route",)),
    "vergelijking": (("links", "rechts"), ()),
    "ladder": (("treden",), ("pijl", "pijltekst")),
    "tabel": (("kolommen", "rijen"), ()),
}
_ALL_KIND_FIELDS = tuple(
    sorted({key for required, optional in _KIND_FIELDS.values() for key in required + optional})
)
_VALIDATE: dict[str, Callable[[dict, _Checker], None]] = {
    "stroom": _validate_flow,
    "tijdlijn": _validate_timeline,
    "plattegrond": _validate_floor_plan,
    "vergelijking": _validate_comparison,
    "ladder": _validate_ladder,
    "tabel": _validate_table,
}


# --- canvas and text layout -------------------------------------------------------------------


@dataclass(frozen=True)
class _Box:
    left: float
    top: float
    right: float
    bottom: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def centre(self) -> tuple[float, float]:
        return (self.left + self.right) / 2, (self.top + self.bottom) / 2

    def inset(self, x: float, y: float | None = None) -> "_Box":
        y = x if y is None else y
        return _Box(self.left + x, self.top + y, self.right - x, self.bottom - y)


@dataclass(frozen=True)
class _Text:
    """A text wrapped into lines at one size, ready to draw."""

    lines: tuple[str, ...]
    weight: Weight
    size: int
    line_height: int  # from one baseline to the next
    extent: float  # of one line: the font's ascent (accents included) and descent
    width: float  # of the widest line
    # A text fitted by its ink (see _Canvas.fit) is drawn this much higher than its box,
    # so that the blank top of its first line may overlap the box's edge.
    ink_offset: float = 0

    @property
    def height(self) -> float:
        return (len(self.lines) - 1) * self.line_height + self.extent if self.lines else 0


# A word may also break after a hyphen inside it ("Wmo-consulent").
_WORD_PARTS = re.compile(r"[^-]+-*|-+")


class _Canvas:
    """Measures and draws in picture pixels (1200 x 750) on an image _SCALE times larger."""

    def __init__(self) -> None:
        self.image = Image.new("RGB", (WIDTH * _SCALE, HEIGHT * _SCALE), WHITE)
        self.draw = ImageDraw.Draw(self.image)

    def png(self) -> bytes:
        buffer = io.BytesIO()
        # No pnginfo and no timestamp: the bytes depend on the pixels only.
        self.image.reduce(_SCALE).save(buffer, "PNG", optimize=False, compress_level=9)
        return buffer.getvalue()

    # text measurement and fitting

    def measure(self, text: str, weight: Weight, size: int) -> float:
        return self.draw.textlength(text, font=load_font(weight, size * _SCALE)) / _SCALE

    def line_extent(self, weight: Weight, size: int) -> int:
        """The height of one line of text: the font's ascent (accents included) and descent."""
        ascent, descent = load_font(weight, size * _SCALE).getmetrics()
        return math.ceil((ascent + descent) / _SCALE)

    def fit(
        self,
        text: str,
        field: str,
        *,
        weight: Weight,
        width: float,
        height: float = math.inf,
        max_size: int,
        min_size: int = MIN_TEXT_SIZE,
        max_lines: int | None = None,
    ) -> _Text:
        """``text`` at the largest size from ``max_size`` down to ``min_size`` that fits in
        ``width`` x ``height``: wrapped at spaces and hyphens first, and only when no size
        fits, long words broken with a hyphen. Raises PictureSpecError for ``field``.

        Last, for tight boxes (a room one square high), the same again measuring the ink
        of the lines rather than the font's line height, which keeps room for accents
        and descenders that the text may not have."""
        for by_ink in (False, True):
            for break_words in (False, True):
                for size in range(max_size, min_size - 1, -1):
                    block = self.wrap(text, weight, size, width, break_words=break_words)
                    if block is None or (max_lines and len(block.lines) > max_lines):
                        continue
                    if by_ink:
                        block = self._by_ink(block)
                    if block.height <= height:
                        return block
        space = f"{width:.0f} px wide"
        space += "" if height == math.inf else f", {height:.0f} px high"
        space += f", at most {max_lines} lines" if max_lines else ""
        raise PictureSpecError(
            [(field, f"does not fit its space ({space}) even at {min_size} px; shorten it")]
        )

    def wrap(
        self, text: str, weight: Weight, size: int, width: float, *, break_words: bool
    ) -> _Text | None:
        """Lines no wider than ``width``, or None when a word does not fit."""
        lines: list[str] = []
        line = ""
        for word in text.split():
            for position, part in enumerate(_WORD_PARTS.findall(word)):
                glue = " " if position == 0 and line else ""
                if self.measure(line + glue + part, weight, size) <= width:
                    line += glue + part
                    continue
                if line:
                    lines.append(line)
                pieces = self._break_word(part, weight, size, width) if break_words else [part]
                if pieces is None or self.measure(pieces[-1], weight, size) > width:
                    return None
                lines.extend(pieces[:-1])
                line = pieces[-1]
        if line:
            lines.append(line)
        return _Text(
            lines=tuple(lines),
            weight=weight,
            size=size,
            line_height=round(size * _LEADING),
            extent=self.line_extent(weight, size),
            width=max((self.measure(each, weight, size) for each in lines), default=0),
        )

    def _by_ink(self, block: _Text) -> _Text:
        """``block`` measured from the top of its first line's ink to the bottom of its last."""
        font = load_font(block.weight, block.size * _SCALE)
        top = self.draw.textbbox((0, 0), block.lines[0], font=font, anchor="la")[1] / _SCALE
        bottom = self.draw.textbbox((0, 0), block.lines[-1], font=font, anchor="la")[3] / _SCALE
        return replace(block, extent=bottom - top + 1, ink_offset=top)

    def _break_word(self, word: str, weight: Weight, size: int, width: float) -> list[str] | None:
        pieces = []
        rest = word
        while self.measure(rest, weight, size) > width:
            cut = next(
                (
                    length
                    for length in range(len(rest) - 1, 0, -1)
                    if self.measure(rest[:length] + "-", weight, size) <= width
                ),
                None,
            )
            if cut is None:
                return None
            pieces.append(rest[:cut] + "-")
            rest = rest[cut:]
        return [*pieces, rest]

    def write(
        self, block: _Text, box: _Box, *, fill, align: str = "center", valign: str = "middle"
    ) -> None:
        """Draw a fitted text in ``box`` and check that no ink falls outside it."""
        font = load_font(block.weight, block.size * _SCALE)
        top = box.top if valign == "top" else box.top + (box.height - block.height) / 2
        top -= block.ink_offset
        x, anchor = {
            "left": (box.left, "la"),
            "center": (box.left + box.width / 2, "ma"),
            "right": (box.right, "ra"),
        }[align]
        for index, line in enumerate(block.lines):
            xy = (x * _SCALE, (top + index * block.line_height) * _SCALE)
            self.draw.text(xy, line, font=font, fill=fill, anchor=anchor)
            left, upper, right, lower = (
                edge / _SCALE for edge in self.draw.textbbox(xy, line, font=font, anchor=anchor)
            )
            tolerance = 2  # anti-aliasing and side bearings
            if (
                left < box.left - tolerance
                or right > box.right + tolerance
                or upper < box.top - tolerance
                or lower > box.bottom + tolerance
            ):  # a layout bug, never a problem of the spec
                raise RuntimeError(f"text {line!r} leaves its box {box}")

    # shapes, in picture pixels

    def rectangle(
        self,
        box: _Box,
        *,
        fill=None,
        outline=None,
        width: float = 0,
        radius: float = 0,
        corners=None,
    ) -> None:
        self.draw.rounded_rectangle(
            [_s(box.left), _s(box.top), _s(box.right), _s(box.bottom)],
            radius=_s(radius),
            fill=fill,
            outline=outline,
            width=_s(width),
            corners=corners,
        )

    def line(self, points: Sequence[tuple[float, float]], *, fill, width: float) -> None:
        self.draw.line(
            [(_s(x), _s(y)) for x, y in points], fill=fill, width=_s(width), joint="curve"
        )

    def polygon(self, points: Sequence[tuple[float, float]], *, fill) -> None:
        self.draw.polygon([(_s(x), _s(y)) for x, y in points], fill=fill)

    def circle(
        self, centre: tuple[float, float], radius: float, *, fill, outline=None, width: float = 0
    ) -> None:
        x, y = centre
        self.draw.ellipse(
            [_s(x - radius), _s(y - radius), _s(x + radius), _s(y + radius)],
            fill=fill,
            outline=outline,
            width=_s(width),
        )

    def arrow(
        self,
        start: tuple[float, float],
        end: tuple[float, float],
        *,
        fill,
        width: float,
        head: float,
    ) -> None:
        """A line from ``start`` with a triangular head whose tip is at ``end``."""
        (x0, y0), (x1, y1) = start, end
        length = math.hypot(x1 - x0, y1 - y0)
        ux, uy = (x1 - x0) / length, (y1 - y0) / length
        base = (x1 - ux * head, y1 - uy * head)
        self.line([start, (base[0] + ux, base[1] + uy)], fill=fill, width=width)
        self.arrow_head(end, (ux, uy), fill=fill, size=head)

    def arrow_head(
        self, tip: tuple[float, float], direction: tuple[float, float], *, fill, size: float
    ) -> None:
        (x, y), (ux, uy) = tip, direction
        bx, by = x - ux * size, y - uy * size
        half = size * 0.6
        self.polygon(
            [(x, y), (bx - uy * half, by + ux * half), (bx + uy * half, by - ux * half)], fill=fill
        )


def _s(value: float) -> int:
    return round(value * _SCALE)


def _points_along(
    points: Sequence[tuple[float, float]], spacing: float
) -> Iterator[tuple[float, float]]:
    """Points every ``spacing`` pixels along a polyline, continuing round its corners."""
    carried = 0.0
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        length = math.hypot(x1 - x0, y1 - y0)
        if not length:
            continue
        distance = carried
        while distance <= length:
            share = distance / length
            yield x0 + (x1 - x0) * share, y0 + (y1 - y0) * share
            distance += spacing
        carried = distance - length


# --- drawing ----------------------------------------------------------------------------------

_LABEL_SIZE = 30  # the starting size of labels in boxes; they shrink to MIN_TEXT_SIZE
_BADGE_RADIUS = 21  # the numbered circles of a flow


def _draw_title(canvas: _Canvas, title: str) -> _Box:
    """Draw the heading and an accent underline; returns the area left for the picture."""
    top = 34
    block = canvas.fit(
        title,
        "titel",
        weight="bold",
        width=WIDTH - 2 * MARGIN,
        max_size=44,
        min_size=34,
        max_lines=2,
    )
    canvas.write(
        block,
        _Box(MARGIN, top, WIDTH - MARGIN, top + block.height),
        fill=BLUE,
        align="left",
        valign="top",
    )
    underline = top + block.height + 8
    canvas.rectangle(_Box(MARGIN, underline, MARGIN + 72, underline + 6), fill=ACCENT, radius=3)
    return _Box(MARGIN, underline + 6 + 30, WIDTH - MARGIN, HEIGHT - 36)


def _fit_step(
    canvas: _Canvas,
    step: dict,
    field: str,
    width: float,
    height: float,
    *,
    label_size: int = _LABEL_SIZE,
    gap: float = 6,
) -> tuple[_Text, _Text | None]:
    """A flow step's label over its optional explanation, together within ``height``."""
    note = None
    note_height = 0.0
    if step.get("toelichting"):
        note = canvas.fit(
            step["toelichting"],
            f"{field}.toelichting",
            weight="regular",
            width=width,
            height=height - gap - canvas.line_extent("semibold", MIN_TEXT_SIZE),
            max_size=MIN_TEXT_SIZE,
        )
        note_height = gap + note.height
    label = canvas.fit(
        step["tekst"],
        f"{field}.tekst",
        weight="semibold",
        width=width,
        height=height - note_height,
        max_size=label_size,
    )
    return label, note


def _common_size(sizes: Iterable[int]) -> int:
    """One size for texts that stand side by side (the steps of a flow or a ladder): the
    largest at which each of them fits, so that none looks more important than another."""
    return min(sizes, default=_LABEL_SIZE)


def _write_step(
    canvas: _Canvas, label: _Text, note: _Text | None, box: _Box, *, align: str, gap: float = 6
) -> None:
    total = label.height + (gap + note.height if note else 0)
    top = box.top + (box.height - total) / 2
    canvas.write(label, _Box(box.left, top, box.right, top + label.height), fill=BLUE, align=align)
    if note:
        note_top = top + label.height + gap
        canvas.write(
            note,
            _Box(box.left, note_top, box.right, note_top + note.height),
            fill=GREY_TEXT,
            align=align,
        )


def _badge(canvas: _Canvas, centre: tuple[float, float], number: int) -> None:
    canvas.circle(centre, _BADGE_RADIUS, fill=ACCENT, outline=WHITE, width=3)
    x, y = centre
    block = canvas.wrap(str(number), "bold", MIN_TEXT_SIZE, 2 * _BADGE_RADIUS, break_words=False)
    canvas.write(
        block,
        _Box(x - _BADGE_RADIUS, y - _BADGE_RADIUS, x + _BADGE_RADIUS, y + _BADGE_RADIUS),
        fill=BLUE,
    )


def _draw_flow(canvas: _Canvas, spec: dict, area: _Box) -> None:
    if spec["richting"] == "horizontaal":
        _draw_flow_across(canvas, spec["stappen"], area)
    else:
        _draw_flow_down(canvas, spec["stappen"], area)


def _draw_flow_across(canvas: _Canvas, steps: list[dict], area: _Box) -> None:
    count = len(steps)
    gap = {2: 96, 3: 80, 4: 64, 5: 52}.get(count, 40)
    box_width = (area.width - (count - 1) * gap) / count
    pad_x, pad_top, pad_bottom = 12, _BADGE_RADIUS + 10, 16
    inner_width = box_width - 2 * pad_x
    # All boxes as high as the tallest label needs at its full size, within the area.
    natural = max(
        sum(
            block.height + 6
            for block in _fit_step(canvas, step, f"stappen.{index}", inner_width, math.inf)
            if block
        )
        for index, step in enumerate(steps)
    )
    available = area.height - _BADGE_RADIUS
    box_height = min(max(natural + pad_top + pad_bottom, 180), available)
    top = area.top + _BADGE_RADIUS + (available - box_height) / 2
    inner_height = box_height - pad_top - pad_bottom
    size = _common_size(
        _fit_step(canvas, step, f"stappen.{index}", inner_width, inner_height)[0].size
        for index, step in enumerate(steps)
    )
    for index, step in enumerate(steps):
        left = area.left + index * (box_width + gap)
        box = _Box(left, top, left + box_width, top + box_height)
        inner = _Box(
            box.left + pad_x, box.top + pad_top, box.right - pad_x, box.bottom - pad_bottom
        )
        label, note = _fit_step(
            canvas, step, f"stappen.{index}", inner.width, inner.height, label_size=size
        )
        canvas.rectangle(box, fill=BLUE_TINT, outline=BLUE, width=3, radius=14)
        _badge(canvas, (box.left + box_width / 2, box.top), index + 1)
        _write_step(canvas, label, note, inner, align="center")
        if index < count - 1:
            y = box.top + box_height / 2
            canvas.arrow((box.right + 8, y), (box.right + gap - 8, y), fill=GREY, width=4, head=14)


def _draw_flow_down(canvas: _Canvas, steps: list[dict], area: _Box) -> None:
    count = len(steps)
    gap = 36 if count <= 4 else 28 if count <= 5 else 16
    box_height = min(116, (area.height - (count - 1) * gap) / count)
    box_width = area.width
    left = area.left
    top = area.top + (area.height - (count * box_height + (count - 1) * gap)) / 2
    badge_x = left + 18 + _BADGE_RADIUS
    text_left, text_right = badge_x + _BADGE_RADIUS + 20, left + box_width - 20
    label_right = text_right
    if any(step.get("toelichting") for step in steps):
        # Each label on the left and its explanation beside it: the explanations get the
        # width the labels do not need, or when both need more, each a fair share.
        label_width = max(canvas.measure(step["tekst"], "semibold", _LABEL_SIZE) for step in steps)
        note_width = max(
            canvas.measure(step.get("toelichting", ""), "regular", MIN_TEXT_SIZE) for step in steps
        )
        available = text_right - text_left - 28
        if label_width + note_width > available:
            share = min(max(label_width / (label_width + note_width), 0.3), 0.55)
            label_width = available * share
        label_right = text_left + label_width + 4

    def fit_label(index: int, size: int) -> _Text:
        return canvas.fit(
            steps[index]["tekst"],
            f"stappen.{index}.tekst",
            weight="semibold",
            width=label_right - text_left,
            height=box_height - 10,
            max_size=size,
        )

    size = _common_size(fit_label(index, _LABEL_SIZE).size for index in range(count))
    for index, step in enumerate(steps):
        field = f"stappen.{index}"
        box = _Box(left, top, left + box_width, top + box_height)
        canvas.rectangle(box, fill=BLUE_TINT, outline=BLUE, width=3, radius=14)
        _badge(canvas, (badge_x, box.top + box_height / 2), index + 1)
        label_box = _Box(text_left, box.top + 5, label_right, box.bottom - 5)
        label = fit_label(index, size)
        canvas.write(label, label_box, fill=BLUE, align="left")
        if step.get("toelichting"):
            note_box = _Box(label_right + 28, box.top + 5, text_right, box.bottom - 5)
            note = canvas.fit(
                step["toelichting"],
                f"{field}.toelichting",
                weight="regular",
                width=note_box.width,
                height=note_box.height,
                max_size=MIN_TEXT_SIZE,
            )
            canvas.write(note, note_box, fill=GREY_TEXT, align="left")
        if index < count - 1:
            canvas.arrow(
                (badge_x, box.bottom + 3),
                (badge_x, box.bottom + gap - 3),
                fill=GREY,
                width=4,
                head=min(12, gap - 8),
            )
        top += box_height + gap


# time line

_TICK_STEPS = {
    "dagen": (1, 2, 5, 7, 10, 14, 20, 30, 50, 100, 200, 250, 500, 1000),
    "werkdagen": (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000),
    "weken": (1, 2, 4, 5, 10, 13, 26, 52, 100, 200, 500, 1000),
    "maanden": (1, 2, 3, 6, 12, 24, 60, 120, 240, 500, 1000),
}
_MAX_TICKS = 12


def _tick_step(largest: float, unit: str, axis_width: float, label_width: float) -> tuple[int, int]:
    """The smallest round step with at most 12 ticks that leaves room for every number,
    and the end of the axis (a multiple of the step)."""
    for step in _TICK_STEPS[unit]:
        end = max(step, math.ceil(largest / step) * step)
        if end / step <= _MAX_TICKS and axis_width * step / end >= label_width + 24:
            return step, end
    step = _TICK_STEPS[unit][-1]
    return step, max(step, math.ceil(largest / step) * step)


@dataclass(frozen=True)
class _Placed:
    x: float  # of the moment on the axis, where its leader line runs
    level: int  # label row under the axis, 0 nearest
    left: float
    right: float
    align: str


def _place_moment_labels(
    xs: Sequence[float], widths: Sequence[float], bounds: tuple[float, float], spacing: float = 20
) -> list[_Placed] | None:
    """Rows under the axis for the moments' labels, such that no label overlaps another and
    no leader line (from a mark on the axis down to its label) crosses a label. A label sits
    centred under its mark, or starts or ends just beside it. A small search (at most six
    moments), nearest rows first; None when there is no such placement."""
    order = sorted(range(len(xs)), key=lambda index: (xs[index], index))
    options = {
        index: [
            (level, left, align)
            for level in range(len(xs))
            for left, align in (
                (xs[index] - widths[index] / 2, "center"),
                (xs[index] - 14, "left"),
                (xs[index] + 14 - widths[index], "right"),
            )
        ]
        for index in order
    }
    placed: dict[int, _Placed] = {}
    budget = [20_000]  # tries; a spec that needs more is not worth drawing

    def place(position: int) -> bool:
        if position == len(order):
            return True
        index = order[position]
        for level, left, align in options[index]:
            budget[0] -= 1
            if budget[0] < 0:
                return False
            left = min(max(left, bounds[0]), bounds[1] - widths[index])
            candidate = _Placed(xs[index], level, left, left + widths[index], align)
            if _label_place_free(placed.values(), candidate, spacing):
                placed[index] = candidate
                if place(position + 1):
                    return True
                del placed[index]
        return False

    return [placed[index] for index in range(len(xs))] if place(0) else None


def _label_place_free(placed: Iterable[_Placed], new: _Placed, spacing: float) -> bool:
    for other in placed:
        if (
            other.level == new.level
            and new.left < other.right + spacing
            and other.left < new.right + spacing
        ):
            return False  # overlaps a label in the same row
        if other.level < new.level and other.left - 8 <= new.x <= other.right + 8:
            return False  # the new leader would cross a label nearer the axis
        if other.level > new.level and new.left - 8 <= other.x <= new.right + 8:
            return False  # that leader would cross the new label
    return True


def _draw_timeline(canvas: _Canvas, spec: dict, area: _Box) -> None:
    periods, moments, unit = spec.get("perioden", []), spec.get("momenten", []), spec["eenheid"]
    largest = max([period["tot"] for period in periods] + [moment["op"] for moment in moments])
    unit_width = canvas.measure(unit, "regular", MIN_TEXT_SIZE)
    number_width = canvas.measure(str(math.ceil(largest) * 10), "regular", MIN_TEXT_SIZE)
    axis_left, axis_right = area.left + unit_width + 28, area.right - number_width / 2 - 4
    step, end = _tick_step(largest, unit, axis_right - axis_left, number_width)

    def at(value: float) -> float:
        return axis_left + (axis_right - axis_left) * value / end

    # Heights, from the top: period rows, the numbers, the axis, the rows of moment labels.
    bars = [
        canvas.fit(
            period["tekst"],
            f"perioden.{index}.tekst",
            weight="semibold",
            width=area.width,
            max_size=28,
            max_lines=2,
        )
        for index, period in enumerate(periods)
    ]
    bar_height, bar_gap, row_gap = 24, 6, 18
    labels = [
        canvas.fit(
            moment["tekst"],
            f"momenten.{index}.tekst",
            weight="regular",
            width=min(340, area.width),
            max_size=28,
            max_lines=2,
        )
        for index, moment in enumerate(moments)
    ]
    marks = [at(moment["op"]) for moment in moments]
    for index, mark in enumerate(marks):
        for other in range(index):
            if abs(mark - marks[other]) < 24:
                raise PictureSpecError(
                    [(f"momenten.{index}", f"too close to momenten.{other} to label; merge them")]
                )
    places = _place_moment_labels(marks, [label.width for label in labels], (area.left, area.right))
    if places is None:
        raise PictureSpecError(
            [("momenten", "the labels cannot be placed apart; shorten them or space the moments")]
        )
    row_height = max((label.height for label in labels), default=0) + 12
    levels = max((place.level + 1 for place in places), default=0)
    number_height = canvas.line_extent("regular", MIN_TEXT_SIZE)
    periods_height = sum(block.height + bar_gap + bar_height + row_gap for block in bars)
    moments_height = 28 + levels * row_height if moments else 12
    total = periods_height + number_height + 14 + moments_height
    if total > area.height:
        raise PictureSpecError(
            [
                (
                    "perioden",
                    "the periods and moments do not fit on one picture; use fewer or shorter texts",
                )
            ]
        )
    y = area.top + (area.height - total) / 2

    for period, block in zip(periods, bars, strict=True):
        start, stop = at(period["van"]), max(at(period["tot"]), at(period["van"]) + 6)
        left = min(max(start, area.left), area.right - block.width)
        canvas.write(
            block,
            _Box(left, y, left + block.width, y + block.height),
            fill=BLUE,
            align="left",
            valign="top",
        )
        bar_top = y + block.height + bar_gap
        if period.get("stippel"):
            # Dashes of about 18 px, spread so that the bar starts and ends with a whole one.
            space = 10
            dashes = max(1, round((stop - start + space) / (18 + space)))
            dash = (stop - start - (dashes - 1) * space) / dashes
            for number in range(dashes):
                x = start + number * (dash + space)
                canvas.rectangle(
                    _Box(x, bar_top, x + dash, bar_top + bar_height), fill=BLUE, radius=3
                )
        else:
            canvas.rectangle(_Box(start, bar_top, stop, bar_top + bar_height), fill=BLUE, radius=4)
        y = bar_top + bar_height + row_gap

    numbers = _Box(area.left, y, area.right, y + number_height)
    unit_label = canvas.wrap(unit, "regular", MIN_TEXT_SIZE, unit_width + 1, break_words=False)
    canvas.write(
        unit_label,
        _Box(area.left, numbers.top, axis_left - 20, numbers.bottom),
        fill=GREY_TEXT,
        align="right",
    )
    axis_y = numbers.bottom + 14
    canvas.line([(axis_left, axis_y), (axis_right, axis_y)], fill=GREY, width=3)
    for tick in range(0, end + 1, step):
        x = at(tick)
        canvas.line([(x, axis_y - 9), (x, axis_y)], fill=GREY, width=3)
        number = canvas.wrap(str(tick), "regular", MIN_TEXT_SIZE, number_width, break_words=False)
        canvas.write(
            number,
            _Box(x - number_width / 2, numbers.top, x + number_width / 2, numbers.bottom),
            fill=GREY_TEXT,
        )

    for place, label in zip(places, labels, strict=True):
        label_top = axis_y + 28 + place.level * row_height
        canvas.line([(place.x, axis_y), (place.x, label_top - 4)], fill=ACCENT, width=3)
        canvas.circle((place.x, axis_y), 10, fill=ACCENT, outline=WHITE, width=3)
        canvas.write(
            label,
            _Box(place.left, label_top, place.right, label_top + label.height),
            fill=BLUE,
            align=place.align,
            valign="top",
        )


# floor plan


def _draw_floor_plan(canvas: _Canvas, spec: dict, area: _Box) -> None:
    columns, rows = spec["raster"]
    cell = min(area.width / columns, area.height / rows)
    left = area.left + (area.width - columns * cell) / 2
    top = area.top + (area.height - rows * cell) / 2

    def point(x: float, y: float) -> tuple[float, float]:
        return left + x * cell, top + y * cell

    for x in range(1, columns):
        canvas.line([point(x, 0), point(x, rows)], fill=GREY_LIGHT, width=1)
    for y in range(1, rows):
        canvas.line([point(0, y), point(columns, y)], fill=GREY_LIGHT, width=1)
    canvas.rectangle(_Box(*point(0, 0), *point(columns, rows)), outline=GREY, width=3)

    labels = []
    for index, room in enumerate(spec["ruimtes"]):
        box = _Box(
            *point(room["x"], room["y"]), *point(room["x"] + room["b"], room["y"] + room["h"])
        )
        inner = box.inset(10, 5)  # the outline takes 4 px inside the box
        label = canvas.fit(
            room["tekst"],
            f"ruimtes.{index}.tekst",
            weight="semibold",
            width=inner.width,
            height=inner.height,
            max_size=_LABEL_SIZE,
        )
        fill = ACCENT if room.get("nadruk") else BLUE_TINT
        canvas.rectangle(box, fill=fill, outline=BLUE, width=4)
        labels.append((label, inner, fill))

    route = [point(x, y) for x, y in spec.get("route", [])]
    if route:
        for dot in _points_along(route, 18):
            canvas.circle(dot, 5, fill=BLUE)
        canvas.circle(route[0], 11, fill=BLUE, outline=WHITE, width=3)
        (x1, y1) = end = route[-1]
        x0, y0 = next((each for each in reversed(route) if each != end), (x1 - 1, y1))
        length = math.hypot(x1 - x0, y1 - y0)
        canvas.arrow_head(end, ((x1 - x0) / length, (y1 - y0) / length), fill=BLUE, size=26)

    for label, inner, fill in labels:
        # A route under a label gives way to it: clear the label's patch in the room colour.
        centre_x, centre_y = inner.centre
        half_width, half_height = label.width / 2 + 6, label.height / 2 + 2
        patch = _Box(
            max(inner.left, centre_x - half_width),
            max(inner.top, centre_y - half_height),
            min(inner.right, centre_x + half_width),
            min(inner.bottom, centre_y + half_height),
        )
        canvas.rectangle(patch, fill=fill, radius=6)
        canvas.write(label, inner, fill=BLUE)


# comparison


def _draw_comparison(canvas: _Canvas, spec: dict, area: _Box) -> None:
    gap, pad, indent, item_gap = 40, 20, 26, 14
    column_width = (area.width - gap) / 2
    text_width = column_width - 2 * pad - indent
    sides = [spec["links"], spec["rechts"]]
    heads = [
        canvas.fit(
            side["kop"],
            f"{name}.kop",
            weight="semibold",
            width=column_width - 2 * pad,
            max_size=32,
            max_lines=2,
        )
        for name, side in zip(("links", "rechts"), sides, strict=True)
    ]
    head_height = max(head.height for head in heads) + 2 * 14
    body_height = area.height - head_height

    def column_height(blocks: list[_Text]) -> float:
        return sum(block.height for block in blocks) + (len(blocks) - 1) * item_gap + 2 * pad

    bodies = _fit_together(
        canvas,
        [list(side["regels"]) for side in sides],
        weight="regular",
        widths=[[text_width] * len(side["regels"]) for side in sides],
        fits=lambda columns: max(column_height(blocks) for blocks in columns) <= body_height,
    )
    if bodies is None:
        raise PictureSpecError(
            [
                ("links.regels", "the two columns hold too much text to fit; shorten the lines"),
                ("rechts.regels", "the two columns hold too much text to fit; shorten the lines"),
            ]
        )
    height = head_height + max(column_height(blocks) for blocks in bodies)
    for index, (head, blocks) in enumerate(zip(heads, bodies, strict=True)):
        left = area.left + index * (column_width + gap)
        card = _Box(left, area.top, left + column_width, area.top + height)
        canvas.rectangle(card, fill=WHITE, outline=GREY, width=2, radius=14)
        head_box = _Box(card.left, card.top, card.right, card.top + head_height)
        canvas.rectangle(head_box, fill=BLUE, radius=14, corners=(True, True, False, False))
        canvas.write(head, head_box.inset(pad, 14), fill=WHITE, align="left")
        y = head_box.bottom + pad
        for block in blocks:
            canvas.circle((card.left + pad + 6, y + block.extent / 2 + 1), 6, fill=ACCENT)
            canvas.write(
                block,
                _Box(card.left + pad + indent, y, card.right - pad, y + block.height),
                fill=BLUE,
                align="left",
                valign="top",
            )
            y += block.height + item_gap


def _fit_together(
    canvas: _Canvas,
    groups: list[list[str]],
    *,
    weight: Weight,
    widths: list[list[float]],
    fits: Callable[[list[list[_Text]]], bool],
    max_size: int = _LABEL_SIZE,
) -> list[list[_Text]] | None:
    """Texts that share one size (a column, a table): the largest size at which every text
    wraps within its width and ``fits`` accepts the whole; long words broken last."""
    for break_words in (False, True):
        for size in range(max_size, MIN_TEXT_SIZE - 1, -1):
            blocks = [
                [
                    canvas.wrap(text, weight, size, width, break_words=break_words)
                    for text, width in zip(texts, group_widths, strict=True)
                ]
                for texts, group_widths in zip(groups, widths, strict=True)
            ]
            if all(block for group in blocks for block in group) and fits(blocks):
                return blocks
    return None


# ladder


def _mix(low: tuple[int, ...], high: tuple[int, ...], share: float) -> tuple[int, ...]:
    return tuple(round(a + (b - a) * share) for a, b in zip(low, high, strict=True))


def _draw_ladder(canvas: _Canvas, spec: dict, area: _Box) -> None:
    steps = spec["treden"]
    count = len(steps)
    arrow = spec.get("pijl")
    note_width = 250 if spec.get("pijltekst") else 0
    arrow_width = 84 if arrow else 0
    stairs = _Box(area.left, area.top, area.right - arrow_width - note_width, area.bottom)
    gap = 12
    step_height = min(104, (area.height - (count - 1) * gap) / count)
    box_width = stairs.width * 0.6
    shift = (stairs.width - box_width) / (count - 1)
    total = count * step_height + (count - 1) * gap
    bottom = area.top + (area.height + total) / 2

    def fit_label(index: int, size: int) -> _Text:
        return canvas.fit(
            steps[index],
            f"treden.{index}",
            weight="semibold",
            width=box_width - 40,
            height=step_height - 16,
            max_size=size,
        )

    size = _common_size(fit_label(index, _LABEL_SIZE).size for index in range(count))
    centres = []
    for index in range(count):  # from the bottom up
        top = bottom - (index + 1) * step_height - index * gap
        box = _Box(
            stairs.left + index * shift,
            top,
            stairs.left + index * shift + box_width,
            top + step_height,
        )
        inner = box.inset(20, 8)
        label = fit_label(index, size)
        fill = _mix(BLUE_TINT, (190, 205, 226), index / (count - 1))
        canvas.rectangle(box, fill=fill, outline=BLUE, width=3, radius=10)
        canvas.write(label, inner, fill=BLUE, align="left")
        centres.append(box.centre[1])
    if not arrow:
        return
    x = stairs.right + arrow_width / 2
    low, high = centres[0], centres[-1]
    start, end = ((x, low), (x, high)) if arrow == "omhoog" else ((x, high), (x, low))
    canvas.arrow(start, end, fill=ACCENT, width=12, head=34)
    if spec.get("pijltekst"):
        note_box = _Box(stairs.right + arrow_width, area.top, area.right, area.bottom)
        note = canvas.fit(
            spec["pijltekst"],
            "pijltekst",
            weight="semibold",
            width=note_box.width,
            height=note_box.height,
            max_size=28,
        )
        middle = (low + high) / 2
        canvas.write(
            note,
            _Box(note_box.left, middle - note.height / 2, note_box.right, middle + note.height / 2),
            fill=BLUE,
            align="left",
        )


# table


def _share_width(natural: Sequence[float], total: float) -> list[float]:
    """Column widths filling ``total``: in proportion to what each needs when all fit,
    otherwise narrow columns keep their width and the wide ones share the rest."""
    if sum(natural) <= total:
        return [width * total / sum(natural) for width in natural]
    widths: dict[int, float] = {}
    open_columns = set(range(len(natural)))
    remaining = total
    while open_columns:
        fair = remaining / len(open_columns)
        narrow = {index for index in open_columns if natural[index] <= fair}
        if not narrow:
            widths.update(dict.fromkeys(open_columns, fair))
            break
        for index in narrow:
            widths[index] = natural[index]
            remaining -= natural[index]
        open_columns -= narrow
    return [widths[index] for index in range(len(natural))]


def _draw_table(canvas: _Canvas, spec: dict, area: _Box) -> None:
    columns, rows = spec["kolommen"], spec["rijen"]
    pad_x, pad_y = 16, 9
    layout = None
    for break_words in (False, True):
        for size in range(_LABEL_SIZE, MIN_TEXT_SIZE - 1, -1):
            layout = _table_layout(canvas, columns, rows, size, area, pad_x, pad_y, break_words)
            if layout:
                break
        if layout:
            break
    if layout is None:
        raise PictureSpecError([("rijen", "the table holds too much text to fit; shorten it")])
    widths, head, body, heights = layout
    height = sum(heights)
    canvas.rectangle(
        _Box(area.left, area.top, area.right, area.top + height), fill=WHITE, radius=12
    )
    y = area.top
    for row_index, (blocks, row_height) in enumerate(zip([head, *body], heights, strict=True)):
        row = _Box(area.left, y, area.right, y + row_height)
        last = row_index == len(rows)
        if row_index == 0:
            canvas.rectangle(row, fill=BLUE, radius=12, corners=(True, True, False, False))
        elif row_index % 2 == 0:
            canvas.rectangle(
                row,
                fill=(244, 246, 249),
                radius=12 if last else 0,
                corners=(False, False, True, True) if last else None,
            )
        if row_index > 0:
            canvas.line([(row.left, row.top), (row.right, row.top)], fill=GREY_LIGHT, width=2)
        x = area.left
        for block, width in zip(blocks, widths, strict=True):
            cell = _Box(x + pad_x, row.top + pad_y, x + width - pad_x, row.bottom - pad_y)
            canvas.write(
                block, cell, fill=WHITE if row_index == 0 else BLUE, align="left", valign="top"
            )
            x += width
        y += row_height
    canvas.rectangle(
        _Box(area.left, area.top, area.right, area.top + height), outline=GREY, width=2, radius=12
    )


def _table_layout(canvas, columns, rows, size, area, pad_x, pad_y, break_words):
    """Column widths, wrapped header and cells, and row heights at one size; None if the
    table does not fit ``area`` at that size."""
    natural = [
        max(
            canvas.measure(column, "semibold", size),
            *(canvas.measure(row[index], "regular", size) for row in rows),
        )
        + 2 * pad_x
        for index, column in enumerate(columns)
    ]
    widths = _share_width(natural, area.width)
    head = [
        canvas.wrap(column, "semibold", size, width - 2 * pad_x, break_words=break_words)
        for column, width in zip(columns, widths, strict=True)
    ]
    body = [
        [
            canvas.wrap(cell, "regular", size, width - 2 * pad_x, break_words=break_words)
            for cell, width in zip(row, widths, strict=True)
        ]
        for row in rows
    ]
    if not all(block for row in [head, *body] for block in row):
        return None
    heights = [
        max(max(block.height, block.extent) for block in row) + 2 * pad_y for row in [head, *body]
    ]
    if sum(heights) > area.height:
        return None
    return widths, head, body, heights


_DRAW: dict[str, Callable[[_Canvas, dict, _Box], None]] = {
    "stroom": _draw_flow,
    "tijdlijn": _draw_timeline,
    "plattegrond": _draw_floor_plan,
    "vergelijking": _draw_comparison,
    "ladder": _draw_ladder,
    "tabel": _draw_table,
}
