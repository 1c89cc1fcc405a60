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
from db import errors, migrate


def _read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection to ``path``, taken literally (escaped into the URI)."""
    uri = "file:" + urllib.parse.quote(str(path.resolve()), safe="/") + "?mode=ro"
    return sqlite3.connect(uri, uri=True, timeout=30)


def _new_private_file(path: Path) -> None:
    """Create ``path`` empty and 0600 (its folder 0700 when it is made here); refuse if it exists."""
    db_engine.private_folder(path.parent)
    os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, db_engine.FILE_MODE))


def quick_check(path: Path) -> str:
    """``"ok"``, or SQLite's first complaint about the file (``PRAGMA quick_check``)."""
    try:
        connection = _read_only(path)
        try:
            rows = connection.execute("PRAGMA quick_check").fetchall()
        finally:
            connection.close()
    except sqlite3.Error as exc:
        return str(exc)
    return "ok" if rows == [("ok",)] else str(rows[0][0] if rows else "no answer")


def backup(db_path: Path, out: Path) -> Path:
    """Copy the live SQLite database at ``db_path`` to ``out`` (0600), after checking it is sound."""
    if not db_path.is_file():
        raise errors.DatabaseError(f"there is no database at {db_path}")
    if out.is_dir():
        raise errors.DatabaseError(f"{out} is a folder; name the backup file to write")
    verdict = quick_check(db_path)
    if verdict != "ok":
        raise errors.DatabaseError(
            f"the database {db_path} is damaged ({verdict}); no backup was made, so the older backups stay; "
            f"put a good one back with `stampcard restore BACKUP`")
    partial = out.with_name(f".{out.name}.{os.getpid()}.partial")
    try:
        partial.unlink(missing_ok=True)
        _new_private_file(partial)
        source = _read_only(db_path)
        target = sqlite3.connect(str(partial))
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")
        finally:
            target.close()
            source.close()
        os.replace(partial, out)
    except (sqlite3.Error, OSError) as exc:
        partial.unlink(missing_ok=True)
        raise errors.DatabaseError(f"backup to {out} failed: {getattr(exc, 'strerror', None) or exc}") from exc
    return out


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
        connection = _read_only(path)
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
            _new_private_file(path)
        except FileExistsError:
            continue
        return path
    raise errors.DatabaseError(f"too many before-restore copies in {folder}")


def _stage(source: Path, folder: Path) -> Path:
    """A private copy of ``source`` beside the live database, migrated to this stampcard's schema."""
    handle, name = tempfile.mkstemp(prefix=".restore-", suffix=".db", dir=folder)
    os.close(handle)
    staged = Path(name)
    os.chmod(staged, db_engine.FILE_MODE)
    scratch = Path(tempfile.mkdtemp(prefix=".restore-", dir=folder))
    try:
        origin = _read_only(source)
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
            origin = _read_only(staged)
            live = sqlite3.connect(str(db_path), timeout=30)
            try:
                origin.backup(live)
            finally:
                live.close()
                origin.close()
        except sqlite3.Error as exc:
            raise errors.DatabaseError(f"restore failed, the database is unchanged: {exc}") from exc
        db_engine.private_files(db_path)
    except sqlite3.Error as exc:
        raise errors.DatabaseError(f"restore failed, the database is unchanged: {exc}") from exc
    finally:
        if staged is not None:
            staged.unlink(missing_ok=True)
    return saved


def rotate(folder: Path, keep: int = 14, pattern: str = "auto-*.db") -> list[Path]:
    """Delete the oldest automatic backups beyond ``keep``; return what was deleted.

    The newest sound backup is never deleted: when none of the ``keep`` newest
    passes ``PRAGMA quick_check``, the newest one that does stays as well.
    """
    files = sorted(folder.glob(pattern))
    doomed = files[:-keep] if keep > 0 else list(files)
    kept = [p for p in files if p not in doomed]
    if doomed and not any(quick_check(p) == "ok" for p in reversed(kept)):
        good = next((p for p in reversed(doomed) if quick_check(p) == "ok"), None)
        if good is not None:
            doomed.remove(good)
    for path in doomed:
        path.unlink(missing_ok=True)
    return doomed
