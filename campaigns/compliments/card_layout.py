"""Where everything on a compliment card goes, in millimetres: pure, no Pillow, no Django.

One layout feeds two painters, so the card on the phone (card_rendering, PNG) and the card on
paper (print_sheets, vector PDF) are the same card. Text is measured with the font's own
advance widths (backend.common.fonts.text_width), never by counting characters: long names
shrink down to a minimum size and then wrap, the message wraps by width and shrinks to fit,
and a word too long for a line (Dutch compounds) is hyphenated with Dutch rules (Pyphen).

Every character must be in the font: callers check with ``unsupported_characters`` before
storing a text; characters that still slip through are drawn as their base letter (or "?").
"""

import functools
import unicodedata
from dataclasses import dataclass, field

import pyphen

from backend.common.fonts import Weight, missing_characters, text_width

CARD_WIDTH = 135.0  # mm: four cards fit an A4 sheet (landscape), cut along shared lines
CARD_HEIGHT = 95.0
MARGIN = 7.0
BAND_HEIGHT = 17.0
LOGO_BOX = 13.0

NAME_MAX_SIZE = 9.0  # mm em size (about 26 pt)
NAME_MIN_SIZE = 5.5
NAME_MAX_LINES = 2
REASON_MAX_SIZE = 4.4
REASON_MIN_SIZE = 3.0
VALUE_SIZE = 3.2
FOOTER_SIZE = 2.8
LINE_SPACING = 1.22
ELLIPSIS = "…"


@dataclass(frozen=True)
class CardDesign:
    heading: str
    campaign_name: str
    primary_colour: str  # "#RRGGBB"
    accent_colour: str
    text_colour: str
    has_logo: bool = False


@dataclass(frozen=True)
class CardText:
    recipient_name: str
    values: tuple[str, ...]
    reason: str
    sender_name: str | None  # None: the sender stays anonymous
    card_number: int
    gift: str | None = None


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float
    colour: str
    radius: float = 0.0


@dataclass(frozen=True)
class TextLine:
    x: float
    baseline: float
    text: str
    weight: Weight
    size: float
    colour: str


@dataclass(frozen=True)
class LogoSlot:
    x: float
    y: float
    width: float
    height: float


@dataclass
class CardLayout:
    width: float = CARD_WIDTH
    height: float = CARD_HEIGHT
    boxes: list[Box] = field(default_factory=list)
    lines: list[TextLine] = field(default_factory=list)
    logo: LogoSlot | None = None


def card_texts(text: CardText, design: CardDesign) -> list[tuple[str, Weight]]:
    """Every text the card draws, with its weight: what must be in the font."""
    sender = text.sender_name or ""
    return [
        (design.heading, "semibold"),
        (text.recipient_name, "bold"),
        (" ".join(text.values), "semibold"),
        (text.reason, "regular"),
        (f"{sender} {text.gift or ''} {design.campaign_name} {text.card_number}", "regular"),
        ("“”" + ELLIPSIS + "-", "regular"),
    ]


def unsupported_characters(text: CardText, design: CardDesign) -> set[str]:
    """The characters the card's font cannot draw (checked against its character map)."""
    missing: set[str] = set()
    for part, weight in card_texts(text, design):
        missing |= missing_characters(part, weight)
    return missing


def _drawable(text: str, weight: Weight) -> str:
    """A safety net for texts stored before a check: a character the font lacks becomes its
    base letter when the font has that (Ǹ -> N), otherwise "?"; never an empty box."""
    missing = missing_characters(text, weight)
    if not missing:
        return text
    result = []
    for char in text:
        if char not in missing:
            result.append(char)
            continue
        base = unicodedata.normalize("NFKD", char)[:1]
        result.append(base if base and not missing_characters(base, weight) else "?")
    return "".join(result)


@functools.cache
def _hyphenator() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="nl_NL")


