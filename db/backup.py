"""Backup and restore of a SQLite database, safe while a kiosk is running.

``backup`` first runs ``PRAGMA quick_check`` on the live database and refuses a
damaged one (a backup of a damaged file would rotate the good ones out), then
copies a consistent snapshot with SQLite's online backup API, even while other
connections write. ``restore`` checks the candidate (``PRAGMA quick_check`` and
its schema version: an older one is migrated on a staging copy, a newer one is
refused), keeps the database being replaced under a name that never collides,
and copies the staged file over the live database through the backup API, in
one write transaction: a process killed at any moment leaves the old database
or the new one, never a mix.

Every file made here is 0600 and every folder made here 0700 (the database holds
the shop's signing secret). Paths are taken literally: they are never pasted into
a SQLite URI unescaped (``a%41.db``, ``bk#1.db``, spaces, Cyrillic all work).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import tempfile
import urllib.parse
from pathlib import Path

from db import engine as db_engine
from db import errors, files, migrate


def quick_check(path: Path) -> str:
    """``"ok"``, or SQLite's first complaint about the file (``PRAGMA quick_check``)."""
    return files.quick_check(path)


def backup(db_path: Path, out: Path) -> Path:
    """Copy the live SQLite database at ``db_path`` to ``out`` (0600), after checking it is sound."""
    return files.snapshot(db_path, out)


def check_file(path: Path) -> str:
    """Verify a backup file; return its schema revision or raise ``DatabaseError``.

    An older revision is accepted (``restore`` migrates it); one newer than this
    stampcard knows is refused.
    """
    if not path.is_file():
        raise errors.DatabaseError(f"there is no file {path}")
    verdict = quick_check(path)
    if verdict != "ok":
        raise errors.DatabaseError(f"{path.name} is damaged or not a database ({verdict})")
    try:
        connection = files.read_only(path)
        try:
            row = connection.execute(f"SELECT version_num FROM {migrate.VERSION_TABLE}").fetchone()
        finally:
            connection.close()
    except sqlite3.Error:
        row = None
    if row is None:
        raise errors.DatabaseError(f"{path.name} is not a stampcard database (no schema version)")
    revision = str(row[0])
    if revision not in known_revisions():
        raise errors.DatabaseError(
            f"{path.name} has schema version {revision}, newer than this stampcard ({migrate.HEAD}); "
            f"update stampcard to restore it")
    return revision


def known_revisions() -> set[str]:
    """The schema revisions this stampcard's migrations know (their files' number prefixes)."""
    return {p.name.split("_", 1)[0] for p in (migrate.MIGRATIONS / "versions").glob("[0-9]*_*.py")}


def keep_name(folder: Path, now: dt.datetime | None = None) -> Path:
    """A new, never-colliding name ``before-restore-<time>[-n].db`` in ``folder``, created empty (0600)."""
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    for n in range(10_000):
        path = folder / (f"before-restore-{stamp}.db" if n == 0 else f"before-restore-{stamp}-{n}.db")
        try:
            files.new_private_file(path)
        except FileExistsError:
            continue
        return path
    raise errors.DatabaseError(f"too many before-restore copies in {folder}")


def _stage(source: Path, folder: Path) -> Path:
    """A private copy of ``source`` beside the live database, migrated to this stampcard's schema."""
    handle, name = tempfile.mkstemp(prefix=".restore-", suffix=".db", dir=folder)
    os.close(handle)
    staged = Path(name)
    os.chmod(staged, files.FILE_MODE)
    scratch = Path(tempfile.mkdtemp(prefix=".restore-", dir=folder))
    try:
        origin = files.read_only(source)
        copy = sqlite3.connect(str(staged))
        try:
            origin.backup(copy)
        finally:
            copy.close()
            origin.close()
        database = db_engine.open_database(db_engine.sqlite_url(staged), migrate_schema=False, create=False)
        try:
            migrate.upgrade(database.engine, backup_dir=scratch)
        finally:
            database.close()
    except BaseException:
        staged.unlink(missing_ok=True)
        raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return staged


def restore(db_path: Path, source: Path, *, keep_dir: Path | None = None) -> Path | None:
    """Replace the database at ``db_path`` with the checked backup ``source``.

    The current database is first saved beside it (or in ``keep_dir``) under a
    name that never collides, so a wrong restore can itself be undone; that
    file's path is returned. An older-schema backup is migrated first.
    """
    check_file(source)
    staged: Path | None = None
    try:
        staged = _stage(source, db_path.parent)
        saved = None
        if db_path.exists():
            saved = keep_name(keep_dir or db_path.parent)
            try:
                backup(db_path, saved)
            except BaseException:
                saved.unlink(missing_ok=True)
                raise
        try:
            files.copy_over(staged, db_path)
        except sqlite3.Error as exc:
            raise errors.DatabaseError(f"restore failed, the database is unchanged: {exc}") from exc
        files.private_files(db_path)
    except sqlite3.Error as exc:
        raise errors.DatabaseError(f"restore failed, the database is unchanged: {exc}") from exc
    finally:
        if staged is not None:
            staged.unlink(missing_ok=True)
    return saved


def rotate(folder: Path, keep: int = 14, pattern: str = "auto-*.db") -> list[Path]:
    """Delete the oldest automatic backups beyond ``keep``, never the newest sound one (``files.rotate``)."""
    return files.rotate(folder, keep, pattern)
