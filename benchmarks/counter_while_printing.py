"""The counter while a receipt prints on a printer that does not answer: how long the GUI thread stalls.

Run:  QT_QPA_PLATFORM=offscreen python benchmarks/counter_while_printing.py [--out benchmarks/RESULTS-counter_while_printing.md]

Two dead network printers on localhost: one that accepts the connection and never
reads ("deaf"), and one whose listen queue is full so the connection is never made
("off": what a switched-off printer on the LAN looks like, the 4 s connect timeout).
For each, the cashier presses Print receipt, and a 10 ms timer on the GUI thread
records the longest gap between its ticks until the receipt's outcome is known,
first the way the kiosk prints now (``window.print_receipt``: ``PrintJobs`` on the
task runner), then the old way for comparison (``Printer.receipt`` called on the
GUI thread). Target (issue 16.6): the counter never waits for a printer, i.e. the
longest stall stays below what a person notices (<= 100 ms), whatever the printer does.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from cards import rules  # noqa: E402
from db import engine, ops  # noqa: E402
from kiosk import config  # noqa: E402

TARGET_MS = 100.0  # below what a person notices as a freeze


class Printer:
    """A printer on localhost that is dead in one of two ways."""

    def __init__(self, kind: str) -> None:
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.held: list[socket.socket] = []
        if kind == "deaf":
            self.server.listen(8)
            threading.Thread(target=self._accept, daemon=True).start()
        else:  # the listen queue is full: new connections are never completed
            self.server.listen(0)
            for _ in range(4):
                filler = socket.socket()
                filler.setblocking(False)
                try:
                    filler.connect(("127.0.0.1", self.port))
                except BlockingIOError:
                    pass
                self.held.append(filler)
            time.sleep(0.2)

    def _accept(self) -> None:
        try:
            while True:
                conn, _ = self.server.accept()
                self.held.append(conn)
        except OSError:
            return

    def close(self) -> None:
        for conn in self.held:
            conn.close()
        self.server.close()


def longest_stall(app: QApplication, action: object, done: object, limit_s: float = 15.0) -> tuple[float, float]:
    """Run ``action()``, then tick a 10 ms timer until ``done()``; the longest gap between ticks (ms), and
    how long until done (s)."""
    gaps: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append((now - last[0]) * 1000)
        last[0] = now

    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(tick)
    timer.start()
    start = time.perf_counter()
    last[0] = start
    action()  # type: ignore[operator]
    while not done() and time.perf_counter() - start < limit_s:  # type: ignore[operator]
        app.processEvents()
        time.sleep(0.002)
    tick()
    timer.stop()
    return max(gaps), time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([])
    from kiosk.app.services import Services
    from kiosk.app.window import MainWindow

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        database = engine.open_database(engine.sqlite_url(Path(tmp) / "bench.db"))
        with database.sessions.begin() as session:
            ops.init_shop(session, name="Benchmark Café", program=rules.Program(10, 2, "Free coffee"),
                          owner_pin="2468", url="https://example.com/feedback")
            batch = ops.create_batch(session, count=4, now=dt.datetime.now(dt.timezone.utc))
        for n, kind in enumerate(("deaf", "off")):
            printer = Printer(kind)
            services = Services(database, station="bench", data_dir=Path(tmp) / "data")
            services.devices = config.StationDevices(camera=None, printer=f"127.0.0.1:{printer.port}",
                                                     receipt_width=80, sound=False)
            window = MainWindow(services, start_camera=False)
            window.backups.stop()
            window.resize(1280, 800)
            window.show()
            window.show_card(batch.codes[n])
            window.card.add_stamps(1)
            result = window.card.last_action
            assert result is not None
            settle = time.perf_counter() + 1.0  # the first paint of the card screen is not the printer's
            while time.perf_counter() < settle:
                app.processEvents()
                time.sleep(0.01)
            now_ms, now_s = longest_stall(app, window.card.print_button.click, lambda: not window.print_jobs.busy)
            outcome: list[str] = []

            def old_way() -> None:
                try:
                    window.printer.receipt(result)
                    outcome.append("printed")
                except Exception as exc:  # noqa: BLE001
                    outcome.append(type(exc).__name__)

            old_ms, old_s = longest_stall(app, old_way, lambda: bool(outcome))
            rows.append((kind, now_ms, now_s, old_ms, old_s))
            print(kind, outcome, f"{now_ms:.0f} ms / {now_s:.2f} s, old {old_ms:.0f} ms / {old_s:.2f} s", file=sys.stderr)
            window.shutdown()
            window.close()
            window.deleteLater()
            app.processEvents()
            printer.close()
        database.close()

    lines = [
        "# The counter while a receipt prints",
        "",
        f"`python benchmarks/counter_while_printing.py` on {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, QT_QPA_PLATFORM={os.environ['QT_QPA_PLATFORM']}, "
        f"{dt.date.today().isoformat()}.",
        "",
        "| printer | longest GUI stall now (print jobs) | receipt outcome after | longest GUI stall, old way "
        "(on the GUI thread) | target | met |",
        "|---|---|---|---|---|---|",
    ]
    for kind, now_ms, now_s, old_ms, old_s in rows:
        name = "accepts, never reads" if kind == "deaf" else "never accepts (switched off)"
        lines.append(f"| {name} | {now_ms:.0f} ms | {now_s:.2f} s | {old_ms:.0f} ms | <= {TARGET_MS:.0f} ms | "
                     f"{'yes' if now_ms <= TARGET_MS else 'no'} |")
    lines += ["", "The stall is the longest gap between the ticks of a 10 ms timer on the GUI thread from the "
              "press of Print receipt until the receipt's outcome is known (printed or failed)."]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.out is not None:
        args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
