"""What is plugged in at this counter: cameras, printers, keyboard-wedge scanners. No Qt.

* Cameras: V4L2 devices from ``/sys/class/video4linux`` with the names their
  drivers give (``name``), and, when ``probe`` is on, whether OpenCV opens each
  one and at what resolution. A webcam has a capture node (``index`` 0) and a
  metadata node (``index`` 1); only capture nodes are listed. Where there is no
  sysfs (macOS, Windows) the first few device indexes are tried instead.
* Printers: CUPS queues and the default one through ``lpstat`` (run with
  ``LC_ALL=C`` so its sentences parse), raw ESC/POS printers named in the
  configuration (``STAMPCARD_PRINTER``, the station's setting) or seen as USB
  printer device files (``/dev/usb/lp*``).
* Scanners: a USB scanner in keyboard-wedge mode is a keyboard to the system;
  ``/dev/input/by-id/*-event-kbd`` lists keyboards by their USB names, and the
  ones whose name says "scanner", "barcode" or a scanner maker's name are
  marked ``likely_scanner``.

:func:`discover` gathers all of it into one frozen :class:`Devices` (slow-ish:
opening a camera takes up to a second, so the kiosk calls it off the GUI thread
through ``kiosk.app.tasks.TaskRunner``); :func:`to_json` gives the object that
``stampcard devices --json`` prints. Every root folder and command is a
parameter, so tests point them at real folders and real programs of their own.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from kiosk import sentences

SYS_VIDEO = Path("/sys/class/video4linux")
DEV = Path("/dev")
INPUT_BY_ID = Path("/dev/input/by-id")
USB_PRINTERS = "usb/lp*"
SCANNER_WORDS = re.compile(
    r"scan|barcode|bar_code|qr|honeywell|zebra|symbol|datalogic|newland|netum|inateck|tera|eyoyo|"
    r"metrologic|hand_held|handheld|opticon|code_corp|deli|munbyn|wedge", re.IGNORECASE)
LPSTAT_TIMEOUT = 5.0


@dataclass(frozen=True)
class Camera:
    """A camera device. ``spec`` is what ``--camera`` and the station setting take (``"0"``)."""

    spec: str
    path: str
    name: str
    opens: bool | None = None  # None: not tried
    width: int = 0
    height: int = 0

    @property
    def resolution(self) -> str:
        return f"{self.width}x{self.height}" if self.width and self.height else ""


@dataclass(frozen=True)
class Printer:
    """A printer a receipt can go to. ``name`` is what ``STAMPCARD_PRINTER`` and the setting take.

    ``kind``: ``cups`` (a CUPS queue, gets the PDF) or ``escpos`` (raw ESC/POS:
    network, USB or a device file). ``source``: ``cups``, ``configured`` or
    ``device``. ``state``: what is known without printing (``ready``,
    ``reachable``, ``unreachable``, ``missing``, or ``""``).
    """

    name: str
    kind: str
    source: str
    default: bool = False
    uri: str = ""
    state: str = ""


@dataclass(frozen=True)
class Scanner:
    """A keyboard-like USB device; ``likely_scanner`` when its name says it is a code scanner."""

    name: str
    path: str
    likely_scanner: bool


@dataclass(frozen=True)
class Devices:
    """Everything :func:`discover` found."""

    cameras: tuple[Camera, ...] = ()
    printers: tuple[Printer, ...] = ()
    default_printer: str = ""
    scanners: tuple[Scanner, ...] = ()
    notes: tuple[Note, ...] = field(default=())  # what could not be looked at


# --- cameras ---

def list_cameras(sys_root: Path = SYS_VIDEO, dev_root: Path = DEV) -> list[Camera]:
    """V4L2 capture devices by their driver names, in device order (not yet opened)."""
    if not sys_root.is_dir():
        return []
    found = []
    for entry in sys_root.iterdir():
        match = re.fullmatch(r"video(\d+)", entry.name)
        if not match:
            continue
        if _read(entry / "index", "0") not in ("", "0"):  # metadata node of a camera listed already
            continue
        number = int(match.group(1))
        name = _read(entry / "name", "") or entry.name
        found.append((number, Camera(spec=str(number), path=str(dev_root / entry.name), name=name)))
    return [camera for _, camera in sorted(found)]


def probe_camera(camera: Camera) -> Camera:
    """Open ``camera`` with OpenCV once: does it open, and at what resolution (then release it)."""
    from cards import camera as camera_sources  # noqa: F401 - turns OpenCV's own stderr lines off first
    import cv2
    target: int | str = int(camera.spec) if camera.spec.isdigit() else camera.path
    cap = cv2.VideoCapture(target)
    try:
        if not cap.isOpened():
            return _replace(camera, opens=False)
        ok, frame = cap.read()
        if ok and frame is not None:
            height, width = frame.shape[:2]
        else:
            width = int(cap.get(cv2.CAP_PROP_FRAME_WIDTH))
            height = int(cap.get(cv2.CAP_PROP_FRAME_HEIGHT))
        return _replace(camera, opens=bool(ok), width=int(width), height=int(height))
    finally:
        cap.release()


def cameras(*, probe: bool = True, sys_root: Path = SYS_VIDEO, dev_root: Path = DEV,
            fallback_indexes: int = 2) -> list[Camera]:
    """The cameras here; opened once each when ``probe``.

    Without a V4L2 sysfs folder (not Linux) device indexes ``0..fallback_indexes-1``
    are tried, and only the ones that open are listed.
    """
    if sys_root.is_dir():
        listed = list_cameras(sys_root, dev_root)
        return [probe_camera(c) for c in listed] if probe else listed
    if not probe or sys.platform.startswith("linux"):  # Linux without the folder: no V4L2 device at all
        return []
    tried = (probe_camera(Camera(spec=str(i), path="", name=f"camera {i}")) for i in range(fallback_indexes))
    return [c for c in tried if c.opens]


# --- printers ---

def parse_lpstat(queues: str, default: str, devices: str) -> tuple[list[Printer], str]:
    """CUPS queues from the output of ``lpstat -e``, ``lpstat -d`` and ``lpstat -v`` (``LC_ALL=C``)."""
    match = re.search(r"system default destination:\s*(\S+)", default)
    default_name = match.group(1) if match else ""
    uris = {}
    for line in devices.splitlines():
        found = re.match(r"device for (\S+?):\s*(.*)$", line.strip())
        if found:
            uris[found.group(1)] = found.group(2).strip()
    names = [line.strip() for line in queues.splitlines() if line.strip()]
    for name in uris:
        if name not in names:
            names.append(name)
    printers = [Printer(name=name, kind="cups", source="cups", default=name == default_name,
                        uri=uris.get(name, ""), state="ready") for name in names]
    return printers, default_name


def N_(message: str) -> str:
    """Marks an English sentence for the gettext catalogues (``pybabel extract -k N_``) without translating it."""
    return message


@dataclass(frozen=True)
class Note:
    """Something the search could not look at: an English template (gettext msgid) and its fields; the
    command line says it in the user's language, ``--json`` in English."""

    template: str
    fields: tuple[tuple[str, str], ...] = ()

    def english(self) -> str:
        """The English line (``--json``'s ``notes``)."""
        return self.template % dict(self.fields)


