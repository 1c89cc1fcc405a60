"""Chain benchmark: stations syncing through a PostgreSQL hub (db/sync.py).

Starts a throwaway PostgreSQL server (``tests/helpers/postgres.py``, but with
fsync, full-page writes and synchronous commit ON, as a real hub runs) and
reaches it over TCP through ``tests/chain/proxy.py`` on 127.0.0.1, which the
benchmark drops and reopens as a network outage. Stations are SQLite files
(WAL, synchronous=FULL, as the kiosk runs them). Measures:

* push: 10,000 queued events from one station, one ``stampcard sync`` process
  (interpreter start included) and ``sync.sync_once`` in-process; target <= 10 s
* agree: three stations, 1,000 events each made while the hub was away, each
  running the kiosk's background loop (``kiosk/app/chain_worker.py``: retry
  backoff while offline, a quick follow-up after an outage); from the moment the
  proxy opens again until the hub and all three stations hold the same balance
  for every card; target <= 5 s
* ingest: the hub's rate in events/s, one pusher, and three pushing at once
* apply: a station applying 10,000 pulled events, events/s
* idle: a sync with nothing to do (what every station does every 3 s), its
  latency and how many per second the hub answers from 8 station processes at once
* bytes per event on the hub (table and indexes) and at a station

From those it writes the table for 1,000 shops x 3 stations.

    python benchmarks/chain.py [--repeat 3] [--events 10000]

Prints Markdown and writes it to ``benchmarks/RESULTS-chain.md``.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import platform
import random
import secrets
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import cast

from sqlalchemy import Table, func, insert, select, text, update

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from cards import rules  # noqa: E402
from db import chain_station, engine, ops, sync  # noqa: E402
from db.hub import HubEvent  # noqa: E402
from db.models import Card, Event  # noqa: E402
from tests.chain.proxy import Proxy  # noqa: E402
from tests.helpers import chain as chain_helpers  # noqa: E402
from tests.helpers import postgres  # noqa: E402

RESULTS = HERE / "RESULTS-chain.md"
PIN = "2468"
NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.timezone.utc)
PUSH_TARGET_S, AGREE_TARGET_S = 10.0, 5.0


class DurableServer(postgres.PostgresServer):
    """The test server, but durable: fsync, full-page writes and synchronous commit on."""

    def start(self) -> None:
        done = self._run(str(self.bin_dir / "initdb"), "-D", str(self.data_dir), "-U", postgres.SERVER_USER,
                         "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8")
        if done.returncode != 0:
            raise postgres.PostgresUnavailable(f"initdb failed: {done.stderr[-300:]}")
        options = f"-c listen_addresses='' -k {self.socket_dir} -c max_connections=60 -c shared_buffers=128MB"
        done = self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-l", str(self.base / "server.log"),
                         "-o", options, "-w", "start")
        if done.returncode != 0:
            raise postgres.PostgresUnavailable(f"the server did not start: {done.stderr[-300:]}")
        self.running = True


def server() -> DurableServer:
    bin_dir = postgres.find_bin_dir()
    user = postgres._server_user()
    base = Path(tempfile.mkdtemp(prefix="sc-bench-pg-"))
    if user is not None:
        import pwd

        entry = pwd.getpwnam(user)
        os.chown(base, entry.pw_uid, entry.pw_gid)
    s = DurableServer(bin_dir, base, user)
    s.start()
    return s


# --- stations ---

def new_station(path: Path, hub: str | None, name: str, cards: int = 0) -> tuple[engine.Database, list[str]]:
    """A station: the first creates the shop (and ``cards`` cards) and the chain, the others join."""
    if hub is not None and cards == 0:
        sync.join_chain(engine.sqlite_url(path), hub, station=name, pin=PIN, now=NOW)
        database = engine.open_database(engine.sqlite_url(path))
        with database.sessions.begin() as session:
            numbers = list(session.scalars(select(Card.number)))
        return database, numbers
    database = engine.open_database(engine.sqlite_url(path))
    with database.sessions.begin() as session:
        ops.init_shop(session, name="Bench", program=rules.Program(10, 2, "Coffee"), owner_pin=PIN)
    with database.sessions.begin() as session:
        numbers = list(ops.create_batch(session, count=cards, now=NOW, station=name).numbers)
    if hub is not None:
        sync.create_chain(database, hub, station=name, now=NOW)
    return database, numbers


def queue_stamps(database: engine.Database, numbers: list[str], count: int, station: str, rng: random.Random) -> None:
    """``count`` stamp events with their visits, as ``ops.stamp`` writes them, unsent (bulk, for speed)."""
    with database.sessions.begin() as session:
        ids = dict(session.execute(select(Card.number, Card.id).where(Card.number.in_(numbers))).all())
        next_event = int(session.scalar(select(func.max(Event.id))) or 0) + 1
        next_visit = int(session.scalar(text("SELECT coalesce(max(id), 0) FROM visits")) or 0) + 1
        visits, events, added = [], [], {n: 0 for n in numbers}
        for i in range(count):
            number = rng.choice(numbers)
            at = NOW + dt.timedelta(seconds=i)
            visits.append({"id": next_visit + i, "card_id": ids[number], "at": at, "station": station, "staff": "",
                           "stamps_added": 1})
            events.append({"id": next_event + i, "uid": secrets.token_hex(16), "card_id": ids[number], "kind": "stamp",
                           "delta": 1, "rewards_delta": 0, "at": at, "station": station, "staff": "",
                           "visit_id": next_visit + i, "reverses_id": None, "note": ""})
            added[number] += 1
        from db.models import Visit

        session.execute(insert(cast(Table, Visit.__table__)), visits)
        session.execute(insert(cast(Table, Event.__table__)), events)
        for number, n in added.items():
            if n:
                session.execute(update(cast(Table, Card.__table__)).where(Card.id == ids[number])
                                .values(stamps=Card.stamps + n, visits=Card.visits + n, status="active"))


def agreed(stations: list[engine.Database], hub: str) -> bool:
    hub_engine = sync.hub_engine(hub)
    try:
        folded = {n: s.shown for n, s in chain_helpers.hub_cards(hub_engine).items()}
    finally:
        hub_engine.dispose()
    for database in stations:
        with database.sessions.begin() as session:
            if sync.pending(session) or chain_helpers.station_cards(session) != folded:
                return False
    return True


def loop(path: str) -> None:
    """A kiosk's background sync loop, headless (``--loop DB``): what ``ChainWorker`` schedules."""
    from kiosk.app import chain_worker

    database = engine.open_database(engine.sqlite_url(Path(path)))
    hub = None
    with database.sessions.begin() as session:
        state = chain_station.chain_state(session)
        assert state is not None
        hub = sync.hub_engine(state.hub_url)
    delay, was_ok, catch_up = float(chain_worker.INTERVAL_S), True, 0
    while True:
        outcome = chain_worker.sync_step(database, hub)
        catch_up = chain_worker.CATCH_UP if outcome.ok and not was_ok else max(0, catch_up - 1)
        delay = chain_worker.next_delay(outcome.ok, delay, was_ok=was_ok, catching_up=catch_up > 0,
                                        jitter=random.uniform(-1, 1))
        was_ok = outcome.ok
        time.sleep(delay)


