"""QR matrices, fast enough for a thousand cards, and drawn as vector runs.

``qrcode`` builds a correct symbol in about 0.4 ms when it is told the mask,
but choosing the best of the eight masks costs it about 3 ms a code, which
would dominate a batch. So ``matrix`` asks ``qrcode`` once for the symbol
with mask 0, takes the mask off again, and tries all eight masks itself on
the whole symbol packed into one integer (one bit a module): the penalty rules
of ISO/IEC 18004 (runs, 2x2 blocks, finder look-alikes, dark balance) become a
few dozen shifts and masks over every row and column at once. Symbols above
version 6 (which carry version information) go straight through ``qrcode``.

``path_operators`` turns a matrix into PDF path operators, one rectangle per
horizontal run of dark modules, in module units: a card's code is one filled
path, never a raster image.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

import qrcode
from qrcode.constants import ERROR_CORRECT_H, ERROR_CORRECT_L, ERROR_CORRECT_M, ERROR_CORRECT_Q
from qrcode.util import pattern_position

QUIET_ZONE = 4  # modules of light margin the standard asks for on every side
LEVELS = {"L": ERROR_CORRECT_L, "M": ERROR_CORRECT_M, "Q": ERROR_CORRECT_Q, "H": ERROR_CORRECT_H}

_MASKS: tuple[Callable[[int, int], bool], ...] = (
    lambda r, c: (r + c) % 2 == 0,
    lambda r, c: r % 2 == 0,
    lambda r, c: c % 3 == 0,
    lambda r, c: (r + c) % 3 == 0,
    lambda r, c: (r // 2 + c // 3) % 2 == 0,
    lambda r, c: (r * c) % 2 + (r * c) % 3 == 0,
    lambda r, c: ((r * c) % 2 + (r * c) % 3) % 2 == 0,
    lambda r, c: ((r + c) % 2 + (r * c) % 3) % 2 == 0,
)


@dataclass(frozen=True)
class Matrix:
    """A QR symbol without quiet zone: ``rows[r]`` has bit ``c`` set for a dark module."""

    size: int
    rows: tuple[int, ...]

    def dark(self, row: int, col: int) -> bool:
        """True when the module at ``row``, ``col`` is dark."""
        return bool(self.rows[row] >> col & 1)


def _build(text: str, version: int | None, level: int, mask: int | None) -> list[list[bool]]:
    code = qrcode.QRCode(version=version, error_correction=level, border=0, mask_pattern=mask)
    code.add_data(text)
    code.make(fit=version is None)
    return [[bool(m) for m in row] for row in code.modules]


def _to_rows(modules: list[list[bool]]) -> tuple[int, ...]:
    return tuple(sum(1 << c for c, dark in enumerate(row) if dark) for row in modules)


PAD = 4  # light modules packed around the symbol, so finder look-alikes see the quiet zone


@dataclass(frozen=True)
class _Packed:
    """Bit masks over a symbol packed into one integer, ``PAD`` light modules around.

    Module (r, c) is bit ``(r + PAD) * stride + c + PAD``; one integer operation
    then applies to every module at once, and shifting by 1 or by ``stride``
    lines a module up with its right or lower neighbour.
    """

    size: int
    stride: int
    pair_h: int  # modules whose right neighbour is in the symbol
    pair_v: int  # modules whose lower neighbour is in the symbol
    block: int  # top-left corners of 2x2 blocks inside the symbol
    finder_h: int  # starts of 11-module windows along a row (symbol rows only)
    finder_v: int  # starts of 11-module windows down a column (symbol columns only)

    def pack(self, rows: list[int] | tuple[int, ...]) -> int:
        return sum(row << ((r + PAD) * self.stride + PAD) for r, row in enumerate(rows))

    def unpack(self, packed: int) -> tuple[int, ...]:
        full = (1 << self.size) - 1
        return tuple(packed >> ((r + PAD) * self.stride + PAD) & full for r in range(self.size))

    def area(self, rows: range, cols: range) -> int:
        line = sum(1 << c for c in cols)
        return sum(line << (r * self.stride) for r in rows)


@functools.cache
def _packing(size: int) -> _Packed:
    stride = size + 2 * PAD
    proto = _Packed(size, stride, 0, 0, 0, 0, 0)
    inside = range(PAD, PAD + size)
    return _Packed(
        size, stride,
        pair_h=proto.area(inside, range(PAD, PAD + size - 1)),
        pair_v=proto.area(range(PAD, PAD + size - 1), inside),
        block=proto.area(range(PAD, PAD + size - 1), range(PAD, PAD + size - 1)),
        finder_h=proto.area(inside, range(0, stride - 10)),
        finder_v=proto.area(range(0, stride - 10), inside),
    )


_FINDER_PATTERNS = ("10111010000", "00001011101")


def _runs(same: int, step: int) -> int:
    # ``same`` marks modules equal to their neighbour ``step`` bits on; a run of
    # L >= 5 equal modules is L - 1 marks in a row and scores 3 + (L - 5).
    four = same & same >> step & same >> 2 * step & same >> 3 * step
    return four.bit_count() + 2 * (four & ~(four >> step)).bit_count()


def _finders(packed: int, step: int, where: int) -> int:
    count = 0
    for pattern in _FINDER_PATTERNS:
        dark, light = where, 0
        for j, bit in enumerate(pattern):
            if bit == "1":
                dark &= packed >> (j * step)
            else:
                light |= packed >> (j * step)
        count += (dark & ~light).bit_count()
    return count


def _penalty_packed(pk: _Packed, packed: int) -> int:
    s = pk.stride
    score = _runs(~(packed ^ packed >> 1) & pk.pair_h, 1)
    score += _runs(~(packed ^ packed >> s) & pk.pair_v, s)
    dark = packed & packed >> 1 & packed >> s & packed >> (s + 1) & pk.block
    light = ~(packed | packed >> 1 | packed >> s | packed >> (s + 1)) & pk.block
    score += 3 * (dark.bit_count() + light.bit_count())
    score += 40 * (_finders(packed, 1, pk.finder_h) + _finders(packed, s, pk.finder_v))
    dark_count = packed.bit_count()
    return score + 10 * (abs(dark_count * 100 // (pk.size * pk.size) - 50) // 5)


def penalty(size: int, rows: list[int] | tuple[int, ...]) -> int:
    """The ISO/IEC 18004 mask penalty of a symbol (lower is easier to read):
    runs of five or more, 2x2 blocks, finder look-alikes beside four light
    modules, and the balance of dark and light."""
    pk = _packing(size)
    return _penalty_packed(pk, pk.pack(rows))


@dataclass(frozen=True)
class _Template:
    packing: _Packed
    data: int  # data modules (not function patterns), packed
    masks: tuple[int, ...]  # each mask's bits over the data modules, packed
    functions: tuple[int, ...]  # function-pattern modules drawn with each mask, packed


@functools.cache
def _template(version: int, level: int) -> _Template:
    size = 17 + 4 * version
    function = [[False] * size for _ in range(size)]

    def block(r0: int, c0: int, height: int, width: int) -> None:
        for r in range(max(r0, 0), min(r0 + height, size)):
            for c in range(max(c0, 0), min(c0 + width, size)):
                function[r][c] = True

    block(0, 0, 9, 9)  # finder, separator and format information
    block(0, size - 8, 9, 8)
    block(size - 8, 0, 8, 9)  # includes the dark module
    block(6, 0, 1, size)  # timing patterns
    block(0, 6, size, 1)
    centres = pattern_position(version)
    for r in centres:
        for c in centres:
            if not function[r][c]:
                block(r - 2, c - 2, 5, 5)
    pk = _packing(size)
    data_rows = [sum(1 << c for c in range(size) if not function[r][c]) for r in range(size)]
    data = pk.pack(data_rows)
    masks = tuple(
        pk.pack([sum(1 << c for c in range(size) if rule(r, c)) for r in range(size)]) & data
        for rule in _MASKS)
    functions = tuple(pk.pack(_to_rows(_build("0", version, level, k))) & ~data
                      for k in range(len(_MASKS)))
    return _Template(pk, data, masks, functions)


def matrix(text: str, level: str = "Q", version: int | None = None) -> Matrix:
    """The QR symbol for ``text`` at error level ``level``, with the best mask.

    ``version`` fixes the symbol size (our card payloads fit version 2);
    ``None`` picks the smallest that fits.
    """
    ec = LEVELS[level]
    first = _to_rows(_build(text, version, ec, 0))
    size = len(first)
    found_version = (size - 17) // 4
    if found_version > 6:
        return Matrix(size, _to_rows(_build(text, found_version, ec, None)))
    tpl = _template(found_version, ec)
    pk = tpl.packing
    plain = (pk.pack(first) ^ tpl.masks[0]) & tpl.data
    candidates = [plain ^ mask | function for mask, function in zip(tpl.masks, tpl.functions)]
    best = min(candidates, key=lambda packed: _penalty_packed(pk, packed))
    return Matrix(size, pk.unpack(best))


_DARK_RUN = re.compile(r"1+")


def path_operators(code: Matrix) -> str:
    """PDF path operators filling every dark run, in module units, origin bottom-left.

    Wrap it in a ``cm`` transform that scales a module to its printed size.
    """
    parts: list[str] = []
    top = code.size - 1
    for r, row in enumerate(code.rows):
        y = top - r
        bits = format(row, f"0{code.size}b")[::-1]
        parts.extend(f"{m.start()} {y} {m.end() - m.start()} 1 re" for m in _DARK_RUN.finditer(bits))
    parts.append("f")
    return "\n".join(parts)
