"""Fitting a text into its box: shrink to a minimum size, then wrap onto more lines.

Every text on a card or a receipt has a :class:`Style`: its font, the size it
would like, the smallest size it may shrink to on one line, and how many lines
it may wrap onto (at a size no larger than ``wrap_size``). :func:`fit` tries
one line first, shrinking down to ``shrink_to``; then two lines, three, ...
each from ``wrap_size`` down to ``min_size``. A text that still does not fit
comes back cut with an ellipsis and ``complete=False``: drawing never spills
out of its box, and :mod:`printing.fit` refuses such a text before it is saved.

Words are never cut in the middle, except where a style allows breaks after
some characters (an e-mail or a web address breaks after ``/ . - @ ? & =``).

The vertical metrics are the font's ascent and descent (0.76 and 0.24 of the
size for DejaVu Sans), the same numbers ``pdftotext -bbox`` reports, so a
box computed here is the box a test reads back from the PDF.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from printing import fonts

ASCENT, DESCENT = 0.76, 0.24  # of the font size, as ReportLab and poppler measure DejaVu Sans
LEADING = 1.15  # baseline to baseline, of the font size
STEP = 0.25  # points between the sizes tried when wrapping
URL_BREAKS = "/.-@?&=_"
ELLIPSIS = "…"


@dataclass(frozen=True)
class Style:
    """How one text may be set: ``size`` wanted, ``shrink_to`` on one line, then
    up to ``max_lines`` lines from ``wrap_size`` down to ``min_size``."""

    font: str
    size: float
    min_size: float
    max_lines: int = 1
    wrap_size: float | None = None
    shrink_to: float | None = None
    breaks: str = ""  # characters after which a long word may break
    anywhere: bool = False  # a piece still too long may break at any character (web addresses)
    char_space: float = 0.0  # extra points after every character (spaced capitals)

    def width(self, text: str, size: float) -> float:
        """Width of ``text`` at ``size`` in this style, in points."""
        return fonts.width(text, self.font, size) + self.char_space * len(text)


@dataclass(frozen=True)
class Fitted:
    """A text set in its box: the size, the lines, and whether all of it is there."""

    size: float
    lines: tuple[str, ...]
    complete: bool = True

    @property
    def height(self) -> float:
        """From the top of the first line's ascent to the bottom of the last line's descent."""
        return self.size * (ASCENT + DESCENT + LEADING * (len(self.lines) - 1))

    def baselines(self, top: float) -> list[float]:
        """Each line's baseline when the block's top edge is at ``top`` (y grows upwards)."""
        first = top - ASCENT * self.size
        return [first - i * LEADING * self.size for i in range(len(self.lines))]


def clean(text: str) -> str:
    """One line of text: runs of white space (tabs, newlines) become one space."""
    return " ".join(text.split())


def fit(text: str, style: Style, width: float) -> Fitted:
    """``text`` set in ``style`` within ``width`` points (see the module's notes)."""
    text = clean(text)
    if not text:
        return Fitted(style.size, ("",))
    wanted = style.width(text, style.size)
    if wanted <= width:
        return Fitted(style.size, (text,))
    floor = style.min_size if style.shrink_to is None else max(style.min_size, style.shrink_to)
    size = _round_down(style.size * width / wanted)
    while size >= floor and style.width(text, size) > width:
        size -= 0.05
    if size >= floor:
        return Fitted(size, (text,))
    top = min(style.size, style.wrap_size or style.size)
    for count in range(2, style.max_lines + 1):
        size = top
        while size >= style.min_size - 1e-9:
            lines = wrap(text, style, size, width, max_lines=count)
            if lines is not None and len(lines) <= count:
                return Fitted(size, tuple(lines))
            size -= STEP
    return _cut(text, style, width)


def fits(text: str, style: Style, width: float) -> bool:
    """True when all of ``text`` fits ``width`` in ``style``."""
    return fit(text, style, width).complete


def wrap(text: str, style: Style, size: float, width: float, *, force: bool = False,
         max_lines: int | None = None) -> list[str] | None:
    """``text`` broken into lines no wider than ``width`` at ``size``.

    Breaks at spaces, and inside a long word after the style's ``breaks``
    characters. A piece that is still too wide makes the answer ``None``, or
    with ``force`` (or a style that breaks ``anywhere``) is cut wherever it must be.
    A style that breaks ``anywhere`` also fills lines character by character
    when breaking at its ``breaks`` would take more than ``max_lines``.
    """
    return _wrap_twice(text, lambda piece: style.width(piece, size), width, style.breaks,
                       force or style.anywhere, max_lines)


def wrap_columns(text: str, columns: int, *, breaks: str = "", anywhere: bool = False,
                 max_lines: int | None = None) -> list[str] | None:
    """``text`` broken into lines of at most ``columns`` characters (a receipt printer's font);
    with ``anywhere``, at any character where the spaces and ``breaks`` leave no room."""
    return _wrap_twice(text, len, columns, breaks, anywhere, max_lines)


def _wrap_twice(text: str, measure: Callable[[str], float], width: float, breaks: str,
                anywhere: bool, max_lines: int | None) -> list[str] | None:
    lines = _wrap(text, measure, width, breaks, force=False)
    too_many = lines is not None and max_lines is not None and len(lines) > max_lines
    if (lines is None or too_many) and anywhere:
        lines = _wrap(text, measure, width, breaks, force=True, every=True)
    return lines


def _wrap(text: str, measure: Callable[[str], float], width: float, breaks: str,
          force: bool, every: bool = False) -> list[str] | None:
    lines: list[str] = []
    line = ""
    words: list[str] = []
    for unit in units(text):  # a one-letter word stays with the next one, unless the pair cannot fit a line
        words += [unit] if " " not in unit or measure(unit) <= width else unit.split(" ")
    for word in words:
        candidate = f"{line} {word}" if line else word
        if measure(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
            line = ""
        for piece in list(word) if every else _pieces(word, breaks):
            candidate = line + piece
            if measure(candidate) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
                line = ""
            while measure(piece) > width:
                if not force:
                    return None
                cut = len(piece) - 1
                while cut > 1 and measure(piece[:cut]) > width:
                    cut -= 1
                lines.append(piece[:max(1, cut)])
                piece = piece[max(1, cut):]
            line = piece
    lines.append(line)
    return lines


ONE_LETTER = frozenset("kKsSvVzZoOuUaAiI" "вВкКсСоОуУиИаАяЯ")
"""Words that never end a line (Czech typography: "káva k / tomu" is wrong; Russian prepositions alike)."""
_OPENING = "(\"'„“‚‘«»[–—-"


def _binds(unit: str) -> bool:
    last = unit.rsplit(" ", 1)[-1].lstrip(_OPENING)
    return len(last) == 1 and last in ONE_LETTER


def units(text: str) -> list[str]:
    """``text``'s words, each one-letter word (``k``, ``s``, ``v``, ``z``, ``o``, ``u``, ``a``, ``i``) joined
    to the word after it by its space: a line may break between units, never inside one (a non-breaking space)."""
    found: list[str] = []
    for word in clean(text).split(" "):
        if found and _binds(found[-1]):
            found[-1] += " " + word
        else:
            found.append(word)
    return found


def limit(text: str, ok: Callable[[str], bool]) -> int:
    """The longest prefix of ``text`` (in characters) that ``ok`` accepts."""
    text = clean(text)
    if ok(text):
        return len(text)
    low, high = 0, len(text)  # ok(text[:low]) holds, ok(text[:high]) does not
    while high - low > 1:
        middle = (low + high) // 2
        if ok(text[:middle].rstrip()):
            low = middle
        else:
            high = middle
    return low


def _pieces(word: str, breaks: str) -> list[str]:
    if not breaks:
        return [word]
    pattern = "[" + re.escape(breaks) + "]"
    return [p for p in re.split(f"(?<={pattern})", word) if p]


def _round_down(size: float) -> float:
    return int(size * 20) / 20


def _cut(text: str, style: Style, width: float) -> Fitted:
    size = style.min_size
    lines = wrap(text, style, size, width, force=True) or [text]
    kept = lines[: style.max_lines]
    last = kept[-1] if len(lines) <= style.max_lines else " ".join([kept[-1], *lines[style.max_lines:]])
    while last and style.width(last + ELLIPSIS, size) > width:
        last = last[:-1]
    kept[-1] = last.rstrip() + ELLIPSIS
    return Fitted(size, tuple(kept), complete=False)
