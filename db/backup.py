"""Backup and restore of a SQLite database, safe while a kiosk is running.

``backup`` uses SQLite's online backup API, which copies a consistent snapshot
even while other connections write. ``restore`` first checks the candidate file
(``PRAGMA integrity_check`` and the schema version) and only then copies it
over the live database, again through the backup API, so readers never see a
half-written file.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from db import errors, migrate


def backup(db_path: Path, out: Path) -> Path:
    """Copy the live SQLite database at ``db_path`` to ``out`` (a new file)."""
    if not db_path.exists():
        raise errors.DatabaseError(f"there is no database at {db_path}")
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        source = sqlite3.connect(db_path)
        target = sqlite3.connect(partial)
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")
        finally:
            target.close()
            source.close()
        partial.replace(out)
    except (sqlite3.Error, OSError) as exc:
        partial.unlink(missing_ok=True)
        raise errors.DatabaseError(f"backup failed: {exc}") from exc
    return out


def check_file(path: Path) -> str:
    """Verify a backup file; return its schema revision or raise ``DatabaseError``."""
    if not path.is_file():
        raise errors.DatabaseError(f"there is no file {path}")
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = connection.execute("PRAGMA integrity_check").fetchall()
            if result != [("ok",)]:
                raise errors.DatabaseError(f"{path.name} is damaged: {result[0][0]}")
            try:
                row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            except sqlite3.Error:
                row = None
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        raise errors.DatabaseError(f"{path.name} is not a stampcard database: {exc}") from exc
    if row is None:
        raise errors.DatabaseError(f"{path.name} is not a stampcard database (no schema version)")
    if row[0] != migrate.HEAD:
        raise errors.DatabaseError(
            f"{path.name} has schema version {row[0]}, this stampcard needs {migrate.HEAD}")
    return str(row[0])


def restore(db_path: Path, source: Path, *, keep_dir: Path | None = None) -> Path | None:
    """Replace the database at ``db_path`` with the checked backup ``source``.

    The current database is first saved beside it (or in ``keep_dir``) so a
    wrong restore can itself be undone; that file's path is returned.
    """
    check_file(source)
    saved = None
    if db_path.exists():
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        saved = backup(db_path, (keep_dir or db_path.parent) / f"before-restore-{stamp}.db")
    try:
        origin = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        live = sqlite3.connect(db_path, timeout=30)
        try:
            origin.backup(live)
        finally:
            live.close()
            origin.close()
    except sqlite3.Error as exc:
        raise errors.DatabaseError(f"restore failed, the database is unchanged: {exc}") from exc
    return saved


def rotate(folder: Path, keep: int = 14, pattern: str = "auto-*.db") -> list[Path]:
    """Delete the oldest automatic backups beyond ``keep``; return what was deleted."""
    files = sorted(folder.glob(pattern))
    doomed = files[:-keep] if keep > 0 else files
    for path in doomed:
        path.unlink(missing_ok=True)
    return doomed
