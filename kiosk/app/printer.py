"""Receipts and complaint slips from the kiosk: plain data for ``printing``, then print or save.

The documents are built and delivered by ``printing.deliver``: a CUPS queue gets
the PDF, an ESC/POS printer (``host:port``, ``usb:VID:PID``, a device file) gets
ESC/POS bytes, and without a printer (none chosen on the owner's Devices page,
``STAMPCARD_PRINTER`` unset) the PDF is saved in ``<data_dir>/receipts/``. A printer failure raises
``printing.errors.PrinterError`` with one line; the stamp was already recorded.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from db import ops
from kiosk import workflows
from printing import deliver, model
from kiosk.app.services import Services


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

    def state(self) -> str:
        return "ok" if self.has_printer() else "file"

    def _shop(self) -> model.SheetShop:
        return workflows.sheet_shop(self.services.shop())

    def receipt(self, result: ops.OpResult) -> str:
        """A receipt for a card's last change (stamp, redeem, undo, transfer; a status receipt otherwise).

        Built by ``kiosk.workflows.receipt_for``, as ``stampcard receipt`` builds it.
        """
        with self.services.session() as session:
            data = workflows.receipt_for(session, result.card.number, station=self.services.station)
        return self._deliver(data)

    def complaint_slip(self, complaint: ops.ComplaintView) -> str:
        """A slip with the complaint's reference and the shop's complaint contacts."""
        data = model.ReceiptData(shop=self._shop(), when=self.services.local(), station=self.services.station,
                                 number=complaint.card, action=model.Action.COMPLAINT, stamps=0,
                                 stamps_required=0, tier="", reference=complaint.reference)
        return self._deliver(data)

    def _deliver(self, data: model.ReceiptData) -> str:
        delivery = deliver.deliver_receipt(data, printer=self.printer_name or None,
                                           out_dir=self.services.receipts_dir, width=self.width)
        return str(delivery.path or delivery.printer)
