"""A stamping process killed with SIGKILL at random moments loses nothing it reported.

A warm "zygote" process (``tests/helpers/workers.py zygote``) forks one child
per round; the child stamps one card in a loop and reports each event uid only
after its commit. The test kills the child at a random moment (fixed seed),
twenty times, then checks on the SQLite file: every reported uid is in the
ledger, the cached balance and visit count match the ledger, and
``PRAGMA integrity_check`` says ``ok``.
"""

from __future__ import annotations

import os
import queue
import random
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

from sqlalchemy import func, select

from db import engine, ops
from db.models import Card, Event, Visit
from tests.conftest import NOW

WORKERS = Path(__file__).resolve().parents[1] / "helpers" / "workers.py"
ROUNDS = 20
SEED = 20261123
MAX_DELAY_S = 0.05
LINE_TIMEOUT_S = 60


def _pump(stream: object, lines: queue.Queue[str]) -> None:
    for line in stream:  # type: ignore[attr-defined]
        lines.put(line)
    lines.put("")  # end of stream


def _collect(lines: queue.Queue[str], reported: list[str], *, until: str) -> int | None:
    """Read ``uid`` lines into ``reported`` up to the first ``until`` line; the exit status of ``dead``."""
    while True:
        line = lines.get(timeout=LINE_TIMEOUT_S)
        assert line, "the zygote died"
        assert line.endswith("\n") and line.startswith(("uid ", "dead ")), line
        if line.startswith("uid "):
            reported.append(line.split()[1])
        if line.startswith(until):
            return int(line.split()[2]) if until == "dead " else None


def test_sigkill_while_stamping(shop_db: engine.Database, db_path: Path) -> None:
    with shop_db.sessions.begin() as session:
        batch = ops.create_batch(session, count=2, prestamps=2, now=NOW)
    shop_db.close()
    rng = random.Random(SEED)
    zygote = subprocess.Popen([sys.executable, str(WORKERS), "zygote", shop_db.url, batch.codes[0]],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert zygote.stdin is not None and zygote.stdout is not None and zygote.stderr is not None
    lines: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(target=_pump, args=(zygote.stdout, lines), daemon=True)
    reader.start()
    reported: list[str] = []
    per_round: list[int] = []
    try:
        for _ in range(ROUNDS):
            zygote.stdin.write("go\n")
            zygote.stdin.flush()
            first = lines.get(timeout=LINE_TIMEOUT_S)
            assert first.startswith("pid "), (first, zygote.stderr.read() if zygote.poll() is not None else "")
            child = int(first.split()[1])
            before = len(reported)
            status = _collect(lines, reported, until="uid ")  # the child is stamping now
            assert status is None
            threading.Event().wait(rng.uniform(0.0, MAX_DELAY_S))  # ... somewhere in a transaction
            os.kill(child, signal.SIGKILL)
            status = _collect(lines, reported, until="dead ")
            assert status is not None and os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
            per_round.append(len(reported) - before)
    finally:
        zygote.stdin.close()
        try:
            zygote.wait(timeout=10)
        except subprocess.TimeoutExpired:
            zygote.kill()
            zygote.wait()
        reader.join(timeout=10)
        zygote.stdout.close()
        assert zygote.stderr is not None
        errors_text = zygote.stderr.read()
        zygote.stderr.close()
    assert zygote.returncode == 0, errors_text
    assert len(set(reported)) == len(reported)
    assert all(n >= 1 for n in per_round), per_round

    with sqlite3.connect(db_path) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert raw.execute("PRAGMA foreign_key_check").fetchall() == []
    database = engine.open_database(shop_db.url)
    try:
        with database.sessions.begin() as session:
            card = session.scalars(select(Card).where(Card.number == batch.numbers[0])).one()
            uids = set(session.scalars(select(Event.uid).where(Event.card_id == card.id, Event.kind == "stamp")))
            ledger = session.scalar(select(func.sum(Event.delta)).where(Event.card_id == card.id))
            visits = session.scalar(select(func.count()).select_from(Visit).where(Visit.card_id == card.id))
        assert set(reported) <= uids
        assert len(uids) - len(reported) <= ROUNDS  # at most one commit per kill went unreported
        assert card.stamps == ledger == 2 + len(uids)
        assert card.visits == visits == len(uids)
        with database.sessions.begin() as session:  # still usable after the crashes
            assert ops.stamp(session, batch.codes[0], force=True, now=NOW).card.stamps == card.stamps + 1
    finally:
        database.close()
