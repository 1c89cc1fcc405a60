"""Devices: discovery on real folders, files, sockets and programs; the stored per-station choices and
the variables over them; ``stampcard devices --json``; the owner's Devices page; the status strip."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest

from cards import codes, refusals
from db import engine, ops
from db import station as station_settings
from kiosk import cli, config, devices
from kiosk.app.status import Part
from tests.kiosk.conftest import make_services, make_window, scan_keys, write_camera_folder

# --- a counter's /sys, /dev and /dev/input/by-id, as real folders ---


@pytest.fixture
def counter(tmp_path: Path) -> dict[str, Path]:
    """Two webcams (the first with its metadata node), a USB printer device file, a scanner and a keyboard."""
    sys_root, dev_root, by_id = tmp_path / "sys", tmp_path / "dev", tmp_path / "by-id"
    for node, name, index in (("video0", "HD Pro Webcam C920", "0"), ("video1", "HD Pro Webcam C920", "1"),
                              ("video2", "USB2.0 HD UVC WebCam: USB2.0 HD", "0")):
        (sys_root / node).mkdir(parents=True)
        (sys_root / node / "name").write_text(name + "\n")
        (sys_root / node / "index").write_text(index + "\n")
    (dev_root / "usb").mkdir(parents=True)
    (dev_root / "usb" / "lp0").write_bytes(b"")
    by_id.mkdir()
    for name in ("usb-Honeywell_Imaging___Mobility_1900-event-kbd", "usb-Logitech_USB_Keyboard-event-kbd",
                 "usb-Logitech_USB_Keyboard-if01-event-mouse"):
        (by_id / name).write_bytes(b"")
    return {"sys": sys_root, "dev": dev_root, "by_id": by_id}


def test_cameras_are_listed_by_name_without_their_metadata_nodes(counter: dict[str, Path]) -> None:
    found = devices.list_cameras(counter["sys"], counter["dev"])
    assert [(c.spec, c.name) for c in found] == [("0", "HD Pro Webcam C920"),
                                                  ("2", "USB2.0 HD UVC WebCam: USB2.0 HD")]
    assert found[0].path == str(counter["dev"] / "video0") and found[0].opens is None


def test_probing_a_camera_says_whether_it_opens_and_at_what_resolution(tmp_path: Path) -> None:
    clip = tmp_path / "clip.avi"
    writer = cv2.VideoWriter(str(clip), cv2.VideoWriter.fourcc(*"MJPG"), 10, (320, 240))
    for i in range(5):
        writer.write(np.full((240, 320, 3), 40 * i, np.uint8))
    writer.release()
    opened = devices.probe_camera(devices.Camera(spec="clip", path=str(clip), name="a video as a camera"))
    assert opened.opens and opened.resolution == "320x240"
    missing = devices.probe_camera(devices.Camera(spec="x", path=str(tmp_path / "video9"), name="gone"))
    assert missing.opens is False and missing.resolution == ""


def test_scanners_come_from_input_by_id_code_scanners_first(counter: dict[str, Path]) -> None:
    found = devices.scanners(counter["by_id"])
    assert [(s.name, s.likely_scanner) for s in found] == [("Honeywell Imaging   Mobility 1900", True),
                                                            ("Logitech USB Keyboard", False)]
    assert devices.scanners(counter["by_id"] / "absent") == []


def test_lpstat_output_gives_queues_and_the_default() -> None:
    printers, default = devices.parse_lpstat(
        "Kitchen_Label\nEPSON_TM_T20III\n",
        "system default destination: EPSON_TM_T20III\n",
        "device for EPSON_TM_T20III: usb://EPSON/TM-T20III?serial=X4E1\n"
        "device for Kitchen_Label: socket://192.168.1.40:9100\n")
    assert [(p.name, p.default, p.uri) for p in printers] == [
        ("Kitchen_Label", False, "socket://192.168.1.40:9100"),
        ("EPSON_TM_T20III", True, "usb://EPSON/TM-T20III?serial=X4E1")]
    assert default == "EPSON_TM_T20III"
    assert devices.parse_lpstat("", "no system default destination\n", "") == ([], "")


def test_the_real_lpstat_without_a_scheduler_lists_nothing_and_says_why() -> None:
    if not shutil.which("lpstat"):
        pytest.skip("cups-client is not installed")
    printers, default, note = devices.cups_printers()
    if printers:
        pytest.skip("this machine runs a CUPS scheduler with queues")
    assert default == "" and "not running" in note


def test_configured_escpos_printers_are_checked_without_printing(counter: dict[str, Path]) -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        port = server.getsockname()[1]
        with socket.socket() as closed:
            closed.bind(("127.0.0.1", 0))
            dead = closed.getsockname()[1]
        found = devices.configured_printers(
            [f"127.0.0.1:{port}", f"127.0.0.1:{dead}", str(counter["dev"] / "usb" / "lp0"), "Office_Laser"],
            dev_root=counter["dev"])
    states = {p.name: (p.kind, p.source, p.state) for p in found}
    assert states == {f"127.0.0.1:{port}": ("escpos", "configured", "reachable"),
                      f"127.0.0.1:{dead}": ("escpos", "configured", "unreachable"),
                      str(counter["dev"] / "usb" / "lp0"): ("escpos", "configured", "ready")}
    assert devices.printer_state("") == "file"
    assert devices.printer_state(f"127.0.0.1:{dead}") == "error"
    assert devices.printer_state(str(counter["dev"] / "usb" / "lp0")) == "ok"


def test_discover_gathers_everything_and_the_json_has_the_contract_keys(counter: dict[str, Path]) -> None:
    found = devices.discover(probe_cameras=False, sys_root=counter["sys"], dev_root=counter["dev"],
                             by_id=counter["by_id"])
    data = devices.to_json(found)
    assert isinstance(data["cameras"], list) and isinstance(data["printers"], list)
    assert [c["spec"] for c in data["cameras"]] == ["0", "2"]
    assert str(counter["dev"] / "usb" / "lp0") in [p["name"] for p in data["printers"]]
    assert data["scanners"][0]["likely_scanner"] is True
    assert "HD Pro Webcam C920" in devices.to_text(found)


# --- stored choices, and the variables over them ---


def test_station_choices_are_stored_per_station_and_refused_when_wrong(shop_db: engine.Database) -> None:
    with shop_db.sessions.begin() as session:
        assert station_settings.get_choices(session, "till-1") == station_settings.StationChoices()
        station_settings.set_choice(session, "till-1", "receipt_printer", "192.168.1.50:9100")
        station_settings.set_choice(session, "till-1", "receipt_width", 58)
        station_settings.set_choice(session, "till-1", "sound", True)
        station_settings.set_choice(session, "till-2", "camera", "2")
    with shop_db.sessions.begin() as session:
        one = station_settings.get_choices(session, "till-1")
        two = station_settings.get_choices(session, "till-2")
    assert one == station_settings.StationChoices(camera="", receipt_printer="192.168.1.50:9100",
                                                  receipt_width=58, sound=True)
    assert two.camera == "2" and two.receipt_printer == ""
    with shop_db.sessions.begin() as session:
        with pytest.raises(refusals.Refused) as wrong:
            station_settings.set_choice(session, "till-1", "receipt_width", 76)
    assert wrong.value.kind is refusals.Kind.BAD_CHOICE and wrong.value.field == "receipt_width"
    assert wrong.value.choices == ("80", "58")
    with shop_db.sessions.begin() as session:
        with pytest.raises(refusals.Refused):
            station_settings.set_choice(session, "till-1", "colour", "red")


def test_variables_still_override_the_stored_choices() -> None:
    stored = station_settings.StationChoices(camera="2", receipt_printer="EPSON", receipt_width=58, sound=True)
    assert config.station_devices(stored, {}) == config.StationDevices("2", "EPSON", 58, True)
    env = {"STAMPCARD_PRINTER": "10.0.0.9:9100", "STAMPCARD_RECEIPT_WIDTH": "80", "STAMPCARD_SOUND": "off"}
    assert config.station_devices(stored, env) == config.StationDevices("2", "10.0.0.9:9100", 80, False)


def test_stampcard_devices_json(shop_db: engine.Database, db_path: Path, counter: dict[str, Path],
                                capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    with shop_db.sessions.begin() as session:
        station_settings.set_choice(session, "test-station", "receipt_printer", "127.0.0.1:9")
    monkeypatch.delenv("STAMPCARD_PRINTER", raising=False)
    assert cli.main(["devices", "--json", "--no-probe", "--db", str(db_path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert isinstance(data["cameras"], list) and isinstance(data["printers"], list)
    assert isinstance(data["scanners"], list)
    assert data["station"]["printer"] == "127.0.0.1:9"
    assert {"name": "127.0.0.1:9", "state": "unreachable"}.items() <= next(
        p for p in data["printers"] if p["name"] == "127.0.0.1:9").items()
    monkeypatch.setenv("STAMPCARD_PRINTER", "cups:Front")
    assert cli.main(["devices", "--no-probe", "--db", str(db_path)]) == 0
    assert "printer cups:Front" in capsys.readouterr().out


def test_stampcard_devices_never_creates_a_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nothing.db"
    assert cli.main(["devices", "--json", "--no-probe", "--db", str(missing)]) == 0
    assert not missing.exists()
    assert set(json.loads(capsys.readouterr().out)) >= {"cameras", "printers", "scanners"}


def test_the_devices_command_stays_quiet_with_no_camera(tmp_path: Path) -> None:
    """Probing cameras that are not there writes nothing to stderr (OpenCV's own lines are off)."""
    done = subprocess.run([sys.executable, "-m", "kiosk.cli", "devices", "--db", str(tmp_path / "x.db")],
                          capture_output=True, text=True, timeout=120, check=False,
                          env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])})
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""


