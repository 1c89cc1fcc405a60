"""The printing layer's exceptions: one base class, expected failures kept apart.

``PrinterError`` is expected (no printer, printer off, out of paper, no CUPS):
the shell shows its one-line message and carries on; whatever was recorded in
the database stays recorded. ``LayoutError`` means the data cannot be put on
paper (an unreadable logo, an empty batch) and is also shown as one line.
"""

from __future__ import annotations


class PrintingError(Exception):
    """Base class of everything ``printing`` raises on purpose."""


class LayoutError(PrintingError, ValueError):
    """The data cannot be laid out (bad paper name, unreadable logo, nothing to print)."""


class PrinterError(PrintingError, OSError):
    """A printer is missing, off, unreachable or out of paper; the message is one line."""

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.split()))
