"""The embedded fonts: DejaVu Sans, which has Latin, Czech and Cyrillic glyphs.

ReportLab embeds a subset of a registered TrueType font in each PDF, so the
shop's language prints the same on every machine and ``pdftotext`` finds it.
"""

from __future__ import annotations

import functools
from pathlib import Path

from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).resolve().parent.parent / "assets" / "fonts"
REGULAR = "StampSans"
BOLD = "StampSans-Bold"


@functools.cache
def register() -> tuple[str, str]:
    """Register the regular and bold font with ReportLab once; return their names.

    Also turns off ReportLab's ASCII85 wrapping of compressed streams: binary
    streams are plain PDF, a fifth smaller, and skip a pure-Python encoder
    that cost about 0.3 s per thousand cards.
    """
    rl_config.useA85 = 0
    pdfmetrics.registerFont(TTFont(REGULAR, str(FONT_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))
    return REGULAR, BOLD


def width(text: str, font: str, size: float) -> float:
    """Width of ``text`` in points (registers the fonts on first use)."""
    register()
    return float(pdfmetrics.stringWidth(text, font, size))


def fit_size(text: str, font: str, size: float, max_width: float, min_size: float) -> float:
    """The largest font size up to ``size`` at which ``text`` fits ``max_width``."""
    wanted = width(text, font, size)
    if wanted <= max_width:
        return size
    return max(min_size, size * max_width / wanted)


def wrap(text: str, font: str, size: float, max_width: float) -> list[str]:
    """Break ``text`` into lines no wider than ``max_width`` (long words are cut)."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if width(candidate, font, size) <= max_width:
                line = candidate
                continue
            if line:
                lines.append(line)
            while width(word, font, size) > max_width and len(word) > 1:
                cut = len(word) - 1
                while cut > 1 and width(word[:cut], font, size) > max_width:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return lines
