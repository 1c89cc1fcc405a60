"""The storage layer's errors: one base class; expected refusals apart from faults.

A refusal of the data (unknown card, wrong PIN, a rule) is ``cards.refusals.Refused``.
What is here are faults of the database itself: it cannot be opened, read or
written (full disk, read-only or immutable file, corrupt, server gone).
"""

from __future__ import annotations

import enum


class StampcardError(Exception):
    """Base of the lower layers' expected faults."""


class DatabaseError(StampcardError):
    """The database cannot be opened, read or written, is damaged, or has an unknown schema version."""


class FaultKind(enum.Enum):
    """Why the database cannot be used; the shells say it in the user's language
    (``kiosk.sentences.fault`` for the command line)."""

    DAMAGED = "damaged"
    """The file is corrupt or no database (``place``, ``detail``: the driver's words); a backup puts it back."""
    DISK_FULL = "disk_full"
    """The disk holding ``place`` is full."""
    READ_ONLY = "read_only"
    """``place`` cannot be written (read-only file or folder)."""
    BUSY = "busy"
    """Another program holds ``place``; trying again may work."""
    CANNOT_OPEN = "cannot_open"
    """``place`` cannot be opened."""
    UNREACHABLE = "unreachable"
    """The database server ``place`` cannot be reached (``detail``: the driver's words)."""
    UNUSABLE = "unusable"
    """Any other fault of ``place`` (``detail``: the driver's words)."""
    NEWER_SCHEMA = "newer_schema"
    """``place`` has a schema version (``detail``) newer than this stampcard knows: update stampcard."""
    TEXT = "text"
    """A fault already put in words by the layer that found it (``detail``; said as it is)."""


class Fault(DatabaseError):
    """A fault of the database as data: a :class:`FaultKind`, the database's ``place`` for people (a path or a
    URL without its password) and the driver's own ``detail``; never wrapped again (``db.engine.fault_of``).

    ``str()`` is a short English line for logs; people read ``kiosk.sentences.fault``'s sentence.
    A plain text (``Fault("the backup could not be written ...")``) is the kind ``TEXT``.
    """

    def __init__(self, kind: FaultKind | str, place: str = "", detail: str = "") -> None:
        if isinstance(kind, str):  # a sentence already: said as it is
            kind, detail = FaultKind.TEXT, str(kind)
        self.kind: FaultKind = kind
        self.place = place
        self.detail = detail
        super().__init__(str(self))

    def __str__(self) -> str:
        if self.kind is FaultKind.TEXT:
            return self.detail
        line = f"database fault: {self.kind.value.replace('_', ' ')} ({self.place or 'the database'})"
        return f"{line}: {self.detail}" if self.detail else line


class BadURL(StampcardError):
    """A database URL that cannot be parsed or names no known database kind (bad usage: exit 2)."""
