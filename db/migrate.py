"""Alembic migrations, applied in-process when a database is opened.

Opening a database already at ``HEAD`` reads one row and never imports Alembic:
that import is about a third of a ``stampcard`` command's start-up
(benchmarks/ledger.py). A test checks that ``HEAD`` is the scripts' head.

Upgrades are safe: before any migration runs on a SQLite file that holds a
schema, the file is copied to ``backups/before-upgrade-<from>-to-<to>-<time>.db``
beside the database (SQLite's online backup API, files 0600 in a 0700 folder,
the newest ``KEEP_UPGRADE_BACKUPS`` kept, as the daily backups are). When a
migration fails, that copy is put back and the error says so. An upgrade logs
one line (``stampcard.db: schema 0001 -> 0003, backup ...``); Alembic's own
INFO lines are held back while it runs.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import exc as sa_exc
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine

from db import errors, files

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
HEAD = "0011"  # the newest file in migrations/versions (tests/db/test_migrate.py checks it)
VERSION_TABLE = "alembic_version"
KEEP_UPGRADE_BACKUPS = 5
UPGRADE_PATTERN = "before-upgrade-*.db"

log = logging.getLogger(__name__)


def alembic_config() -> Config:
    """An Alembic config pointing at our migrations folder (no alembic.ini needed)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

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
        raise errors.Fault(errors.FaultKind.SEVERAL_VERSIONS, detail=", ".join(versions))
    return versions[0] if versions else None


def upgrade(engine: Engine, *, backup_dir: Path | None = None, script_location: Path = MIGRATIONS) -> Path | None:
    """Bring the schema to the newest revision; refuse a database newer than this code.

    A SQLite file with a schema is backed up first (into ``backup_dir``, by
    default ``backups/`` beside the file) and restored when a migration fails;
    the backup's path is returned (None when nothing ran or nothing was copied).
    ``script_location`` is the migrations folder (tests point it at a copy).
    """
    try:
        with engine.connect() as connection:
            current = current_revision(connection)
            connection.rollback()
    except (sa_exc.DatabaseError, sa_exc.OperationalError) as exc:  # the driver's words, as data
        raise errors.Fault(errors.FaultKind.UNUSABLE, detail=str(exc.orig)) from exc
    if current == HEAD and script_location == MIGRATIONS:
        return None
    with _quiet_alembic():  # from the import on: Alembic logs its plugins when it loads
        return _upgrade(engine, current, backup_dir, script_location)


def _known(script: ScriptDirectory, revision: str) -> bool:
    """True when ``revision`` is one of ours; Alembic raises for one it cannot locate (a newer stampcard's)."""
    from alembic.util import CommandError

    try:
        return script.get_revision(revision) is not None
    except CommandError:
        return False


def _upgrade(engine: Engine, current: str | None, backup_dir: Path | None, script_location: Path) -> Path | None:
    from alembic import command
    from alembic.script import ScriptDirectory

    config = alembic_config()
    config.set_main_option("script_location", str(script_location))
    script = ScriptDirectory.from_config(config)
    head = script.get_current_head()
    if current is not None and not _known(script, current):
        raise errors.Fault(errors.FaultKind.NEWER_SCHEMA, detail=str(current))  # said by the shell
    if current == head:
        return None
    path = _sqlite_file(engine)
    saved = None
    if path is not None and current is not None:
        saved = backup_before_upgrade(path, backup_dir or path.parent / "backups", current, str(head))
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except Exception as exc:
        if saved is None or path is None:
            log.error("schema upgrade %s -> %s failed: %s", current or "empty", head, exc)
            raise errors.Fault(errors.FaultKind.UPGRADE_FAILED, detail=str(exc), version=current or "",
                               head=str(head)) from exc
        engine.dispose()
        _put_back(saved, path)
        log.error("schema upgrade %s -> %s failed, the database was restored from %s: %s",
                  current, head, saved, exc)
        raise errors.Fault(errors.FaultKind.UPGRADE_UNDONE, detail=str(exc), copy=str(saved), version=current or "",
                           head=str(head)) from exc
    where = path.name if path is not None else engine.url.render_as_string(hide_password=True)
    log.info("%s: schema %s -> %s%s", where, current or "new", head, f", backup {saved}" if saved else "")
    return saved


def backup_before_upgrade(db_path: Path, folder: Path, current: str, head: str,
                          keep: int = KEEP_UPGRADE_BACKUPS) -> Path:
    """Copy the database before migrations run; private (0600 in a 0700 folder); keep the newest ``keep``."""
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(folder, 0o700)
    except OSError as exc:
        raise errors.Fault(errors.FaultKind.NO_UPGRADE_FOLDER, detail=exc.strerror or str(exc),
                           file=str(folder)) from exc
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%d-%H%M%S")  # UTC, as every stored time
    out = folder / f"before-upgrade-{current}-to-{head}-{stamp}.db"
    old_mask = os.umask(0o077)  # the copy is never readable by others, not even for a moment
    try:
        files.snapshot(db_path, out)
    finally:
        os.umask(old_mask)
    os.chmod(out, 0o600)
    files.rotate(folder, keep=keep, pattern=UPGRADE_PATTERN)
    return out


def _sqlite_file(engine: Engine) -> Path | None:
    name = engine.url.database
    if engine.dialect.name != "sqlite" or not name or name == ":memory:" or name.startswith("file:"):
        return None
    path = Path(name)
    return path if path.exists() else None


def _put_back(saved: Path, db_path: Path) -> None:
    """Copy ``saved`` over the live database through SQLite's backup API (the WAL is taken along)."""
    try:
        files.copy_over(saved, db_path)
    except sqlite3.Error as exc:
        raise errors.Fault(errors.FaultKind.UPGRADE_NOT_PUT_BACK, detail=str(exc), copy=str(saved)) from exc


@contextmanager
def _quiet_alembic() -> Iterator[None]:
    """Hold Alembic's INFO lines ("Context impl SQLiteImpl.", one per revision) back while it runs."""
    logger = logging.getLogger("alembic")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)
