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
Nothing temporary stays: the staging copy (``.restore-<pid>-*``) goes with its
``-wal`` and ``-shm``, and one a killed restore left is swept at the next start
(``files.sweep``, called when the database is opened).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path

from db import engine as db_engine
from db import errors, files, migrate


def quick_check(path: Path) -> str:
    """``"ok"``, or SQLite's first complaint about the file (``PRAGMA quick_check``)."""
    return files.quick_check(path)


def backup(db_path: Path, out: Path) -> Path:
    """Copy the live SQLite database at ``db_path`` to ``out`` (0600) in stampcard's own backups folder
    (made 0700 when missing), after checking it is sound: the daily, the owner screen's, the before-restore copies."""
    files.private_folder(out.parent)
    return files.snapshot(db_path, out)


def backup_out(db_path: Path, out: Path) -> Path:
    """``stampcard backup --out FILE``: the copy goes to the user's path, by ``files.out_target``'s rules
    (a missing folder or a folder is refused, a device or FIFO is written through, a symlink's target written)."""
    return files.snapshot(db_path, out)


def check_file(path: Path) -> str:
    """Verify a backup file; return its schema revision or raise ``DatabaseError``.

    An older revision is accepted (``restore`` migrates it); one newer than this
    stampcard knows is refused.
    """
    if not path.is_file():
        raise errors.Fault(errors.FaultKind.NO_BACKUP_FILE, file=str(path))
    verdict = quick_check(path)
    if verdict != "ok":
        raise errors.Fault(errors.FaultKind.BACKUP_DAMAGED, detail=verdict, file=path.name)
    try:
        connection = files.read_only(path)
        try:
            row = connection.execute(f"SELECT version_num FROM {migrate.VERSION_TABLE}").fetchone()
        finally:
            connection.close()
    except sqlite3.Error:
        row = None
    if row is None:
        raise errors.Fault(errors.FaultKind.NOT_A_BACKUP, file=path.name)
    revision = str(row[0])
    if revision not in known_revisions():
        raise errors.Fault(errors.FaultKind.BACKUP_TOO_NEW, file=path.name, version=revision, head=migrate.HEAD)
    return revision


def known_revisions() -> set[str]:
    """The schema revisions this stampcard's migrations know (their files' number prefixes)."""
    return {p.name.split("_", 1)[0] for p in (migrate.MIGRATIONS / "versions").glob("[0-9]*_*.py")}


BEFORE_RESTORE = "before-restore-*.db"
KEEP_BEFORE_RESTORE = 14  # as many as the daily backups


def _before_restore_order(path: Path) -> tuple[str, int, str]:
    """``before-restore-<time>[-n].db`` oldest first: by time, then by ``n`` (a name sort puts ``-1`` first)."""
    found = re.match(r"^before-restore-(\d{8}-\d{6})(?:-(\d+))?\.db$", path.name)
    return (found[1], int(found[2] or 0), path.name) if found else ("", 0, path.name)


def keep_name(folder: Path, now: dt.datetime | None = None) -> Path:
    """A new, never-colliding name ``before-restore-<time>[-n].db`` in ``folder``, created empty (0600).

    ``<time>`` is UTC (storage time, as the ledger's): names sort in the order the copies were
    taken whatever the machine's zone or a DST change; people see the copies' local times on the
    owner's Backup page."""
    stamp = (now or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc).strftime("%Y%m%d-%H%M%S")
    for n in range(10_000):
        path = folder / (f"before-restore-{stamp}.db" if n == 0 else f"before-restore-{stamp}-{n}.db")
        try:
            files.new_private_file(path)
        except FileExistsError:
            continue
        return path
    raise errors.Fault(errors.FaultKind.TOO_MANY_COPIES, file=str(folder))


