"""Receipts reach the right printer in the right format, or a folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from printing import deliver, send
from printing.errors import PrinterError
from tests.printing import helpers
from tests.printing.test_send import FakePrinter, _closed_port


def test_no_printer_saves_the_pdf(tmp_path: Path) -> None:
    data = helpers.receipt_data("en")
    delivery = deliver.deliver_receipt(data, printer=None, out_dir=tmp_path)
    assert delivery.path is not None and delivery.path.read_bytes().startswith(b"%PDF")
    assert delivery.path.name == "receipt-20240501-143200-R-4821.pdf"


def test_network_printer_gets_escpos(tmp_path: Path) -> None:
    printer = FakePrinter()
    deliver.deliver_receipt(helpers.receipt_data("en"), printer=f"127.0.0.1:{printer.port}",
                            out_dir=tmp_path, width=58)
    received = printer.join()
    assert b"Corner Coffee" in received and b"\x1d(k" in received and b"%PDF" not in received


def test_unreachable_printer_raises_one_line(tmp_path: Path) -> None:
    with pytest.raises(PrinterError) as info:
        deliver.deliver_receipt(helpers.receipt_data("en"), printer=f"127.0.0.1:{_closed_port()}",
                                out_dir=tmp_path)
    assert "\n" not in str(info.value)


def test_pdf_to_an_escpos_printer_is_refused() -> None:
    with pytest.raises(PrinterError, match="takes ESC/POS"):
        send.send(b"%PDF-1.4", "10.0.0.9")
