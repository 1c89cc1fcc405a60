"""Devices: this station's camera (with a live picture), receipt printer and paper, a test print,
a scanner test and a sound test.

What is plugged in is found by ``kiosk.devices.discover`` off the GUI thread
(``kiosk.app.tasks.TaskRunner``), every time the page is opened or "Search
again" is pressed. Each choice is stored for this station at once
(``db.station.set_choice``, one transaction) and applied at once: the kiosk
switches to the chosen camera, and the next receipt goes to the chosen
printer. ``STAMPCARD_PRINTER`` and the other variables still override a
stored choice (``kiosk.config.station_devices``); the page says so when they do.

The scanner test listens for one keyboard-wedge burst with its own
``cards.wedge.WedgeParser`` on an application event filter installed after
the window's (Qt asks the newest filter first), so the scan is reported here
and never opens the card screen.
"""

from __future__ import annotations

import functools
import logging
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QImage, QKeyEvent, QPixmap, QWindow
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from cards import codes, refusals, wedge
from db import station as station_settings
from kiosk import config, devices, workflows
from kiosk.app import refusal_text, sounds, tasks, theme
from kiosk.app.owner import common
from printing import deliver, model
from kiosk.app.services import Services

log = logging.getLogger(__name__)
NO_CAMERA = "none"


def sample_receipt(services: Services) -> model.ReceiptData:
    """A short receipt in the shop's language: the shop, the station, the time, the complaint contacts."""
    shop = services.shop()
    return model.ReceiptData(
        shop=workflows.sheet_shop(shop),
        when=services.local(), station=services.station, number="", action=model.Action.STATUS,
        stamps=0, stamps_required=0, tier="", reference="TEST")


def print_test(services: Services, printer: str, width: int) -> str:
    """Print (or save, without a printer) the test receipt; the printer's name or the file's path."""
    delivery = deliver.deliver_receipt(sample_receipt(services), printer=printer or None,
                                       out_dir=services.receipts_dir, width=width)
    return str(delivery.path or delivery.printer)


class _ScanListener(QObject):
    """Catches one scanner burst anywhere in the application while the scanner test runs."""

    def __init__(self, secret: codes.Secrets, on_code: Callable[[str], None], parent: QObject) -> None:
        super().__init__(parent)
        self.parser = wedge.WedgeParser(secret=secret)
        self.on_code = on_code

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() != QEvent.Type.KeyPress or not isinstance(watched, QWindow):
            return False
        assert isinstance(event, QKeyEvent)
        key = event.key()
        text = "\n" if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) else event.text()
        stamp = event.timestamp() / 1000.0 if event.timestamp() else time.monotonic()
        for ch in text:
            code = self.parser.feed(ch, stamp)
            if code:
                self.on_code(code)
        return True  # the test owns the keys: no card screen, no typing into fields


