"""Engine and session setup: SQLite (WAL, foreign keys, synchronous=FULL) or PostgreSQL.

Migrations are applied automatically when a database is opened. Only a caller
that means to make a new shop (``stampcard init``, the kiosk's first-run wizard,
``chain join``) passes ``create=True``; everything else opens an existing
stampcard database or is refused with ``Kind.NO_DATABASE``, and no file or
folder is made. A SQLite file is created 0600 (its ``-wal`` and ``-shm`` take
the same mode from it) in a folder made 0700: the file holds the signing secret.

Paths are taken literally: a SQLite URL is built with ``URL.create`` (which
escapes ``%``, ``#``, ``?``), never by pasting a path into a string.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, inspect
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.orm import Session, sessionmaker

from cards.refusals import Kind, Refused
from db import errors, files, migrate, transactions, urls



@dataclass(frozen=True)
class Database:
    """An open database: the engine and the session factory bound to it."""

    url: str
    engine: Engine
    sessions: sessionmaker[Session]

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def sqlite_path(self) -> Path | None:
        """The file behind a SQLite database, or None (PostgreSQL, memory)."""
        name = self.engine.url.database
        return Path(name) if self.is_sqlite and name and name != ":memory:" else None

    def close(self) -> None:
        self.engine.dispose()


def sqlite_url(path: Path) -> str:
    """The SQLAlchemy URL of a SQLite file; ``%``, ``#``, ``?`` in the path are escaped, never interpreted."""
    return URL.create("sqlite", database=str(path)).render_as_string(hide_password=False)


def sqlite_file(url: str) -> Path | None:
    """The file a SQLite URL names (unescaped, literally), or None for a server or memory."""
    try:
        parsed = make_url(url)
    except (sa_exc.ArgumentError, ValueError):
        return None
    if parsed.get_backend_name() != "sqlite":
        return None
    name = parsed.database
    return Path(name) if name and name != ":memory:" and not name.startswith("file:") else None


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, connection_record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when transactions begin, so that
        # every transaction can be BEGIN IMMEDIATE (see on_begin).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA busy_timeout = 30000")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: Any) -> None:
        # WORKAROUND: a deferred transaction that reads and then writes fails with
        # SQLITE_BUSY when another writer committed in between; taking the write
        # lock at BEGIN makes concurrent stampers queue on busy_timeout instead.
        # https://docs.sqlalchemy.org/en/20/dialects/sqlite.html#serializable-isolation-savepoints-transactional-ddl
        # A pure read (db.transactions.reading) begins deferred: no write lock.
        transactions.begin(connection)


def where(url: str) -> str:
    """The database's place for people: the file's path, or the URL without its password."""
    path = sqlite_file(url)
    if path is not None:
        return urls.masked(str(path))  # "user:pw@host/db" without a scheme is taken for a file name
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (sa_exc.ArgumentError, ValueError):
        return urls.masked(url)  # a URL that does not parse: still no password


def _disk_full(url: str) -> bool:
    """True when the file system of a SQLite database has (almost) no room left."""
    path = sqlite_file(url) if url else None
    if path is None:
        return False
    try:
        return shutil.disk_usage(path.parent).free < 256 * 1024
    except OSError:
        return False


def fault_of(exc: BaseException, url: str = "") -> errors.Fault:
    """Why the database could not be read or written, as data (exit code 4 and the screen say it in words:
    ``kiosk.sentences.fault``). A :class:`errors.Fault` is returned as it is: a fault never nests itself."""
    if isinstance(exc, errors.Fault):
        return exc
    orig = getattr(exc, "orig", None) or exc
    text = " ".join(str(orig).split())
    low = text.lower()
    place = where(url) if url else ""
    if isinstance(orig, UnicodeDecodeError) or any(
            word in low for word in ("malformed", "not a database", "damaged", "could not decode", "corrupt")):
        return errors.Fault(errors.FaultKind.DAMAGED, place, text)
    if "full" in low or (("i/o" in low or "unable to open" in low) and _disk_full(url)):
        return errors.Fault(errors.FaultKind.DISK_FULL, place)
    if "readonly" in low or "read-only" in low or "permission denied" in low or "not permitted" in low:
        return errors.Fault(errors.FaultKind.READ_ONLY, place)
    if "locked" in low or "busy" in low:
        return errors.Fault(errors.FaultKind.BUSY, place)
    if "unable to open" in low:
        return errors.Fault(errors.FaultKind.CANNOT_OPEN, place)
    if "connection" in low or "server" in low or "timeout" in low or "could not" in low:
        return errors.Fault(errors.FaultKind.UNREACHABLE, place, text)
    if isinstance(exc, errors.DatabaseError):
        return errors.Fault(text)
    return errors.Fault(errors.FaultKind.UNUSABLE, place, text)


