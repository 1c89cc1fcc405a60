"""Alembic migrations, applied in-process when a database is opened."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Connection, Engine

from db import errors

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    """An Alembic config pointing at our migrations folder (no alembic.ini needed)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    """The newest schema revision this code knows."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(connection: Connection) -> str | None:
    """The schema revision stored in a database (None for an empty one)."""
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest revision; refuse a database newer than this code."""
    head = head_revision()
    try:
        with engine.connect() as connection:
            current = current_revision(connection)
            connection.rollback()
    except sa_exc.DatabaseError as exc:
        raise errors.DatabaseError(f"cannot open the database: {exc.orig}") from exc
    except sa_exc.OperationalError as exc:
        raise errors.DatabaseError(f"cannot open the database: {exc.orig}") from exc
    if current == head:
        return
    script = ScriptDirectory.from_config(alembic_config())
    if current is not None and script.get_revision(current) is None:
        raise errors.DatabaseError(
            f"the database has schema version {current}, newer than this stampcard knows; update stampcard")
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
