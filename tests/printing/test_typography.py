"""Czech typography on paper: a one-letter word (k, s, v, z, o, u, a, i) never ends a line.

The texts are read back from the rendered PDFs with ``pdftotext -bbox`` and
grouped into lines by their baseline; ESC/POS receipts are read from their bytes.
"""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from printing import boxes, cards_pdf, escpos_receipt, receipt
from tests.printing import helpers

REWARDS = ["Káva k tomu a s mlékem i v sobotu u nás zdarma",
           "Zákusek s kávou a k tomu o víkendu i v neděli v kavárně u nádraží",
           "Třetí káva k snídani a s sebou v pátek a o svátcích zdarma"]
ONE = {"k", "s", "v", "z", "o", "u", "a", "i"}


def _line_ends(words: list[helpers.Word]) -> list[str]:
    """The last word of every printed line (words of one page whose baselines lie within 1 pt)."""
    ends = []
    for _, on_page in itertools.groupby(sorted(words, key=lambda w: (w.page, -w.y0, w.x0)), key=lambda w: w.page):
        line: list[helpers.Word] = []
        for word in on_page:
            if line and abs(word.y0 - line[-1].y0) > 1:
                ends.append(max(line, key=lambda w: w.x1).text)
                line = []
            line.append(word)
        if line:
            ends.append(max(line, key=lambda w: w.x1).text)
    return ends


@pytest.mark.parametrize("reward", REWARDS)
def test_a_card_never_ends_a_line_with_a_one_letter_word(tmp_path: Path, reward: str) -> None:
    shop, _ = helpers.SHOPS["cs"]
    pdf = cards_pdf.render_card_sheet(shop, helpers.program(reward), helpers.faces(1), paper="card")
    words = helpers.pdf_words(pdf, tmp_path)
    assert set(reward.split()) <= {w.text for w in words}  # all of the reward is printed
    assert not [end for end in _line_ends(words) if end in ONE], _line_ends(words)  # ("K": the logo's initial)


@pytest.mark.parametrize("reward", REWARDS)
@pytest.mark.parametrize("width", [80, 58])
def test_a_receipt_never_ends_a_line_with_a_one_letter_word(tmp_path: Path, reward: str, width: int) -> None:
    data = dataclasses.replace(helpers.receipt_data("cs"), reward=reward)
    from printing.model import Action

    data = dataclasses.replace(data, action=Action.REDEEM)
    words = helpers.pdf_words(receipt.render_receipt_pdf(data, width=width), tmp_path)
    assert not [end for end in _line_ends(words) if end in ONE], _line_ends(words)
    escpos = escpos_receipt.render_receipt_escpos(data, width=width)
    for line, _ in helpers.escpos_lines(escpos):
        last = line.decode("cp852", "replace").rstrip().rsplit(" ", 1)[-1]
        assert last.lower() not in ONE, line


@given(st.lists(st.sampled_from(["k", "s", "v", "a", "i", "káva", "zdarma", "mlékem", "u", "nás", "tomu"]),
                min_size=1, max_size=14), st.integers(min_value=6, max_value=30))
def test_wrapping_keeps_every_word_and_binds_one_letter_words(words: list[str], columns: int) -> None:
    text = " ".join(words)
    lines = boxes.wrap_columns(text, columns, anywhere=True)
    assert lines is not None
    assert " ".join(lines).split() == text.split() or "".join(lines).replace(" ", "") == text.replace(" ", "")
    for unit in boxes.units(text):
        if len(unit) <= columns:  # a pair that fits a line is never split across two
            assert any(f" {unit} " in f" {line} " for line in lines), (unit, lines, columns)
