"""Export benchmark: ``stampcard export visits`` of 1,000,000 visits, as CSV and as .xlsx.

Seeds a SQLite database (WAL, as the kiosk runs it) with 100,000 cards and
1,000,000 visits by bulk inserts, then runs ``db.export.export`` in a fresh
child process per run and measures its wall time and its peak resident memory
(``ru_maxrss`` of the child: the interpreter and its imports included).

Targets (issue 10): 1,000,000 visits in <= 10 s with <= 150 MB peak.

    python benchmarks/export.py [--visits N] [--runs N] [--keep DIR] [--formats csv,xlsx]

Prints a Markdown table and writes it to ``benchmarks/RESULTS-export.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cards import codes, rules
from db import engine, ops

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "RESULTS-export.md"
CARDS = 100_000
START = dt.datetime(2025, 11, 23, 7, 0, tzinfo=dt.timezone.utc)
TARGET_S, TARGET_MB = 10.0, 150.0

CHILD = """
import json, resource, sys, time
from pathlib import Path
start = time.perf_counter()
from db import engine, export
database = engine.open_database(sys.argv[1])
result = export.export(database, "visits", Path(sys.argv[2]))
seconds = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"rows": result.rows, "seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime,
                  "peak_mb": usage.ru_maxrss / 1024}))
"""


def _text(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")


def seed(database: engine.Database, visits: int, rng: random.Random) -> None:
    """A shop in Prague with CARDS cards and ``visits`` visits spread over a year."""
    with database.sessions.begin() as session:
        ops.init_shop(session, name="Kavárna Na Náměstí", program=rules.Program(10, 2, "Káva zdarma"),
                      owner_pin="2468", language="cs")
        batch = ops.create_batch(session, count=1, now=START)
    raw = database.engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("BEGIN IMMEDIATE")
        cursor.execute("UPDATE shop SET timezone = 'Europe/Prague'")
        numbers: set[str] = set()
        while len(numbers) < CARDS:
            numbers.add(codes.new_number())
        cursor.executemany("INSERT INTO cards (id, number, batch_id, status, stamps, rewards_redeemed, visits, "
                           "created_at) VALUES (?, ?, ?, 'active', 0, 0, 0, ?)",
                           [(i + 10, n, batch.id, _text(START)) for i, n in enumerate(sorted(numbers))])
        span = 365 * 86400.0
        moments = sorted(rng.random() * span for _ in range(visits))
        cursor.executemany("INSERT INTO visits (id, card_id, at, station, staff, stamps_added) "
                           "VALUES (?, ?, ?, 'kasa-1', '', ?)",
                           [(i + 1, rng.randrange(CARDS) + 10, _text(START + dt.timedelta(seconds=s)),
                             rng.choice((1, 1, 1, 2, 3))) for i, s in enumerate(moments)])
        cursor.execute("COMMIT")
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # as a kiosk's file is: not one 150 MB WAL
        cursor.close()
    finally:
        raw.close()


def run_child(url: str, out: Path) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", CHILD, url, str(out)], capture_output=True, text=True,
                          env=env, check=True, cwd=ROOT)
    data: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    data["bytes"] = out.stat().st_size
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--visits", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--formats", default="csv,xlsx")
    parser.add_argument("--keep", type=Path, default=None, help="keep the database and files here")
    args = parser.parse_args(argv)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="stampcard-export-"))
    folder.mkdir(parents=True, exist_ok=True)
    db_path = folder / "export-bench.db"
    url = engine.sqlite_url(db_path)
    if not db_path.exists():
        started = time.perf_counter()
        database = engine.open_database(url)
        seed(database, args.visits, random.Random(10))
        database.close()
        print(f"seeded {args.visits:,} visits in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    lines = [f"# Export benchmark ({args.visits:,} visits, {platform.python_version()}, "
             f"{os.cpu_count()} cores, {dt.date.today().isoformat()})", "",
             f"Each run is a fresh process (imports included); medians of {args.runs}. "
             "CPU time (user + system) is the cost when other work shares the 2 cores.", "",
             "| format | rows | wall time, median (runs) | CPU time, median | peak memory, median | file | target |",
             "|---|---:|---:|---:|---:|---:|---|"]
    for fmt in args.formats.split(","):
        results = [run_child(url, folder / f"visits.{fmt}") for _ in range(args.runs)]
        seconds = [r["seconds"] for r in results]
        peaks = [r["peak_mb"] for r in results]
        cpu = [r["cpu"] for r in results]
        line = (f"| {fmt} | {int(results[0]['rows']):,} | {statistics.median(seconds):.2f} s "
                f"({', '.join(f'{s:.2f}' for s in seconds)}) | {statistics.median(cpu):.2f} s | "
                f"{statistics.median(peaks):.0f} MB | "
                f"{results[0]['bytes'] / 1e6:.1f} MB | <= {TARGET_S:.0f} s, <= {TARGET_MB:.0f} MB |")
        lines.append(line)
        print(line, file=sys.stderr)
    text = "\n".join(lines) + "\n"
    print(text)
    RESULTS.write_text(text, encoding="utf-8")
    if args.keep is None:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
