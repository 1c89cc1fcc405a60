"""Writing a regular file whole or not at all, private to its owner: the one writer below
``db`` (the user's ``--out`` files, backups, exports) and ``printing`` (receipts saved when there
is no printer), which may not import each other.

The bytes go to a temporary ``.NAME.PID.partial`` beside the target (0600), which is
fsynced and renamed over the target, and then the folder is fsynced: a reader sees the
old file or the new one, never a part. On any failure the temporary file is removed;
one left by a killed process is removed by ``db.files.sweep`` (its process is gone).
Devices, FIFOs, symlinks and the checks on a user's path are ``db.files``' business.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

FILE_MODE, FOLDER_MODE = 0o600, 0o700
PARTIAL = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.partial$")


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


def temp_beside(target: Path) -> Path:
    """The temporary name a file is written under before it is renamed to ``target``."""
    return target.with_name(f".{target.name}.{os.getpid()}.partial")


@contextlib.contextmanager
def whole(target: Path) -> Iterator[BinaryIO]:
    """A stream whose bytes become the regular file ``target`` (0600) when the block ends without an
    exception, or nothing at all (an older file stays as it was; no temporary file stays)."""
    temp = temp_beside(target)
    try:
        temp.unlink(missing_ok=True)
        fd = os.open(temp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE)
        with os.fdopen(fd, "wb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, target)
        with contextlib.suppress(OSError):  # a folder that cannot be opened for fsync (some FUSE) is no fault
            folder = os.open(target.parent, os.O_RDONLY)
            try:
                os.fsync(folder)  # the new name too is on the disk (or the USB stick) before we say "saved"
            finally:
                os.close(folder)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise


def write_whole(target: Path, data: bytes) -> Path:
    """Write ``data`` to the regular file ``target`` by :func:`whole`; return ``target``."""
    with whole(target) as stream:
        stream.write(data)
    return target
