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
    SEVERAL_VERSIONS = "several_versions"
    """``place``'s version table holds several schema versions (``detail``: them, comma-separated)."""
    UPGRADE_FAILED = "upgrade_failed"
    """The schema upgrade from ``version`` ("" for a new database) to ``head`` failed (``detail``)."""
    UPGRADE_UNDONE = "upgrade_undone"
    """The upgrade ``version`` -> ``head`` failed and the database was put back from ``copy`` (``detail``)."""
    UPGRADE_NOT_PUT_BACK = "upgrade_not_put_back"
    """The upgrade failed and the database could not be put back (``detail``); the copy is ``copy``."""
    NO_UPGRADE_FOLDER = "no_upgrade_folder"
    """The folder ``file`` for the copy taken before an upgrade cannot be made (``detail``)."""
    CANNOT_CREATE = "cannot_create"
    """The database file ``place`` cannot be created (``detail``)."""
    NO_DRIVER = "no_driver"
    """The database ``place`` needs a driver that cannot be loaded (``detail``)."""
    NO_DATABASE_FILE = "no_database_file"
    """There is no database file at ``place`` to back up."""
    NOT_BACKED_UP = "not_backed_up"
    """``place`` is damaged (``detail``): no backup was made, the older backups stay."""
    BACKUP_NOT_WRITTEN = "backup_not_written"
    """The backup could not be written to ``file`` (``detail``); the database is unchanged."""
    NO_BACKUP_FILE = "no_backup_file"
    """There is no backup file ``file`` to restore."""
    BACKUP_DAMAGED = "backup_damaged"
    """The backup ``file`` is damaged or no database (``detail``: SQLite's check)."""
    NOT_A_BACKUP = "not_a_backup"
    """The file ``file`` is a database without a stampcard schema version."""
    BACKUP_TOO_NEW = "backup_too_new"
    """The backup ``file`` has schema ``version``, newer than this stampcard's ``head``."""
    TOO_MANY_COPIES = "too_many_copies"
    """No free name is left for a before-restore copy in the folder ``file``."""
    RESTORE_FAILED = "restore_failed"
    """A restore of ``place`` failed (``detail``); the database is unchanged."""
    TEXT = "text"
    """A fault already put in words by the layer that found it (``detail``; said as it is)."""


class Fault(DatabaseError):
    """A fault of the database as data: a :class:`FaultKind`, the database's ``place`` for people (a path or a
    URL without its password), the driver's or the system's own ``detail``, and, for the kinds that name them
    (see :class:`FaultKind`), a ``file`` (a backup, the user's output, a folder), a ``copy`` (taken before an
    upgrade) and schema revisions (``version``, ``head``); never wrapped again (``db.engine.fault_of``).

    ``str()`` is a short English line for logs; people read ``kiosk.sentences.fault``'s sentence (the command
    line) or ``kiosk.app.refusal_text.fault``'s (the screens). A plain text (``Fault("...")``) is the kind ``TEXT``.
    """

    def __init__(self, kind: FaultKind | str, place: str = "", detail: str = "", *, file: str = "",
                 copy: str = "", version: str = "", head: str = "") -> None:
        if isinstance(kind, str):  # a sentence already: said as it is
            kind, detail = FaultKind.TEXT, str(kind)
        self.kind: FaultKind = kind
        self.place = place
        self.detail = " ".join(str(detail).split())  # the driver's or the system's words, on one line
        self.file = str(file)
        self.copy = str(copy)
        self.version = str(version)
        self.head = str(head)
        super().__init__(str(self))

    def __str__(self) -> str:
        if self.kind is FaultKind.TEXT:
            return self.detail
        line = f"database fault: {self.kind.value.replace('_', ' ')} ({self.place or 'the database'})"
        extra = ", ".join(f"{name} {value}" for name, value in (("file", self.file), ("copy", self.copy),
                                                                 ("version", self.version), ("head", self.head))
                          if value)
        line = f"{line} [{extra}]" if extra else line
        return f"{line}: {self.detail}" if self.detail else line


class BadURL(StampcardError):
    """A database URL that cannot be parsed (``parsed`` False) or names no known database kind or option
    (``parsed`` True): bad usage, exit 2. ``place`` is the URL without its password, ``detail`` the parser's
    words; the command line says it in the user's language (``kiosk.sentences.bad_url``)."""

    def __init__(self, place: str, detail: str = "", *, parsed: bool = False) -> None:
        self.place = place
        self.detail = " ".join(str(detail).split())
        self.parsed = parsed
        what = self.detail if parsed else f"it is not a database URL ({self.detail})"
        super().__init__(f"cannot use database URL {place!r}: {what}")
