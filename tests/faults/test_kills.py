"""SIGKILL at random moments of issuing a batch and of a restore (20+ kills each).

A warm zygote (``tests/faults/workers.py``) forks one child per round; the test
kills it after a seeded random delay. Afterwards: the database passes
``PRAGMA quick_check``; every batch is whole (all its cards, each with its
issue and head-start events) and ``batch reprint`` renders it, byte for byte the
PDF the child wrote when it got that far; a restore leaves the database it
replaced or the backup, never a mix.
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
import time
from pathlib import Path

from db import backup, engine, ops
from db.models import utcnow
from kiosk import workflows
from tests.faults.conftest import OWNER_PIN, Run

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = 22
TIMEOUT_S = 60


class Zygote:
    def __init__(self, *args: str) -> None:
        self.process = subprocess.Popen([sys.executable, "-m", "tests.faults.workers", "zygote", *args],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        text=True, cwd=ROOT)
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line)
        self.lines.put("")

    def round(self, delay: float, go: str = "go") -> tuple[bool, list[str]]:
        """Start a child, kill it after ``delay`` s; (was it killed, the lines it said)."""
        assert self.process.stdin is not None
        self.process.stdin.write(go + "\n")
        self.process.stdin.flush()
        first = self.lines.get(timeout=TIMEOUT_S)
        assert first.startswith("pid "), (first, self.process.poll())
        child = int(first.split()[1])
        threading.Event().wait(delay)
        try:
            os.kill(child, signal.SIGKILL)
        except ProcessLookupError:
            pass
        said: list[str] = []
        while True:
            line = self.lines.get(timeout=TIMEOUT_S)
            assert line, "the zygote died"
            if line.startswith("dead "):
                status = int(line.split()[2])
                assert not (os.WIFEXITED(status) and os.WEXITSTATUS(status)), (said, self.process.stderr)
                return os.WIFSIGNALED(status), said
            said.append(line.strip())

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=TIMEOUT_S)
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()


def _quick_check(db: Path) -> str:
    return backup.quick_check(db)


def test_sigkill_while_issuing_batches(shop: Path, tmp_path: Path) -> None:
    folder = tmp_path / "pdf"
    folder.mkdir()
    zygote = Zygote("batch", engine.sqlite_url(shop), str(folder), "300")
    rng = random.Random(20261125)
    kills, finished = 0, {}
    try:
        round_ = 0
        while kills < ROUNDS and round_ < 4 * ROUNDS:
            round_ += 1
            # early delays land in the insert, later ones in the rendering or the file's rename
            killed, said = zygote.round(rng.choice((rng.uniform(0.0, 0.12), rng.uniform(0.0, 0.6))))
            kills += killed
            for line in said:
                if line.startswith("done "):
                    finished[int(line.split()[1])] = folder / f"{round_}.pdf"
    finally:
        zygote.close()
    assert kills >= 20
    assert _quick_check(shop) == "ok"
    database = engine.open_database(engine.sqlite_url(shop), create=False)
    with sqlite3.connect(shop) as connection:
        rows = connection.execute(
            "SELECT b.id, b.count, b.prestamps, count(DISTINCT c.id), "
            "sum(e.kind = 'issue'), sum(e.kind = 'head_start') FROM batches b "
            "JOIN cards c ON c.batch_id = b.id JOIN events e ON e.card_id = c.id GROUP BY b.id").fetchall()
    connection.close()
    assert rows, "no batch was ever committed"
    for batch, count, head, cards, issues, heads in rows:
        assert (cards, issues, heads) == (count, count, count if head else 0), batch
    with database.sessions.begin() as session:
        assert len(ops.list_batches(session)) == len(rows)  # no batch without cards
    for batch, *_ in rows:
        again = workflows.reprint_batch(database, batch, paper="a4", out=tmp_path / f"again-{batch}.pdf")
        assert again.batch.count == 300
        if batch in finished:
            assert again.pdf == finished[batch].read_bytes()
    assert not [p for p in folder.iterdir() if p.suffix == ".pdf" and p.stat().st_size == 0]
    database.close()


def test_sigkill_while_restoring(shop: Path, tmp_path: Path, cli_run: Run) -> None:
    states = []
    for count in (1500, 2500):  # two backups, each a few megabytes, told apart by their batches
        assert cli_run("batch", "create", "--count", str(count), "--pin", OWNER_PIN,
                       "--out", str(tmp_path / f"{count}.pdf"), db=shop)[0] == 0
        out = tmp_path / f"state-{count}.db"
        backup.backup(shop, out)
        states.append(out)
    started = time.perf_counter()
    backup.restore(shop, states[0])
    took = time.perf_counter() - started  # the kills land inside a restore of about this length

    def state() -> int:
        connection = sqlite3.connect(shop)
        try:
            return int(connection.execute("SELECT count(*) FROM batches").fetchone()[0])
        finally:
            connection.close()

    zygote = Zygote("restore", str(shop), *map(str, states))
    rng = random.Random(4242)
    kills = 0
    current = state()
    try:
        round_ = 0
        while kills < ROUNDS and round_ < 4 * ROUNDS:
            round_ += 1
            target = round_ % 2
            killed, _ = zygote.round(rng.uniform(0.0, took), go=f"go {target}")
            kills += killed
            assert _quick_check(shop) == "ok", round_
            now = state()
            assert now in (current, target + 1), (round_, now)
            current = now
    finally:
        zygote.close()
    assert kills >= 20
    database = engine.open_database(engine.sqlite_url(shop), create=False)
    with database.sessions.begin() as session:
        ops.stamp(session, ops.batch_cards(session, 1).numbers[0], now=utcnow(), station="after")
    database.close()
