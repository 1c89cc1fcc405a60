"""Bring a friend at the counter: a regular's card introduces a new card (issue 19, part 5).

The card screen's "Bring a friend" opens :class:`FriendPicker` over it: the new
card is scanned (the window hands a scanned code to ``take``) or typed on the
number keypad. ``db.referrals.refer`` records the introduction in one
transaction; a refusal (the same card, a card that had stamps or was brought
already, an unknown card) is one sentence in the overlay and nothing changes.
When the new card gets its first paid stamp, both cards get the shop's referral
bonus (``db.ops.stamp``): the new card's screen says so then, the regular's the
next time it is shown (``db.referrals.friends_bonus``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from kiosk.app import theme, widgets


class FriendPicker(widgets.Overlay):
    """Asks for the friend's new card: scan it, or type its number."""

    submitted = Signal(str)  # the new card's code, scanned or typed

    def __init__(self, host: QWidget) -> None:
        super().__init__(host, max_size=(100_000, 100_000))  # the whole card screen: room for the keypad
        inner = QVBoxLayout(self.panel)
        inner.setContentsMargins(theme.mm(6), theme.mm(4), theme.mm(6), theme.mm(4))
        inner.setSpacing(theme.mm(2.5))
        self.title = theme.label("", "title", align=Qt.AlignmentFlag.AlignCenter, name="friend_title")
        inner.addWidget(self.title)
        row = QHBoxLayout()
        self.field = QLineEdit()
        self.field.setObjectName("friend_field")
        self.field.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # a scanner's burst still reaches the window
        self.field.setMaxLength(80)
        self.field.returnPressed.connect(self.submit)
        row.addWidget(self.field, 1)
        self.cancel_button = theme.button("", "", name="friend_cancel")
        self.cancel_button.clicked.connect(self.dismiss)
        row.addWidget(self.cancel_button)
        inner.addLayout(row)
        self.error = theme.label("", "error", name="friend_error")
        theme.reserve_space(self.error, lines=2)
        self.error.hide()
        inner.addWidget(self.error)
        self.keyboard = widgets.OnScreenKeyboard(mode="number")
        self.keyboard.set_target(self.field)
        self.keyboard.enter_pressed.connect(self.submit)
        inner.addWidget(self.keyboard, 1)

    def open(self) -> None:
        self.title.setText(self.tr("Bring a friend: scan the new card or type its number"))
        self.field.setPlaceholderText(self.tr("e.g. K7Q2-9XJ4-MN3"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.field.clear()
        self.error.hide()
        super().open()

    def take(self, code: str) -> bool:
        """A card scanned while this is open is the friend's; False when it is not open."""
        if not self.isVisible():
            return False
        self.field.setText(code.strip())
        self.submit()
        return True

    def submit(self) -> None:
        text = self.field.text().strip()
        if text:
            self.submitted.emit(text)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
