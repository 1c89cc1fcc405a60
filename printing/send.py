"""Moving finished documents to a printer, or to a folder when there is none.

This module only moves bytes; ``cards_pdf``, ``receipt`` and
``escpos_receipt`` make them. A printer is named by one string:

- ``host:port`` / ``tcp://host[:port]`` / an IP address: an ESC/POS printer on
  the network (raw port 9100 unless given);
- ``usb:VENDOR:PRODUCT`` (hex ids): an ESC/POS printer on USB (needs pyusb);
- a path such as ``/dev/usb/lp0``: an ESC/POS printer's device file;
- ``cups:QUEUE`` or any other name: a CUPS queue, printed with ``lp``.

Every failure (no such queue, printer off or unreachable, out of paper) is a
``PrinterError`` with a one-line message. Nothing here touches the ledger, so
a failed print never undoes or blocks a stamp that was already recorded.
"""

from __future__ import annotations

import ipaddress
import os
import re
import shutil
import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from cards import atomic
from printing.errors import PrinterError, Trouble

RAW_PORT = 9100
TIMEOUT = 4.0  # seconds to connect, write or wait for a status byte
DLE_EOT_PAPER = b"\x10\x04\x04"  # real-time status: paper roll sensor
PAPER_OUT = 0x60  # bits 5 and 6 of the paper status byte

Kind = Literal["cups", "network", "usb", "device"]


@dataclass(frozen=True)
class Target:
    """A parsed printer name."""

    kind: Kind
    address: str  # queue name, host, device path, or "VID:PID"
    port: int = RAW_PORT

    @property
    def wants_escpos(self) -> bool:
        """True for raw ESC/POS printers, False for a CUPS queue (which takes the PDF)."""
        return self.kind != "cups"

    def __str__(self) -> str:
        if self.kind == "network":
            return f"{self.address}:{self.port}"
        if self.kind == "usb":
            return f"usb:{self.address}"
        return self.address


@dataclass(frozen=True)
class Delivery:
    """Where a document went, and the sentence that says so."""

    path: Path | None
    printer: str | None
    message: str


_HOST_PORT = re.compile(r"^(?P<host>[A-Za-z0-9.\-]+|\[[0-9a-fA-F:]+\]):(?P<port>\d{1,5})$")
_USB = re.compile(r"^usb:(?P<vid>[0-9a-fA-F]{4}):(?P<pid>[0-9a-fA-F]{4})$")


def parse_target(name: str) -> Target:
    """Tell a CUPS queue from a network, USB or device-file ESC/POS printer."""
    name = name.strip()
    if not name:
        raise PrinterError(Trouble.NO_PRINTER)
    if name.startswith("cups:"):
        return Target("cups", name[5:])
    if name.startswith("tcp://"):
        rest = name[6:].rstrip("/")
        match = _HOST_PORT.match(rest)
        if match:
            return Target("network", match["host"].strip("[]"), int(match["port"]))
        return Target("network", rest)
    if match := _USB.match(name):
        return Target("usb", f"{match['vid'].lower()}:{match['pid'].lower()}")
    if name.startswith("/") or name.startswith("\\\\") or name.upper().startswith("COM"):
        return Target("device", name)
    if match := _HOST_PORT.match(name):
        return Target("network", match["host"].strip("[]"), int(match["port"]))
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return Target("cups", name)
    return Target("network", name)


def save(document: bytes, folder: Path, filename: str) -> Delivery:
    """Write ``document`` into ``folder`` (made 0700 if missing) and say where it is.

    The file (0600: a receipt names the card) appears whole or not at all, and no
    temporary file stays (``cards.atomic``, the writer ``db.files`` uses too).
    """
    path = folder / filename
    try:
        atomic.private_folder(folder)
        atomic.write_whole(path, document)
    except OSError as exc:
        raise PrinterError(Trouble.CANNOT_SAVE, file=filename, folder=str(folder),
                           reason=exc.strerror or exc) from exc
    return Delivery(path, None, f"saved to {path}")


