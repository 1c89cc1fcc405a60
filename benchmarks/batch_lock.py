"""How long a stamp at the counter waits while the owner issues a big batch.

A second process stamps one card every 200 ms (one transaction each, as the
kiosk does) while this process issues a batch through ``kiosk.workflows.issue_batch``,
the function the command line and the owner's print screen share. The batch's
rows are inserted in one short transaction and its PDF is rendered after the
commit, so a stamp waits at most for the insert, never for the PDF. Printed:
the longest and the median stamp (wait included), and how long the batch took.

    .venv/bin/python benchmarks/batch_lock.py [--count 20000] [--no-render] [--json]

``--no-render`` stops after the first rendered page (the insert and the start of
rendering are what a stamp can wait for). Figures are in the README ("Speed");
``tests/faults/test_batch_lock.py`` proves the order without timing it (one insert
transaction, no lock held while the PDF is rendered).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cards import rules  # noqa: E402
from db import engine, ops  # noqa: E402
from db.models import utcnow  # noqa: E402

INTERVAL_S = 0.2


def stamper(url: str, code: str) -> int:
    """Stamp ``code`` every 200 ms until stdin says ``stop``; print each stamp's seconds as JSON."""
    database = engine.open_database(url, migrate_schema=False, create=False)
    with database.sessions.begin() as session:  # warm: connect, set the pragmas, load the card once
        ops.card_view(session, code)
    stop = threading.Event()

    def wait_for_stop() -> None:
        sys.stdin.readline()
        stop.set()

    threading.Thread(target=wait_for_stop, daemon=True).start()
    print("ready", flush=True)
    waits: list[float] = []
    while not stop.is_set():
        started = time.perf_counter()
        with database.sessions.begin() as session:
            ops.stamp(session, code, force=True, now=utcnow(), station="counter")
        waits.append(time.perf_counter() - started)
        stop.wait(max(0.0, INTERVAL_S - (time.perf_counter() - started)))
    database.close()
    print(json.dumps(waits), flush=True)
    return 0


class _StopAfterFirstPage(Exception):
    pass


def measure(count: int, folder: Path, *, render: bool = True) -> dict[str, float | int]:
    """Issue a ``count``-card batch while another process stamps; the stamp waits and the batch's time."""
    from kiosk import workflows

    url = engine.sqlite_url(folder / "shop.db")
    database = engine.open_database(url)
    with database.sessions.begin() as session:
        ops.init_shop(session, name="Bench", program=rules.Program(10, 2, "Coffee"), owner_pin="2468")
        code = ops.create_batch(session, count=1, now=utcnow()).codes[0]
    worker = subprocess.Popen([sys.executable, __file__, "stamper", url, code], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True, cwd=ROOT,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert worker.stdin is not None and worker.stdout is not None
    assert worker.stdout.readline().strip() == "ready"
    time.sleep(1.0)  # stamps before the batch: the baseline

    def progress(done: int, total: int) -> None:
        if done and not render:
            raise _StopAfterFirstPage()

    started = time.perf_counter()
    try:
        workflows.issue_batch(database, count=count, prestamps=None, paper="a4", out=folder / "batch.pdf",
                              folder=folder, station="office", staff="owner", progress=progress)
    except workflows.NotWritten as exc:
        if not isinstance(exc.cause, _StopAfterFirstPage):
            raise
    took = time.perf_counter() - started
    time.sleep(0.6)
    worker.stdin.write("stop\n")
    worker.stdin.flush()
    waits = json.loads(worker.stdout.readline())
    worker.wait(timeout=30)
    with database.sessions.begin() as session:
        issued = ops.list_batches(session)[0].count
    database.close()
    return {"cards": issued, "batch_s": round(took, 2), "stamps": len(waits),
            "longest_stamp_s": round(max(waits), 3), "median_stamp_s": round(statistics.median(waits), 4)}


def main(argv: list[str]) -> int:
    if argv[:1] == ["stamper"]:
        return stamper(argv[1], argv[2])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20_000)
    parser.add_argument("--no-render", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        result = measure(args.count, Path(folder), render=not args.no_render)
    if args.json:
        print(json.dumps(result))
    else:
        print(f"{result['cards']:,}-card batch issued in {result['batch_s']} s "
              f"({'PDF rendered' if not args.no_render else 'first page only'}); {result['stamps']} stamps "
              f"meanwhile: longest {result['longest_stamp_s'] * 1000:.0f} ms, "
              f"median {result['median_stamp_s'] * 1000:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
