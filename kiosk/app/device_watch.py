"""Watch the receipt printer and the scanner while the kiosk runs; tell the status strip when they change.

Every ``interval_ms`` (and once, ``first_ms`` after start, so the kiosk's start
pays nothing) a check runs off the GUI thread through
``kiosk.app.tasks.TaskRunner``: ``kiosk.devices.printer_state`` for this
station's printer and ``kiosk.devices.scanners`` for a code scanner. A change is
emitted once and logged once (never per check), so a printer that is switched
off shows in the strip, and shows as ready again when it is back, without a restart.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk import devices
from kiosk.app.services import Services

log = logging.getLogger(__name__)


def check(printer: str) -> tuple[str, bool]:
    """One check (any thread): the printer's state and whether a code scanner is plugged in."""
    return devices.printer_state(printer), any(s.likely_scanner for s in devices.scanners())


class DeviceWatch(QObject):
    """Emits ``printer_changed(state)`` (``ok``/``error``/``file``) and ``scanner_changed(state)``
    (``ok``, or ``lost`` once a scanner that was there is gone)."""

    printer_changed = Signal(str)
    scanner_changed = Signal(str)

    def __init__(self, services: Services, parent: QObject | None = None, *, interval_ms: int = 30_000,
                 first_ms: int = 4_000, threaded: bool = True) -> None:
        super().__init__(parent)
        from kiosk.app import tasks

        self.services = services
        self.runner = tasks.TaskRunner(self, threaded=threaded)
        self.first_ms = first_ms
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check_now)
        self.running = False
        self.printer = ""
        self.scanner = "none"

    def start(self) -> None:
        self.timer.start()
        QTimer.singleShot(self.first_ms, self.check_now)

    def stop(self) -> None:
        self.timer.stop()
        self.runner.cancel_all()

    def check_now(self) -> None:
        """Start one check off the GUI thread (skipped while one runs)."""
        if self.running or not self.timer.isActive():
            return
        self.running = True
        name = self.services.devices.printer
        self.runner.run(lambda progress: (name, *check(name)), self.on_done, self.on_error)

    def on_done(self, result: tuple[str, str, bool]) -> None:
        self.running = False
        name, printer, scanner_there = result
        if printer != self.printer:
            if printer == "error":
                log.warning("printer %s is not answering", name)
            elif self.printer == "error":
                log.info("printer %s is back", name)
            self.printer = printer
            self.printer_changed.emit(printer)
        scanner = "ok" if scanner_there else ("lost" if self.scanner != "none" else "none")
        if scanner != self.scanner:
            log.info("code scanner %s", "plugged in" if scanner == "ok" else "unplugged")
            self.scanner = scanner
            self.scanner_changed.emit(scanner)

    def on_error(self, exc: BaseException) -> None:
        self.running = False
        log.debug("device check failed: %s", exc)
