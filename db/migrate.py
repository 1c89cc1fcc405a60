"""Alembic migrations, applied in-process when a database is opened.

Opening a database already at ``HEAD`` reads one row and never imports Alembic:
that import is about a third of a ``stampcard`` command's start-up
(benchmarks/ledger.py). A test checks that ``HEAD`` is the scripts' head.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import exc as sa_exc
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine

from db import errors

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
HEAD = "0002"  # the newest file in migrations/versions (tests/db/test_migrate.py checks it)
VERSION_TABLE = "alembic_version"


def alembic_config() -> Config:
    """An Alembic config pointing at our migrations folder (no alembic.ini needed)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    """The newest schema revision of the migration scripts (loads Alembic; ``HEAD`` does not)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(connection: Connection) -> str | None:
    """The schema revision stored in a database (None for an empty one).

    Reads Alembic's version table directly, as ``MigrationContext.get_current_revision`` does.
    """
    if not inspect(connection).has_table(VERSION_TABLE):
        return None
    versions = list(connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars())
    if len(versions) > 1:
        raise errors.DatabaseError(f"the database has several schema versions: {', '.join(versions)}")
    return versions[0] if versions else None


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest revision; refuse a database newer than this code."""
    try:
        with engine.connect() as connection:
            current = current_revision(connection)
            connection.rollback()
    except sa_exc.DatabaseError as exc:
        raise errors.DatabaseError(f"cannot open the database: {exc.orig}") from exc
    except sa_exc.OperationalError as exc:
        raise errors.DatabaseError(f"cannot open the database: {exc.orig}") from exc
    if current == HEAD:
        return
    from alembic import command
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    if current is not None and script.get_revision(current) is None:
        raise errors.DatabaseError(
            f"the database has schema version {current}, newer than this stampcard knows; update stampcard")
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
