"""Healing benchmark (db/sync/heal.py): what each sync's check costs, and how long healing takes.

Uses ``benchmarks/chain.py``'s durable throwaway PostgreSQL and its TCP proxy on 127.0.0.1.
Measures:

* idle: a sync with nothing to do, in process (median of 50), and the share of it that is
  ``heal.check`` (the hub's epoch and newest event, this install's id and place);
* heal after a hub restore: a station holds ``--events`` events the hub had; the hub then loses
  ``--lost`` of them and its epoch changes (as ``pg_restore`` into a fresh database gives); the
  time of the one sync that finds it, compares every event id in chunks and sends the lost ones
  again, and the same with the restore made by real ``pg_dump`` / ``pg_restore`` (``--dump``);
* a station restored from its own backup: the sync that fetches back ``--lost`` of its own events.

    python benchmarks/chain_heal.py [--events 20000] [--lost 10000]

Prints Markdown and writes it to ``benchmarks/RESULTS-chain_heal.md``.
"""

from __future__ import annotations

import argparse
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import delete, func, select, text

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import chain as bench  # noqa: E402  (benchmarks/chain.py: its durable server, stations, bulk stamps)
from db import backup, engine, sync  # noqa: E402
from db.hub import HubEvent  # noqa: E402
from db.sync import heal  # noqa: E402
from tests.chain.proxy import Proxy  # noqa: E402

RESULTS = HERE / "RESULTS-chain_heal.md"


def idle(station: engine.Database, hub: str) -> tuple[float, float]:
    """Median ms of an idle sync, and of its ``heal.check`` alone."""
    hub_engine = sync.hub_engine(hub)
    try:
        whole, check = [], []
        for _ in range(50):
            start = time.perf_counter()
            sync.sync_once(station, hub_engine)
            whole.append(time.perf_counter() - start)
            start = time.perf_counter()
            heal.check(station, hub_engine, now=bench.NOW)
            check.append(time.perf_counter() - start)
    finally:
        hub_engine.dispose()
    return statistics.median(whole) * 1000, statistics.median(check) * 1000


def timed_sync(station: engine.Database, hub: str) -> tuple[float, sync.SyncResult]:
    start = time.perf_counter()
    result = sync.sync_once(station)
    return time.perf_counter() - start, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--lost", type=int, default=10_000)
    args = parser.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="sc-bench-heal-"))
    pg = bench.server()
    proxy = Proxy(pg.socket_dir / ".s.PGSQL.5432")
    proxy.open()
    rng = random.Random(7)
    lines = [f"# Healing benchmark ({platform.python_implementation()} {platform.python_version()}, "
             f"{args.events:,} events, {args.lost:,} lost)", "",
             "| measure | value |", "|---|---|"]
    try:
        pg.create_database("heal")
        hub = proxy.url("heal")
        station, numbers = bench.new_station(tmp / "A.db", hub, "A", cards=500)
        bench.queue_stamps(station, numbers, args.events, "A", rng)
        sync.sync_once(station)
        whole, check = idle(station, hub)
        lines.append(f"| idle sync, in process | {whole:.2f} ms |")
        lines.append(f"| of which the heal check | {check:.2f} ms |")

        hub_engine = sync.hub_engine(hub)
        with hub_engine.begin() as connection:  # the hub loses its newest events and is another hub
            newest = int(connection.scalar(select(func.max(HubEvent.seq))) or 0)
            connection.execute(delete(HubEvent).where(HubEvent.seq > newest - args.lost))
            connection.execute(text("UPDATE hub_meta SET value = 'restored' WHERE key = 'epoch'"))
        hub_engine.dispose()
        seconds, result = timed_sync(station, hub)
        lines.append(f"| heal: the hub lost {args.lost:,} of {args.events:,} events (one sync finds it, compares "
                     f"every id, sends them again) | {seconds:.2f} s ({result.pushed:,} sent) |")

        dump = pg.base / "heal.dump"
        done = pg._run(str(pg.bin_dir / "pg_dump"), "-h", str(pg.socket_dir), "-U", "postgres", "-Fc", "-f",
                       str(dump), "heal")
        assert done.returncode == 0, done.stderr
        bench.queue_stamps(station, numbers, args.lost, "A", rng)
        sync.sync_once(station)
        pg.admin('DROP DATABASE "heal" WITH (FORCE)')
        pg.create_database("heal")
        start = time.perf_counter()
        done = pg._run(str(pg.bin_dir / "pg_restore"), "-h", str(pg.socket_dir), "-U", "postgres", "-d", "heal",
                       str(dump), timeout=600)
        restore_s = time.perf_counter() - start
        assert done.returncode == 0, done.stderr
        seconds, result = timed_sync(station, hub)
        lines.append(f"| pg_restore of the older dump into a fresh database | {restore_s:.2f} s |")
        lines.append(f"| heal after that restore ({args.lost:,} events newer than the dump) | {seconds:.2f} s "
                     f"({result.pushed:,} sent) |")

        path = station.sqlite_path
        assert path is not None
        saved = backup.backup_out(path, tmp / "A-saved.db")
        bench.queue_stamps(station, numbers, args.lost, "A", rng)
        sync.sync_once(station)
        station.close()
        backup.restore(path, saved, keep_dir=tmp / "kept")
        station = engine.open_database(engine.sqlite_url(path))
        seconds, result = timed_sync(station, hub)
        lines.append(f"| a station restored from its backup gets back {args.lost:,} of its own events | "
                     f"{seconds:.2f} s ({result.pulled:,} fetched) |")
        station.close()
    finally:
        proxy.drop()
        pg.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    report = "\n".join(lines)
    print(report)
    RESULTS.write_text(report + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
