"""The owner pages take their paddings and spacings from ``theme.Metrics`` (millimetres), never fixed pixels.

A source check, like the layer test: every ``setSpacing``/``setContentsMargins``/``setVerticalSpacing`` in
``kiosk/app/owner/`` is 0 or a ``Metrics`` size, and no style sheet there writes a pixel number. The screens
themselves are checked at every size by ``test_layout.py``; this keeps the next page from going back to pixels.
(An overlay's largest size, ``max_size``, is a cap in pixels of the window, not a padding.)
"""

from __future__ import annotations

import re
from pathlib import Path

from kiosk.app import theme

OWNER = Path(__file__).resolve().parents[2] / "kiosk" / "app" / "owner"
LITERAL_GAP = re.compile(r"\.(?:setSpacing|setVerticalSpacing|setHorizontalSpacing|addSpacing)\(\s*[1-9]"
                         r"|\.setContentsMargins\([^)]*\b[1-9]\d*\b"
                         r"|\.set(?:Fixed|Minimum|Maximum)(?:Width|Height)\(\s*(?:min\(\s*)?[1-9]\d+\b"
                         r"|\b(?:[2-9]|[1-9]\d+)px\b")  # a 1px border is a hairline on every screen


def test_owner_pages_write_no_fixed_pixels() -> None:
    found = []
    for path in sorted(OWNER.glob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if LITERAL_GAP.search(code) and '"""' not in code:
                found.append(f"{path.name}:{number}: {line.strip()}")
    assert found == [], "fixed pixels in owner pages (use theme.Metrics):\n" + "\n".join(found)


def test_the_metrics_paddings_are_millimetres(qapp: object) -> None:
    """Each padding is its size in mm at the screen's dpi; the compact ones are never larger than the roomy ones."""
    small, large = theme.Metrics(480, 800), theme.Metrics(800, 1280)
    assert small.pad == theme.mm(2.0) and small.row_gap == theme.mm(1.5) and small.hair == theme.mm(0.5)
    for name in ("keyboard_pad", "keyboard_gap", "digits_pad", "digits_gap", "preview", "rail_pad", "rail_gap",
                 "choice_width"):
        assert 0 < getattr(small, name) <= getattr(large, name), name
    assert small.hair < small.tight < small.row_gap < small.pad < small.radius
