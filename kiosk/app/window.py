"""The kiosk's main window: the screens in a stack, the status strip, and the edges.

* Screens: setup wizard (first run), idle, card-number entry, card, complaint,
  message, owner PIN, and the owner screens (``kiosk.app.owner``).
* The window only arranges: scanner keys (``kiosk.app.scanner_input``), the
  camera (``kiosk.app.camera_host``) and printing (``kiosk.app.printer``, off the
  GUI thread) live in their own modules; the window connects them to the screens.
* A USB keyboard-wedge scanner works from any screen without focusing a field
  (``scanner_input.ScannerInput``); a finished burst shows that card, or fills the
  search of the owner page that asks for a card, or waits while someone types.
* Untouched screens go back to idle after their ``idle_timeout_ms`` (card: 20 s).
* The error edge: an unexpected exception is logged with its traceback to
  ``<data_dir>/logs/kiosk.log``, the screen says "please ask staff" and the
  kiosk returns to idle. Expected refusals are plain sentences, never tracebacks.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QResizeEvent
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLayout, QStackedWidget, QVBoxLayout, QWidget

from cards import clock
from cards import refusals
from db import chain_station, errors, files, ops
from kiosk import first_scan
from kiosk.app.status import Part, Shown
from kiosk.app import backups, journal, refusal_text, printer, sounds, theme
from kiosk.app import chain_worker, device_watch, tasks
from kiosk.app import camera_host, scanner_input
from kiosk.app.camera_worker import CameraController
from kiosk.app.screens import card as card_screen
from kiosk.app.screens import complaint as complaint_screen
from kiosk.app.screens import idle as idle_screen
from kiosk.app.screens.pin import PinScreen
from kiosk.app.screens import wizard as wizard_screen
from kiosk.app.services import Services

if TYPE_CHECKING:  # the owner screens are imported when the owner PIN opens them
    from kiosk.app.owner.screen import OwnerScreen

log = logging.getLogger(__name__)


class StatusStrip(QWidget):
    """A thin strip at the bottom: camera, printer, database, station, clock."""

    def __init__(self, station: str, parent: QWidget | None = None, *,
                 wall: Callable[[], dt.datetime]) -> None:
        super().__init__(parent)
        self.setObjectName("status_strip")
        self.wall = wall  # the shop's wall time (Services.local), never the machine's zone
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        row = QHBoxLayout(self)
        row.setContentsMargins(theme.mm(4), theme.mm(1), theme.mm(4), theme.mm(1))
        row.setSpacing(theme.mm(6))
        self.camera = theme.label("", wrap=False, name="status_camera")
        self.printer = theme.label("", wrap=False, name="status_printer")
        self.database = theme.label("", wrap=False, name="status_database")
        self.scanner = theme.label("", wrap=False, name="status_scanner")  # shown once a scanner was seen
        self.chain = theme.label("", wrap=False, name="status_chain")  # a chain station's sync (chain_worker)
        self.station = theme.label(station, wrap=False, name="status_station")
        self.clock = theme.label("", wrap=False, name="status_clock")
        for w in (self.camera, self.printer, self.database, self.scanner, self.chain):
            row.addWidget(w)
        self.chain.hide()
        row.addStretch(1)
        row.addWidget(self.station)
        row.addWidget(self.clock)
        self.states: dict[Part, Shown] = {Part.CAMERA: Shown.STARTING, Part.PRINTER: Shown.FILE,
                                          Part.DATABASE: Shown.OK, Part.SCANNER: Shown.NONE}
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.tick)
        self._timer.start(10_000)
        self.tick()
        self.retranslate()

    def tick(self) -> None:
        self.clock.setText(clock.time_text(self.wall()))

    def set_chain(self, text: str) -> None:
        """Show the chain's sync state ("Chain: synced 3 s ago")."""
        self.chain.setText(text)
        self.chain.setVisible(bool(text))

    def set_state(self, what: Part, state: Shown) -> None:
        self.states[what] = state
        self.retranslate()

    def retranslate(self) -> None:
        camera = {Shown.OK: self.tr("Camera ● on"), Shown.STARTING: self.tr("Camera ○ starting"),
                  Shown.NONE: self.tr("Camera ○ none"), Shown.LOST: self.tr("Camera ✕ not working")}
        printer_ = {Shown.OK: self.tr("Printer ● ready"), Shown.FILE: self.tr("Printer ○ saves to files"),
                    Shown.ERROR: self.tr("Printer ✕ problem")}
        database = {Shown.OK: self.tr("Database ● ok"), Shown.ERROR: self.tr("Database ✕ problem")}
        scanner = {Shown.OK: self.tr("Scanner ● on"), Shown.LOST: self.tr("Scanner ✕ unplugged")}
        self.camera.setText(camera.get(self.states[Part.CAMERA], ""))
        self.printer.setText(printer_.get(self.states[Part.PRINTER], ""))
        self.database.setText(database.get(self.states[Part.DATABASE], ""))
        self.scanner.setText(scanner.get(self.states[Part.SCANNER], ""))
        self.scanner.setVisible(self.states[Part.SCANNER] in scanner)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class MainWindow(QWidget):
    """The whole kiosk (see the module docstring)."""

    screen_changed = Signal(str)
    card_shown = Signal(str)
    receipt_saved = Signal(str)

    def __init__(self, services: Services, *, start_camera: bool = True, source_factory: Any = None,
                 start_later: bool = False) -> None:
        """``start_later``: the camera thread and the background checks wait for :meth:`start_background`
        (``kiosk.app.main`` calls it after the first paint, so the idle screen shows first)."""
        super().__init__()
        self.setObjectName("main_window")
        self.setWindowTitle("stampcard")
        self.services = services
        self.sounds = sounds.Sounds(enabled=services.sound)
        self.printer = printer.Printer(services)
        self.print_jobs = printer.PrintJobs(self.printer, self)  # off the GUI thread
        self._compact: bool | None = None
        self.last_error = ""

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        # The window is the screen: no screen, page or picture may make it grow (a layout's
        # minimum size would otherwise become the window's). Screens fit into what they get.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.stack = QStackedWidget()
        layout.addWidget(self.stack, 1)
        self.status = StatusStrip(services.station, wall=services.local)
        layout.addWidget(self.status)

        self.idle = idle_screen.IdleScreen()
        self.entry = idle_screen.EntryScreen()
        self.message = idle_screen.MessageScreen()
        self.card = card_screen.CardScreen(services)
        self.complaint = complaint_screen.ComplaintScreen(services)
        self.pin = PinScreen(services)
        self.wizard: wizard_screen.WizardScreen | None = None
        self.owner: OwnerScreen | None = None
        for screen in (self.idle, self.entry, self.message, self.card, self.complaint, self.pin):
            self.stack.addWidget(screen)

        self.idle.complaint_requested.connect(self.show_complaint)
        self.idle.entry_requested.connect(self.show_entry)
        self.idle.owner_requested.connect(self.open_owner)
        self.idle.sign_out_requested.connect(self.sign_out)
        self.entry.submitted.connect(self.on_entry_submitted)
        self.entry.cancelled.connect(self.show_idle)
        self.message.dismissed.connect(self.show_idle)
        self.message.action_requested.connect(self.on_message_action)
        self.card.done.connect(self.show_idle)
        self.card.refused.connect(lambda kind, _s: self.sounds.play("refused"))
        self.card.changed.connect(self.on_card_changed)
        self.card.celebrated.connect(lambda: self.sounds.play("reward"))
        self.card.receipt_requested.connect(self.print_receipt)
        self.complaint.closed.connect(self.on_complaint_closed)
        self.complaint.slip_requested.connect(self.print_complaint_slip)
        self.pin.accepted.connect(self.on_pin_accepted)
        self._after_pin: Callable[[str], None] | None = None  # what the PIN screen opens once accepted
        self.waiting_code = ""  # a card scanned while someone typed: shown when they finish
        self._lost_card = ""  # a void or blocked card whose balance the owner asked to see and move
        self.pin.cancelled.connect(self.on_pin_cancelled)
        services.signals.settings_changed.connect(self.on_settings_changed)

        self.idle_timer = QTimer(self)
        self.idle_timer.setSingleShot(True)
        self.idle_timer.timeout.connect(self.on_idle_timeout)
        self.stack.currentChanged.connect(self.on_screen_changed)

        self.scanner = scanner_input.ScannerInput(self)  # keys: the wedge scanner's and a person's
        self.scanner.code_scanned.connect(self.show_card)
        self.scanner.activity.connect(self.on_activity)

        self.camera_host = camera_host.CameraHost(decoder=services.decoder, source_factory=source_factory, parent=self)
        self.camera_host.code_scanned.connect(self.on_camera_code_scanned)
        self.camera_host.preview_ready.connect(self.idle.set_preview)
        self.camera_host.state_changed.connect(self.on_camera_state)
        self.camera_host.use(services.camera_spec if start_camera else None, start=False)
        self.status.set_state(Part.PRINTER, self.printer.state())

        self.db_timer = QTimer(self)
        self.db_timer.timeout.connect(self.check_database)
        self.db_timer.start(60_000)
        self.backups = backups.BackupScheduler(services, parent=self)
        self.device_watch = device_watch.DeviceWatch(services, parent=self)  # printer, scanner: off the GUI thread
        self.device_watch.printer_changed.connect(lambda state: self.status.set_state(Part.PRINTER, Shown(state)))
        self.device_watch.scanner_changed.connect(lambda state: self.status.set_state(Part.SCANNER, Shown(state)))
        self.chain = chain_worker.ChainWorker(services, parent=self)  # a chain station syncs in the background
        self.chain.status_changed.connect(self.status.set_chain)
        self.chain.synced.connect(self.on_synced)
        self.fetches = tasks.TaskRunner(self)  # a card never seen at this chain station: fetched off the GUI thread
        self.fetching = ""  # the code whose card is being fetched from the hub ("" when none is)

        self.scanner.install()
        if services.is_initialised():
            self._load_shop()
            self.show_idle()
        else:
            self.show_wizard()
        self.apply_theme()
        self._background = "waiting"  # waiting | started | stopped
        if not start_later:
            self.start_background()

    def start_background(self) -> None:
        """Start the camera thread (it loads OpenCV), the daily backups and messages, the device watch and a
        chain station's sync. Once; never after :meth:`shutdown`.

        First the leftovers of a kiosk that was killed while it saved a receipt (``receipts/.NAME.PID.partial``
        whose process is gone) are swept, so none waits for the next receipt saved there."""
        if self._background != "waiting":
            return
        self._background = "started"
        swept = files.sweep(self.services.receipts_dir)
        if swept:
            log.info("swept %d unfinished receipt file(s) a killed kiosk left in %s", len(swept),
                     self.services.receipts_dir)
        self.camera_host.start()
        self.backups.start()
        self.device_watch.start()
        self.chain.start()

    # --- look ---

    def apply_theme(self, force: bool = False) -> None:
        compact = theme.is_compact(self.width(), self.height())
        if force or compact != self._compact:
            self._compact = compact
            self.setStyleSheet(theme.stylesheet(compact))
            self.ensurePolished()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        self.apply_theme()
        super().resizeEvent(event)

    # --- navigation ---

    def _switch(self, screen: QWidget) -> None:
        if self.stack.currentWidget() is not screen:
            self.stack.setCurrentWidget(screen)
        else:
            self.on_screen_changed(self.stack.currentIndex())

    def on_screen_changed(self, _index: int) -> None:
        screen = self.stack.currentWidget()
        timeout = int(getattr(screen, "idle_timeout_ms", 0) or 0)
        if timeout:
            self.idle_timer.start(timeout)
        else:
            self.idle_timer.stop()
        self.scanner.reset()
        self.screen_changed.emit(screen.objectName() if screen is not None else "")

    def current_screen(self) -> str:
        screen = self.stack.currentWidget()
        return screen.objectName() if screen is not None else ""

    def show_idle(self) -> None:
        """Back to the customer-facing idle screen."""
        if self.wizard is not None and self.stack.currentWidget() is self.wizard:
            return
        self.idle.set_signed_in(self.services.staff if self.services.cashier_pin else "")
        self._switch(self.idle)

    def sign_out(self) -> None:
        """End the cashier's shift at this station: the next stamp asks for a PIN again."""
        self.services.staff = ""
        self.idle.set_signed_in("")

    def show_entry(self) -> None:
        self.entry.reset()
        self._switch(self.entry)

    def show_complaint(self, card_code: str = "") -> None:
        language = self.services.shop().language if self._has_shop() else "en"
        self.complaint.reset(card_code if isinstance(card_code, str) else "", language)
        self._switch(self.complaint)

    def show_message(self, headline: str, text: str = "", *, error: bool = True, action: str = "") -> None:
        self.message.show_message(headline, text, error=error, action=action)
        self._switch(self.message)

    def show_wizard(self) -> None:
        if self.wizard is None:
            self.wizard = wizard_screen.WizardScreen(self.services)
            self.wizard.finished.connect(self.on_wizard_finished)
            self.wizard.language_chosen.connect(self.install_language)
            self.stack.addWidget(self.wizard)
        self._switch(self.wizard)

    def on_wizard_finished(self) -> None:
        wizard, self.wizard = self.wizard, None
        self._load_shop()
        self.show_idle()
        if wizard is not None:
            self.stack.removeWidget(wizard)
            wizard.deleteLater()

    def _has_shop(self) -> bool:
        return self.scanner.ready

    def _load_shop(self) -> None:
        shop = self.services.shop()
        self.idle.set_shop(shop.name, shop.phone, shop.email, shop.url)
        self.services.forget_keys()  # a rotation (`stampcard secret rotate`) is seen when the shop is read again
        self.scanner.set_secret(self.services.signing_secrets())
        self.install_language(shop.language)

    def install_language(self, code: str) -> None:
        from kiosk.app import i18n

        try:
            i18n.install_language(QApplication.instance(), code)
        except Exception:
            log.exception("could not install language %s", code)

    def on_synced(self, outcome: chain_worker.Outcome) -> None:
        """After a sync: the shop's signing keys may have changed (the owner rotated them on the hub), so the
        scanner checks bursts against the keys now held (one small read, after each sync only)."""
        if self.scanner.ready and outcome.ok:
            self.services.forget_keys()
            self.scanner.set_secret(self.services.signing_secrets())

    def on_settings_changed(self) -> None:
        if self.services.is_initialised():
            self._load_shop()

    # --- cards ---

    def show_card(self, code: str, *, fetch: bool = True) -> None:
        """Look a scanned or typed code up (a first scan activates the card) and show it.

        At a chain station a card never seen here (a signed code, or a typed number) is
        first fetched from the hub on the task runner (``kiosk.first_scan``): the GUI
        thread never waits on the network, and the card is shown once the fetch is done
        (or has given up, at most ``hub_io.FETCH_TIMEOUT_S``: then as a card not heard
        of yet, as offline; a typed number the hub does not know is refused as unknown).
        """
        if not self._has_shop():
            return
        code = code.strip()
        if self.fetching:
            return  # the same card again while it is fetched (the camera repeats), or another one: one at a time
        if self.stack.currentWidget() is self.card and self.card.friend.take(code):
            return  # the friend's new card, for "Bring a friend"
        services = self.services
        if self._typing():
            if not self._owner_page_takes(code):
                self.wait_with(code)
            return
        if services.cashier_pin and not services.staff:
            self.ask_pin("cashier", lambda name: self._signed_in(name, code))
            return
        try:
            if fetch:
                with chain_station.fetching(), services.session() as session:
                    result = ops.scan(session, code, now=services.now(), station=services.station)
            else:
                with services.session() as session:
                    result = ops.scan(session, code, now=services.now(), station=services.station)
        except chain_station.Unheard as unheard:
            self.fetch_card(code, unheard.number)
            return
        except refusals.Refused as exc:
            self.on_refused(exc, code)
            return
        self.status.set_state(Part.DATABASE, Shown.OK)
        self.sounds.play("scan")
        journal.act("scan", station=services.station, number=result.card.number, stamps=result.card.stamps,
                    activated="yes" if result.activated else "")
        self.card.show_result(code, result)
        self._switch(self.card)
        self.card_shown.emit(code)

    def fetch_card(self, code: str, number: str) -> None:
        """Fetch a card never seen at this chain station from the hub, off the GUI thread; then show it."""
        self.fetching = code
        database, hub = self.services.database, self.chain.hub
        self.fetches.run(lambda _progress: first_scan.fetch(database, number, hub),
                         lambda _outcome: self.on_card_fetched(code), lambda exc: self.on_fetch_failed(code, exc))

    def on_fetch_failed(self, code: str, exc: BaseException) -> None:
        """A fault here while applying the fetched card (the hub's faults are outcomes, not errors): logged, and
        the card is shown as this database has it."""
        log.warning("could not fetch the card of %s", code, exc_info=exc)
        self.on_card_fetched(code)

    def on_card_fetched(self, code: str) -> None:
        """The fetch is done (the card is here) or gave up (it is shown as not heard of yet): show it."""
        self.fetching = ""
        self.show_card(code, fetch=False)

    def on_refused(self, exc: refusals.Refused, code: str) -> None:
        sentence = refusal_text.sentence(exc)
        journal.act("refused", station=self.services.station, number=exc.number, kind=exc.kind.value)
        self.sounds.play("refused")
        if self.stack.currentWidget() is self.entry and exc.kind in (
                refusals.Kind.BAD_CHECK, refusals.Kind.NOT_OURS, refusals.Kind.DAMAGED, refusals.Kind.UNKNOWN_CARD):
            self.entry.show_error(sentence)
            return
        if exc.kind in (refusals.Kind.VOID, refusals.Kind.BLOCKED) and exc.number:
            self._lost_card = exc.number
            self.show_message(sentence, action=self.tr("Staff: see the stamps and move them"))
            return
        self.show_message(sentence)

    def on_message_action(self) -> None:
        """From a void or blocked card's message: after the owner PIN, its balance and a transfer."""
        number, self._lost_card = self._lost_card, ""
        if not number:
            self.open_owner()
        elif self._has_shop():
            self.ask_pin("owner", lambda name: self.open_owner_screens(name, transfer=number))

    def _typing(self) -> bool:
        """True while someone types on a screen a card must not interrupt (the complaint form, the owner's)."""
        screen = self.stack.currentWidget()
        if screen is self.complaint:
            return self.complaint.pages.currentIndex() == 0
        return self.owner is not None and screen is self.owner

    def _owner_page_takes(self, code: str) -> bool:
        """Give a scanned card to the owner page in view when it asks for one (the Cards page fills its
        search with it); False when no page took it."""
        if self.owner is None or self.stack.currentWidget() is not self.owner:
            return False
        take = getattr(self.owner.pages.get(self.owner.current), "take_card", None)
        return bool(take is not None and take(code))

    def wait_with(self, code: str) -> None:
        """Keep a scanned card until the typing is done, and say on screen that it waits."""
        self.waiting_code = code
        if self.stack.currentWidget() is self.complaint:
            self.complaint.show_waiting(True)
        elif self.owner is not None:
            page = self.owner.pages[self.owner.current]
            page.banner.show_message(self.tr("A card is waiting: it shows when you close the owner screens."))

    def show_waiting_card(self) -> None:
        """Show the card that waited, if one did."""
        code, self.waiting_code = self.waiting_code, ""
        if code:
            self.show_card(code)

    def on_complaint_closed(self) -> None:
        self.complaint.show_waiting(False)
        self.show_idle()
        self.show_waiting_card()

    def on_entry_submitted(self, text: str) -> None:
        self.show_card(text)

    def on_camera_code_scanned(self, code: str) -> None:
        screen = self.stack.currentWidget()
        if self._typing() and self._has_shop():
            if code != self.waiting_code and not self._owner_page_takes(code):
                self.wait_with(code)
            return
        if screen in (self.idle, self.card, self.message, self.entry):
            if screen is self.card and self.card.code == code:
                return
            if self.card.question.isVisible() or self.card.picker.isVisible():
                return
            self.show_card(code)

    def on_card_changed(self, result: ops.OpResult) -> None:
        self.status.set_state(Part.DATABASE, Shown.OK)
        self.sounds.play("stamp")

    # --- camera ---

    @property
    def camera(self) -> CameraController | None:
        """The camera in use (None: no camera)."""
        return self.camera_host.controller

    def on_camera_state(self, state: str) -> None:
        self.idle.set_camera_state(state)
        self.status.set_state(Part.CAMERA, Shown(state))

    def switch_camera(self, spec: Any) -> CameraController | None:
        """Use another camera (the owner's Devices page) without a restart; None turns the camera off."""
        return self.camera_host.use(spec)

    # --- printing ---

    def print_receipt(self, result: ops.OpResult) -> None:
        """Print (or save) a receipt in the background; a printer failure is one line and never undoes anything."""
        code = self.card.code

        def tell(text: str, error: bool) -> None:  # only on the card it is about, if that is still shown
            if self.stack.currentWidget() is self.card and self.card.code == code:
                self.card.say(text, error=error)

        self._print("receipt", lambda: self.printer.receipt_data(result), result.card.number, tell)

    def print_complaint_slip(self, complaint: ops.ComplaintView) -> None:
        def tell(text: str, error: bool) -> None:
            if self.complaint.complaint is complaint:
                self.complaint.show_slip_status(text, error=error)

        self._print("slip", lambda: self.printer.slip_data(complaint), complaint.card, tell)

    def _print(self, document: str, build: Callable[[], Any], number: str,
               tell: Callable[[str, bool], None]) -> None:
        """The counter's one way to print: what the document says is read now, the printer is
        spoken to by ``self.print_jobs`` off the GUI thread, and ``tell`` says how it went."""
        try:
            data = build()
        except Exception as exc:  # noqa: BLE001 - printing must never take the kiosk down
            self._printed(printer.Outcome(document, number, error=exc), tell)
            return
        self.print_jobs.submit(document, data, number=number,
                               on_done=lambda outcome: self._printed(outcome, tell))

    def _printed(self, outcome: printer.Outcome, tell: Callable[[str, bool], None]) -> None:
        if outcome.error is not None:
            exc = outcome.error
            journal.act("printer_failed", station=self.services.station, number=outcome.number,
                        document="complaint slip" if outcome.document == "slip" else outcome.document,
                        error=_one_line(exc))
            if not isinstance(exc, OSError):  # not a printer's failure but a bug: its traceback for support
                log.warning("%s failed", outcome.document, exc_info=exc)
            self.status.set_state(Part.PRINTER, Shown.ERROR)
            why = refusal_text.printing_reason(exc)  # what went wrong, from the failure's kind
            tell(" ".join(filter(None, (
                self.tr("The receipt was not printed (printer problem). The card is up to date.")
                if outcome.document == "receipt" else
                self.tr("The slip was not printed (printer problem). Please note your reference."), why))), True)
            return
        self.status.set_state(Part.PRINTER, self.printer.state())
        if outcome.document == "receipt":
            tell(self.tr("Receipt printed.") if outcome.printer else
                 self.tr("Receipt saved: %1").replace("%1", outcome.saved_as), False)
        else:
            tell(self.tr("Slip printed.") if outcome.printer else
                 self.tr("Slip saved: %1").replace("%1", outcome.saved_as), False)
        journal.act("printed", station=self.services.station, number=outcome.number, document=outcome.document,
                    to="printer" if outcome.printer else "file")
        self.receipt_saved.emit(outcome.where)

    # --- owner ---

    def open_owner(self) -> None:
        """Ask for the owner PIN, then show the owner screens."""
        if not self._has_shop():
            return
        self._lost_card = ""
        self.ask_pin("owner", self.open_owner_screens)

    # --- the PIN flow: one screen, one way ---

    def ask_pin(self, role: str, then: Callable[[str], None]) -> None:
        """Ask for an ``owner`` or ``cashier`` PIN on the PIN screen; once accepted, ``then(staff name)``
        (Cancel goes back to idle and forgets ``then``)."""
        self._after_pin = then
        self.pin.ask(role)
        self._switch(self.pin)

    def on_pin_cancelled(self) -> None:
        self._after_pin = None
        self.show_idle()

    def on_pin_accepted(self, name: str) -> None:
        then, self._after_pin = self._after_pin, None
        (then or self.open_owner_screens)(name)

    def _signed_in(self, name: str, code: str) -> None:
        """A cashier signed in at this station (the ledger names them); the card that asked is shown."""
        self.services.staff = name
        if code:
            self.show_card(code)
        else:
            self.show_idle()

    def open_owner_screens(self, name: str, *, transfer: str = "") -> None:
        """The owner screens for staff ``name`` (after the owner PIN); ``transfer``: a lost card to move."""
        from kiosk.app.owner.screen import OwnerScreen

        if self.owner is not None:
            self.stack.removeWidget(self.owner)
            self.owner.deleteLater()
        self.owner = OwnerScreen(self.services, self, staff=name)
        self.owner.closed.connect(self.on_owner_closed)
        self.stack.addWidget(self.owner)
        self._switch(self.owner)
        if transfer:
            self.owner.show_tab("cards")
            self.owner.pages["cards"].start_transfer(transfer)  # type: ignore[attr-defined]

    def on_owner_closed(self) -> None:
        owner, self.owner = self.owner, None
        self.show_idle()
        if owner is not None:
            self.stack.removeWidget(owner)
            owner.deleteLater()
        self.on_settings_changed()
        self.show_waiting_card()

    # --- idle timeout, scanner keys ---

    def on_idle_timeout(self) -> None:
        screen = self.stack.currentWidget()
        self.waiting_code = ""  # whoever scanned a card while someone typed has gone by now
        self.complaint.show_waiting(False)
        if screen is self.owner and self.owner is not None:
            self.on_owner_closed()
        else:
            self.show_idle()

    def on_activity(self) -> None:
        """A key or a touch: the screen is in use, its idle timeout starts again."""
        if self.idle_timer.isActive():
            self.idle_timer.start()

    # --- health, errors, shutdown ---

    def check_database(self) -> bool:
        try:
            with self.services.session() as session:
                ops.is_initialised(session)
        except Exception as exc:  # noqa: BLE001
            log.error("database check failed: %s", exc)
            self.status.set_state(Part.DATABASE, Shown.ERROR)
            return False
        self.status.set_state(Part.DATABASE, Shown.OK)
        return True

    def handle_exception(self, exc_type: type, exc: BaseException, tb: Any) -> None:
        """The error edge: log the bug, say "please ask staff", return to idle."""
        self.last_error = "".join(traceback.format_exception(exc_type, exc, tb))
        log.error("unexpected error:\n%s", self.last_error)
        database_fault = isinstance(exc, (errors.DatabaseError, sqlite3.Error)) or "sqlalchemy" in exc_type.__module__
        if database_fault and not _is_hub_fault(exc):  # full disk, read-only, damaged, server gone: said as such
            self.status.set_state(Part.DATABASE, Shown.ERROR)
        try:
            self.show_message(refusal_text.describe(self._fault_of(exc)) if database_fault
                              else self.tr("Something went wrong. Please ask staff."),
                              self.tr("The kiosk is ready again."))
        except Exception:  # noqa: BLE001 - never raise from the error edge
            log.exception("could not show the error screen")

    def _fault_of(self, exc: BaseException) -> errors.DatabaseError:
        """A database failure as data (its kind: full disk, read-only, damaged ...), said on screen by its kind."""
        from db import engine as db_engine

        if _is_hub_fault(exc) and isinstance(exc, errors.DatabaseError):  # the chain's hub, not this database
            return exc  # said by its own kind (refusal_text.hub_trouble)
        try:
            return db_engine.fault_of(exc, str(self.services.database.url))
        except Exception:  # noqa: BLE001 - never raise from the error edge: the general sentence then
            return errors.DatabaseError(str(exc))

    def shutdown(self) -> None:
        """Stop the camera thread and background timers (idempotent)."""
        self._background = "stopped"
        self.scanner.remove()
        self.idle_timer.stop()
        self.db_timer.stop()
        self.backups.stop()
        self.device_watch.stop()
        self.chain.stop()
        self.camera_host.stop()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.shutdown()
        super().closeEvent(event)


def _is_hub_fault(exc: BaseException) -> bool:
    """True for a ``db.sync.HubUnreachable`` (without loading the sync at a kiosk that is no chain station)."""
    hub_io = sys.modules.get("db.sync.hub_io")
    return hub_io is not None and isinstance(exc, hub_io.HubUnreachable)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__