# --- the owner's Devices page ---


@pytest.fixture
def owner(qtbot: Any, shop_db: engine.Database, batch: ops.BatchInfo, data_dir: Path,
          counter: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Any, Any]]:
    """The kiosk window (no camera) with the owner screen open on Devices; discovery sees ``counter``."""
    from kiosk.app import tasks
    from kiosk.app.owner import OwnerScreen, devices_page

    for name in ("STAMPCARD_PRINTER", "STAMPCARD_RECEIPT_WIDTH", "STAMPCARD_SOUND"):
        monkeypatch.delenv(name, raising=False)
    services = make_services(shop_db, data_dir)
    window = make_window(qtbot, services)
    screen = OwnerScreen(services, window, staff="owner", runner=tasks.TaskRunner(threaded=False))
    window.owner = screen
    window.stack.addWidget(screen)
    window.stack.setCurrentWidget(screen)

    def discover(configured: list[str]) -> devices.Devices:
        return devices.discover(configured=configured, probe_cameras=False, sys_root=counter["sys"],
                                dev_root=counter["dev"], by_id=counter["by_id"])

    page = screen.pages["devices"]
    assert isinstance(page, devices_page.DevicesPage)
    page.discover = discover
    screen.show_tab("devices")
    yield window, page
    page.stop_listening()
    window.shutdown()