def send(document: bytes, target: Target | str, *, title: str = "stampcard") -> Delivery:
    """Send ``document`` (a PDF for CUPS, ESC/POS bytes otherwise) to ``target``.

    ``target`` is a ``Target`` or a printer name for ``parse_target``. A PDF
    sent to a raw ESC/POS printer is refused here, since it would print as
    pages of garbage; use ``deliver.deliver_receipt`` to pick the right bytes.
    """
    if isinstance(target, str):
        target = parse_target(target)
    if target.wants_escpos and document.startswith(b"%PDF"):
        raise PrinterError(Trouble.NOT_ESCPOS, printer=str(target))
    if target.kind == "cups":
        _send_cups(document, target.address, title)
    elif target.kind == "network":
        _send_network(document, target.address, target.port)
    elif target.kind == "device":
        _send_device(document, target.address)
    else:
        _send_usb(document, target.address)
    return Delivery(None, str(target), f"sent to printer {target}")


def _send_cups(document: bytes, queue: str, title: str) -> None:
    lp = shutil.which("lp")
    if lp is None:
        raise PrinterError(Trouble.NO_CUPS, queue=queue)
    try:
        done = subprocess.run([lp, "-d", queue, "-t", title, "-"], input=document,
                              capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PrinterError(Trouble.CUPS_FAILED, queue=queue, reason=exc) from exc
    if done.returncode != 0:
        why = done.stderr.decode(errors="replace").strip().splitlines()
        raise PrinterError(Trouble.JOB_REFUSED, queue=queue,
                           reason=why[-1] if why else "lp failed")


def _send_network(document: bytes, host: str, port: int) -> None:
    where = f"{host}:{port}"
    try:
        with socket.create_connection((host, port), timeout=TIMEOUT) as conn:
            _check_paper(conn, where)
            conn.sendall(document)
    except PrinterError:
        raise
    except socket.timeout as exc:
        raise PrinterError(Trouble.NO_ANSWER, printer=where) from exc
    except ConnectionRefusedError as exc:
        raise PrinterError(Trouble.CONNECTION_REFUSED, printer=where) from exc
    except socket.gaierror as exc:
        raise PrinterError(Trouble.UNKNOWN_HOST, printer=where) from exc
    except OSError as exc:
        raise PrinterError(Trouble.UNREACHABLE, printer=where,
                           reason=exc.strerror or exc) from exc


def _check_paper(conn: socket.socket, where: str) -> None:
    """Ask for the paper sensor; printers that do not answer in time are trusted."""
    conn.sendall(DLE_EOT_PAPER)
    conn.settimeout(0.5)
    try:
        status = conn.recv(1)
    except (socket.timeout, OSError):
        status = b""
    finally:
        conn.settimeout(TIMEOUT)
    if status and status[0] & PAPER_OUT:
        raise PrinterError(Trouble.OUT_OF_PAPER, printer=where)


def _send_device(document: bytes, path: str) -> None:
    try:
        # O_WRONLY without O_CREAT: a printer that is not plugged in is "not found", never a new regular file
        # that would stand where udev puts the device (/dev/usb/lp0) when it is plugged in
        with open(os.open(path, os.O_WRONLY), "wb", buffering=0) as device:
            device.write(document)
    except FileNotFoundError as exc:
        raise PrinterError(Trouble.NOT_PLUGGED_IN, printer=path) from exc
    except PermissionError as exc:
        raise PrinterError(Trouble.NO_PERMISSION, printer=path) from exc
    except OSError as exc:
        raise PrinterError(Trouble.DEVICE_FAILED, printer=path, reason=exc.strerror or exc) from exc


def _send_usb(document: bytes, ids: str) -> None:
    vendor, product = (int(part, 16) for part in ids.split(":"))
    from escpos.printer import Usb
    if not Usb.is_usable():
        raise PrinterError(Trouble.NO_PYUSB)
    try:
        printer = Usb(vendor, product)
        printer.open()
    except Exception as exc:  # escpos raises its own USBNotFoundError and usb.core errors
        raise PrinterError(Trouble.USB_NOT_FOUND, printer=ids, reason=exc) from exc
    try:
        printer._raw(document)
    except Exception as exc:  # usb.core.USBError and friends: a transport failure
        raise PrinterError(Trouble.USB_FAILED, printer=ids, reason=exc) from exc
    finally:
        printer.close()
