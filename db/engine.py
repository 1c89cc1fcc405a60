"""Engine and session setup: SQLite (WAL, foreign keys, synchronous=FULL) or PostgreSQL.

Migrations are applied automatically when a database is opened.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from db import errors, migrate, transactions


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
    """The SQLAlchemy URL of a SQLite file."""
    return f"sqlite:///{path}"


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


def open_database(url: str, *, migrate_schema: bool = True) -> Database:
    """Open (and create or upgrade) the database at ``url``."""
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        if str(path) != ":memory:":
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise errors.DatabaseError(f"cannot create the data folder {path.parent}: {exc.strerror}") from exc
    try:
        engine = create_engine(url, future=True)
    except Exception as exc:  # bad URL, driver not installed
        raise errors.DatabaseError(f"cannot use database URL {url!r}: {exc}") from exc
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine)
    database = Database(url, engine, sessionmaker(engine, expire_on_commit=False))
    if migrate_schema:
        migrate.upgrade(engine)
    return database
