"""Receipts and complaint slips from the kiosk: build with ``printing``, then print or save.

The documents are built by ``printing`` from plain data (``printing.model``);
this module only chooses where they go: a printer named by the
``STAMPCARD_PRINTER`` variable (through ``printing.send``), otherwise a file in
``<data_dir>/receipts/``. Until the receipt builders are installed a plain-text
receipt is saved instead, so the cashier flow never depends on them.
"""

from __future__ import annotations

import datetime as dt
import importlib
import logging
import os
from pathlib import Path
from typing import Any

from db import ops

log = logging.getLogger(__name__)


def _optional(name: str) -> Any:
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


class Printer:
    """Where receipts go (printer or folder); every method returns the path or printer it used."""

    def __init__(self, services: Any) -> None:
        self.services = services
        self.printer_name = os.environ.get("STAMPCARD_PRINTER", "").strip()

    def has_printer(self) -> bool:
        return bool(self.printer_name)

    def state(self) -> str:
        return "ok" if self.has_printer() else "file"

    def _shop(self) -> Any:
        model = _optional("printing.model")
        shop = self.services.shop()
        if model is None:
            return shop
        return model.SheetShop(name=shop.name, address=shop.address, phone=shop.phone, email=shop.email,
                               url=shop.url, language=shop.language,
                               logo_path=Path(shop.logo_path) if shop.logo_path else None)

    def _out_path(self, kind: str, reference: str, suffix: str) -> Path:
        folder = self.services.receipts_dir
        folder.mkdir(parents=True, exist_ok=True)
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        return folder / f"{kind}-{stamp}-{reference or 'x'}{suffix}"

    def receipt(self, result: ops.OpResult) -> str:
        """A receipt for a card's last change (stamp, redeem, undo, first scan)."""
        card = result.card
        lines = [self.services.shop().name, dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
                 f"Card {card.grouped}", f"{result.kind} {result.added:+d}" if result.added else result.kind,
                 f"Stamps {card.stamps} of {card.stamps_required}", f"Tier {card.tier}",
                 f"Reference {result.reference or '-'}"]
        document = self._render("receipt", result)
        return self._deliver("receipt", result.reference, document, lines)

    def complaint_slip(self, complaint: ops.ComplaintView) -> str:
        """A slip with the complaint's reference and the shop's complaint contacts."""
        shop = self.services.shop()
        lines = [shop.name, dt.datetime.now().strftime("%Y-%m-%d %H:%M"), f"Complaint {complaint.reference}",
                 f"Topic {complaint.topic}", *(x for x in (shop.phone, shop.email, shop.url) if x)]
        document = self._render("complaint", complaint)
        return self._deliver("complaint", complaint.reference, document, lines)

    def _render(self, kind: str, value: Any) -> tuple[bytes, str] | None:
        """The document as (bytes, suffix) from ``printing``, or None while it is not installed."""
        receipts = _optional("printing.receipt") or _optional("printing.receipts")
        model = _optional("printing.model")
        if receipts is None or model is None:
            return None
        shop = self._shop()
        now = dt.datetime.now()
        if kind == "receipt":
            card = value.card
            action = {"redeem": model.Action.REDEEM, "stamp": model.Action.STAMP,
                      "transfer": model.Action.TRANSFER}.get(value.kind, model.Action.STATUS)
            data = model.ReceiptData(shop=shop, when=now, station=self.services.station, number=card.grouped,
                                     action=action, stamps=card.stamps, stamps_required=card.stamps_required,
                                     tier=card.tier, reference=value.reference, count=max(0, value.added),
                                     reward=card.reward if value.kind == "redeem" else "")
        else:
            data = model.ReceiptData(shop=shop, when=now, station=self.services.station,
                                     number="", action=model.Action.COMPLAINT, stamps=0, stamps_required=0,
                                     tier="", reference=value.reference)
        for name in ("render_receipt_pdf", "receipt_pdf", "render_receipt"):
            fn = getattr(receipts, name, None)
            if callable(fn):
                return fn(data), ".pdf"
        return None

    def _deliver(self, kind: str, reference: str, document: tuple[bytes, str] | None, lines: list[str]) -> str:
        if document is None:
            path = self._out_path(kind, reference, ".txt")
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            return str(path)
        data, suffix = document
        send = _optional("printing.send")
        if self.printer_name and send is not None:
            for name in ("send", "print_document", "send_document"):
                fn = getattr(send, name, None)
                if callable(fn):
                    fn(data, self.printer_name)
                    return self.printer_name
        path = self._out_path(kind, reference, suffix)
        path.write_bytes(data)
        return str(path)
