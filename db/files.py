"""Private files and safe copies of SQLite databases.

The database holds the shop's signing secret: every file made here is 0600 and
every folder 0700. ``snapshot`` copies a live database through SQLite's online
backup API after ``PRAGMA quick_check``; ``rotate`` keeps the newest copies and
never deletes the last sound one. The engine, backups and the pre-upgrade copy
all use this module (it imports nothing else of ``db`` but its errors).
"""

from __future__ import annotations

import os
import sqlite3
import urllib.parse
from pathlib import Path

from db import errors

FILE_MODE, FOLDER_MODE = 0o600, 0o700


def private_folder(folder: Path) -> Path:
    """Make ``folder`` (and missing parents) 0700; an existing folder is left as it is."""
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    for path in reversed(missing):
        try:
            path.mkdir(mode=FOLDER_MODE)
        except FileExistsError:
            continue
        os.chmod(path, FOLDER_MODE)  # mkdir's mode is filtered by the umask
    return folder


def private_files(db_path: Path) -> None:
    """Make the database file, its ``-wal`` and ``-shm`` 0600 where they exist and are ours."""
    for path in (db_path, db_path.with_name(db_path.name + "-wal"), db_path.with_name(db_path.name + "-shm")):
        try:
            if path.exists() and path.stat().st_uid == os.getuid() and path.stat().st_mode & 0o077:
                os.chmod(path, FILE_MODE)
        except OSError:
            pass  # a read-only file system: the fault, if any, surfaces on the first write


def read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection to ``path``, taken literally (escaped into the URI)."""
    uri = "file:" + urllib.parse.quote(str(path.resolve()), safe="/") + "?mode=ro"
    return sqlite3.connect(uri, uri=True, timeout=30)


def new_private_file(path: Path) -> None:
    """Create ``path`` empty and 0600 (its folder 0700 when it is made here); refuse if it exists."""
    private_folder(path.parent)
    os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE))


def quick_check(path: Path) -> str:
    """``"ok"``, or SQLite's first complaint about the file (``PRAGMA quick_check``)."""
    try:
        connection = read_only(path)
        try:
            rows = connection.execute("PRAGMA quick_check").fetchall()
        finally:
            connection.close()
    except sqlite3.Error as exc:
        return str(exc)
    return "ok" if rows == [("ok",)] else str(rows[0][0] if rows else "no answer")


def copy_over(source: Path, db_path: Path) -> None:
    """Copy the database file ``source`` over the live database at ``db_path`` through SQLite's backup API.

    One write transaction on the live database (its WAL is taken along): a process
    killed meanwhile leaves the old database or the new one. Raises ``sqlite3.Error``.
    """
    origin = read_only(source)
    live = sqlite3.connect(str(db_path), timeout=30)
    try:
        origin.backup(live)
    finally:
        live.close()
        origin.close()


def snapshot(db_path: Path, out: Path) -> Path:
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
        new_private_file(partial)
        source = read_only(db_path)
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
