"""The owner PIN gate: a big number pad; wrong PINs are refused and counted, five lock for 5 minutes."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from db import errors, ops
from kiosk.app.owner import common


def check_pin(services, pin: str, role: str = "owner") -> str:
    """The staff name for ``pin`` or ``Refused``; the failed-try counter is committed either way."""
    refusal: errors.Refused | None = None
    with services.session() as session:
        try:
            name = ops.verify_pin(session, pin, now=services.now(), role=role)
        except errors.Refused as exc:
            refusal = exc  # leave the block normally so the counter is committed
    if refusal is not None:
        raise refusal
    return name


class OwnerPinGate(QWidget):
    """Asks for the owner PIN; ``unlocked(name)`` on success, ``cancelled()`` on Back."""

    unlocked = Signal(str)
    cancelled = Signal()

    def __init__(self, services, parent: QWidget | None = None, role: str = "owner") -> None:
        super().__init__(parent)
        self.setObjectName("OwnerScreen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.services, self.role = services, role
        self.pin = ""
        m = common.Metrics(parent.height() if parent is not None else 1080)
        self.setStyleSheet(common.stylesheet(m))
        self.title = common.label("", "PageTitle", wrap=False)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.display = common.label("", "Display", wrap=False)
        self.display.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.display.setMinimumHeight(int(m.touch * 0.8))
        self.banner = common.Banner()
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        grid = QGridLayout()
        grid.setSpacing(m.gap)
        self.digit_keys: dict[str, QPushButton] = {}
        for i, char in enumerate("1234567890"):
            key = common.button(char, on_click=lambda ch=char: self.type(ch))
            key.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            key.setStyleSheet(f"font-size: {m.font + 10}px; font-weight: 600;")
            self.digit_keys[char] = key
            grid.addWidget(key, *(divmod(i, 3) if char != "0" else (3, 1)))
        self.back_key = common.button("⌫", on_click=lambda: self.set_pin(self.pin[:-1]))
        self.ok = common.button("", "Primary", on_click=self.on_ok_clicked)
        for key in (self.back_key, self.ok):
            key.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        grid.addWidget(self.back_key, 3, 0)
        grid.addWidget(self.ok, 3, 2)
        self.leave = common.button("", on_click=self.on_leave_clicked)
        pad = QVBoxLayout()
        pad.setSpacing(m.gap)
        pad.addWidget(self.title)
        pad.addWidget(self.display)
        pad.addWidget(self.banner)
        pad.addLayout(grid, 1)
        pad.addWidget(self.leave)
        holder = QWidget()
        holder.setLayout(pad)
        holder.setMaximumWidth(560)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(m.margin, m.margin, m.margin, m.margin)
        outer.addWidget(holder)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Owner PIN") if self.role == "owner" else self.tr("Staff PIN"))
        self.ok.setText(self.tr("OK"))
        self.leave.setText(self.tr("Back"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def type(self, char: str) -> None:
        if len(self.pin) < 12:
            self.set_pin(self.pin + char)

    def press(self, digits: str) -> None:
        """Tap the keys for ``digits`` (tests, scripts)."""
        for char in digits:
            self.digit_keys[char].click()

    def set_pin(self, pin: str) -> None:
        self.pin = pin
        self.display.setText("●" * len(pin))

    def on_ok_clicked(self) -> None:
        pin, self.pin = self.pin, ""
        self.set_pin("")
        try:
            name = check_pin(self.services, pin, self.role)
        except errors.StampcardError as exc:
            self.banner.show_error(exc)
            return
        self.banner.clear()
        self.unlocked.emit(name)

    def on_leave_clicked(self) -> None:
        self.set_pin("")
        self.banner.clear()
        self.cancelled.emit()
