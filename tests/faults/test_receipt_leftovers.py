"""A kiosk killed while it saves a receipt leaves no temporary file once the kiosk starts again.

A real process writes a receipt into ``receipts/`` through the receipts' own writer
(``printing.send.save`` over ``cards.atomic``) and is SIGKILLed in the middle; the
next kiosk start sweeps its ``.NAME.PID.partial`` before any receipt is saved there.
A receipt being written by a process that is still alive is left alone.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from db import engine
from tests.kiosk.conftest import make_services, make_window

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[2]
WRITER = (  # the receipts' writer, stopped half-way: printing.send.save writes through cards.atomic.whole
    "import sys, time\n"
    "from pathlib import Path\n"
    "from cards import atomic\n"
    "from printing import send\n"
    "folder = Path(sys.argv[1])\n"
    "send.save(b'%PDF-1.4 a whole receipt', folder, 'receipt-20261206-070000-A.pdf')\n"
    "with atomic.whole(folder / sys.argv[2]) as stream:\n"
    "    stream.write(b'%PDF-1.4 half a receipt'); stream.flush()\n"
    "    print('ready', flush=True)\n"
    "    time.sleep(120)\n")


def _writer(folder: Path, name: str) -> subprocess.Popen[str]:
    child = subprocess.Popen([sys.executable, "-c", WRITER, str(folder), name], cwd=ROOT,
                             stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    return child


def _partials(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob(".*.partial"))


def test_a_receipt_killed_half_way_is_swept_when_the_kiosk_starts(
        qtbot: Any, shop_db: engine.Database, tmp_path: Path) -> None:
    services = make_services(shop_db, tmp_path / "data")
    receipts = services.receipts_dir
    killed = _writer(receipts, "receipt-20261206-070001-B.pdf")
    alive = _writer(receipts, "receipt-20261206-070002-C.pdf")
    try:
        killed.send_signal(signal.SIGKILL)
        killed.wait()
        assert _partials(receipts) == sorted([f".receipt-20261206-070001-B.pdf.{killed.pid}.partial",
                                              f".receipt-20261206-070002-C.pdf.{alive.pid}.partial"])
        window = make_window(qtbot, services)  # the next start: nothing printed or saved yet
        try:
            assert _partials(receipts) == [f".receipt-20261206-070002-C.pdf.{alive.pid}.partial"]
            assert sorted(p.name for p in receipts.iterdir() if not p.name.startswith(".")) == [
                "receipt-20261206-070000-A.pdf"]  # whole receipts stay; the killed one never appeared
        finally:
            window.shutdown()
    finally:
        for child in (killed, alive):
            if child.poll() is None:
                child.kill()
            child.wait()
            if child.stdout is not None:
                child.stdout.close()
