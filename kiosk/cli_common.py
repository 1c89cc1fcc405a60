"""What every ``stampcard`` command shares: the context, the exit codes, the owner PIN.

``kiosk/cli.py`` builds the parser and runs a command; the command modules
(``cli_print``, ``cli_scan``, ``cli_<area>``) import this module, never ``cli``,
so there is no import circle.
"""

from __future__ import annotations

import getpass
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cards.refusals import Kind, Refused
from db import engine, ops
from db.models import utcnow

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

    def open_db(self) -> engine.Database:
        """The database, opened (and migrated) on first use."""
        if self._database is None:
            self._database = engine.open_database(self.db_url)
        return self._database

    def has_db(self) -> bool:
        """True when the database exists and has a shop (never creates one)."""
        path = self.sqlite_file()
        if path is not None and not path.exists():
            return False
        try:
            with self.open_db().sessions.begin() as session:
                return ops.is_initialised(session)
        except Exception:  # noqa: BLE001 - any fault means "no usable database here"
            return False

    def sqlite_file(self) -> Path | None:
        """The SQLite file behind the database URL, or None for a server."""
        return Path(self.db_url.removeprefix("sqlite:///")) if self.db_url.startswith("sqlite:///") else None

    def sqlite_path(self) -> Path:
        """The SQLite file behind the database; refuse for PostgreSQL."""
        path = self.sqlite_file()
        if path is None:
            raise Usage("backup and restore work on SQLite files; use pg_dump for PostgreSQL")
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
            return getpass.getpass("Owner PIN: ") or None
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
    """The owner's name, after the owner PIN was checked; refuse (exit 3) without it."""
    pin = owner_pin_text(args)
    if pin is None:
        raise Refused(Kind.NO_PIN)
    return check_pin(ctx, pin, "owner")
