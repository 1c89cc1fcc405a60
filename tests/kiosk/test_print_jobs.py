"""Receipts print off the GUI thread: a printer that does not read never stops the counter.

The printers here are real: a TCP "network printer" on localhost that accepts the
connection and never reads (its receive buffer is made tiny, so what the kiosk
sends fills it), and a device file that nobody reads (a FIFO: opening it for
writing waits until a reader comes, as a USB printer's device file waits on a
printer that is not there). While the receipt waits on them, the cashier scans
another card and stamps it through the real widgets.
"""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from db import engine, ops
from kiosk.app.status import Part
from kiosk import config
from tests.kiosk.conftest import card_state, make_services, make_window, scan_keys

pytestmark = pytest.mark.gui


class DeafPrinter:
    """A network printer that takes the connection and never reads a byte."""

    def __init__(self) -> None:
        self.server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.server.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1024)  # inherited by the connection
        self.server.setsockopt(socket.IPPROTO_TCP, socket.TCP_MAXSEG, 88)  # small segments: small buffers
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(4)
        self.port = self.server.getsockname()[1]
        self.accepted = threading.Event()
        self.connections: list[socket.socket] = []
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        try:
            while True:
                conn, _ = self.server.accept()
                self.connections.append(conn)  # held open, never read
                self.accepted.set()
        except OSError:  # closed by the test
            return

    def close(self) -> None:
        for conn in self.connections:
            conn.close()
        self.server.close()


def click(qtbot: Any, button: Any) -> None:
    assert button.isVisible() and button.isEnabled(), button.objectName()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def counter(qtbot: Any, shop_db: engine.Database, data_dir: Path, printer: str) -> Any:
    services = make_services(shop_db, data_dir)
    services.devices = config.StationDevices(camera=None, printer=printer, receipt_width=80, sound=False)
    window = make_window(qtbot, services)
    window.status.set_state(Part.PRINTER, window.printer.state())
    return window


@pytest.fixture
def deaf_printer() -> Iterator[DeafPrinter]:
    printer = DeafPrinter()
    yield printer
    printer.close()


def stamp_first_card(qtbot: Any, window: Any, code: str) -> None:
    scan_keys(window, code)
    qtbot.waitUntil(lambda: window.current_screen() == "card_screen" and window.card.code == code, timeout=15_000)
    click(qtbot, window.card.stamp_button)


def test_a_printer_that_never_reads_leaves_the_counter_taking_scans_and_stamps(
        qtbot: Any, shop_db: engine.Database, batch: ops.BatchInfo, data_dir: Path, deaf_printer: DeafPrinter) -> None:
    window = counter(qtbot, shop_db, data_dir, f"127.0.0.1:{deaf_printer.port}")
    first, second = batch.codes[0], batch.codes[1]
    order: list[str] = []
    window.card.changed.connect(lambda result: order.append(f"stamp {result.card.number}"))
    window.print_jobs.finished.connect(lambda outcome: order.append(f"receipt {outcome.number}"))
    try:
        stamp_first_card(qtbot, window, first)
        number_a = card_state(shop_db, first).number
        click(qtbot, window.card.print_button)
        assert window.print_jobs.busy  # the click came back before the printer answered
        assert "printed" not in window.card.notice.text().lower()
        click(qtbot, window.card.print_button)  # nothing comes out: the cashier presses again, and again
        click(qtbot, window.card.print_button)

        # The next customer, while the receipts still wait on the printer.
        scan_keys(window, second, start_ms=60_000)
        qtbot.waitUntil(lambda: window.card.code == second, timeout=15_000)
        click(qtbot, window.card.stamp_button)
        assert card_state(shop_db, second).stamps == 3 and window.card.slots.filled == 3
        number_b = card_state(shop_db, second).number
        assert window.print_jobs.busy  # the printer still holds the receipts
        assert f"stamp {number_b}" in order

        assert deaf_printer.accepted.wait(10)  # the printer did get the connections
        qtbot.waitUntil(lambda: not window.print_jobs.busy, timeout=30_000)
        assert order[0] == f"stamp {number_a}" and order[-1] == f"receipt {number_a}"
        assert order.count(f"receipt {number_a}") == 3 and order.index(f"stamp {number_b}") < len(order) - 1
        assert threading.get_ident() not in window.print_jobs.delivery_threads  # never on the GUI thread
        assert window.card.code == second and "receipt" not in window.card.notice.text().lower()  # not B's
    finally:
        window.shutdown()


def test_a_printer_device_nobody_reads_holds_only_the_receipt(
        qtbot: Any, shop_db: engine.Database, batch: ops.BatchInfo, data_dir: Path, tmp_path: Path) -> None:
    device = tmp_path / "lp0"
    os.mkfifo(device)
    window = counter(qtbot, shop_db, data_dir, str(device))
    first, second = batch.codes[0], batch.codes[1]
    try:
        stamp_first_card(qtbot, window, first)
        click(qtbot, window.card.print_button)
        for n, code in enumerate((second, first, second)):  # customers come and go; the receipt still waits
            scan_keys(window, code, start_ms=60_000 + n * 10_000)
            qtbot.waitUntil(lambda c=code: window.card.code == c, timeout=15_000)
            qtbot.wait(50)
            assert window.print_jobs.busy
        click(qtbot, window.card.stamp_button)
        assert card_state(shop_db, second).stamps == 3
        assert window.card.slots.filled == 3 and window.print_jobs.busy

        # The printer comes back: the receipt is printed, and the card on screen says nothing of it.
        reader = os.open(device, os.O_RDONLY | os.O_NONBLOCK)  # never blocks the test, whatever the job did
        try:
            qtbot.waitUntil(lambda: not window.print_jobs.busy, timeout=10_000)
            received = os.read(reader, 1 << 20)
        finally:
            os.close(reader)
        assert received.startswith(b"\x1b@")  # ESC @: an ESC/POS receipt
        assert window.status.states[Part.PRINTER] == "ok"
        assert threading.get_ident() not in window.print_jobs.delivery_threads
    finally:
        window.shutdown()


def test_a_failed_receipt_is_said_on_its_card_and_in_the_strip(
        qtbot: Any, shop_db: engine.Database, batch: ops.BatchInfo, data_dir: Path) -> None:
    with socket.socket() as switched_off:  # a port nobody listens on: the connection is refused
        switched_off.bind(("127.0.0.1", 0))
        port = switched_off.getsockname()[1]
    window = counter(qtbot, shop_db, data_dir, f"127.0.0.1:{port}")
    try:
        stamp_first_card(qtbot, window, batch.codes[0])
        click(qtbot, window.card.print_button)
        qtbot.waitUntil(lambda: not window.print_jobs.busy, timeout=10_000)
        assert "not printed" in window.card.notice.text()
        assert window.status.states[Part.PRINTER] == "error"
        assert card_state(shop_db, batch.codes[0]).stamps == 3  # the stamp stays
    finally:
        window.shutdown()