# --- the measurements ---

def measure_push(pg: DurableServer, proxy: Proxy, tmp: Path, events: int, repeat: int) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {"push_cli": [], "push_inproc": [], "ingest_one": [], "apply": [],
                                   "hub_bytes": [], "station_bytes": []}
    for r in range(repeat):
        for mode in ("cli", "inproc"):
            name = f"push_{mode}_{r}"
            pg.create_database(name)
            hub = proxy.url(name)
            rng = random.Random(r)
            a, numbers = new_station(tmp / f"{name}_a.db", hub, "A", cards=1000)
            b, _ = new_station(tmp / f"{name}_b.db", hub, "B")
            with contextlib.closing(sqlite3.connect(tmp / f"{name}_b.db")) as raw:
                raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            size_before = (tmp / f"{name}_b.db").stat().st_size
            queue_stamps(a, numbers, events, "A", rng)
            if mode == "cli":
                a.close()
                start = time.perf_counter()
                done = subprocess.run([sys.executable, "-m", "kiosk.cli", "sync", "--db", str(tmp / f"{name}_a.db"),
                                       "--json"], cwd=ROOT, capture_output=True, text=True, check=False)
                out["push_cli"].append(time.perf_counter() - start)
                assert done.returncode == 0, done.stderr
            else:
                hub_engine = sync.hub_engine(hub)
                start = time.perf_counter()
                pushed = sync.push(a, hub_engine)
                pushed_s = time.perf_counter() - start
                sync.pull(a, hub_engine)
                out["push_inproc"].append(time.perf_counter() - start)
                out["ingest_one"].append(pushed / pushed_s)
                start = time.perf_counter()
                pulled = sync.pull(b, hub_engine)
                out["apply"].append(pulled / (time.perf_counter() - start))
                with hub_engine.connect() as connection:
                    size = connection.scalar(text("SELECT pg_total_relation_size('hub_events')"))
                    count = connection.scalar(select(func.count()).select_from(HubEvent))
                out["hub_bytes"].append(size / count)
                with contextlib.closing(sqlite3.connect(tmp / f"{name}_b.db")) as raw:
                    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                out["station_bytes"].append(((tmp / f"{name}_b.db").stat().st_size - size_before) / pulled)
                hub_engine.dispose()
                a.close()
            b.close()
    return out