def _split_long_word(word: str, weight: Weight, size: float, width: float) -> list[str]:
    """Pieces of ``word`` that each fit ``width``: at Dutch hyphenation points where
    possible (with a hyphen), otherwise at the last character that fits."""
    pieces = []
    rest = word
    while text_width(rest, weight, size) > width:
        head = None
        for first, _second in _hyphenator().iterate(rest):
            if text_width(first + "-", weight, size) <= width:
                head = (first + "-", rest[len(first) :])
                break
        if head is None:
            cut = max(1, _fitting_prefix_length(rest, weight, size, width))
            head = (rest[:cut], rest[cut:])
        pieces.append(head[0])
        rest = head[1]
    pieces.append(rest)
    return pieces


def _fitting_prefix_length(text: str, weight: Weight, size: float, width: float) -> int:
    length = 0
    for index in range(1, len(text) + 1):
        if text_width(text[:index], weight, size) > width:
            break
        length = index
    return length


def wrap(text: str, *, weight: Weight, size: float, width: float) -> list[str]:
    """Lines of ``text`` no wider than ``width`` (in the unit of ``size``), keeping the
    paragraphs of the text."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        current = ""
        for word in paragraph.split():
            candidate = f"{current} {word}" if current else word
            if text_width(candidate, weight, size) <= width:
                current = candidate
                continue
            if current:
                lines.append(current)
            pieces = _split_long_word(word, weight, size, width)
            lines.extend(pieces[:-1])
            current = pieces[-1]
        lines.append(current)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _fit_name(name: str, width: float) -> tuple[float, list[str]]:
    """The largest size at which the name fits on one line, down to the minimum; below that,
    the minimum size on up to two lines (shortened with an ellipsis if it still does not fit)."""
    size = NAME_MAX_SIZE
    while size > NAME_MIN_SIZE and text_width(name, "bold", size) > width:
        size = round(size - 0.25, 2)
    if text_width(name, "bold", size) <= width:
        return size, [name]
    lines = wrap(name, weight="bold", size=NAME_MIN_SIZE, width=width)
    if len(lines) > NAME_MAX_LINES:
        lines = [*lines[: NAME_MAX_LINES - 1], _shortened(" ".join(lines[1:]), width)]
    return NAME_MIN_SIZE, lines


def _shortened(text: str, width: float, weight: Weight = "bold", size=NAME_MIN_SIZE) -> str:
    while text and text_width(text + ELLIPSIS, weight, size) > width:
        text = text[:-1]
    return text.rstrip() + ELLIPSIS


def _fit_reason(reason: str, width: float, height: float) -> tuple[float, list[str]]:
    """The largest size (down to the minimum) at which the whole message fits the box; at
    the minimum, the lines that fit, the last one ending in an ellipsis."""
    size = REASON_MAX_SIZE
    while True:
        lines = wrap(reason, weight="regular", size=size, width=width)
        if len(lines) * size * LINE_SPACING <= height or size <= REASON_MIN_SIZE:
            break
        size = round(size - 0.2, 2)
    fitting = max(1, int(height // (size * LINE_SPACING)))
    if len(lines) > fitting:
        lines = [*lines[: fitting - 1], _shortened(lines[fitting - 1], width, "regular", size)]
    return size, lines


def _value_chips(values, *, x, y, right, colour_box, colour_text, layout) -> float:
    """Lays the values out as chips from (x, y), wrapping at ``right``; returns the bottom."""
    padding, gap, chip_height = 2.0, 1.6, VALUE_SIZE * 1.75
    cursor_x, cursor_y = x, y
    for value in values:
        label = _drawable(value, "semibold")
        chip_width = text_width(label, "semibold", VALUE_SIZE) + 2 * padding
        if cursor_x > x and cursor_x + chip_width > right:
            cursor_x, cursor_y = x, cursor_y + chip_height + gap
        layout.boxes.append(
            Box(cursor_x, cursor_y, chip_width, chip_height, colour_box, radius=chip_height / 2)
        )
        layout.lines.append(
            TextLine(
                cursor_x + padding,
                cursor_y + chip_height * 0.68,
                label,
                "semibold",
                VALUE_SIZE,
                colour_text,
            )
        )
        cursor_x += chip_width + gap
    return cursor_y + chip_height if values else y


def card_layout(text: CardText, design: CardDesign) -> CardLayout:
    layout = CardLayout()
    inner_width = CARD_WIDTH - 2 * MARGIN
    layout.boxes.append(Box(0, 0, CARD_WIDTH, CARD_HEIGHT, "#FFFFFF"))
    layout.boxes.append(Box(0, 0, CARD_WIDTH, BAND_HEIGHT, design.primary_colour))
    heading_width = inner_width - (LOGO_BOX + 3 if design.has_logo else 0)
    heading = _drawable(design.heading, "semibold")
    heading_size = 5.0
    while heading_size > 3.0 and text_width(heading, "semibold", heading_size) > heading_width:
        heading_size = round(heading_size - 0.2, 2)
    if text_width(heading, "semibold", heading_size) > heading_width:
        heading = _shortened(heading, heading_width, "semibold", heading_size)
    layout.lines.append(
        TextLine(MARGIN, BAND_HEIGHT * 0.64, heading, "semibold", heading_size, "#FFFFFF")
    )
    if design.has_logo:
        slot_y = (BAND_HEIGHT - LOGO_BOX) / 2
        slot_x = CARD_WIDTH - MARGIN - LOGO_BOX
        layout.boxes.append(Box(slot_x - 1, slot_y - 1, LOGO_BOX + 2, LOGO_BOX + 2, "#FFFFFF", 1.5))
        layout.logo = LogoSlot(slot_x, slot_y, LOGO_BOX, LOGO_BOX)

    name_size, name_lines = _fit_name(_drawable(text.recipient_name, "bold"), inner_width)
    baseline = BAND_HEIGHT + 5.0 + name_size * 0.8
    for line in name_lines:
        layout.lines.append(TextLine(MARGIN, baseline, line, "bold", name_size, design.text_colour))
        baseline += name_size * 1.08
    chips_top = baseline - name_size * 1.08 + name_size * 0.35 + 2.0
    chips_bottom = _value_chips(
        text.values,
        x=MARGIN,
        y=chips_top,
        right=CARD_WIDTH - MARGIN,
        colour_box=design.accent_colour,
        colour_text=design.primary_colour,
        layout=layout,
    )

    footer_baseline = CARD_HEIGHT - MARGIN + 1.5
    reason_top = chips_bottom + 4.0
    reason_height = footer_baseline - FOOTER_SIZE - 3.0 - reason_top
    reason_size, reason_lines = _fit_reason(
        _drawable(f"“{text.reason.strip()}”", "regular"), inner_width, reason_height
    )
    baseline = reason_top + reason_size * 0.9
    for line in reason_lines:
        layout.lines.append(
            TextLine(MARGIN, baseline, line, "regular", reason_size, design.text_colour)
        )
        baseline += reason_size * LINE_SPACING

    layout.boxes.append(
        Box(MARGIN, footer_baseline - FOOTER_SIZE - 1.6, inner_width, 0.3, design.accent_colour)
    )
    sender = text.sender_name or "een collega"
    footer_left = _drawable(f"Van {sender}", "regular")
    footer_right = _drawable(
        " · ".join(
            part for part in (design.campaign_name, text.gift, f"kaart {text.card_number}") if part
        ),
        "regular",
    )
    if text_width(footer_right, "regular", FOOTER_SIZE) > inner_width * 0.6:
        footer_right = _shortened(footer_right, inner_width * 0.6, "regular", FOOTER_SIZE)
    right_width = text_width(footer_right, "regular", FOOTER_SIZE)
    left_room = inner_width - right_width - 4.0
    if text_width(footer_left, "regular", FOOTER_SIZE) > left_room:
        footer_left = _shortened(footer_left, left_room, "regular", FOOTER_SIZE)
    layout.lines.append(
        TextLine(MARGIN, footer_baseline, footer_left, "regular", FOOTER_SIZE, design.text_colour)
    )
    layout.lines.append(
        TextLine(
            CARD_WIDTH - MARGIN - right_width,
            footer_baseline,
            footer_right,
            "regular",
            FOOTER_SIZE,
            design.primary_colour,
        )
    )
    return layout
