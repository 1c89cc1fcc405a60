"""Complaint inbox benchmark: how long the owner's inbox takes to open as complaints pile up.

Seeds a SQLite database with 1,000, 10,000 and 100,000 complaints (a third resolved,
every fifth with a card) and measures, offscreen at 1280x800:

* open: the owner taps "All" on the complaints page until the list is painted
  (``ComplaintsPage.refresh`` + a repaint: the first page's query, the model, the view)
* scroll: one more page fetched as the list scrolls to its end (``fetchMore``)
* ``ops.list_complaints`` of everything (what ``stampcard complaint list`` prints), and
  the number of SQL statements it takes

Target (issue #8): the inbox opens in <= 200 ms with 100,000 complaints; ``complaint
list`` is one query. Before (one button per complaint): 0.71 / 2.33 / 11.9 s for
1,000 / 2,000 / 4,000 complaints, and 502 statements for 1,000.

    QT_QPA_PLATFORM=offscreen python benchmarks/inbox.py [--runs N] [--no-write]

Prints a Markdown table and writes it to ``benchmarks/RESULTS-inbox.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the project's packages first

import sqlalchemy  # noqa: E402
from PySide6.QtCore import QModelIndex  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from sqlalchemy import event  # noqa: E402

from cards import rules  # noqa: E402
from db import engine, ops  # noqa: E402
from kiosk.app.owner import OwnerScreen, complaints_page  # noqa: E402
from kiosk.app.services import Services  # noqa: E402

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "RESULTS-inbox.md"
SIZES = (1_000, 10_000, 100_000)
TARGET_MS = 200.0
NOW = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def seed(database: engine.Database, total: int, card_id: int) -> None:
    """Add complaints until there are ``total`` (bulk ``executemany``)."""
    with database.engine.connect() as connection:
        have = int(connection.exec_driver_sql("SELECT count(*) FROM complaints").scalar() or 0)
    stamp = "%Y-%m-%d %H:%M:%S.%f"
    rows = [(f"C-{i:07d}", ("service", "product", "waiting_time", "cleanliness", "other")[i % 5],
             f"Complaint number {i}: the coffee was cold and the queue was long.",
             card_id if i % 5 == 0 else None, "resolved" if i % 3 == 0 else "open",
             (NOW - dt.timedelta(minutes=total - i)).strftime(stamp), NOW.strftime(stamp) if i % 3 == 0 else None)
            for i in range(have, total)]
    raw = database.engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("BEGIN IMMEDIATE")
        cursor.executemany("INSERT INTO complaints (reference, topic, text, contact, card_id, status, resolution, "
                           "station, created_at, resolved_at) VALUES (?, ?, ?, '', ?, ?, '', 'bench', ?, ?)", rows)
        cursor.execute("COMMIT")
        cursor.close()
    finally:
        raw.close()


def measure(page: complaints_page.ComplaintsPage, runs: int) -> tuple[list[float], list[float]]:
    """Milliseconds to open the inbox ("All", painted) and to fetch one more page while scrolling."""
    opens, scrolls = [], []
    for _ in range(runs + 1):  # the first round warms Qt up
        page.filter.set_current("open")
        t0 = time.perf_counter()
        page.filter.set_current("all")
        page.refresh()
        page.view.viewport().repaint()
        opens.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        if page.model.canFetchMore(QModelIndex()):
            page.model.fetchMore(QModelIndex())
            page.view.scrollToBottom()
            page.view.viewport().repaint()
        scrolls.append((time.perf_counter() - t0) * 1000)
    return opens[1:], scrolls[1:]


def list_all(database: engine.Database, runs: int) -> tuple[list[float], int, int]:
    """Milliseconds of ``ops.list_complaints`` of everything, its statement count and its length."""
    statements: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    times = []
    found = 0
    for i in range(runs):
        if i == runs - 1:
            event.listen(database.engine, "before_cursor_execute", count)
        t0 = time.perf_counter()
        with database.sessions.begin() as session:
            found = len(ops.list_complaints(session))
        times.append((time.perf_counter() - t0) * 1000)
    event.remove(database.engine, "before_cursor_execute", count)
    return times, len([s for s in statements if not s.startswith("BEGIN")]), found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--no-write", action="store_true", help="do not write RESULTS-inbox.md")
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    folder = Path(tempfile.mkdtemp(prefix="stampcard-inbox-"))
    database = engine.open_database(engine.sqlite_url(folder / "inbox.db"))
    rows = []
    try:
        with database.sessions.begin() as session:
            ops.init_shop(session, name="Bench", program=rules.Program(10, 2, "Coffee"), owner_pin="2468")
            ops.create_batch(session, count=1, now=dt.datetime.now(dt.timezone.utc))
        with database.engine.connect() as connection:
            card_id = int(connection.exec_driver_sql("SELECT id FROM cards").scalar() or 0)
        services = Services(database, station="bench", data_dir=folder / "data")
        screen = OwnerScreen(services, staff="owner")
        screen.resize(1280, 800)
        screen.show()
        page = screen.pages["complaints"]
        assert isinstance(page, complaints_page.ComplaintsPage)
        screen.show_tab("complaints")
        app.processEvents()
        for size in SIZES:
            seed(database, size, card_id)
            opens, scrolls = measure(page, args.runs)
            listing, statements, found = list_all(database, 3)
            assert found == size
            rows.append((size, opens, scrolls, listing, statements))
            print(f"{size:,} complaints: open {statistics.median(opens):.1f} ms, next page "
                  f"{statistics.median(scrolls):.1f} ms, list all {statistics.median(listing):.0f} ms "
                  f"in {statements} statement(s)", flush=True)
        screen.close()
    finally:
        database.close()
        shutil.rmtree(folder, ignore_errors=True)
    lines = [
        "# Complaint inbox benchmark",
        "",
        f"`python benchmarks/inbox.py` on {platform.machine()} / {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, SQLite {__import__('sqlite3').sqlite_version}, SQLAlchemy "
        f"{sqlalchemy.__version__}; offscreen at 1280x800; medians of {args.runs} runs; load average at the "
        f"end {os.getloadavg()[0]:.1f}.",
        "",
        "| complaints | open the inbox (\"All\", painted) | next page while scrolling | "
        "`ops.list_complaints` of all | statements |",
        "|---:|---:|---:|---:|---:|",
    ]
    for size, opens, scrolls, listing, statements in rows:
        lines.append(f"| {size:,} | {statistics.median(opens):.1f} ms | {statistics.median(scrolls):.1f} ms | "
                     f"{statistics.median(listing):.0f} ms | {statements} |")
    worst = statistics.median(rows[-1][1])
    lines += ["", f"Target: open <= {TARGET_MS:g} ms with 100,000 complaints: {worst:.1f} ms, "
              f"{'met' if worst <= TARGET_MS else 'NOT met'}. Before (one button per complaint): 0.71 / 2.33 / "
              "11.9 s for 1,000 / 2,000 / 4,000 complaints, and `complaint list` took 502 statements for 1,000.",
              "",
              "The list is a `QListView` over `ComplaintsModel`, which loads 100 complaints a query "
              "(`canFetchMore`/`fetchMore`, keyset by `(status, id)` on the `(status, id)` index), and the view "
              "paints only the rows in sight. `ops.list_complaints` joins the card number (one query, "
              "was one `session.get` per complaint)."]
    table = "\n".join(lines) + "\n"
    print(table)
    if not args.no_write:
        RESULTS.write_text(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