class DevicesPage(common.Page):
    """The owner's Devices screen (see the module docstring)."""

    def __init__(self, services: Services, metrics: theme.Metrics, runner: tasks.TaskRunner | None = None,
                 parent: QWidget | None = None,
                 discover: Callable[[list[str]], devices.Devices] | None = None) -> None:
        super().__init__(services, metrics, parent)
        m = metrics
        self.runner = runner or tasks.TaskRunner(self)
        self.discover = discover or (lambda configured: devices.discover(configured=configured,
                                                                          probe_cameras=False))
        self.found: devices.Devices | None = None
        self.searching = False
        self.listener: _ScanListener | None = None
        self._preview_source: Any = None

        self.camera_head = theme.label("", "FieldLabel")
        self.camera_rows = QVBoxLayout()
        self.camera_rows.setSpacing(m.gap // 2)
        self.preview = QLabel()
        self.preview.setObjectName("DevicePreview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setFixedHeight(m.preview)
        self.preview.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.preview.setStyleSheet(f"background: #1b2630; color: white; border-radius: {m.pad}px;"
                                   f" font-size: {m.small}px;")

        self.printer_head = theme.label("", "FieldLabel")
        self.printer_rows = QVBoxLayout()
        self.printer_rows.setSpacing(m.gap // 2)
        self.width_choice = common.Segmented([("80", "80 mm"), ("58", "58 mm")])
        self.width_choice.chosen.connect(self.on_width_chosen)
        self.test_print_button = theme.button("", "Primary", on_click=self.on_test_print_clicked)
        self.override_note = theme.label("", "Hint")

        self.scanner_head = theme.label("", "FieldLabel")
        self.scanner_list = theme.label("", "Hint")
        self.scan_button = theme.button("", on_click=self.on_scan_clicked)
        self.scan_result = theme.label("", "Hint")

        self.sound_head = theme.label("", "FieldLabel")
        self.sound_choice = common.Segmented([("on", ""), ("off", "")])
        self.sound_choice.chosen.connect(self.on_sound_chosen)
        self.sound_button = theme.button("", on_click=self.on_sound_clicked)

        self.search_button = theme.button("", on_click=self.refresh)
        self.searching_note = theme.label("", "Hint")

        printer_tools = QHBoxLayout()
        printer_tools.setSpacing(m.gap)
        printer_tools.addWidget(self.width_choice, 2)
        printer_tools.addWidget(self.test_print_button, 1)
        sound_tools = QHBoxLayout()
        sound_tools.setSpacing(m.gap)
        sound_tools.addWidget(self.sound_choice, 2)
        sound_tools.addWidget(self.sound_button, 1)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.search_button)

        box = self.frame()
        box.addLayout(head)
        box.addWidget(self.banner)
        box.addWidget(common.scroll_column(
            m.gap, self.searching_note, self.camera_head, self.camera_rows, self.preview,
            self.printer_head, self.printer_rows, printer_tools, self.override_note,
            self.scanner_head, self.scanner_list, self.scan_button, self.scan_result,
            self.sound_head, sound_tools, spacing=m.gap), 1)
        self.retranslate()

    # --- texts ---

    def retranslate(self) -> None:
        self.title.setText(self.tr("Devices"))
        self.camera_head.setText(self.tr("Camera"))
        self.printer_head.setText(self.tr("Receipt printer and paper"))
        self.test_print_button.setText(self.tr("Test print"))
        self.scanner_head.setText(self.tr("Scanner"))
        self.scan_button.setText(self.tr("Scan any card now") if self.listener is None else self.tr("Stop"))
        self.sound_head.setText(self.tr("Sound"))
        self.sound_choice.set_texts({"on": self.tr("Sounds on"), "off": self.tr("Sounds off")})
        self.sound_button.setText(self.tr("Play a sound"))
        self.search_button.setText(self.tr("Search again"))
        self._show_found()

    # --- finding devices ---

    def refresh(self) -> None:
        """Look for devices off the GUI thread; the page fills in when they are found."""
        self._connect_preview()
        if self.searching:
            return
        self.searching = True
        self.searching_note.setText(self.tr("Looking for devices…"))
        self.searching_note.show()
        printer = self.services.devices.printer
        self.runner.run(lambda progress: self.discover([printer] if printer else []), self.on_found,
                        self.on_search_failed)

    def on_found(self, found: devices.Devices) -> None:
        self.searching = False
        self.found = found
        self.searching_note.hide()
        self._show_found()

    def on_search_failed(self, exc: BaseException) -> None:
        self.searching = False
        log.warning("device search failed: %s", exc, exc_info=exc)  # the system's words stay in the log
        filename = exc.filename if isinstance(exc, OSError) else None
        why = (self.tr("%1 cannot be read.").replace("%1", str(filename)) if filename
               else self.tr("The details are in the log."))
        self.searching_note.setText(self.tr("Could not look for devices.") + " " + why)

    def choices(self) -> station_settings.StationChoices:
        with self.services.session() as session:
            return station_settings.get_choices(session, self.services.station)

    def _show_found(self) -> None:
        found = self.found or devices.Devices()
        stored = self.choices()
        current_camera = str(self.services.camera_spec) if self.services.camera_spec is not None else NO_CAMERA
        common.clear_layout(self.camera_rows)
        for camera in found.cameras:
            text = f"{camera.spec} · {camera.name}" + (f"  ({camera.resolution})" if camera.resolution else "")
            self._row(self.camera_rows, text, camera.spec == current_camera,
                      functools.partial(self.choose_camera, camera.spec))
        if current_camera != NO_CAMERA and current_camera not in {c.spec for c in found.cameras}:
            self._row(self.camera_rows, self.tr("In use: %1").replace("%1", current_camera), True,
                      functools.partial(self.choose_camera, current_camera))
        self._row(self.camera_rows, self.tr("No camera (scanner or typing only)"), current_camera == NO_CAMERA,
                  functools.partial(self.choose_camera, NO_CAMERA))

        chosen = self.services.devices.printer
        common.clear_layout(self.printer_rows)
        for printer in found.printers:
            flags = [self.tr("default")] if printer.default else []
            if printer.state in ("unreachable", "missing"):
                flags.append(self.tr("not answering"))
            text = printer.name + (f"  ({', '.join(flags)})" if flags else "")
            self._row(self.printer_rows, text, printer.name == chosen,
                      functools.partial(self.choose_printer, printer.name))
        if chosen and chosen not in {p.name for p in found.printers}:
            self._row(self.printer_rows, chosen, True, functools.partial(self.choose_printer, chosen))
        self._row(self.printer_rows, self.tr("No printer: save receipts as files"), not chosen,
                  functools.partial(self.choose_printer, ""))
        self.width_choice.set_current(str(self.services.devices.receipt_width))
        overrides = [name for name in ("STAMPCARD_PRINTER", "STAMPCARD_RECEIPT_WIDTH", "STAMPCARD_SOUND")
                     if os.environ.get(name, "").strip()]
        self.override_note.setText(self.tr("Set on this computer, and stronger than the choices here: %1")
                                   .replace("%1", ", ".join(overrides)) if overrides else "")
        self.override_note.setVisible(bool(overrides))
        if stored.receipt_printer != chosen and not overrides:
            log.debug("stored printer %r, in use %r", stored.receipt_printer, chosen)

        names = [s.name + ("" if s.likely_scanner else " " + self.tr("(keyboard)")) for s in found.scanners]
        self.scanner_list.setText(self.tr("Found: %1").replace("%1", ", ".join(names)) if names else
                                  self.tr("No scanner is named by the system. A scanner that types like a "
                                          "keyboard still works: test it below."))
        self.sound_choice.set_current("on" if self.services.devices.sound else "off")

    def _row(self, rows: QVBoxLayout, text: str, checked: bool, on_click: Callable[[], None]) -> None:
        item = common.row_button(text, on_click, checkable=True)
        item.setChecked(checked)
        rows.addWidget(item)

    # --- choosing ---

    def _store(self, key: str, value: str | int | bool) -> bool:
        try:
            with self.services.session() as session:
                choices = station_settings.set_choice(session, self.services.station, key, value)
        except refusals.Refused as exc:
            self.banner.show_error(exc)
            return False
        self.services.devices = config.station_devices(choices)
        return True

    def choose_camera(self, spec: str) -> None:
        """Use camera ``spec`` (a device index, ``none``, or a video or folder) from now on, and store it."""
        if not self._store("camera", spec):
            return
        self.services.camera_spec = None if spec == NO_CAMERA else spec
        host = self.window()
        switch = getattr(host, "switch_camera", None)
        if callable(switch):
            switch(self.services.camera_spec)
        self._connect_preview()
        self.banner.show_message(self.tr("Camera chosen. Hold a card in front of it to see it here.")
                                 if spec != NO_CAMERA else self.tr("No camera: cards are scanned or typed."))
        self._show_found()

    def choose_printer(self, name: str) -> None:
        """Send receipts to ``name`` ("" saves them as files) from now on, and store it."""
        if not self._store("receipt_printer", name):
            return
        self.banner.show_message(self.tr("Receipts go to %1.").replace("%1", self.services.devices.printer)
                                 if self.services.devices.printer else self.tr("Receipts are saved as files."))
        self._show_found()

    def on_width_chosen(self, key: str) -> None:
        if self._store("receipt_width", int(key)):
            self.banner.show_message(self.tr("Paper: %1 mm.").replace("%1", str(self.services.devices.receipt_width)))

    def on_sound_chosen(self, key: str) -> None:
        """Sounds on or off at this station, stored and applied at once (a variable still overrides)."""
        if not self._store("sound", key == "on"):
            return
        host = self.window()
        current = getattr(host, "sounds", None)
        if current is not None and current.enabled != self.services.devices.sound:
            host.sounds = sounds.Sounds(enabled=self.services.devices.sound)  # type: ignore[attr-defined]
        self.sound_choice.set_current("on" if self.services.devices.sound else "off")

    # --- preview ---

    def _connect_preview(self) -> None:
        camera = getattr(self.window(), "camera", None)
        if camera is self._preview_source:
            return
        if self._preview_source is not None:
            try:
                self._preview_source.preview_ready.disconnect(self.on_preview)
            except (RuntimeError, TypeError):
                pass
        self._preview_source = camera
        if camera is not None:
            camera.preview_ready.connect(self.on_preview)
            self.preview.setText(self.tr("Starting the camera…"))
        else:
            self.preview.setPixmap(QPixmap())
            self.preview.setText(self.tr("No camera picture"))

    def on_preview(self, image: QImage) -> None:
        if not self.isVisible():
            return
        size = self.preview.size()
        self.preview.setPixmap(QPixmap.fromImage(image).scaled(size, Qt.AspectRatioMode.KeepAspectRatio,
                                                               Qt.TransformationMode.FastTransformation))

    # --- tests ---

    def on_test_print_clicked(self) -> None:
        printer, width = self.services.devices.printer, self.services.devices.receipt_width
        self.test_print_button.setEnabled(False)
        self.banner.show_message(self.tr("Printing a test receipt…"), "busy")
        jobs = getattr(self.window(), "print_jobs", None)  # the kiosk's one print queue: after the receipts
        if jobs is not None:
            jobs.submit("test", sample_receipt(self.services), printer=printer, width=width,
                        on_done=lambda outcome: (self.on_test_print_failed(outcome.error) if outcome.error is not None
                                                 else self.on_test_printed(outcome.where)))
            return
        self.runner.run(lambda progress: print_test(self.services, printer, width), self.on_test_printed,
                        self.on_test_print_failed)

    def on_test_printed(self, where: str) -> None:
        self.test_print_button.setEnabled(True)
        if self.services.devices.printer:
            self.banner.show_message(self.tr("Test receipt sent to %1.").replace("%1", where))
        else:
            self.banner.show_message(self.tr("No printer chosen: the test receipt was saved as %1")
                                     .replace("%1", Path(where).name))

    def on_test_print_failed(self, exc: BaseException) -> None:
        self.test_print_button.setEnabled(True)
        why = refusal_text.printing_reason(exc) or " ".join(str(exc).split()) or type(exc).__name__
        self.banner.show_message(self.tr("The test print failed: %1").replace("%1", why), "error")

    def on_scan_clicked(self) -> None:
        if self.listener is not None:
            self.stop_listening()
            self.scan_result.setText("")
            return
        app = QApplication.instance()
        if app is None:
            return
        self.listener = _ScanListener(self.services.signing_secrets(), self.on_scanned, self)
        app.installEventFilter(self.listener)
        self.scan_result.setText(self.tr("Scan any card now…"))
        self.retranslate()

    def stop_listening(self) -> None:
        app = QApplication.instance()
        if self.listener is not None and app is not None:
            app.removeEventFilter(self.listener)
        self.listener = None
        self.scan_button.setText(self.tr("Scan any card now"))

    def on_scanned(self, code: str) -> None:
        """Say what the scanner read: one of our cards (by its masked number), or something else."""
        self.stop_listening()
        try:
            parsed = codes.parse_code(code, self.services.signing_secrets())
        except refusals.Refused:
            self.scan_result.setText(self.tr("The scanner works, but this code is not one of this shop's cards."))
            return
        self.scan_result.setText(self.tr("The scanner works: card %1.")
                                 .replace("%1", codes.mask_number(parsed.number)))

    def on_sound_clicked(self) -> None:
        player = getattr(self.window(), "sounds", None)
        if player is None or not player.enabled:
            self.banner.show_message(self.tr("Sounds are off at this station. Turn them on first."))
            return
        player.play("reward")
        self.banner.show_message(self.tr("Playing a sound. Nothing heard? Check the volume and the speaker."))

    def hideEvent(self, event: Any) -> None:  # noqa: N802
        self.stop_listening()
        super().hideEvent(event)
