"""What the shop's signing keys cost (cards/keys.py, db/ops/keys.py, db/sync/keys.py).

Measures, medians of ``--runs``:

* a card lookup (``ops.card_view``) of a card printed before a rotation and of one printed after,
  with 1 and with 6 keys: the batch's key comes with the card in the one statement, so neither
  the number of keys nor the age of the card should show;
* a code refused for its retired key (a mint with the old secret): the path that reads every key;
* at a chain station, an idle sync in process with and without the keys step (``keys.take``:
  one ``hub_meta`` read on the hub, the station's few keys read here, nothing written), and
  ``keys.take`` alone.

    python benchmarks/signing_keys.py [--runs 200]

Uses ``benchmarks/chain.py``'s durable throwaway PostgreSQL and its TCP proxy on 127.0.0.1.
Prints Markdown and writes it to ``benchmarks/RESULTS-signing_keys.md``.
"""

from __future__ import annotations

import argparse
import platform
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import chain as bench  # noqa: E402  (benchmarks/chain.py: its durable server and stations)
from cards import codes  # noqa: E402
from cards.refusals import Refused  # noqa: E402
from db import engine, ops, sync  # noqa: E402
from db.sync import keys as chain_keys  # noqa: E402
from tests.chain.proxy import Proxy  # noqa: E402

RESULTS = HERE / "RESULTS-signing_keys.md"


def median_ms(work: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def lookup(database: engine.Database, code: str) -> Callable[[], object]:
    def work() -> object:
        with database.sessions.begin() as session:
            return ops.card_view(session, code)
    return work


def refused(database: engine.Database, code: str) -> Callable[[], object]:
    def work() -> object:
        try:
            with database.sessions.begin() as session:
                return ops.card_view(session, code)
        except Refused as exc:
            return exc
    return work


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="sc-bench-keys-"))
    lines = [f"# Signing keys ({platform.python_implementation()} {platform.python_version()}, medians of "
             f"{args.runs})", "", "| measure | ms |", "|---|---:|"]
    pg = bench.server()
    proxy = Proxy(pg.socket_dir / ".s.PGSQL.5432")
    proxy.open()
    try:
        shop, _numbers = bench.new_station(tmp / "shop.db", None, "A", cards=1000)
        with shop.sessions.begin() as session:
            first = ops.batch_cards(session, 1).codes[0]
            key1 = ops.keyring(session).current.secret
        lines.append(f"| lookup, 1 key | {median_ms(lookup(shop, first), args.runs):.3f} |")
        for _ in range(5):
            with shop.sessions.begin() as session:
                ops.rotate_key(session, now=bench.NOW)
        with shop.sessions.begin() as session:
            fresh = ops.create_batch(session, count=1000, now=bench.NOW, station="A").codes[0]
        lines.append(f"| lookup, 6 keys, a card printed under key 1 | {median_ms(lookup(shop, first), args.runs):.3f} |")
        lines.append(f"| lookup, 6 keys, a card printed under key 6 | {median_ms(lookup(shop, fresh), args.runs):.3f} |")
        minted = codes.make_payload(codes.new_number(), key1)
        lines.append(f"| refused: a new number signed with retired key 1 (reads every key) | "
                     f"{median_ms(refused(shop, minted), args.runs):.3f} |")
        shop.close()

        pg.create_database("keys")
        hub = proxy.url("keys")
        station, _ = bench.new_station(tmp / "A.db", hub, "A", cards=100)
        hub_engine = sync.hub_engine(hub)
        try:
            sync.sync_once(station, hub_engine)
            with_keys = median_ms(lambda: sync.sync_once(station, hub_engine), args.runs // 4)
            take = median_ms(lambda: chain_keys.take(station, hub_engine), args.runs)
            real_take = chain_keys.take
            setattr(chain_keys, "take", lambda local, hub: False)  # the same sync without the step
            try:
                without = median_ms(lambda: sync.sync_once(station, hub_engine), args.runs // 4)
            finally:
                setattr(chain_keys, "take", real_take)
        finally:
            hub_engine.dispose()
            station.close()
        lines.append(f"| idle sync, in process, with the keys step | {with_keys:.2f} |")
        lines.append(f"| idle sync, in process, without it | {without:.2f} |")
        lines.append(f"| the keys step alone (`keys.take`, nothing changed) | {take:.2f} |")
    finally:
        proxy.drop()
        pg.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    lines += ["", "A shared 2-core machine: compare rows of one run, not runs."]
    text = "\n".join(lines) + "\n"
    print(text)
    RESULTS.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
