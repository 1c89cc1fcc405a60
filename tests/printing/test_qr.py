"""The fast QR matrix: same symbols as ``qrcode``, best mask by the standard's penalty."""

from __future__ import annotations

import random
import re

import pytest
import qrcode
from qrcode.constants import ERROR_CORRECT_Q

from cards import codes
from printing import qr


def _reference_penalty(size: int, rows: tuple[int, ...] | list[int]) -> int:
    """The four penalty rules written plainly over strings, to check the bit version."""
    h = ["".join("1" if row >> c & 1 else "0" for c in range(size)) for row in rows]
    v = ["".join(col) for col in zip(*h)]
    score = 0
    for line in h + v:
        for run in re.findall(r"0{5,}|1{5,}", line):
            score += 3 + len(run) - 5
        padded = "0000" + line + "0000"
        for i in range(len(padded) - 10):
            window = padded[i:i + 11]
            score += 40 * (window == "10111010000") + 40 * (window == "00001011101")
    for r in range(size - 1):
        for c in range(size - 1):
            block = {h[r][c], h[r][c + 1], h[r + 1][c], h[r + 1][c + 1]}
            score += 3 * (len(block) == 1)
    dark = sum(line.count("1") for line in h)
    return score + 10 * (abs(dark * 100 // (size * size) - 50) // 5)


def _qrcode_modules(text: str, mask: int) -> tuple[int, ...]:
    code = qrcode.QRCode(version=2, error_correction=ERROR_CORRECT_Q, border=0, mask_pattern=mask)
    code.add_data(text)
    code.make(fit=False)
    return tuple(sum(1 << c for c, d in enumerate(row) if d) for row in code.modules)


@pytest.mark.parametrize("seed", range(5))
def test_penalty_matches_the_plain_rules(seed: int) -> None:
    rng = random.Random(seed)
    size = 25
    rows = [rng.getrandbits(size) for _ in range(size)]
    assert qr.penalty(size, rows) == _reference_penalty(size, rows)


def test_matrix_is_a_qrcode_symbol_with_the_lowest_penalty() -> None:
    payload = codes.make_payload(codes.new_number(12345), b"k" * 32)
    got = qr.matrix(payload, version=2)
    options = {mask: _qrcode_modules(payload, mask) for mask in range(8)}
    assert got.rows in options.values()
    scores = {mask: _reference_penalty(25, rows) for mask, rows in options.items()}
    assert _reference_penalty(25, got.rows) == min(scores.values())


def test_long_text_picks_a_bigger_version() -> None:
    url = "https://example.com/complaints?shop=" + "x" * 200
    assert qr.matrix(url, level="M").size > 41


def test_path_covers_exactly_the_dark_modules() -> None:
    code = qr.matrix("SC1:TEST", version=1)
    drawn: set[tuple[int, int]] = set()
    for x, y, w, h in re.findall(r"(\d+) (\d+) (\d+) (\d+) re", qr.path_operators(code)):
        assert h == "1"
        for c in range(int(x), int(x) + int(w)):
            drawn.add((code.size - 1 - int(y), c))
    dark = {(r, c) for r in range(code.size) for c in range(code.size) if code.dark(r, c)}
    assert drawn == dark