def measure_ingest_three(pg: DurableServer, proxy: Proxy, tmp: Path, events: int, repeat: int) -> list[float]:
    rates = []
    for r in range(repeat):
        name = f"ingest3_{r}"
        pg.create_database(name)
        hub = proxy.url(name)
        rng = random.Random(100 + r)
        first, numbers = new_station(tmp / f"{name}_A.db", hub, "A", cards=1000)
        stations = [first] + [new_station(tmp / f"{name}_{n}.db", hub, n)[0] for n in "BC"]
        for database, n in zip(stations, "ABC"):
            queue_stamps(database, numbers, events, n, rng)
            database.close()
        env = {**os.environ}
        code = ("import sys, time; from pathlib import Path; from db import engine, sync; "
                "d = engine.open_database(engine.sqlite_url(Path(sys.argv[1]))); h = sync.hub_engine(sys.argv[2]); "
                "sys.stdin.readline(); t = time.perf_counter(); n = sync.push(d, h); "
                "print(n, time.perf_counter() - t)")
        procs = [subprocess.Popen([sys.executable, "-c", code, str(tmp / f"{name}_{n}.db"), hub], cwd=ROOT, env=env,
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True) for n in "ABC"]
        time.sleep(1.5)  # let them import
        start = time.perf_counter()
        for p in procs:
            assert p.stdin is not None
            p.stdin.write("go\n")
            p.stdin.flush()
        total = sum(int(p.communicate()[0].split()[0]) for p in procs)
        rates.append(total / (time.perf_counter() - start))
    return rates


