"""Messages and economics benchmark: ``message preview`` (``messages.run.plan``) and ``report economics``
(``db.economics.economics``) as the ledger grows.

Seeds a SQLite database with the ledger benchmark's seeder (one year of visits up to now),
gives one card in ten a customer who agreed to e-mail, then times:

* plan: who is due which message now (reads every consenting customer's visits and rewards);
* economics: the whole-history figures of ``report economics``.

    python benchmarks/bring_back.py [--sizes 100k,1M] [--runs 3]

Prints a Markdown table and writes it to ``benchmarks/RESULTS-bring_back.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import ledger as ledger_bench  # noqa: E402  (benchmarks/ledger.py: the seeder)

from cards import rules  # noqa: E402
from db import economics, engine, messaging, ops  # noqa: E402
from messages import run  # noqa: E402

RESULTS = HERE / "RESULTS-bring_back.md"
SIZES = {"100k": (20_000, 100_000), "1M": (100_000, 1_000_000)}
CONSENTING = 0.1  # one card in ten has a customer who agreed to e-mail


def seed(path: Path, cards: int, events: int, rng: random.Random) -> engine.Database:
    database = engine.open_database(engine.sqlite_url(path), create=True)
    with database.sessions.begin() as session:
        ops.init_shop(session, name="Bench", program=rules.Program(10, ledger_bench.HEAD_START, "Coffee"),
                      owner_pin="2468")
    seeder = ledger_bench.Seeder(database, rng)
    seeder.add_cards(cards)
    seeder.add_visits(events)
    chosen = rng.sample(seeder.card_ids, int(cards * CONSENTING))
    at = ledger_bench._stamp_text(ledger_bench.START)
    people = [(i + 1, f"customer{i}@example.cz", at,
               f"19{rng.randint(50, 99)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}") for i in range(len(chosen))]
    seeder._executemany("INSERT INTO customers (id, name, phone, email, birthday, created_at, consent_at) "
                        "VALUES (?, '', '', ?, ?, ?, ?)", [(i, e, b, a, a) for i, e, a, b in people])
    seeder._executemany("UPDATE cards SET customer_id = ? WHERE id = ?", [(i + 1, c) for i, c in enumerate(chosen)])
    seeder._executemany("INSERT INTO consents (customer_id, channel, source, given_at, confirmed_at) "
                        "VALUES (?, 'email', 'import', ?, ?)", [(i, a, a) for i, _, a, _ in people])
    return database


def timed(runs: int, call: object) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        call()  # type: ignore[operator]
        out.append((time.perf_counter() - start) * 1000)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100k,1M")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    rng = random.Random(19)
    lines = ["| ledger | cards | consenting | due now | plan (median ms) | economics (median ms) |",
             "|---|---:|---:|---:|---:|---:|"]
    now = dt.datetime.now(dt.timezone.utc)
    with tempfile.TemporaryDirectory() as folder:
        for label in args.sizes.split(","):
            cards, events = SIZES[label]
            database = seed(Path(folder) / f"{label}.db", cards, events, rng)
            store = messaging.Store(database)
            due = len(run.plan(store, now=now))
            plan_ms = timed(args.runs, lambda: run.plan(store, now=now))

            def figures() -> None:
                with database.sessions.begin() as session:
                    economics.economics(session, now=now)

            econ_ms = timed(args.runs, figures)
            lines.append(f"| {label} events | {cards:,} | {int(cards * CONSENTING):,} | {due:,} | "
                         f"{statistics.median(plan_ms):.0f} | {statistics.median(econ_ms):.0f} |")
            print(lines[-1], flush=True)
            database.close()
    text = "\n".join([f"# messages and economics ({platform.python_version()}, {platform.machine()}, "
                      f"{dt.date.today().isoformat()})", "",
                      "`python benchmarks/bring_back.py`: one card in ten has a customer who agreed to e-mail; "
                      "one year of visits up to now.", "", *lines, ""])
    RESULTS.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
