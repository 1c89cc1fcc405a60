"""The status strip's parts and the states each can show: names, not bare strings.

``Shown`` is a str enum, so a state that arrives through a Qt signal (which carries
text) is turned into it once, at the slot (``Shown(text)``), and the strip never
compares free text.
"""

from __future__ import annotations

from enum import StrEnum


class Part(StrEnum):
    """What the strip reports on."""

    CAMERA = "camera"
    PRINTER = "printer"
    DATABASE = "database"
    SCANNER = "scanner"


class Shown(StrEnum):
    """A part's state (not every part has every state: the strip's sentences say which)."""

    OK = "ok"
    STARTING = "starting"  # the camera
    NONE = "none"  # no camera chosen; no scanner seen yet
    LOST = "lost"  # a camera that stopped working; a scanner unplugged
    FILE = "file"  # no printer: receipts are saved to files
    ERROR = "error"  # a printer or the database in trouble
