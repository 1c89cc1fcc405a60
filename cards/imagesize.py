"""An image's size from its header, before anything is decoded.

A 1 MB PNG can say it is 30,000 x 30,000 pixels: decoding it takes gigabytes
(measured on main: 2.86 GB and 27 s). :func:`check` reads the width and height
from the header of PNG, JPEG, GIF, BMP, WebP, TIFF and Netpbm (PGM, PPM …) files,
wherever in the file it lies, and refuses an
image over :data:`MAX_PIXELS` before a decoder sees it. OpenCV's own limit
(``OPENCV_IO_MAX_IMAGE_PIXELS``) is set to the same number as a second guard for
formats not parsed here. Pure Python, no Pillow.
"""

from __future__ import annotations

import os
import re
import struct

MAX_PIXELS = 50_000_000  # 50 megapixels: a 12-megapixel phone photo fits four times over
os.environ.setdefault("OPENCV_IO_MAX_IMAGE_PIXELS", str(MAX_PIXELS))


class TooLarge(ValueError):
    """The image has more than :data:`MAX_PIXELS` pixels; ``width`` and ``height`` say how big."""

    def __init__(self, width: int, height: int) -> None:
        super().__init__(f"the image is {width} x {height} pixels, over the {MAX_PIXELS // 1_000_000}-megapixel limit")
        self.width = width
        self.height = height


def _jpeg(data: bytes) -> tuple[int, int] | None:
    i = 2
    while i + 9 < len(data):
        if data[i] != 0xFF:
            i += 1
            continue
        marker = data[i + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7 or marker == 0xFF:
            i += 1 if marker == 0xFF else 2
            continue
        length = struct.unpack(">H", data[i + 2:i + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[i + 5:i + 9])
            return width, height
        i += 2 + length
    return None


def _tiff(data: bytes) -> tuple[int, int] | None:
    order = "<" if data[:2] == b"II" else ">"
    try:
        (offset,) = struct.unpack(order + "I", data[4:8])
        (count,) = struct.unpack(order + "H", data[offset:offset + 2])
        found: dict[int, int] = {}
        for n in range(count):
            entry = data[offset + 2 + 12 * n: offset + 14 + 12 * n]
            tag, kind = struct.unpack(order + "HH", entry[:4])
            if tag in (256, 257):
                found[tag] = struct.unpack(order + ("H" if kind == 3 else "I"), entry[8:10 if kind == 3 else 12])[0]
    except struct.error:
        return None
    return (found[256], found[257]) if 256 in found and 257 in found else None


_NETPBM = re.compile(rb"^P[1-6](?:\s|#[^\n]*\n)+(\d+)(?:\s|#[^\n]*\n)+(\d+)")
_PAM = re.compile(rb"^P7\n(?:.*\n)*?WIDTH\s+(\d+)\n(?:.*\n)*?HEIGHT\s+(\d+)")


def _netpbm(data: bytes) -> tuple[int, int] | None:
    """PBM, PGM, PPM (``P1``..``P6``, comments allowed) and PAM (``P7``) headers."""
    head = data[:4096]
    found = _NETPBM.match(head) or _PAM.match(head)
    return (int(found[1]), int(found[2])) if found else None


def size(data: bytes) -> tuple[int, int] | None:
    """(width, height) from an image file's header, or None when the format is not known here.

    Give the whole file: a TIFF's directory and a JPEG's frame header may lie far
    past the first 64 KB (a JPEG with 128 KB of metadata before its frame).
    """
    try:
        if data[:2] in (b"P1", b"P2", b"P3", b"P4", b"P5", b"P6", b"P7"):
            return _netpbm(data)
        if data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR":
            width, height = struct.unpack(">II", data[16:24])
            return width, height
        if data[:2] == b"\xff\xd8":
            return _jpeg(data)
        if data[:6] in (b"GIF87a", b"GIF89a"):
            width, height = struct.unpack("<HH", data[6:10])
            return width, height
        if data[:2] == b"BM":
            width, height = struct.unpack("<ii", data[18:26])
            return abs(width), abs(height)
        if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
            chunk = data[12:16]
            if chunk == b"VP8X":
                return (int.from_bytes(data[24:27], "little") + 1, int.from_bytes(data[27:30], "little") + 1)
            if chunk == b"VP8 ":
                width, height = struct.unpack("<HH", data[26:30])
                return width & 0x3FFF, height & 0x3FFF
            if chunk == b"VP8L":
                bits = int.from_bytes(data[21:25], "little")
                return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
        if data[:4] in (b"II*\x00", b"MM\x00*"):
            return _tiff(data)
    except struct.error:
        return None
    return None


def check(data: bytes, limit: int = MAX_PIXELS) -> None:
    """Raise :class:`TooLarge` when the header says the image has more than ``limit`` pixels."""
    found = size(data)
    if found is not None and found[0] * found[1] > limit:
        raise TooLarge(*found)
