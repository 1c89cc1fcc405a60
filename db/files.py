"""Private files, the user's ``--out`` paths, and safe copies of SQLite databases.

The database holds the shop's signing secret: every file made here is 0600 and
every folder 0700. ``snapshot`` copies a live database through SQLite's online
backup API after ``PRAGMA quick_check``; ``rotate`` keeps the newest copies and
never deletes the last sound one. The engine, backups and the pre-upgrade copy
all use this module (it imports nothing else of ``db`` but its errors).

Every file stampcard writes for a person (``--out``, ``--escpos``, ``--numbers``,
exports, backups, copies to a USB stick) goes through :func:`out_target` and
:func:`writing` (or :func:`write_out`), as DESIGN.md's "Times, files, words" says:

- a missing folder is refused (``Kind.NO_FOLDER`` naming the folder; a USB stick
  that is not plugged in is not a folder to make), and nothing is created;
- a character device, FIFO or socket is written through (``/dev/usb/lp0``,
  ``/dev/null``, a pipe to another program), never replaced by a regular file;
- a symlink's target is written (the link stays);
- a regular file is written whole or not at all: a temporary ``.NAME.PID.partial``
  beside it, fsync, rename, fsync of the folder. The temporary file is removed on
  any failure, and :func:`sweep` removes one left by a killed process. No error
  names a temporary file: an ``OSError`` carries the user's path.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import sqlite3
import stat
import time
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from cards.atomic import FILE_MODE as FILE_MODE
from cards.atomic import FOLDER_MODE as FOLDER_MODE
from cards.atomic import PARTIAL as PARTIAL
from cards.atomic import private_folder as private_folder
from cards.atomic import temp_beside as temp_beside
from cards.atomic import whole
from cards.refusals import Kind, Refused
from db import errors

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
    """Copy the live SQLite database at ``db_path`` to ``out`` (0600), after checking it is sound.

    ``out`` follows the rules of :func:`out_target` (refused before anything is
    read: a folder, a missing folder). A device, FIFO or socket receives the copy
    through a private temporary file beside the database, removed afterwards.
    """
    if not db_path.is_file():
        raise errors.Fault(errors.FaultKind.NO_DATABASE_FILE, str(db_path))
    real = out_target(out)
    verdict = quick_check(db_path)
    if verdict != "ok":
        raise errors.Fault(errors.FaultKind.NOT_BACKED_UP, str(db_path), verdict)
    through = is_through(real)
    partial = temp_beside(db_path.with_name(db_path.name + ".copy") if through else real)
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
        if through:
            with writing(out) as stream, partial.open("rb") as copy:
                while chunk := copy.read(1 << 20):
                    stream.write(chunk)
            partial.unlink()
        else:
            os.replace(partial, real)
    except (sqlite3.Error, OSError) as exc:
        partial.unlink(missing_ok=True)
        raise errors.Fault(errors.FaultKind.BACKUP_NOT_WRITTEN, detail=getattr(exc, "strerror", None) or str(exc),
                           file=str(out)) from exc
    return out


def rotate(folder: Path, keep: int = 14, pattern: str = "auto-*.db", *,
           key: Callable[[Path], Any] | None = None, check: bool = True) -> list[Path]:
    """Delete the oldest copies matching ``pattern`` beyond ``keep``; return what was deleted.

    Oldest first by name, or by ``key``. With ``check``, the newest sound copy is
    never deleted: when none of the ``keep`` newest passes ``PRAGMA quick_check``,
    the newest one that does stays as well (before-restore copies pass
    ``check=False``: a damaged database kept before a restore is evidence, not a backup).
    """
    files = sorted(folder.glob(pattern), key=key) if key is not None else sorted(folder.glob(pattern))
    doomed = files[:-keep] if keep > 0 else list(files)
    kept = [p for p in files if p not in doomed]
    if check and doomed and not any(quick_check(p) == "ok" for p in reversed(kept)):
        good = next((p for p in reversed(doomed) if quick_check(p) == "ok"), None)
        if good is not None:
            doomed.remove(good)
    for path in doomed:
        path.unlink(missing_ok=True)
    return doomed


# --- the user's output paths ---

def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process: leave its file alone
    return True


def sweep(folder: Path) -> list[Path]:
    """Remove what killed stampcard commands left in ``folder``; return what was removed.

    A ``.NAME.PID.partial`` whose process is gone, and a staging copy of a
    restore (``.restore-*``, with its ``-wal``, ``-shm``, ``-journal``, and its
    scratch folder) whose process is gone. A missing or unreadable folder is
    left as it is.
    """
    removed: list[Path] = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return removed
    for path in entries:
        name = path.name
        match = PARTIAL.match(name)
        pid = int(match["pid"]) if match else None
        if pid is None and name.startswith(".restore-"):
            found = re.match(r"^\.restore-(\d+)-", name)
            if found:
                pid = int(found[1])
            else:  # an older stampcard's staging copy (no process id in its name): gone once an hour old
                with contextlib.suppress(OSError):
                    if time.time() - path.lstat().st_mtime > 3600:
                        pid = 0
        if pid is None or _alive(pid):
            continue
        try:
            if path.is_dir() and not path.is_symlink():
                for inner in path.iterdir():
                    inner.unlink(missing_ok=True)
                path.rmdir()
            else:
                path.unlink(missing_ok=True)
            removed.append(path)
        except OSError:
            continue
    return removed


def is_through(path: Path) -> bool:
    """True when ``path`` (a symlink followed) is a character device, a FIFO or a socket: written through."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)