def _remove_database_files(path: Path) -> None:
    """A SQLite file and whatever SQLite keeps beside it (``-wal``, ``-shm``, ``-journal``)."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def _stage(source: Path, folder: Path) -> Path:
    """A private copy of ``source`` beside the live database, migrated to this stampcard's schema.

    Its name (``.restore-<pid>-….db``) carries the process id, so ``files.sweep``
    removes it when a killed restore left it behind.
    """
    handle, name = tempfile.mkstemp(prefix=f".restore-{os.getpid()}-", suffix=".db", dir=folder)
    os.close(handle)
    staged = Path(name)
    os.chmod(staged, files.FILE_MODE)
    scratch = Path(tempfile.mkdtemp(prefix=f".restore-{os.getpid()}-", dir=folder))
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
        connection = sqlite3.connect(str(staged))
        try:
            connection.execute("PRAGMA journal_mode = DELETE")  # one file, no -wal or -shm beside it
        finally:
            connection.close()
    except BaseException:
        _remove_database_files(staged)
        raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return staged


PinCheck = Callable[[db_engine.Database], None]


def restore(db_path: Path, source: Path, *, keep_dir: Path | None = None,
            check_pin: PinCheck | None = None) -> Path | None:
    """Replace the database at ``db_path`` with the checked backup ``source``.

    The current database is first saved beside it (or in ``keep_dir``) under a
    name that never collides, so a wrong restore can itself be undone; that
    file's path is returned. The before-restore copies are rotated like the
    daily backups (the newest 14 stay). An older-schema backup is migrated first.

    A damaged database (``PRAGMA quick_check`` fails) is kept byte for byte and
    replaced by renaming the staged copy over it; ``check_pin`` is then called
    with the staged backup open (the caller checks the owner PIN against the
    backup's own owners, as the damaged database cannot say who they are).
    Nothing temporary stays: the staging copy and its ``-wal``/``-shm`` go.
    """
    check_file(source)
    staged: Path | None = None
    damaged = db_path.exists() and files.quick_check(db_path) != "ok"
    try:
        staged = _stage(source, db_path.parent)
        if check_pin is not None:
            database = db_engine.open_database(db_engine.sqlite_url(staged), create=False)
            try:
                check_pin(database)
            finally:
                database.close()
            connection = sqlite3.connect(str(staged))
            try:
                connection.execute("PRAGMA journal_mode = DELETE")
            finally:
                connection.close()
        saved = None
        folder = keep_dir or db_path.parent
        if db_path.exists():
            files.private_folder(folder)
            saved = keep_name(folder)
            try:
                if damaged:  # byte for byte: SQLite's backup API cannot read it
                    with db_path.open("rb") as origin, saved.open("wb") as copy:
                        shutil.copyfileobj(origin, copy)
                        copy.flush()
                        os.fsync(copy.fileno())
                else:
                    backup(db_path, saved)
            except BaseException:
                saved.unlink(missing_ok=True)
                raise
        if damaged:
            for suffix in ("-wal", "-shm", "-journal"):  # a stale WAL must never be applied to the new file
                db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)
            os.replace(staged, db_path)
        else:
            try:
                files.copy_over(staged, db_path)
            except sqlite3.Error as exc:
                raise errors.Fault(errors.FaultKind.RESTORE_FAILED, str(db_path), str(exc)) from exc
        files.private_files(db_path)
        if saved is not None:
            files.rotate(folder, KEEP_BEFORE_RESTORE, BEFORE_RESTORE, key=_before_restore_order, check=False)
    except sqlite3.Error as exc:
        raise errors.Fault(errors.FaultKind.RESTORE_FAILED, str(db_path), str(exc)) from exc
    finally:
        if staged is not None:
            _remove_database_files(staged)
    return saved


def rotate(folder: Path, keep: int = 14, pattern: str = "auto-*.db") -> list[Path]:
    """Delete the oldest automatic backups beyond ``keep``, never the newest sound one (``files.rotate``)."""
    return files.rotate(folder, keep, pattern)
