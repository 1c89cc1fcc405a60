"""What every ``stampcard`` command shares: the context, the exit codes, the owner PIN.

``kiosk/cli/__init__.py`` builds the parser and runs a command; the command modules
(``kiosk/cli/printing.py``, ``scan.py``, one per area) import this module, never the
package's ``__init__``, so there is no import circle.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import getpass
import json
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cards.refusals import Kind, Refused
from db import engine, ops
from kiosk import sentences

COMPLAINT_TOPICS = ("service", "product", "waiting_time", "cleanliness", "other", "suggestion", "thanks")
"""``db.ops.COMPLAINT_TOPICS``, for the parser's help without loading the storage layer (a test keeps them equal)."""
EXPORT_KINDS = ("cards", "visits", "customers", "complaints")
"""``db.export.KINDS``, likewise."""


def utcnow() -> dt.datetime:
    """The current time, aware, in UTC (``db.models.utcnow``, without loading SQLAlchemy)."""
    return dt.datetime.now(dt.timezone.utc)


def driver_errors(*others: type[BaseException]) -> tuple[type[BaseException], ...]:
    """``others`` and SQLAlchemy's driver error, for an ``except`` clause: Python evaluates the clause only
    when an exception reaches it, so parsing the command line never imports SQLAlchemy."""
    from sqlalchemy import exc as sa_exc

    return (*others, sa_exc.DBAPIError)

EXIT_OK, EXIT_PRINTER, EXIT_USAGE, EXIT_REFUSED, EXIT_DATABASE = 0, 1, 2, 3, 4


class Usage(Exception):
    """Raised by a command for bad usage (exit 2); the message is the line shown."""


@dataclass
class Context:
    """What every command gets: where the data is, how to print, which station."""

    db_url: str
    json: bool
    station: str
    data_dir: Path
    _database: engine.Database | None = field(default=None, repr=False)

    def open_db(self, *, create: bool = False) -> engine.Database:
        """The database, opened (and migrated) on first use.

        Only ``init``, ``chain join`` and the kiosk (its first-run wizard) pass
        ``create=True``; for every other command a path or URL without a
        stampcard database is refused (``Kind.NO_DATABASE``, exit 3) and nothing
        is made there.
        """
        if self._database is None:
            self._database = engine.open_database(self.db_url, create=create)
        return self._database

    def has_db(self) -> bool:
        """True when a stampcard database with a shop is here; False where there is none (never creates one).

        Only "no database here" (``Kind.NO_DATABASE``) is False: a storage fault
        (full disk, read-only mount, damaged file, server away) is raised, so the
        command exits 4 with the fault's own sentence, not "no database at …".
        """
        from db import transactions

        try:
            database = self.open_db()
        except Refused as exc:
            if exc.kind is Kind.NO_DATABASE:
                return False
            raise
        with transactions.reading(), database.sessions.begin() as session:
            return ops.is_initialised(session)

    def sqlite_file(self) -> Path | None:
        """The SQLite file behind the database URL (taken literally), or None for a server."""
        return engine.sqlite_file(self.db_url)

    def sqlite_path(self) -> Path:
        """The SQLite file behind the database; refuse for PostgreSQL."""
        path = self.sqlite_file()
        if path is None:
            raise Usage(sentences.user().gettext("backup and restore work on SQLite files; use pg_dump for "
                                                 "PostgreSQL"))
        return path

    def emit(self, data: dict[str, Any], text: str) -> None:
        """Print one JSON object with --json, else the human text."""
        if self.json:
            print(json.dumps(data, ensure_ascii=False, default=str))
        else:
            print(text)

    def close(self) -> None:
        if self._database is not None:
            self._database.close()
            self._database = None


@contextlib.contextmanager
def undo_new_database(ctx: Context) -> Iterator[None]:
    """Around ``init``: when it fails, remove the database file and the folders it made (nothing left behind)."""
    path = ctx.sqlite_file()
    if path is None or path.exists():
        yield
        return
    made = [p for p in (path.parent, *path.parent.parents) if not p.exists()]
    try:
        yield
    except BaseException:
        ctx.close()
        for name in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(OSError):
                path.with_name(path.name + name).unlink()
        for folder in made:  # innermost first
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise


_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """``text`` with control characters escaped (``\\n``, ``\\x1b``), safe to print on one terminal line."""
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 or ch in "\u2028\u2029":
            out.append(f"\\x{ord(ch):02x}" if ord(ch) < 256 else f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "".join(out)


_STORAGE_FAULTS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EIO}


def is_storage_fault(exc: OSError) -> bool:
    """True for a full disk, a read-only file system or an I/O error (exit code 4)."""
    return exc.errno in _STORAGE_FAULTS


def os_sentence(exc: OSError) -> str:
    """One line for a file that could not be read or written."""
    reason = exc.strerror or type(exc).__name__
    name = exc.filename if exc.filename is not None else ""
    w = sentences.user()  # the reason is the system's own words (strerror)
    return (w.gettext("cannot use %(file)s: %(reason)s", file=name, reason=reason) if name
            else w.gettext("a file could not be written: %(reason)s", reason=reason))


def quiet_stdout() -> None:
    """Point stdout at /dev/null after its reader went away (a closed pipe), so the exit flush says nothing."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def owner_pin_text(args: Any) -> str | None:
    """The owner PIN from ``--pin``, then ``STAMPCARD_PIN``, then a hidden prompt on a terminal."""
    pin = getattr(args, "pin", None)
    if pin:
        return str(pin)
    env = os.environ.get("STAMPCARD_PIN")
    if env:
        return env
    if sys.stdin.isatty() and sys.stderr.isatty():
        try:
            return getpass.getpass(sentences.user().gettext("Owner PIN: ")) or None
        except (EOFError, KeyboardInterrupt):
            return None
    return None


def check_pin(ctx: Context, pin: str, role: str = "owner") -> str:
    """Verify a PIN; the failed-try counter is committed even when it is refused."""
    failure: Refused | None = None
    name = ""
    with ctx.open_db().sessions.begin() as session:
        try:
            name = ops.verify_pin(session, pin, now=utcnow(), role=role)
        except Refused as exc:
            failure = exc
    if failure is not None:
        raise failure
    return name


def require_owner(ctx: Context, args: Any) -> str:
    """The owner's name, after the owner PIN was checked; refuse (exit 3) without it.

    The database is opened first: where there is none, that is the refusal (and
    nobody is asked for a PIN in vain).
    """
    ctx.open_db()
    pin = owner_pin_text(args)
    if pin is None:
        raise Refused(Kind.NO_PIN)
    return check_pin(ctx, pin, "owner")