def out_target(path: Path) -> Path:
    """Check a path the user gave to write to; return the path to write (a symlink's target).

    Refused (exit 3, nothing created): a folder (``Kind.FOLDER_GIVEN``), a missing
    folder (``NO_FOLDER``, naming it), a block device (``DISK_DEVICE``), a folder that
    cannot be written or an existing file that cannot be replaced (``CANNOT_WRITE``). Probing creates and
    removes one empty temporary file beside a regular target.
    """
    real = Path(os.path.realpath(path))
    if real.is_dir():
        raise Refused(Kind.FOLDER_GIVEN, field=str(path))
    folder = real.parent
    if not folder.is_dir():
        shown = folder if path.is_symlink() else (path.parent if str(path.parent) else Path("."))
        raise Refused(Kind.NO_FOLDER, field=str(path), value=str(shown))
    try:
        mode = os.stat(real).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise Refused(Kind.CANNOT_WRITE, field=str(path), value=exc.strerror or str(exc)) from exc
    if mode is not None and stat.S_ISBLK(mode):
        raise Refused(Kind.DISK_DEVICE, field=str(path))
    if mode is not None and (stat.S_ISCHR(mode) or stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)):
        if not os.access(real, os.W_OK):
            raise Refused(Kind.CANNOT_WRITE, field=str(path))
        return real
    sweep(folder)
    probe = temp_beside(real)
    try:
        os.close(os.open(probe, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE))
        probe.unlink()
        if mode is not None:
            with open(real, "r+b"):  # an existing file must be replaceable (read-only, immutable)
                pass
    except OSError as exc:
        with contextlib.suppress(OSError):
            probe.unlink()
        raise Refused(Kind.CANNOT_WRITE, field=str(path), value=exc.strerror or str(exc)) from exc
    return real


def _as_users(exc: OSError, path: Path) -> OSError:
    """The same fault, naming the user's path (never the temporary file)."""
    fault = OSError(exc.errno, exc.strerror or str(exc), str(path))
    fault.__cause__ = exc
    return fault


@contextlib.contextmanager
def writing(path: Path) -> Iterator[BinaryIO]:
    """A binary stream whose bytes end up at ``path`` (see the module's rules; :func:`out_target` first).

    A regular file appears whole when the block ends without an exception, or not
    at all (an older file stays as it was). A device, FIFO or socket receives the
    bytes as they are written. ``OSError`` raised here names ``path``.
    """
    real = out_target(path)
    if is_through(real):
        try:
            if stat.S_ISSOCK(os.stat(real).st_mode):
                with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
                    connection.connect(str(real))
                    with connection.makefile("wb") as stream:
                        yield stream
                        stream.flush()
            else:
                fd = os.open(real, os.O_WRONLY)  # no O_CREAT, no O_TRUNC: a device stays a device
                with os.fdopen(fd, "wb") as stream:
                    yield stream
                    stream.flush()
        except OSError as exc:
            raise _as_users(exc, path) from exc
        return
    try:
        with whole(real) as stream:  # the regular file: whole or not at all (cards.atomic)
            yield stream
    except OSError as exc:
        raise _as_users(exc, path) from exc


def write_out(path: Path, data: bytes) -> Path:
    """Write ``data`` to the user's ``path`` (:func:`writing`); return ``path``."""
    with writing(path) as stream:
        stream.write(data)
    return path
