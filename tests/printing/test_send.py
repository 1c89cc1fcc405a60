"""Sending: printer names, a fake network printer, and one-line errors when it fails."""

from __future__ import annotations

import socket
import stat
import threading
from pathlib import Path

import pytest

from printing import send
from printing.errors import PrinterError


@pytest.mark.parametrize(("name", "kind", "address", "port"), [
    ("192.168.1.50", "network", "192.168.1.50", 9100),
    ("printer.local:9101", "network", "printer.local", 9101),
    ("tcp://10.0.0.7", "network", "10.0.0.7", 9100),
    ("tcp://10.0.0.7:9200/", "network", "10.0.0.7", 9200),
    ("usb:04B8:0202", "usb", "04b8:0202", 9100),
    ("/dev/usb/lp0", "device", "/dev/usb/lp0", 9100),
    ("Front_Desk", "cups", "Front_Desk", 9100),
    ("cups:Office", "cups", "Office", 9100),
])
def test_parse_target(name: str, kind: str, address: str, port: int) -> None:
    target = send.parse_target(name)
    assert (target.kind, target.address, target.port) == (kind, address, port)
    assert target.wants_escpos == (kind != "cups")


class FakePrinter:
    """A one-connection ESC/POS printer on localhost that answers the paper status."""

    def __init__(self, paper_status: int | None = 0x12) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.received = b""
        self.paper_status = paper_status
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        conn, _ = self.server.accept()
        with conn:
            conn.settimeout(3)
            if self.paper_status is not None:
                query = conn.recv(3)
                self.received += query
                conn.sendall(bytes([self.paper_status]))
            while chunk := conn.recv(65536):
                self.received += chunk
        self.server.close()

    def join(self) -> bytes:
        self.thread.join(5)
        return self.received


def test_network_printer_gets_the_bytes() -> None:
    printer = FakePrinter()
    delivery = send.send(b"\x1b@hello\n", send.parse_target(f"127.0.0.1:{printer.port}"))
    assert printer.join() == send.DLE_EOT_PAPER + b"\x1b@hello\n"
    assert delivery.printer == f"127.0.0.1:{printer.port}" and delivery.path is None


def test_silent_printer_is_trusted() -> None:
    printer = FakePrinter(paper_status=None)
    send.send(b"data", send.parse_target(f"127.0.0.1:{printer.port}"))
    assert printer.join().endswith(b"data")


def test_out_of_paper_is_one_clear_line() -> None:
    printer = FakePrinter(paper_status=0x72)
    with pytest.raises(PrinterError, match=r"^printer 127\.0\.0\.1:\d+ is out of paper$"):
        send.send(b"data", send.parse_target(f"127.0.0.1:{printer.port}"))
    assert not printer.join().endswith(b"data")


def _closed_port() -> int:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        return int(probe.getsockname()[1])


def test_unreachable_printer_is_one_clear_line() -> None:
    port = _closed_port()
    with pytest.raises(PrinterError) as info:
        send.send(b"data", send.parse_target(f"127.0.0.1:{port}"))
    message = str(info.value)
    assert "\n" not in message and f"127.0.0.1:{port}" in message and "switched on" in message


def test_missing_device_file(tmp_path: Path) -> None:
    with pytest.raises(PrinterError, match="not found"):
        send.send(b"data", send.parse_target(str(tmp_path / "no" / "lp0")))


def test_device_file_gets_the_bytes(tmp_path: Path) -> None:
    device = tmp_path / "lp0"
    device.write_bytes(b"")
    send.send(b"data", send.parse_target(str(device)))
    assert device.read_bytes() == b"data"


def _fake_lp(folder: Path, script: str) -> None:
    lp = folder / "lp"
    lp.write_text("#!/bin/sh\n" + script)
    lp.chmod(lp.stat().st_mode | stat.S_IEXEC)


def test_cups_queue_via_lp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_lp(tmp_path, f'echo "$@" > {tmp_path}/args; /bin/cat > {tmp_path}/job\n')
    monkeypatch.setenv("PATH", str(tmp_path))
    delivery = send.send(b"%PDF-1.4 doc", send.parse_target("Front"), title="Receipt R-1")
    assert (tmp_path / "job").read_bytes() == b"%PDF-1.4 doc"
    assert (tmp_path / "args").read_text().split()[:2] == ["-d", "Front"]
    assert delivery.message == "sent to printer Front"


def test_missing_cups_queue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_lp(tmp_path, '/bin/cat > /dev/null; echo "lp: The printer or class does not exist." >&2; exit 1\n')
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(PrinterError, match="^printer 'Nope' refused the job: lp: The printer"):
        send.send(b"%PDF", send.parse_target("Nope"))


def test_no_cups_installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(PrinterError, match="CUPS is not installed"):
        send.send(b"%PDF", send.parse_target("Front"))


def test_save_to_folder(tmp_path: Path) -> None:
    delivery = send.save(b"%PDF", tmp_path / "out", "receipt.pdf")
    assert delivery.path == tmp_path / "out" / "receipt.pdf"
    assert delivery.path.read_bytes() == b"%PDF"
    assert delivery.message == f"saved to {delivery.path}"


def test_a_saved_receipt_is_private_whole_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    folder = tmp_path / "data" / "receipts"
    first = send.save(b"%PDF old", folder, "receipt.pdf")
    again = send.save(b"%PDF new receipt", folder, "receipt.pdf")  # the same name again: replaced whole
    assert again.path is not None and again.path == first.path and again.path.read_bytes() == b"%PDF new receipt"
    assert stat.S_IMODE(again.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert [p.name for p in folder.iterdir()] == ["receipt.pdf"]


def test_a_receipt_that_cannot_be_saved_leaves_nothing_behind(tmp_path: Path) -> None:
    folder = tmp_path / "receipts"
    folder.mkdir()
    (folder / "receipt.pdf").mkdir()  # a folder where the file should go: the rename fails
    with pytest.raises(PrinterError, match=r"cannot save receipt\.pdf in"):
        send.save(b"%PDF", folder, "receipt.pdf")
    assert [p.name for p in folder.iterdir()] == ["receipt.pdf"] and (folder / "receipt.pdf").is_dir()
    not_a_folder = tmp_path / "file"
    not_a_folder.write_bytes(b"x")
    with pytest.raises(PrinterError) as raised:
        send.save(b"%PDF", not_a_folder, "receipt.pdf")
    assert ".partial" not in str(raised.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file", "receipts"]


def test_a_write_stopped_halfway_keeps_the_old_file(tmp_path: Path) -> None:
    from cards import atomic

    target = atomic.write_whole(tmp_path / "receipt.pdf", b"%PDF old")
    with pytest.raises(RuntimeError), atomic.whole(target) as stream:
        stream.write(b"%PDF ha")
        raise RuntimeError("stopped")
    assert target.read_bytes() == b"%PDF old"
    assert [p.name for p in tmp_path.iterdir()] == ["receipt.pdf"]
