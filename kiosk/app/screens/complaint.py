"""Complaint or idea: topic buttons, optional text and contact on an on-screen keyboard, a reference.

Saved with ``ops.add_complaint`` in one transaction; the reference is shown in
large type and a slip with the shop's complaint contacts is printed (or saved).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (QButtonGroup, QHBoxLayout, QLineEdit, QPlainTextEdit, QStackedWidget,
                               QVBoxLayout, QWidget)

from cards import refusals
from db import ops
from kiosk.app import refusal_text, theme, widgets
from kiosk.app.services import Services

# The counter's form takes complaints and ideas ("other"); a suggestion or thanks comes by the card page.
TOPICS = tuple(t for t in ops.COMPLAINT_TOPICS if t not in ("suggestion", "thanks"))


class ComplaintScreen(theme.Retranslating, QWidget):
    """Two pages: the form, then the thank-you page with the reference."""

    closed = Signal()
    saved = Signal(object)            # ops.ComplaintView
    slip_requested = Signal(object)   # ops.ComplaintView to print

    idle_timeout_ms = 60_000

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("complaint_screen")
        self.services = services
        self.card_code = ""
        self.waiting = False  # a card was scanned while the form was open
        self.complaint: ops.ComplaintView | None = None
        self.pages = QStackedWidget()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(theme.mm(6), theme.mm(4), theme.mm(6), theme.mm(4))
        outer.addWidget(self.pages)

        form = QWidget()
        layout = QVBoxLayout(form)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(theme.mm(2))
        head = self.head_row = QHBoxLayout()
        self.title = theme.label("", "title")
        head.addWidget(self.title, 1)
        self.cancel_button = theme.button("", "", name="complaint_cancel")
        head.addWidget(self.cancel_button)
        self.send_button = theme.button("", "primary", name="complaint_send")
        self.send_button.setMinimumWidth(theme.mm(30))
        head.addWidget(self.send_button)
        layout.addLayout(head)
        topics = self.topic_row = QHBoxLayout()
        topics.setSpacing(theme.mm(2))
        self.topic_group = QButtonGroup(self)
        self.topic_group.setExclusive(True)
        self.topic_buttons: dict[str, Any] = {}
        for topic in TOPICS:
            b = theme.button("", "", name=f"topic_{topic}")
            b.setCheckable(True)
            self.topic_group.addButton(b)
            topics.addWidget(b)
            self.topic_buttons[topic] = b
        layout.addLayout(topics)
        fields = self.fields_row = QHBoxLayout()
        fields.setSpacing(theme.mm(2))
        self.text_edit = QPlainTextEdit()
        self.text_edit.setObjectName("complaint_text")
        self.text_edit.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.text_edit.setMinimumHeight(theme.mm(12))
        self.text_edit.setTabChangesFocus(True)
        fields.addWidget(self.text_edit, 3)
        self.contact_edit = QLineEdit()
        self.contact_edit.setObjectName("complaint_contact")
        self.contact_edit.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        fields.addWidget(self.contact_edit, 2, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(fields, 2)
        self.error = theme.label("", "error", name="complaint_error")
        theme.reserve_space(self.error, lines=1)  # the keyboard stays where it is when a message shows
        self.error.hide()
        layout.addWidget(self.error)

        self.keyboard = widgets.OnScreenKeyboard(mode="text")
        self.keyboard.set_target(self.text_edit)
        layout.addWidget(self.keyboard, 3)
        self.pages.addWidget(form)

        thanks = QWidget()
        t = QVBoxLayout(thanks)
        t.setSpacing(theme.mm(3))
        t.addStretch(1)
        self.thanks_title = theme.label("", "title", align=Qt.AlignmentFlag.AlignCenter)
        t.addWidget(self.thanks_title)
        self.reference = theme.label("", "reference", align=Qt.AlignmentFlag.AlignCenter, name="reference")
        t.addWidget(self.reference)
        self.thanks_text = theme.label("", "subtitle", align=Qt.AlignmentFlag.AlignCenter)
        t.addWidget(self.thanks_text)
        self.contacts = theme.label("", "body", align=Qt.AlignmentFlag.AlignCenter, name="complaint_contacts")
        t.addWidget(self.contacts)
        self.slip_notice = theme.label("", "notice", align=Qt.AlignmentFlag.AlignCenter, name="slip_notice")
        self.slip_notice.hide()
        t.addWidget(self.slip_notice)
        t.addStretch(1)
        row = QHBoxLayout()
        self.print_button = theme.button("", "", name="slip_print")  # only after a printer failed: try again
        self.print_button.hide()
        self.close_button = theme.button("", "primary", name="complaint_close")
        row.addWidget(self.print_button)
        row.addWidget(self.close_button)
        t.addLayout(row)
        self.pages.addWidget(thanks)

        self.cancel_button.clicked.connect(self.closed.emit)
        self.close_button.clicked.connect(self.closed.emit)
        self.send_button.clicked.connect(self.send)
        self.print_button.clicked.connect(self.on_print_clicked)
        self.text_edit.installEventFilter(self)
        self.contact_edit.installEventFilter(self)
        self._compact: bool | None = None
        self.retranslate()

    def arrange(self, compact: bool) -> None:
        """On a small screen Cancel and Send join the topics' row and the title goes, so that a keyboard
        of keys a finger wide fits under the text; on a large one they sit beside the title."""
        if compact == self._compact:
            return
        self._compact = compact
        row = self.topic_row if compact else self.head_row
        for b in (self.cancel_button, self.send_button):
            row.addWidget(b)  # a widget added to another layout leaves its old one
        self.title.setVisible(not compact)
        self.send_button.setMinimumWidth(0 if compact else theme.mm(30))
        for b in (*self.topic_buttons.values(), self.cancel_button, self.send_button):  # seven in a row
            b.setStyleSheet(f"padding: 0 {theme.mm(1)}px;" if compact else "")
        self.fields_row.setStretch(0, 1 if compact else 3)  # the contact's hint in full beside the text
        self.fields_row.setStretch(1, 1 if compact else 2)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        window = self.window().size()
        self.arrange(theme.is_compact(window.width(), window.height()))
        super().resizeEvent(event)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Complaint or idea? Tell us first."))
        names = {"service": self.tr("Service"), "product": self.tr("Product"),
                 "waiting_time": self.tr("Waiting time"), "cleanliness": self.tr("Cleanliness"),
                 "other": self.tr("Other")}
        for topic, b in self.topic_buttons.items():
            b.setText(names[topic])
        self.text_edit.setPlaceholderText(self.tr("What happened, or your idea (optional)"))
        self.contact_edit.setPlaceholderText(self.tr("Phone or e-mail (optional)"))
        self.send_button.setText(self.tr("Send"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.thanks_title.setText(self.tr("Thank you! Your reference:"))
        self.thanks_text.setText(self.tr("Please quote it when you contact us."))
        self.print_button.setText(self.tr("Print the slip again"))
        self.close_button.setText(self.tr("Done: show the card") if self.waiting else self.tr("Done"))

    def eventFilter(self, watched: Any, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.FocusIn and watched in (self.text_edit, self.contact_edit):
            self.keyboard.set_target(watched)
        return False

    def reset(self, card_code: str = "", language: str = "en") -> None:
        self.card_code = card_code
        self.complaint = None
        self.topic_group.setExclusive(False)
        for b in self.topic_buttons.values():
            b.setChecked(False)
        self.topic_group.setExclusive(True)
        self.text_edit.clear()
        self.contact_edit.clear()
        self.show_waiting(False)
        self.slip_notice.hide()
        self.print_button.hide()
        self.keyboard.set_target(self.text_edit)
        self.keyboard.set_layout(language)
        self.pages.setCurrentIndex(0)

    def topic(self) -> str:
        for topic, b in self.topic_buttons.items():
            if b.isChecked():
                return topic
        return ""

    def send(self) -> None:
        topic = self.topic()
        if not topic:
            self.show_error(self.tr("Please choose a topic first."))
            return
        services = self.services
        try:
            with services.session() as session:
                complaint = ops.add_complaint(session, topic=topic, text=self.text_edit.toPlainText(),
                                              contact=self.contact_edit.text(), card_code=self.card_code,
                                              now=services.now(), station=services.station)
        except refusals.Refused as exc:
            self.show_error(refusal_text.sentence(exc))
            return
        self.complaint = complaint
        self.reference.setText(complaint.reference)
        shop = services.shop()
        lines = [x for x in (shop.phone, shop.email, shop.url) if x]
        self.contacts.setText("   ·   ".join(lines))
        self.pages.setCurrentIndex(1)
        self.saved.emit(complaint)
        self.slip_requested.emit(complaint)

    def on_print_clicked(self) -> None:
        if self.complaint is not None:
            self.slip_requested.emit(self.complaint)

    def show_slip_status(self, text: str, error: bool = False) -> None:
        """Where the slip went (printed, or saved when there is no printer); after a failure, a Try again."""
        self.slip_notice.setText(text)
        theme.restyle(self.slip_notice, "error" if error else "notice")
        self.slip_notice.setVisible(bool(text))
        self.print_button.setVisible(error)

    def show_error(self, text: str) -> None:
        """A message in the room kept for it under the fields (nothing moves)."""
        self.error.setText(text)
        theme.restyle(self.error, "error")
        self.error.setVisible(bool(text))

    def show_waiting(self, waiting: bool) -> None:
        """Say, in the same room, that a scanned card waits until the form is sent or cancelled."""
        self.waiting = waiting
        if waiting:
            self.error.setText(self.tr("A card was scanned: it will show when you send or cancel."))
            theme.restyle(self.error, "notice")
        self.error.setVisible(waiting)
        self.close_button.setText(self.tr("Done: show the card") if waiting else self.tr("Done"))
