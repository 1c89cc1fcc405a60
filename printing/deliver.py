"""Getting a receipt onto paper: the right bytes for the printer, or a file.

A CUPS queue takes the receipt's PDF; a raw ESC/POS printer (network, USB,
device file) takes its ESC/POS bytes. Without a printer the PDF is saved in
a folder and the path is said. A failure to print raises ``PrinterError``
with one line; the caller has already recorded whatever happened.
"""

from __future__ import annotations

from pathlib import Path

from printing import escpos_receipt, receipt, send
from printing.model import ReceiptData


def receipt_filename(data: ReceiptData, suffix: str = ".pdf") -> str:
    """A file name that sorts by time and names the reference: ``receipt-20240501-1432-R-4821.pdf``."""
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in data.reference) or "x"
    return f"receipt-{data.when:%Y%m%d-%H%M%S}-{safe}{suffix}"


def deliver_receipt(data: ReceiptData, *, printer: str | None, out_dir: Path,
                    width: int = 80, escpos_profile: str | None = None) -> send.Delivery:
    """Print ``data`` on ``printer`` (CUPS queue or ESC/POS address), or save its PDF in ``out_dir``."""
    if not printer:
        return send.save(receipt.render_receipt_pdf(data, width=width), out_dir,
                         receipt_filename(data))
    target = send.parse_target(printer)
    if target.wants_escpos:
        document = escpos_receipt.render_receipt_escpos(data, width=width, profile=escpos_profile)
    else:
        document = receipt.render_receipt_pdf(data, width=width)
    return send.send(document, target, title=f"{data.shop.name} {data.reference}")
