"""Refusals are data: every kind has a sentence in each shell, and no shell reads a refusal's text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cards import refusals
from kiosk import sentences

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("kind", list(refusals.Kind))
def test_every_kind_has_an_english_sentence(kind: refusals.Kind) -> None:
    assert sentences.has_sentence(kind)
    line = sentences.english(refusals.Refused(kind, number="K7Q29XJ4MN3", batch=3, field="stamps", low=2,
                                              high=50, limit=5, asked=7, minutes=4, tries_left=2, stamps=3,
                                              required=10, to_go=7, reference="C-ABCDE"))
    assert line and "\n" not in line and "None" not in line


@pytest.mark.gui
@pytest.mark.parametrize("kind", list(refusals.Kind))
def test_every_kind_has_a_screen_sentence(qapp: object, kind: refusals.Kind) -> None:
    from kiosk.app import refusal_text

    assert refusal_text.has_sentence(kind)
    assert refusal_text.sentence(refusals.Refused(kind, limit=5, minutes=4, tries_left=2, low=4, high=8))


def test_refusal_fields_are_typed_not_text() -> None:
    exc = refusals.Refused(refusals.Kind.COOLDOWN, minutes=4, limit=10)
    assert (exc.kind, exc.minutes, exc.limit) == (refusals.Kind.COOLDOWN, 4, 10)
    assert str(exc) == "cooldown(limit=10, minutes=4)" or str(exc) == "cooldown(minutes=4, limit=10)"


_PARSING = [
    re.compile(r"re\.(search|match|findall)\([^)]*str\((exc|err|error|failure)\)"),
    re.compile(r"str\((exc|err|error|failure)\)\.(split|partition|startswith|endswith)\([\"']"),
    re.compile(r"re\.(search|match)\(r?[\"'][^\"']*(min|at most)"),
]


def test_no_shell_parses_a_refusal_message() -> None:
    offenders = []
    for path in (ROOT / "kiosk").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        offenders += [f"{path.relative_to(ROOT)}: {m.group(0)}" for pattern in _PARSING for m in pattern.finditer(text)]
    assert offenders == []