def _rows(layout: Any) -> list[Any]:
    return [layout.itemAt(i).widget() for i in range(layout.count()) if layout.itemAt(i).widget() is not None]


def test_the_page_lists_what_is_plugged_in(owner: tuple[Any, Any]) -> None:
    _window, page = owner
    cameras = [b.text() for b in _rows(page.camera_rows)]
    assert cameras[0].startswith("0 · HD Pro Webcam C920") and cameras[1].startswith("2 · USB2.0")
    printers = [b.text() for b in _rows(page.printer_rows)]
    assert any("usb/lp0" in text for text in printers)
    assert "Honeywell" in page.scanner_list.text()


def test_choosing_a_printer_and_paper_is_stored_and_used_by_the_next_receipt(
        qtbot: Any, owner: tuple[Any, Any], shop_db: engine.Database, counter: dict[str, Path]) -> None:
    window, page = owner
    lp0 = str(counter["dev"] / "usb" / "lp0")
    page.choose_printer(lp0)
    page.width_choice.buttons["58"].click()
    with shop_db.sessions.begin() as session:
        stored = station_settings.get_choices(session, "test-kiosk")
    assert (stored.receipt_printer, stored.receipt_width) == (lp0, 58)
    assert (window.printer.printer_name, window.printer.width) == (lp0, 58)
    page.test_print_button.click()  # a real ESC/POS test receipt into the device file
    qtbot.waitUntil(lambda: not window.print_jobs.busy, timeout=10_000)  # the kiosk's print queue, off the GUI thread
    data = Path(lp0).read_bytes()
    assert data.startswith(b"\x1b@") and b"TEST" in data and "Test receipt sent" in page.banner.text()
    assert "Kav" in data.decode("cp852", errors="replace")  # the shop's name, in the shop's code page


