"""The customer-facing idle screen, the card-number entry, and the plain message screen.

Idle: live camera preview, "Show your card" in large type, the shop name, a
clearly visible "Complaint or idea?" button and a way to type a card number.
Without a camera the preview says so and everything else works.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from kiosk.app import theme, widgets


def qr_pixmap(text: str, side_px: int) -> QPixmap:
    """The QR code of ``text`` (with its 4-module quiet zone) drawn crisp at about ``side_px``."""
    from printing import qr  # the printing package loads when a QR is first drawn, not at the kiosk's start

    code = qr.matrix(text, level="M")
    modules = code.size + 8
    scale = max(1, side_px // modules)
    pixmap = QPixmap(modules * scale, modules * scale)
    pixmap.fill(QColor("white"))
    painter = QPainter(pixmap)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("black"))
    for row in range(code.size):
        for col in range(code.size):
            if code.dark(row, col):
                painter.drawRect((col + 4) * scale, (row + 4) * scale, scale, scale)
    painter.end()
    return pixmap


class IdleScreen(theme.Retranslating, QWidget):
    """Waiting for a card: preview, invitation, complaint button, typed number."""

    complaint_requested = Signal()
    entry_requested = Signal()
    owner_requested = Signal()
    sign_out_requested = Signal()

    idle_timeout_ms = 0  # this is where timeouts lead

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("idle_screen")
        outer = QHBoxLayout(self)
        outer.setContentsMargins(theme.mm(6), theme.mm(5), theme.mm(6), theme.mm(4))
        outer.setSpacing(theme.mm(6))

        left = QVBoxLayout()
        left.setSpacing(theme.mm(2))
        self.preview = widgets.PreviewWidget()
        left.addWidget(self.preview, 1)
        contacts = QHBoxLayout()
        contacts.setSpacing(theme.mm(3))
        self.contacts_qr = QLabel()
        self.contacts_qr.setObjectName("complaint_qr")
        self.contacts_qr.hide()
        contacts.addWidget(self.contacts_qr, 0, Qt.AlignmentFlag.AlignVCenter)
        self.contacts_label = theme.label("", "subtitle", name="complaint_contacts")
        self.contacts_label.setTextFormat(Qt.TextFormat.PlainText)
        contacts.addWidget(self.contacts_label, 1)
        left.addLayout(contacts)
        outer.addLayout(left, 11)

        side = QVBoxLayout()
        side.setSpacing(theme.mm(3))
        top = QHBoxLayout()
        self.shop_label = theme.FitLabel("", "title", lines=3, name="shop_name")  # 80 characters: wraps, shrinks
        top.addWidget(self.shop_label, 1)
        self.owner_button = theme.button("", "quiet", name="owner_button")
        self.owner_button.setMinimumWidth(theme.mm(18))
        top.addWidget(self.owner_button, 0, Qt.AlignmentFlag.AlignTop)
        self.sign_out_button = theme.button("", "quiet", name="sign_out_button")
        self.sign_out_button.hide()
        top.addWidget(self.sign_out_button, 0, Qt.AlignmentFlag.AlignTop)
        self._signed_in = ""
        side.addLayout(top)
        side.addStretch(2)
        self.hero = theme.FitLabel("", "hero", lines=2, name="hero")
        side.addWidget(self.hero)
        self.hint = theme.label("", "subtitle")
        side.addWidget(self.hint)
        self.camera_notice = theme.label("", "error", name="camera_notice")
        self.camera_notice.hide()
        side.addWidget(self.camera_notice)
        side.addStretch(3)
        self.entry_button = theme.button("", "", name="entry_button")
        side.addWidget(self.entry_button)
        self.complaint_button = theme.button("", "complaint", name="complaint_button")
        side.addWidget(self.complaint_button)
        outer.addLayout(side, 9)
        self._contacts: tuple[str, str, str] = ("", "", "")
        self._qr_side = 0

        self.complaint_button.clicked.connect(self.complaint_requested.emit)
        self.entry_button.clicked.connect(self.entry_requested.emit)
        self.owner_button.clicked.connect(self.owner_requested.emit)
        self.sign_out_button.clicked.connect(self.sign_out_requested.emit)
        self.camera_state = "starting"  # starting | ok | none | lost
        self.retranslate()

    def retranslate(self) -> None:
        self.hero.setText(self.tr("Show your card"))
        self.hint.setText(self.tr("Hold the QR code up to the camera."))
        self.entry_button.setText(self.tr("Type card number"))
        self.complaint_button.setText(self.tr("Complaint or idea?"))
        self.owner_button.setText(self.tr("Staff"))
        self.sign_out_button.setText(self.tr("Sign out %1").replace("%1", self._signed_in))
        self._show_contacts()
        self._show_camera_state()

    def set_shop(self, name: str, phone: str = "", email: str = "", url: str = "") -> None:
        """Show the shop's name and its complaint contacts (the web address also as a QR)."""
        self.shop_label.setText(name)
        if (phone, email, url) != self._contacts:
            self._contacts = (phone, email, url)
            self._qr_side = 0
            self._update_qr()
        self._show_contacts()

    def _update_qr(self) -> None:
        url = self._contacts[2]
        self.contacts_qr.setVisible(bool(url))
        side = max(88, min(220, self.height() // 6))
        if url and side != self._qr_side:
            self._qr_side = side
            self.contacts_qr.setPixmap(qr_pixmap(url, side))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._update_qr()

    def _show_contacts(self) -> None:
        phone, email, url = self._contacts
        lines = [x for x in (phone, email) if x] or ([url] if url else [])
        self.contacts_label.setVisible(bool(lines))
        if lines:
            self.contacts_label.setText(self.tr("Not happy? Tell us first:") + "\n" + "  ·  ".join(lines))

    def set_preview(self, image: QImage) -> None:
        if self.camera_state != "ok":
            self.set_camera_state("ok")
        if self.isVisible():
            self.preview.set_image(image)

    def set_signed_in(self, name: str) -> None:
        """Show who is signed in at a station that asks for a cashier PIN (empty: nobody)."""
        self._signed_in = name
        self.sign_out_button.setText(self.tr("Sign out %1").replace("%1", name))
        self.sign_out_button.setVisible(bool(name))

    def set_camera_state(self, state: str) -> None:
        self.camera_state = state
        self._show_camera_state()

    def _show_camera_state(self) -> None:
        state = self.camera_state
        if state == "ok":
            self.camera_notice.hide()
            self.hint.setText(self.tr("Hold the QR code up to the camera."))
            return
        texts = {
            "starting": self.tr("Starting the camera…"),
            "none": self.tr("No camera. Type the card number or use the scanner."),
            "lost": self.tr("The camera is not working. Type the card number or use the scanner."),
        }
        self.preview.clear(texts.get(state, ""))
        if state in ("none", "lost"):
            self.hint.setText(self.tr("Hand your card to the cashier."))
            self.camera_notice.setText(texts[state])
            self.camera_notice.show()
        else:
            self.camera_notice.hide()


class EntryScreen(theme.Retranslating, QWidget):
    """The cashier types a card number on an on-screen keypad (or a keyboard)."""

    submitted = Signal(str)
    cancelled = Signal()

    idle_timeout_ms = 20_000

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("entry_screen")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(theme.mm(8), theme.mm(5), theme.mm(8), theme.mm(5))
        layout.setSpacing(theme.mm(3))
        self.title = theme.label("", "title")
        layout.addWidget(self.title)
        row = QHBoxLayout()
        self.field = QLineEdit()
        self.field.setObjectName("entry_field")
        self.field.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.field.setMaxLength(40)
        self.field.returnPressed.connect(self.submit)
        row.addWidget(self.field, 1)
        self.cancel_button = theme.button("", "", name="entry_cancel")
        row.addWidget(self.cancel_button)
        layout.addLayout(row)
        self.error = theme.label("", "error", name="entry_error")
        theme.reserve_space(self.error, lines=2)  # the keypad stays where it is when a message shows
        self.error.hide()
        layout.addWidget(self.error)
        self.keyboard = widgets.OnScreenKeyboard(mode="number")
        self.keyboard.set_target(self.field)
        self.keyboard.enter_pressed.connect(self.submit)
        layout.addWidget(self.keyboard, 1)
        self.cancel_button.clicked.connect(self.cancelled.emit)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Type the number printed on the card"))
        self.field.setPlaceholderText(self.tr("e.g. K7Q2-9XJ4-MN3"))
        self.cancel_button.setText(self.tr("Cancel"))

    def reset(self) -> None:
        self.field.clear()
        self.error.hide()

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def submit(self) -> None:
        text = self.field.text().strip()
        if text:
            self.submitted.emit(text)


class MessageScreen(theme.Retranslating, QWidget):
    """One plain sentence in large type (a refused card, an error), then back to idle."""

    dismissed = Signal()
    action_requested = Signal()  # the optional second button (e.g. staff: move a void card's stamps)

    idle_timeout_ms = 8_000

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("message_screen")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(theme.mm(12), theme.mm(8), theme.mm(12), theme.mm(8))
        layout.setSpacing(theme.mm(5))
        layout.addStretch(2)
        self.headline = theme.label("", "hero", align=Qt.AlignmentFlag.AlignCenter, name="message_headline")
        layout.addWidget(self.headline)
        self.text = theme.label("", "subtitle", align=Qt.AlignmentFlag.AlignCenter, name="message_text")
        layout.addWidget(self.text)
        layout.addStretch(3)
        self.ok_button = theme.button("", "primary", name="message_ok")
        self.ok_button.setMinimumWidth(theme.mm(60))
        self.action_button = theme.button("", "", name="message_action")
        self.action_button.hide()
        buttons = QHBoxLayout()
        buttons.setSpacing(theme.mm(5))
        buttons.addStretch(1)
        buttons.addWidget(self.action_button)
        buttons.addWidget(self.ok_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.ok_button.clicked.connect(self.dismissed.emit)
        self.action_button.clicked.connect(self.action_requested.emit)
        self.retranslate()

    def retranslate(self) -> None:
        self.ok_button.setText(self.tr("OK"))

    def show_message(self, headline: str, text: str = "", *, error: bool = True, action: str = "") -> None:
        """``headline`` in large type, ``text`` under it; ``action`` names a second button (none when empty)."""
        self.action_button.setText(action)
        self.action_button.setVisible(bool(action))
        self.headline.setText(headline)
        theme.restyle(self.headline, "title" if len(headline) > 40 else "hero")
        self.headline.setStyleSheet(f"color: {theme.DANGER};" if error else "")
        self.text.setText(text)
        self.text.setVisible(bool(text))
