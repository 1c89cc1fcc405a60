"""What the hub's guard costs a push: station roles, the origin trigger and the rules check (db/hub_roles.py).

On a durable throwaway PostgreSQL (``benchmarks/chain.py``'s server: fsync, full-page
writes, synchronous commit on) reached over TCP through the test proxy, a station that
created the chain (so it pushes as its own role) queues ``--events`` stamps and pushes
them in process (``sync.push``), once on a hub with the guard (as ``chain create`` makes
it) and once on the same kind of hub with the two triggers dropped. Medians of
``--repeat`` runs, alternating.

    python benchmarks/hub_guard.py [--repeat 3] [--events 10000]

Prints Markdown and writes it to ``benchmarks/RESULTS-hub_guard.md``.
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import text

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import chain as bench  # noqa: E402  (benchmarks/chain.py: its durable server, stations, bulk stamps)
from db import sync  # noqa: E402
from tests.chain.proxy import Proxy  # noqa: E402

RESULTS = HERE / "RESULTS-hub_guard.md"


def push_rate(pg: bench.DurableServer, proxy: Proxy, tmp: Path, name: str, events: int, guarded: bool, seed: int) -> float:
    """Events/s of one in-process push of ``events`` stamps from a station on its own role."""
    pg.create_database(name)
    admin_url = proxy.url(name)
    station, numbers = bench.new_station(tmp / f"{name}.db", admin_url, "A", cards=1000)
    if not guarded:
        admin = sync.hub_engine(admin_url)
        with admin.begin() as connection:
            connection.execute(text("DROP TRIGGER hub_event_guard ON hub_events"))
            connection.execute(text("DROP TRIGGER hub_record_guard ON hub_records"))
        admin.dispose()
    bench.queue_stamps(station, numbers, events, "A", random.Random(seed))
    with station.sessions.begin() as session:
        own = sync.require_state(session).hub_url
    hub = sync.hub_engine(own)
    start = time.perf_counter()
    pushed = sync.push(station, hub)
    elapsed = time.perf_counter() - start
    hub.dispose()
    station.close()
    assert pushed == events, pushed
    return pushed / elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--events", type=int, default=10_000)
    args = parser.parse_args(argv)
    pg = bench.server()
    proxy = Proxy(pg.socket_dir / ".s.PGSQL.5432")
    proxy.open()
    rates: dict[bool, list[float]] = {True: [], False: []}
    try:
        with tempfile.TemporaryDirectory(prefix="sc-bench-guard-") as folder:
            for r in range(args.repeat):
                for guarded in (True, False):
                    rates[guarded].append(push_rate(pg, proxy, Path(folder), f"guard_{int(guarded)}_{r}",
                                                    args.events, guarded, r))
    finally:
        proxy.drop()
        pg.stop()
    with_guard, without = statistics.median(rates[True]), statistics.median(rates[False])
    lines = [
        "# The hub's guard: what it costs a push",
        "",
        f"`python benchmarks/hub_guard.py --repeat {args.repeat} --events {args.events}` on {platform.node()} "
        f"({platform.processor() or platform.machine()}), PostgreSQL with fsync on, over TCP through the test "
        "proxy; a station pushing as its own role, in process (`sync.push`); medians, alternating runs.",
        "",
        "| hub | events/s, median (min–max) |",
        "|---|---:|",
        f"| with the guard (origin from the role, the rules check, the shop's cap) | {with_guard:,.0f} "
        f"({min(rates[True]):,.0f}–{max(rates[True]):,.0f}) |",
        f"| the same hub with the two triggers dropped | {without:,.0f} "
        f"({min(rates[False]):,.0f}–{max(rates[False]):,.0f}) |",
        f"| the guard's cost | {100 * (1 - with_guard / without):.0f} % of the push rate |",
        "",
    ]
    report = "\n".join(lines)
    print(report)
    RESULTS.write_text(report + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
