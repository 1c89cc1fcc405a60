"""Real storage faults: a full disk, read-only and immutable files and folders, damaged bytes.

Each fault gives exit code 4 and one line (never a traceback), and the
operation is not recorded. The full-disk and read-only-folder tests mount a
small tmpfs (they need root, as the test machine runs; otherwise the
``PRAGMA max_page_count`` test still fills a database for real).
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from tests.faults.conftest import OWNER_PIN, Run, fingerprint, one_line

ROOT = os.geteuid() == 0


def _first_code(db: Path) -> str:
    connection = sqlite3.connect(db)
    try:
        return str(connection.execute("SELECT number FROM cards ORDER BY id").fetchone()[0])
    finally:
        connection.close()


@contextlib.contextmanager
def tmpfs(folder: Path, size: str) -> Iterator[Path]:
    """A tmpfs of ``size`` mounted on ``folder`` (root only), unmounted afterwards."""
    folder.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


@contextlib.contextmanager
def immutable(*paths: Path) -> Iterator[None]:
    """``chattr +i`` (root: even root cannot write), else read-only modes."""
    if ROOT:
        done = subprocess.run(["chattr", "+i", *map(str, paths)], capture_output=True, text=True)
        if done.returncode != 0:
            pytest.skip(f"chattr +i does not work here: {done.stderr.strip()}")
    else:
        for path in paths:
            path.chmod(0o500 if path.is_dir() else 0o400)
    try:
        yield
    finally:
        if ROOT:
            subprocess.run(["chattr", "-i", *map(str, paths)], check=False)
        for path in paths:
            path.chmod(0o700 if path.is_dir() else 0o600)


@pytest.fixture
def cards(shop: Path, cli_run: Run) -> Path:
    assert cli_run("batch", "create", "--count", "4", "--pin", OWNER_PIN, db=shop)[0] == 0
    return shop


@pytest.mark.skipif(not ROOT, reason="mounting a tmpfs needs root")
def test_a_full_disk_is_exit_4_and_nothing_is_recorded(tmp_path: Path, cli_run: Run) -> None:
    with tmpfs(tmp_path / "small", "3m") as disk:
        db = disk / "shop.db"
        assert cli_run("init", "--shop", "Full", "--owner-pin", OWNER_PIN, db=db)[0] == 0
        assert cli_run("batch", "create", "--count", "3", "--pin", OWNER_PIN,
                       "--out", str(tmp_path / "b.pdf"), db=db)[0] == 0
        code = _first_code(db)
        before = fingerprint(db)
        filler = disk / "filler"
        fd = os.open(filler, os.O_CREAT | os.O_WRONLY, 0o600)
        try:
            for size in (65536, 4096, 512, 1):  # fill every last byte
                with contextlib.suppress(OSError):
                    while True:
                        os.write(fd, b"\0" * size)
        finally:
            os.close(fd)
        for argv in (["stamp", code], ["complaint", "add", "--topic", "other", "--text", "x" * 1500],
                     ["batch", "create", "--count", "500", "--pin", OWNER_PIN, "--out", str(tmp_path / "c.pdf")]):
            status, _, err = cli_run(*argv, db=db)
            assert status == 4, (argv, status, err)
            assert "full" in one_line(err) and "nothing was recorded" in err, err
        filler.unlink()
        assert fingerprint(db) == before
        assert cli_run("stamp", code, db=db)[0] == 0  # space again: it works, nothing was damaged


def test_a_database_that_fills_up_is_exit_4(cards: Path, cli_run: Run, tmp_path: Path) -> None:
    def cap(dbapi_connection: Any, record: Any) -> None:
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages + 2}")

    before = fingerprint(cards)
    event.listen(Engine, "connect", cap)
    try:
        status, _, err = cli_run("batch", "create", "--count", "3000", "--pin", OWNER_PIN,
                                 "--out", str(tmp_path / "big.pdf"), db=cards)
    finally:
        event.remove(Engine, "connect", cap)
    assert status == 4 and "full" in one_line(err), err
    assert fingerprint(cards) == before and not (tmp_path / "big.pdf").exists()


def test_an_immutable_database_is_exit_4_and_reading_still_works(cards: Path, cli_run: Run) -> None:
    code = _first_code(cards)
    before = fingerprint(cards)
    files = [p for p in cards.parent.iterdir() if p.name.startswith(cards.name)]
    with immutable(*files):
        status, _, err = cli_run("stamp", code, db=cards)
        assert status == 4 and "cannot be written" in one_line(err), err
        status, out, err = cli_run("card", "show", code, "--no-activate", db=cards)
        assert status in (0, 4), err
        if status == 4:
            one_line(err)
    assert fingerprint(cards) == before


@pytest.mark.skipif(not ROOT, reason="a read-only mount needs root")
def test_a_read_only_folder_is_exit_4(tmp_path: Path, cli_run: Run) -> None:
    with tmpfs(tmp_path / "ro", "8m") as disk:
        db = disk / "shop.db"
        assert cli_run("init", "--shop", "RO", "--owner-pin", OWNER_PIN, db=db)[0] == 0
        assert cli_run("batch", "create", "--count", "2", "--pin", OWNER_PIN, db=db)[0] == 0
        code = _first_code(db)
        before = fingerprint(db)
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        for argv in (["stamp", code], ["backup", "--out", str(disk / "b.db"), "--pin", OWNER_PIN],
                     ["restore", str(db), "--pin", OWNER_PIN]):
            status, _, err = cli_run(*argv, db=db)
            assert status in (3, 4), (argv, err)
            one_line(err)
        status, _, err = cli_run("stamp", code, db=db)
        assert status == 4
        subprocess.run(["mount", "-o", "remount,rw", str(disk)], check=True)
        assert fingerprint(db) == before


def test_byte_flipped_databases_give_one_line_never_a_traceback(cards: Path, tmp_path: Path, cli_run: Run) -> None:
    """Flip bytes of a real shop's file at seeded random places; every command ends in 0, 3 or 4, one line."""
    code = _first_code(cards)
    clean = tmp_path / "clean.db"
    shutil.copy(cards, clean)
    original = clean.read_bytes()
    rng = random.Random(20261125)
    seen: set[int] = set()
    for round_ in range(int(os.environ.get("FLIP_ROUNDS", "24"))):
        damaged = bytearray(original)
        for _ in range(rng.choice((1, 4, 64))):
            where = rng.randrange(0, len(damaged)) if round_ % 3 else rng.randrange(0, 100)  # some in the header
            damaged[where] ^= 1 << rng.randrange(8)
        target = tmp_path / f"flipped-{round_}.db"
        target.write_bytes(bytes(damaged))
        for argv in (["card", "show", code], ["stamp", code, "--force"], ["report"], ["complaint", "list"]):
            status, _, err = cli_run(*argv, db=target)
            seen.add(status)
            assert status in (0, 3, 4), (round_, argv, status, err)
            if status:
                one_line(err)
    assert 4 in seen