def _sqlite_has_schema(path: Path) -> bool:
    """True when the SQLite file at ``path`` holds a stampcard schema; read-only, the file is not changed."""
    uri = "file:" + urllib.parse.quote(str(path.resolve()), safe="/") + "?mode=ro"
    try:
        connection = sqlite3.connect(uri, uri=True, timeout=30)
        try:
            row = connection.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                                     (migrate.VERSION_TABLE,)).fetchone()
        finally:
            connection.close()
    except (sqlite3.Error, UnicodeDecodeError) as exc:
        raise fault_of(exc, sqlite_url(path)) from exc
    return row is not None


def _sqlite_is_ours_or_empty(path: Path) -> bool:
    """True when the SQLite file at ``path`` holds no table, or a stampcard schema (read-only look).

    ``init`` and the kiosk's wizard may set a shop up in an empty database file,
    never add our tables to another program's database. A file that is no SQLite
    database at all raises ``errors.Fault`` (damaged).
    """
    uri = "file:" + urllib.parse.quote(str(path.resolve()), safe="/") + "?mode=ro"
    try:
        connection = sqlite3.connect(uri, uri=True, timeout=30)
        try:
            names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        if "not a database" in str(exc):
            return False  # some other file: a photo, a text, another program's data
        raise fault_of(exc, sqlite_url(path)) from exc
    except (sqlite3.Error, UnicodeDecodeError) as exc:
        raise fault_of(exc, sqlite_url(path)) from exc
    return not names or migrate.VERSION_TABLE in names


def _has_schema(engine: Engine) -> bool:
    with engine.connect() as connection:
        found = inspect(connection).has_table(migrate.VERSION_TABLE)
        connection.rollback()
    return found


def open_database(url: str, *, migrate_schema: bool = True, create: bool = True) -> Database:
    """Open and upgrade the database at ``url``; with ``create`` make it (file 0600, folder 0700) if missing.

    Without ``create``, a missing file, or a file or server without a stampcard
    schema, is refused with ``Kind.NO_DATABASE`` and nothing is made. A database
    that cannot be read (damaged, unreachable) raises ``errors.DatabaseError`` with
    one sentence (a damaged file's sentence names ``stampcard restore``).
    """
    try:
        parsed = make_url(url)
    except (sa_exc.ArgumentError, ValueError) as exc:  # ``u@[::1``: Python's own parser raises ValueError
        raise errors.BadURL(where(url), str(exc)) from exc
    path = sqlite_file(url)
    if path is not None:
        if not path.exists():
            if not create:
                raise Refused(Kind.NO_DATABASE, field=str(path))
            try:
                files.private_folder(path.parent)
                os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, files.FILE_MODE))
            except FileExistsError:
                pass
            except OSError as exc:
                raise errors.Fault(errors.FaultKind.CANNOT_CREATE, str(path), exc.strerror or str(exc)) from exc
        elif path.is_dir():
            raise Refused(Kind.NO_DATABASE, field=str(path))
        else:
            if not create and not _sqlite_has_schema(path):  # looked at read-only: a stranger's file stays as it is
                raise Refused(Kind.NO_DATABASE, field=str(path))
            if create and path.stat().st_size and not _sqlite_is_ours_or_empty(path):
                raise Refused(Kind.FOREIGN_FILE, field=str(path))
            files.private_files(path)
            for folder in (path.parent, path.parent / "backups"):
                files.sweep(folder)  # what a killed command left: a restore's staging copy, a .partial
    try:
        engine = create_engine(parsed)
    except (sa_exc.ArgumentError, ValueError) as exc:  # an unknown kind of database, a bad option
        raise errors.BadURL(where(url), str(exc), parsed=True) from exc
    except Exception as exc:  # noqa: BLE001 - driver not installed
        raise errors.Fault(errors.FaultKind.NO_DRIVER, where(url), str(exc)) from exc
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine)
    database = Database(url, engine, sessionmaker(engine, expire_on_commit=False))
    try:
        if not create and not _has_schema(engine):
            engine.dispose()
            raise Refused(Kind.NO_DATABASE, field=where(url))
        if migrate_schema:
            migrate.upgrade(engine)
    except (sa_exc.DBAPIError, errors.DatabaseError) as exc:
        engine.dispose()
        driver = exc.__cause__ if isinstance(exc.__cause__, (sa_exc.DBAPIError, sqlite3.Error)) else exc
        raise fault_of(driver, url) from exc  # the driver's words, put once
    return database