def test_test_print_without_a_printer_saves_the_receipt_in_the_shops_language(qtbot: Any, owner: tuple[Any, Any],
                                                                             data_dir: Path) -> None:
    window, page = owner
    page.choose_printer("")
    page.test_print_button.click()
    qtbot.waitUntil(lambda: not window.print_jobs.busy, timeout=10_000)
    [saved] = list((data_dir / "receipts").glob("receipt-*-TEST.pdf"))
    assert saved.read_bytes().startswith(b"%PDF") and saved.name in page.banner.text()


def test_choosing_a_camera_switches_the_kiosk_to_it_with_a_live_preview(owner: tuple[Any, Any], qtbot: Any,
                                                                       tmp_path: Path, shop_db: engine.Database,
                                                                       batch: ops.BatchInfo) -> None:
    window, page = owner
    folder = write_camera_folder(tmp_path / "cam", batch.codes[0])
    page.choose_camera(str(folder))
    assert window.camera is not None and window.services.camera_spec == str(folder)
    qtbot.waitUntil(lambda: page.preview.pixmap() is not None and not page.preview.pixmap().isNull(), timeout=5000)
    with shop_db.sessions.begin() as session:
        assert station_settings.get_choices(session, "test-kiosk").camera == str(folder)
    page.choose_camera("none")
    assert window.camera is None and window.status.states[Part.CAMERA] == "none"


def test_scan_any_card_now_reports_the_card_and_stays_on_the_page(owner: tuple[Any, Any],
                                                                 batch: ops.BatchInfo) -> None:
    window, page = owner
    page.scan_button.click()
    assert "Scan any card now" in page.scan_result.text()
    scan_keys(window, batch.codes[0])
    number = codes.mask_number(codes.normalise_number(batch.numbers[0]))
    assert page.scan_result.text() == f"The scanner works: card {number}."
    assert window.current_screen() == "OwnerScreen" and page.listener is None


def test_the_status_strip_shows_a_printer_that_goes_away_and_comes_back(owner: tuple[Any, Any],
                                                                        counter: dict[str, Path]) -> None:
    from kiosk.app import device_watch

    window, page = owner
    lp0 = counter["dev"] / "usb" / "lp0"
    page.choose_printer(str(lp0))
    watch = device_watch.DeviceWatch(window.services, threaded=False)
    watch.printer_changed.connect(lambda state: window.status.set_state("printer", state))
    watch.timer.start()
    watch.check_now()
    assert window.status.states[Part.PRINTER] == "ok"
    lp0.unlink()  # unplugged
    watch.check_now()
    assert window.status.states[Part.PRINTER] == "error"
    assert "problem" in window.status.printer.text()
    lp0.write_bytes(b"")  # plugged in again
    watch.check_now()
    assert window.status.states[Part.PRINTER] == "ok"
    watch.stop()


def test_the_window_starts_its_device_watch_late_and_off_the_gui_thread(window: Any, qtbot: Any,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from kiosk.app import device_watch

    watch = window.device_watch
    assert watch.first_ms >= 2000 and watch.runner.threaded
    ran_on: list[int] = []
    real = device_watch.check

    def check(printer: str) -> tuple[str, bool]:  # the real check, noting the thread it runs on
        ran_on.append(threading.get_ident())
        return real(printer)

    monkeypatch.setattr(device_watch, "check", check)
    if not watch.timer.isActive():
        watch.timer.start()
    watch.check_now()
    qtbot.waitUntil(lambda: bool(ran_on) and not watch.running, timeout=10_000)
    assert ran_on and threading.get_ident() not in ran_on  # submitted by the GUI thread, run on another


def test_sound_on_off_is_stored_and_the_sound_test_plays(owner: tuple[Any, Any],
                                                          shop_db: engine.Database) -> None:
    window, page = owner
    page.sound_button.click()
    assert "Sounds are off" in page.banner.text()
    page.sound_choice.buttons["on"].click()
    with shop_db.sessions.begin() as session:
        assert station_settings.get_choices(session, "test-kiosk").sound is True
    assert window.services.devices.sound is True
    if not window.sounds.enabled:
        pytest.skip("QtMultimedia cannot load here, so the kiosk stays silent")
    page.sound_button.click()
    assert window.sounds.played[-1] == "reward" and "Playing a sound" in page.banner.text()
    page.sound_choice.buttons["off"].click()
    assert not window.sounds.enabled
