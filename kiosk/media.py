"""Where the owner can put a file: the data folder, or a USB stick that is mounted now.

A desktop (udisks) mounts a stick under ``/media/<user>/<label>`` or
``/run/media/<user>/<label>``; a kiosk set up by hand may mount it at
``/media/<label>``. This module reads the mount table (``/proc/self/mounts``)
and lists the mount points below those folders that this user can write to,
with their free space. Plain Python, no Qt, so the command line and tests use it
without a screen.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

MOUNTS = Path("/proc/self/mounts")
ROOTS: tuple[Path, ...] = (Path("/media"), Path("/run/media"))


@dataclass(frozen=True)
class Medium:
    """A mounted removable medium (or the data folder) a file can be written to."""

    path: Path
    label: str
    device: str = ""
    filesystem: str = ""
    free_bytes: int = 0
    removable: bool = True


def _unescape(field: str) -> str:
    r"""The mount table writes a space as ``\040`` (and tab, newline, backslash likewise)."""
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(code, char)
    return field


def _free(path: Path) -> int:
    """Free bytes where ``path`` is (or will be: its nearest existing folder)."""
    while not path.exists() and path.parent != path:
        path = path.parent
    try:
        return shutil.disk_usage(path).free
    except OSError:
        return 0


def removable_media(mounts: Path = MOUNTS, roots: Sequence[Path] = ROOTS) -> list[Medium]:
    """The media mounted below ``roots`` (``/media``, ``/run/media``) that are mounted read-write
    and writable by this user, in the order they were mounted; [] when there is no mount table."""
    try:
        lines = mounts.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []
    found: list[Medium] = []
    seen: set[Path] = set()
    for line in lines:
        parts = line.split()
        if len(parts) < 4:
            continue
        device, point, filesystem, options = _unescape(parts[0]), Path(_unescape(parts[1])), parts[2], parts[3]
        if point in seen or not any(root in point.parents for root in roots):
            continue
        if "rw" not in options.split(",") or not os.access(point, os.W_OK):
            continue
        seen.add(point)
        found.append(Medium(point, point.name, device, filesystem, _free(point)))
    return found


def destinations(data_dir: Path, mounts: Path = MOUNTS, roots: Sequence[Path] = ROOTS) -> list[Medium]:
    """Where an export or a batch can go: the data folder first, then every writable USB stick."""
    return [Medium(data_dir, data_dir.name, free_bytes=_free(data_dir), removable=False),
            *removable_media(mounts, roots)]


def file_name(what: str, suffix: str, now: dt.datetime) -> str:
    """A file name that says what it holds and when: ``stampcard-visits-2026-11-23-0930.csv``.

    ``now`` is written as given: pass the shop's wall time (``Services.local()``, ``cards.clock``)."""
    return f"stampcard-{what}-{now:%Y-%m-%d-%H%M}.{suffix.lstrip('.')}"


def flush(path: Path) -> None:
    """Write a file's bytes out to its medium, so a stick pulled out right after keeps the whole file."""
    with path.open("rb") as handle:
        os.fsync(handle.fileno())
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