def measure_agree(pg: DurableServer, proxy: Proxy, tmp: Path, per_station: int, repeat: int,
                  outage_s: float) -> list[float]:
    times = []
    for r in range(repeat):
        name = f"agree_{r}"
        pg.create_database(name)
        hub = proxy.url(name)
        rng = random.Random(200 + r)
        first, numbers = new_station(tmp / f"{name}_A.db", hub, "A", cards=300)
        stations = [first] + [new_station(tmp / f"{name}_{n}.db", hub, n)[0] for n in "BC"]
        proxy.drop()
        for database, n in zip(stations, "ABC"):
            queue_stamps(database, numbers, per_station, n, rng)
        loops = [subprocess.Popen([sys.executable, str(HERE / "chain.py"), "--loop", str(tmp / f"{name}_{n}.db")],
                                  cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for n in "ABC"]
        time.sleep(outage_s)  # the loops are backed off by now
        proxy.open()
        start = time.perf_counter()
        while not agreed(stations, hub):
            time.sleep(0.05)
            if time.perf_counter() - start > 60:
                raise RuntimeError("the stations did not agree within 60 s")
        times.append(time.perf_counter() - start)
        for p in loops:
            p.kill()
            p.wait()
        for database in stations:
            database.close()
    return times


def measure_idle(pg: DurableServer, proxy: Proxy, tmp: Path, processes: int = 8) -> tuple[list[float], float, float]:
    """An idle sync's latency (through the proxy), and how many idle syncs the hub answers per second
    from ``processes`` stations at once (each its own process, on the server's Unix socket)."""
    name = "idle"
    pg.create_database(name)
    hub = proxy.url(name)
    first, _ = new_station(tmp / "idle_A.db", hub, "A", cards=100)
    for i in range(processes):
        new_station(tmp / f"idle_{i}.db", hub, f"S{i}")[0].close()
    hub_engine = sync.hub_engine(hub)
    latencies = []
    for _ in range(50):
        start = time.perf_counter()
        sync.sync_once(first, hub_engine)
        latencies.append(time.perf_counter() - start)
    hub_engine.dispose()
    first.close()
    code = ("import sys, time; from pathlib import Path; from db import engine, sync; "
            "d = engine.open_database(engine.sqlite_url(Path(sys.argv[1]))); h = sync.hub_engine(sys.argv[2]); "
            "sync.sync_once(d, h); sys.stdin.readline(); n = 0; end = time.perf_counter() + 5\n"
            "while time.perf_counter() < end:\n    sync.sync_once(d, h); n += 1\nprint(n)")
    procs = [subprocess.Popen([sys.executable, "-c", code, str(tmp / f"idle_{i}.db"), pg.url(name)], cwd=ROOT,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True) for i in range(processes)]
    time.sleep(2)
    for p in procs:
        assert p.stdin is not None
        p.stdin.write("go\n")
        p.stdin.flush()
    total = sum(int(p.communicate()[0].split()[0]) for p in procs)
    return latencies, total / 5, hub_cpu_per_idle_sync(pg, name)


def hub_cpu_per_idle_sync(pg: DurableServer, name: str, runs: int = 3000) -> float:
    """Milliseconds of hub CPU for one idle sync: its statements run ``runs`` times on one
    connection, the backend's CPU time read from /proc before and after."""
    import psycopg

    with psycopg.connect(host=str(pg.socket_dir), user=postgres.SERVER_USER, dbname=name) as connection:
        pid = connection.execute("SELECT pg_backend_pid()").fetchone()[0]  # type: ignore[index]
        cursor = connection.execute("SELECT coalesce(max(seq), 0) FROM hub_events")
        cursor_seq = cursor.fetchone()[0]  # type: ignore[index]
        row = connection.execute("SELECT coalesce(max(seq), 0) FROM hub_records").fetchone()
        record_seq = row[0]  # type: ignore[index]
        connection.commit()

        def cpu() -> float:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

        before = cpu()
        for _ in range(runs):
            connection.execute("SELECT 1")  # the pool's pre-ping
            connection.commit()
            connection.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            connection.execute("SELECT seq, entity, key, data FROM hub_records WHERE seq > %s ORDER BY seq",
                               (record_seq,)).fetchall()
            connection.execute("SELECT * FROM hub_events WHERE seq > %s AND origin <> %s ORDER BY seq LIMIT 5000",
                               (cursor_seq, "A")).fetchall()
            connection.rollback()
        return (cpu() - before) * 1000 / runs


def med(values: list[float]) -> float:
    return statistics.median(values)


def scale_table(ingest: float, apply_rate: float, idle_hub_ms: float, hub_bytes: float, station_bytes: float) -> str:
    shops, per_station, events_per_shop = 1000, 3, 400
    stations = shops * per_station
    per_day = shops * events_per_shop
    peak = per_day * 0.12 / 3600  # the busiest hour carries about 12 % of a day
    year = per_day * 365
    syncs = stations / 3  # one idle sync per station every 3 s
    rows = [
        ("events a day (400 a shop: ~300 stamps, redeems, activations, undos)", f"{per_day:,.0f}"),
        ("busiest hour, events/s into the hub", f"{peak:,.1f} (measured ingest {ingest:,.0f}/s: "
                                                 f"{ingest / peak:,.0f}x headroom)"),
        ("hub growth a year (hub_events with its indexes)", f"{year * hub_bytes / 1e9:,.0f} GB "
                                                           f"({year / 1e6:,.0f} M events x {hub_bytes:,.0f} B)"),
        ("idle syncs/s (3,000 stations, one every 3 s)", f"{syncs:,.0f} = {syncs * idle_hub_ms / 1000:,.2f} hub "
                                                        f"cores at {idle_hub_ms:.3f} ms of hub CPU each"),
        ("hub connections, one per station kept open", f"{stations:,} (PostgreSQL: a few hundred; needs PgBouncer)"),
        ("events each station must apply a day (every station holds the whole chain)",
         f"{per_day:,.0f} = {per_day / apply_rate:,.0f} s of applying at {apply_rate:,.0f}/s"),
        ("station database growth a year (whole chain)", f"{year * station_bytes / 1e9:,.0f} GB "
                                                         f"({station_bytes:,.0f} B/event)"),
        ("station database growth a year (own shop only)", f"{events_per_shop * 365 * station_bytes / 1e6:,.0f} MB"),
    ]
    return "\n".join(["| 1,000 shops x 3 stations | figure |", "|---|---|"] + [f"| {a} | {b} |" for a, b in rows])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--per-station", type=int, default=1_000)
    parser.add_argument("--outage", type=float, default=8.0, help="seconds the hub is away in the agree test")
    parser.add_argument("--loop", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.loop:
        loop(args.loop)
        return 0
    tmp = Path(tempfile.mkdtemp(prefix="sc-bench-chain-"))
    pg = server()
    proxy = Proxy(pg.socket_dir / ".s.PGSQL.5432")
    proxy.open()
    try:
        push = measure_push(pg, proxy, tmp, args.events, args.repeat)
        print("push", push, file=sys.stderr)
        ingest3 = measure_ingest_three(pg, proxy, tmp, args.events, args.repeat)
        print("ingest3", ingest3, file=sys.stderr)
        agree = measure_agree(pg, proxy, tmp, args.per_station, args.repeat, args.outage)
        print("agree", agree, file=sys.stderr)
        idle, idle_rate, idle_hub_ms = measure_idle(pg, proxy, tmp)
    finally:
        proxy.drop()
        pg.stop()
        shutil.rmtree(pg.base, ignore_errors=True)
        shutil.rmtree(tmp, ignore_errors=True)
    version = subprocess.run([str(pg.bin_dir / "postgres"), "--version"], capture_output=True, text=True).stdout.strip()
    lines = [
        "# Chain benchmark (benchmarks/chain.py)",
        "",
        f"{platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} cores, {version} "
        "(fsync on) over TCP on 127.0.0.1 through the test proxy; stations are SQLite (WAL, synchronous=FULL). "
        f"Medians of {args.repeat} runs (min-max).",
        "",
        "| measure | median | min | max | target |",
        "|---|---|---|---|---|",
    ]

    def row(label: str, values: list[float], unit: str, target: str = "", digits: int = 2) -> None:
        lines.append(f"| {label} | {med(values):,.{digits}f} {unit} | {min(values):,.{digits}f} | "
                     f"{max(values):,.{digits}f} | {target} |")

    row(f"{args.events:,} queued events, one `stampcard sync` process", push["push_cli"], "s",
        f"<= {PUSH_TARGET_S:.0f} s")
    row(f"{args.events:,} queued events, `sync_once` in-process", push["push_inproc"], "s")
    row(f"3 stations x {args.per_station:,} offline events agree after the hub returns", agree, "s",
        f"<= {AGREE_TARGET_S:.0f} s")
    row("hub ingest, one station pushing", push["ingest_one"], "events/s", digits=0)
    row("hub ingest, three stations pushing at once", ingest3, "events/s", digits=0)
    row("station applying pulled events", push["apply"], "events/s", digits=0)
    row("idle sync (nothing to send or fetch)", [x * 1000 for x in idle], "ms")
    lines.append(f"| idle syncs answered, 8 station processes at once (client-bound here) | {idle_rate:,.0f} /s "
                 "| | | |")
    lines.append(f"| hub CPU per idle sync (its statements 3,000 times on one backend) | {idle_hub_ms:.3f} ms | | | |")
    row("hub bytes per event (table + indexes)", push["hub_bytes"], "B", digits=0)
    row("station bytes per pulled event (events + visits + indexes)", push["station_bytes"], "B", digits=0)
    lines += ["", scale_table(med(ingest3), med(push["apply"]), idle_hub_ms, med(push["hub_bytes"]),
                              med(push["station_bytes"])), ""]
    report = "\n".join(lines)
    print(report)
    RESULTS.write_text(report + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
