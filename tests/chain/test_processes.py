"""Station processes and the ``stampcard`` command against a real PostgreSQL hub.

Three stations work while the hub is away (first the network, through a TCP
proxy the test drops, then the server itself, stopped), and agree card by card
once it returns; ``sync`` killed with SIGKILL at random moments loses and
doubles nothing.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

from db import engine, ops, sync
from db.hub import HubEvent
from db.models import Event
from tests.chain.conftest import agree, make_chain, restart
from tests.chain.proxy import Proxy
from tests.conftest import NOW
from tests.helpers import postgres

ROOT = Path(__file__).resolve().parents[2]
WARM_SYNC = "import sys; from kiosk import cli; sys.stdin.readline(); sys.exit(cli.main(sys.argv[1:]))"


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kiosk.cli", *args], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, **(env or {})}, timeout=120, check=False)


def run_stations(paths: list[Path], codes: tuple[str, ...], ops_each: int, seed: int) -> list[dict[str, int]]:
    procs = [subprocess.Popen([sys.executable, "-m", "tests.chain.station_run", str(path), path.stem,
                               str(seed + i), str(ops_each), *codes], cwd=ROOT, stdout=subprocess.PIPE, text=True)
             for i, path in enumerate(paths)]
    out = []
    for proc in procs:
        stdout, _ = proc.communicate(timeout=120)
        assert proc.returncode == 0
        out.append(json.loads(stdout))
    return out


def test_three_stations_work_through_an_outage(tmp_path: Path, hub_url: str, proxy: Proxy,
                                               chain_server: postgres.PostgresServer) -> None:
    stations, codes = make_chain(tmp_path, hub_url, ("A", "B", "C"), cards=12)
    for database in stations:
        database.close()
    paths = [tmp_path / f"{name}.db" for name in "ABC"]
    proxy.drop()
    made = run_stations(paths, codes, 40, seed=0)
    chain_server.stop()
    proxy.open()
    try:
        made += run_stations(paths, codes, 40, seed=3)
        down = cli("sync", "--db", str(paths[0]), "--json")
        assert down.returncode == 4 and json.loads(down.stdout)["pending"] > 0
    finally:
        restart(chain_server)
    assert all(m["sync_failures"] == 4 and m["synced"] == 0 for m in made)
    for path in paths:
        done = cli("sync", "--db", str(path), "--json")
        assert done.returncode == 0, done.stderr
        assert set(json.loads(done.stdout)) >= {"pushed", "pulled", "pending", "conflicts"}
    for path in paths[:2]:  # A and B fetch what C sent last
        again = engine.open_database(engine.sqlite_url(path))
        assert sync.sync_once(again).pending == 0
        again.close()
    status = json.loads(cli("chain", "status", "--db", str(paths[2]), "--json").stdout)
    assert (status["station"], status["pending"], status["conflicts"]) == ("C", 0, 0) and status["last_sync"]
    stations = [engine.open_database(engine.sqlite_url(p)) for p in paths]
    balances = agree(stations, hub_url)
    stamped, redeemed = sum(m["stamped"] for m in made), sum(m["redeemed"] for m in made)
    assert stamped > 100
    assert sum(b[0] for b in balances.values()) == 12 * 2 + stamped - 10 * redeemed
    assert sum(b[1] for b in balances.values()) == redeemed
    hub = sync.hub_engine(hub_url)
    with hub.connect() as connection:
        hub_events = connection.scalar(select(func.count()).select_from(HubEvent))
    hub.dispose()
    for database in stations:
        with database.sessions.begin() as session:
            assert session.scalar(select(func.count()).select_from(Event)) == hub_events
        database.close()


def test_sync_killed_at_random_moments_loses_and_doubles_nothing(tmp_path: Path, hub_url: str) -> None:
    (a, b), codes = make_chain(tmp_path, hub_url, ("A", "B"), cards=20)
    rng = random.Random(11)

    def work(database: engine.Database, n: int, name: str) -> None:
        with database.sessions.begin() as session:
            for _ in range(n):
                ops.stamp(session, rng.choice(codes), force=True, now=NOW, station=name)

    work(a, 600, "A")
    small = {"STAMPCARD_SYNC_BATCH": "50", "STAMPCARD_SYNC_PAGE": "50"}
    kills = midway = 0
    hub = sync.hub_engine(hub_url)

    def counts(database: engine.Database) -> tuple[int, int]:
        with database.sessions.begin() as session:
            return sync.pending(session), int(session.scalar(select(func.count()).select_from(Event)) or 0)

    def raw_counts(path: Path) -> tuple[int, int]:
        """(unsent, all) events, read without a lock while the sync writes."""
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as raw:
            unsent = raw.execute("SELECT count(*) FROM events WHERE hub_seq IS NULL").fetchone()[0]
            return int(unsent), int(raw.execute("SELECT count(*) FROM events").fetchone()[0])

    def hub_total() -> int:
        with hub.connect() as connection:
            return int(connection.scalar(select(func.count()).select_from(HubEvent)) or 0)

    def warm(round_: int) -> subprocess.Popen[str]:
        """A ``stampcard sync`` process, imported and waiting for a line on stdin (start-up is not timed)."""
        path = tmp_path / ("A.db" if round_ % 2 == 0 else "B.db")
        return subprocess.Popen([sys.executable, "-c", WARM_SYNC, "sync", "--db", str(path)], cwd=ROOT, text=True,
                                env={**os.environ, **small}, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)

    ready = [warm(0), warm(1)]
    for round_ in range(20):
        database, path = (a, tmp_path / "A.db") if round_ % 2 == 0 else (b, tmp_path / "B.db")
        work(database, 60, path.stem)
        before = counts(database)
        proc, ready = ready[0], ready[1:] + [warm(round_ + 2)]
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
        if round_ < 14:  # a random moment once the sync has begun to move events ...
            deadline = time.monotonic() + 20
            while proc.poll() is None and time.monotonic() < deadline and raw_counts(path) == before:
                time.sleep(0.005)
            time.sleep(rng.uniform(0, 0.08))
        else:  # ... or any moment at all, start-up included
            time.sleep(rng.uniform(0.0, 0.3))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait()
        proc.stdin.close()
        after = counts(database)
        # killed half-way: part of the queue sent (A) or part of the hub's events applied (B)
        midway += before[0] > after[0] > 0 or before[1] < after[1] < hub_total()
    for proc in ready:
        proc.kill()
        proc.wait()
        assert proc.stdin is not None
        proc.stdin.close()
    assert kills >= 10 and midway >= 3, (kills, midway)
    for database in (a, b, a):
        assert sync.sync_once(database).pending == 0
    with hub.connect() as connection:
        hub_events, hub_uids = connection.execute(select(func.count(), func.count(HubEvent.uid.distinct()))).one()
    hub.dispose()
    made = 20 * 2 + 600 + 20 * 60  # head starts, stamps
    for database in (a, b):
        with database.sessions.begin() as session:
            assert session.scalar(select(func.count()).select_from(Event)) == hub_events == hub_uids
            assert session.scalar(select(func.count(Event.uid.distinct()))) == hub_events
    balances = agree([a, b], hub_url)
    assert sum(v[0] for v in balances.values()) == made
