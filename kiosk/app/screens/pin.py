"""The staff PIN screen: an on-screen PIN pad for the owner's or a cashier's PIN.

``MainWindow.ask_pin(role, then)`` is the one PIN flow: it shows this screen, and
what asked for the PIN (a cashier's card, the owner screens, a lost card's
transfer) opens once ``accepted`` names the staff member. A wrong PIN, a lockout
and the tries left are said in plain words (``refusal_text``); each failure is
one log line (``journal``).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QHBoxLayout, QWidget

from cards import refusals
from db import ops
from kiosk.app import journal, refusal_text, theme, widgets
from kiosk.app.services import Services


class PinScreen(QWidget):
    """A staff PIN on an on-screen PIN pad (owner, or cashier where the station asks for one);
    refusals and lockouts in plain words."""

    accepted = Signal(str)   # the staff member's name
    cancelled = Signal()

    idle_timeout_ms = 30_000

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pin_screen")
        self.services = services
        row = QHBoxLayout(self)
        row.setContentsMargins(theme.mm(6), theme.mm(3), theme.mm(6), theme.mm(3))
        self.pad = widgets.PinPad()
        self.pad.setObjectName("owner_pin")
        row.addStretch(1)
        row.addWidget(self.pad, 3)
        row.addStretch(1)
        self.pad.entered.connect(self.check)
        self.pad.cancelled.connect(self.cancelled.emit)
        self.role = "owner"
        self.retranslate()

    def ask(self, role: str) -> None:
        """Ask for an ``owner`` PIN, or a ``cashier`` one (an owner's PIN is accepted too)."""
        self.role = role
        self.pad.clear()
        self.retranslate()

    def retranslate(self) -> None:
        self.pad.set_title(self.tr("Owner PIN") if self.role == "owner" else self.tr("Cashier PIN"))
        self.pad.cancel_button.setText(self.tr("Cancel"))
        self.pad.ok_button.setText(self.tr("OK"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def check(self, pin: str) -> None:
        failure: refusals.Refused | None = None
        name = ""
        with self.services.session() as session:  # the failed-try counter must be committed
            try:
                name = ops.verify_pin(session, pin, now=self.services.now(), role=self.role)
            except refusals.Refused as exc:
                failure = exc
        if failure is None:
            self.pad.clear()
            self.accepted.emit(name)
        else:
            journal.act("pin_failed", station=self.services.station, role=self.role, kind=failure.kind.value,
                        tries_left=failure.tries_left)
            self.pad.show_message(refusal_text.sentence(failure))