NO_V4L2 = N_("no V4L2 device folder (%(folder)s)")
NO_CUPS = N_("CUPS is not installed (no lpstat)")
LPSTAT_FAILED = N_("lpstat failed: %(reason)s")
CUPS_STOPPED = N_("the CUPS scheduler is not running")


def cups_printers(lpstat: str = "lpstat") -> tuple[list[Printer], str, str]:
    """CUPS queues and the default through ``lpstat``: (printers, default, a note when CUPS is not there)."""
    printers, default, note = _cups(lpstat)
    return printers, default, note.english() if note is not None else ""


def _cups(lpstat: str) -> tuple[list[Printer], str, Note | None]:
    program = shutil.which(lpstat)
    if program is None:
        return [], "", Note(NO_CUPS)
    outputs = []
    note = None
    env = {**os.environ, "LC_ALL": "C", "LANG": "C"}
    for flag in ("-e", "-d", "-v"):
        try:
            done = subprocess.run([program, flag], capture_output=True, text=True, timeout=LPSTAT_TIMEOUT,
                                  env=env, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return [], "", Note(LPSTAT_FAILED, (("reason", " ".join(str(exc).split())),))
        outputs.append(done.stdout)
        if "not running" in done.stderr.lower():
            note = Note(CUPS_STOPPED)
    printers, default = parse_lpstat(*outputs)
    return printers, default, note


def configured_printers(names: Iterable[str], *, dev_root: Path = DEV,
                        connect: Callable[[str, int], bool] | None = None) -> list[Printer]:
    """Raw ESC/POS printers: the configured names, and USB printer device files under ``dev_root``.

    A configured network printer is asked for a TCP connection (half a
    second); a device file is checked for existence. A configured CUPS name is
    skipped here (``lpstat`` lists it).
    """
    from printing import send

    reach = connect or _can_connect
    seen: set[str] = set()
    printers = []
    for name in names:
        name = name.strip()
        if not name or name in seen:
            continue
        seen.add(name)
        try:
            target = send.parse_target(name)
        except Exception:  # noqa: BLE001 - a bad name is listed as missing, never a crash
            printers.append(Printer(name=name, kind="escpos", source="configured", state="missing"))
            continue
        if target.kind == "cups":
            continue
        if target.kind == "network":
            state = "reachable" if reach(target.address, target.port) else "unreachable"
        elif target.kind == "device":
            state = "ready" if Path(target.address).exists() else "missing"
        else:
            state = ""
        printers.append(Printer(name=name, kind="escpos", source="configured", state=state))
    for path in sorted(dev_root.glob(USB_PRINTERS)):
        if str(path) not in seen:
            printers.append(Printer(name=str(path), kind="escpos", source="device", state="ready"))
    return printers


def _can_connect(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


# --- scanners ---

def scanners(by_id: Path = INPUT_BY_ID) -> list[Scanner]:
    """Keyboard-like input devices by their USB names (``*-event-kbd``), code scanners first."""
    if not by_id.is_dir():
        return []
    found = []
    for entry in sorted(by_id.iterdir()):
        if not entry.name.endswith("-event-kbd"):
            continue
        name = entry.name.removesuffix("-event-kbd")
        name = re.sub(r"^usb-", "", name)
        name = re.sub(r"-if\d+$", "", name)
        found.append(Scanner(name=name.replace("_", " "), path=str(entry),
                             likely_scanner=bool(SCANNER_WORDS.search(entry.name))))
    return sorted(found, key=lambda s: not s.likely_scanner)


# --- all of it ---

def discover(*, configured: Iterable[str] = (), probe_cameras: bool = True, lpstat: str = "lpstat",
             sys_root: Path = SYS_VIDEO, dev_root: Path = DEV, by_id: Path = INPUT_BY_ID) -> Devices:
    """Cameras, printers and scanners at this counter (see the module docstring)."""
    notes = []
    if not sys_root.is_dir():
        notes.append(Note(NO_V4L2, (("folder", str(sys_root)),)))
    cups, default, note = _cups(lpstat)
    if note is not None:
        notes.append(note)
    escpos = configured_printers(configured, dev_root=dev_root)
    return Devices(
        cameras=tuple(cameras(probe=probe_cameras, sys_root=sys_root, dev_root=dev_root)),
        printers=tuple(cups + escpos),
        default_printer=default,
        scanners=tuple(scanners(by_id)),
        notes=tuple(notes),
    )


def to_json(devices: Devices) -> dict[str, Any]:
    """The ``stampcard devices --json`` object: ``cameras``, ``printers``, ``scanners`` (lists) and more."""
    return {
        "cameras": [{**asdict(c), "resolution": c.resolution} for c in devices.cameras],
        "printers": [asdict(p) for p in devices.printers],
        "default_printer": devices.default_printer or None,
        "scanners": [asdict(s) for s in devices.scanners],
        "notes": [note.english() for note in devices.notes],
    }


def to_text(devices: Devices) -> str:
    """The same for people, a few lines per kind, in the terminal's language."""
    w = sentences.user()  # the command line's words (the cards.words catalogues)
    lines = [w.gettext("Cameras:")]
    for c in devices.cameras:
        how = ((w.gettext("opens at %(resolution)s", resolution=c.resolution) if c.resolution else w.gettext("opens"))
               if c.opens else (w.gettext("does not open") if c.opens is False else w.gettext("not tried")))
        where = c.path or w.gettext("index %(n)s", n=c.spec)
        lines.append(f"  {c.spec:>3}  {c.name}  ({where}) {how}")
    if not devices.cameras:
        lines.append("  " + w.gettext("none found"))
    lines.append(w.gettext("Printers:"))
    default = w.gettext("default")
    for p in devices.printers:
        flags = [p.kind] + ([default] if p.default else []) + ([p.state] if p.state else [])
        lines.append(f"  {p.name}  [{', '.join(flags)}]" + (f"  {p.uri}" if p.uri else ""))
    if not devices.printers:
        lines.append("  " + w.gettext("none found (receipts are saved as PDF files)"))
    lines.append(w.gettext("Scanners (keyboard-wedge):"))
    scanner, keyboard = w.gettext("(a code scanner)"), w.gettext("(a keyboard)")
    for s in devices.scanners:
        lines.append(f"  {s.name}  " + (scanner if s.likely_scanner else keyboard))
    if not devices.scanners:
        lines.append("  " + w.gettext("none named by the system (a scanner still works when it types like a keyboard)"))
    lines += [w.gettext("Note: %(note)s", note=w.gettext(note.template, **dict(note.fields)))
              for note in devices.notes]  # in the terminal's language; lpstat's own words as they are
    return "\n".join(lines)


def _read(path: Path, default: str) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return default


def _replace(camera: Camera, **changes: Any) -> Camera:
    from dataclasses import replace

    return replace(camera, **changes)


def printer_state(name: str, *, lpstat: str = "lpstat") -> str:
    """A cheap health check for the status strip: ``file`` (none chosen), ``ok`` or ``error``.

    A network printer must take a TCP connection, a device file must exist, a
    CUPS queue must be known to ``lpstat`` and not disabled. Nothing is printed.
    """
    if not name:
        return "file"
    from printing import send

    try:
        target = send.parse_target(name)
    except Exception:  # noqa: BLE001
        return "error"
    if target.kind == "network":
        return "ok" if _can_connect(target.address, target.port) else "error"
    if target.kind == "device":
        return "ok" if Path(target.address).exists() else "error"
    if target.kind == "usb":
        return "ok"  # pyusb would have to claim the device; the print itself reports a failure
    program = shutil.which(lpstat)
    if program is None:
        return "error"
    try:
        done = subprocess.run([program, "-p", target.address], capture_output=True, text=True,
                              timeout=LPSTAT_TIMEOUT, env={**os.environ, "LC_ALL": "C", "LANG": "C"}, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return "error"
    return "ok" if done.returncode == 0 and "disabled" not in done.stdout else "error"
