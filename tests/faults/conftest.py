"""Fault tests: real files, real processes, real faults (no mocks).

``cli`` runs ``stampcard`` in this process against one database file and
returns ``(exit code, stdout, stderr)``; ``shop`` is a database set up with
``stampcard init`` (owner PIN ``OWNER_PIN``). ``fingerprint`` reads every table
the ledger and the owner's commands touch, to prove "nothing written".
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kiosk import cli

OWNER_PIN = "2468"
TABLES = ("events", "cards", "visits", "batches", "complaints", "staff", "shop", "program")

Run = Callable[..., tuple[int, str, str]]


def fingerprint(db: Path) -> tuple[Any, ...]:
    """Every row of the tables a command could change (compared before and after a refusal)."""
    connection = sqlite3.connect(db)
    try:
        return tuple(connection.execute(f"SELECT * FROM {table}").fetchall() for table in TABLES)
    finally:
        connection.close()


@pytest.fixture
def cli_run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Run:
    """``cli_run(*argv, db=PATH)``: run ``stampcard`` in-process; (exit code, stdout, stderr)."""
    monkeypatch.delenv("STAMPCARD_PIN", raising=False)

    def run(*argv: str, db: Path | str | None = None) -> tuple[int, str, str]:
        capsys.readouterr()
        code = cli.main([*argv, *(["--db", str(db)] if db is not None else [])])
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def shop(tmp_path: Path, cli_run: Run) -> Path:
    """A shop made by ``stampcard init`` in ``tmp_path/data/shop.db``."""
    db = tmp_path / "data" / "shop.db"
    code, _, err = cli_run("init", "--shop", "Kavárna", "--stamps", "10", "--prestamps", "2",
                           "--owner-pin", OWNER_PIN, "--reward", "Káva", db=db)
    assert code == 0, err
    return db


def one_line(err: str) -> str:
    """The single stderr line of a refusal or fault (and no traceback)."""
    assert "Traceback" not in err, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]
