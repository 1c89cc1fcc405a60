"""Receipts and complaint slips from the kiosk: plain data for ``printing``, then print or save, off the GUI thread.

The documents are built and delivered by ``printing.deliver``: a CUPS queue gets
the PDF, an ESC/POS printer (``host:port``, ``usb:VID:PID``, a device file) gets
ESC/POS bytes, and without a printer (none chosen on the owner's Devices page,
``STAMPCARD_PRINTER`` unset) the PDF is saved in ``<data_dir>/receipts/``. A printer failure raises
``printing.errors.PrinterError`` with one line; the stamp was already recorded.

Delivery can take seconds (a network printer that does not read, a USB printer
that is not there): :class:`PrintJobs` runs it on the task runner
(``kiosk.app.tasks``), one document after the other, and reports back on the GUI
thread, so the counter keeps taking scans and stamps meanwhile. What a document
says is read on the GUI thread when it is asked for (a quick database read), so a
receipt shows the card as it was when the cashier pressed Print.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThreadPool, Signal

from kiosk.app.status import Shown
from kiosk.app import tasks
from kiosk.app.services import Services

if TYPE_CHECKING:  # reportlab (under printing and kiosk.workflows) loads when something first prints
    from db import ops
    from printing import model


class Printer:
    """Where receipts go (printer or folder); every method returns the path or printer it used."""

    def __init__(self, services: Services) -> None:
        self.services = services

    @property
    def printer_name(self) -> str:
        """This station's receipt printer: resolved at start by ``kiosk.config``, changed on the Devices page."""
        return str(self.services.devices.printer)

    @property
    def width(self) -> int:
        """The receipt paper width in mm (80 or 58)."""
        return int(self.services.devices.receipt_width)

    def has_printer(self) -> bool:
        return bool(self.printer_name)

    def state(self) -> Shown:
        return Shown.OK if self.has_printer() else Shown.FILE

    def _shop(self) -> model.SheetShop:
        from kiosk import workflows

        return workflows.sheet_shop(self.services.shop())

    def receipt_data(self, result: ops.OpResult) -> model.ReceiptData:
        """A receipt for a card's last change (stamp, redeem, undo, transfer; a status receipt otherwise).

        Built by ``kiosk.workflows.receipt_for``, as ``stampcard receipt`` builds it.
        """
        from kiosk import workflows

        with self.services.session() as session:
            return workflows.receipt_for(session, result.card.number, station=self.services.station)

    def slip_data(self, complaint: ops.ComplaintView) -> model.ReceiptData:
        """A slip with the complaint's reference and the shop's complaint contacts."""
        from printing import model

        return model.ReceiptData(shop=self._shop(), when=self.services.local(), station=self.services.station,
                                 number=complaint.card, action=model.Action.COMPLAINT, stamps=0,
                                 stamps_required=0, tier="", reference=complaint.reference)

    def receipt(self, result: ops.OpResult) -> str:
        """Print (or save) a receipt now, in the caller's thread."""
        return self.deliver(self.receipt_data(result))

    def complaint_slip(self, complaint: ops.ComplaintView) -> str:
        """Print (or save) a complaint slip now, in the caller's thread."""
        return self.deliver(self.slip_data(complaint))

    def deliver(self, data: model.ReceiptData, *, printer: str | None = None, width: int | None = None) -> str:
        """Print ``data`` (on this station's printer unless ``printer`` names another; "" saves the PDF);
        the printer's name or the saved file's path. Blocking: call it through :class:`PrintJobs`."""
        from printing import deliver

        name = self.printer_name if printer is None else printer
        delivery = deliver.deliver_receipt(data, printer=name or None, out_dir=self.services.receipts_dir,
                                           width=self.width if width is None else width)
        return str(delivery.path or delivery.printer)


@dataclass(frozen=True)
class Outcome:
    """How one print job ended: where it went, or the error (a ``PrinterError`` or ``OSError`` is the
    printer's; anything else is a bug)."""

    document: str  # receipt | slip | test
    number: str  # the card's number ("" for none)
    where: str = ""
    error: BaseException | None = None
    printer: bool = False  # True when a printer was used, False when the PDF was saved

    @property
    def saved_as(self) -> str:
        """The saved file's name (when there was no printer)."""
        return Path(self.where).name if self.where and not self.printer else ""


class PrintJobs(QObject):
    """Print jobs in order, one at a time, off the GUI thread; each outcome comes back as ``finished``.

    ``submit`` returns at once. A slow or dead printer holds only this queue:
    the next receipt waits for the one before it, the counter never waits.
    """

    finished = Signal(object)  # an Outcome, on the GUI thread

    def __init__(self, printer: Printer, parent: QObject | None = None, *, threaded: bool = True) -> None:
        super().__init__(parent)
        self.printer = printer
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # one printer, one job at a time, in the order asked
        self.runner = tasks.TaskRunner(self, threaded=threaded, pool=self._pool)
        self.delivery_threads: list[int] = []  # the threads the jobs ran on (the GUI thread never, when threaded)

    @property
    def busy(self) -> bool:
        """True while a job has not reported back."""
        return self.runner.busy

    def submit(self, document: str, data: model.ReceiptData, *, number: str = "", printer: str | None = None,
               width: int | None = None, on_done: Callable[[Outcome], None] | None = None) -> tasks.Task:
        """Deliver ``data`` in the background; ``on_done(outcome)`` and ``finished`` follow on the GUI thread."""
        to_printer = bool(self.printer.printer_name if printer is None else printer)

        def work(_progress: tasks.Progress) -> str:
            self.delivery_threads.append(threading.get_ident())
            return self.printer.deliver(data, printer=printer, width=width)

        def report(outcome: Outcome) -> None:
            if on_done is not None:
                on_done(outcome)
            self.finished.emit(outcome)

        return self.runner.run(
            work, lambda where: report(Outcome(document, number, str(where), printer=to_printer)),
            lambda exc: report(Outcome(document, number, error=exc, printer=to_printer)))

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until the queued jobs ran (for shutdown and scripts; their reports still come by the event loop)."""
        return self._pool.waitForDone(msecs)
