"""The kiosk's composite widgets: stamp slots, on-screen keyboard, PIN pad, camera preview, question.

Built from the one kit in ``kiosk.app.theme`` (labels, buttons, palette, sizes).
No business rule here: the widgets show values and emit what was tapped.
"""

from __future__ import annotations

import math
import random

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (QFrame, QGridLayout, QHBoxLayout, QLineEdit, QPlainTextEdit,
                               QPushButton, QSizePolicy, QStackedWidget, QVBoxLayout, QWidget)

from kiosk.app import theme


class StampSlots(QWidget):
    """A painted row (or rows) of stamp slots; the first ``filled`` are stamped.

    Slots beyond the card (extras after a full card) are shown as "+k" at the end.
    The first ``head_start`` slots get a small gift mark: stamps the shop gave.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.total = 10
        self.filled = 0
        self.head_start = 0
        self.highlight = 0  # the last N filled slots are drawn as "just added"
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(theme.mm(14))

    def set_state(self, total: int, filled: int, head_start: int = 0, highlight: int = 0) -> None:
        self.total, self.filled = max(1, total), max(0, filled)
        self.head_start, self.highlight = max(0, head_start), max(0, highlight)
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(theme.mm(150), theme.mm(40))

    def layout_grid(self) -> tuple[int, int, float]:
        """(columns, rows, diameter) that fit the widget's rectangle best."""
        w, h = max(1, self.width()), max(1, self.height())
        best = (self.total, 1, 1.0)
        for rows in range(1, 6):
            cols = math.ceil(self.total / rows)
            d = min(w / (cols * 1.18), h / (rows * 1.18))
            if d > best[2]:
                best = (cols, rows, d)
        return best

    def paintEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        cols, rows, d = self.layout_grid()
        d = min(d, theme.mm(40))
        gap = d * 0.18
        grid_w = cols * d + (cols - 1) * gap
        grid_h = rows * d + (rows - 1) * gap
        x0 = (self.width() - grid_w) / 2
        y0 = (self.height() - grid_h) / 2
        shown = min(self.filled, self.total)
        fresh_from = shown - min(self.highlight, shown)
        for i in range(self.total):
            r, c = divmod(i, cols)
            rect = QRectF(x0 + c * (d + gap), y0 + r * (d + gap), d, d)
            if i < shown:
                fill = QColor(theme.GOLD) if i >= fresh_from and self.highlight else QColor(theme.ACCENT)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(fill)
                painter.drawEllipse(rect)
                self._check(painter, rect)
                if i < self.head_start:
                    self._gift(painter, rect)
            else:
                painter.setBrush(QColor(theme.SLOT_EMPTY))
                painter.setPen(QPen(QColor(theme.LINE), max(2.0, d * 0.04)))
                painter.drawEllipse(rect.adjusted(1, 1, -1, -1))
                painter.setPen(QColor(theme.MUTED))
                font = QFont(self.font())
                font.setPixelSize(max(8, int(d * 0.32)))
                painter.setFont(font)
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(i + 1))
        extra = self.filled - self.total
        if extra > 0:
            painter.setPen(QColor(theme.ACCENT_DARK))
            font = QFont(self.font())
            font.setPixelSize(max(10, int(d * 0.4)))
            font.setBold(True)
            painter.setFont(font)
            painter.drawText(QRectF(x0 + grid_w, y0 + grid_h - d, d * 1.4, d), Qt.AlignmentFlag.AlignCenter,
                             f"+{extra}")
        painter.end()

    @staticmethod
    def _check(painter: QPainter, rect: QRectF) -> None:
        d = rect.width()
        pen = QPen(QColor("white"), max(2.0, d * 0.1), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                   Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        path = QPainterPath(QPointF(rect.left() + d * 0.28, rect.top() + d * 0.52))
        path.lineTo(rect.left() + d * 0.44, rect.top() + d * 0.68)
        path.lineTo(rect.left() + d * 0.73, rect.top() + d * 0.35)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)

    @staticmethod
    def _gift(painter: QPainter, rect: QRectF) -> None:
        d = rect.width()
        mark = QRectF(rect.right() - d * 0.34, rect.top() - d * 0.02, d * 0.36, d * 0.36)
        painter.setPen(QPen(QColor("white"), max(1.5, d * 0.03)))
        painter.setBrush(QColor(theme.GOLD))
        painter.drawEllipse(mark)


class PreviewWidget(QWidget):
    """Shows the latest camera preview image, scaled to fit, with rounded corners."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._image: QImage | None = None
        self.frames = 0
        self.message = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(theme.mm(40), theme.mm(30))

    def set_image(self, image: QImage) -> None:
        self._image = image
        self.frames += 1
        self.message = ""
        self.update()

    def clear(self, message: str = "") -> None:
        self._image = None
        self.message = message
        self.update()

    def paintEvent(self, event: QEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        outer = QRectF(self.rect()).adjusted(2, 2, -2, -2)
        radius = theme.mm(4)
        clip = QPainterPath()
        clip.addRoundedRect(outer, radius, radius)
        painter.setClipPath(clip)
        painter.fillRect(outer, QColor(theme.INK))
        if self._image is not None and not self._image.isNull():
            iw, ih = self._image.width(), self._image.height()
            scale = min(outer.width() / iw, outer.height() / ih)
            w, h = iw * scale, ih * scale
            target = QRectF(outer.center().x() - w / 2, outer.center().y() - h / 2, w, h)
            painter.drawImage(target, self._image)
        elif self.message:
            painter.setPen(QColor("#E8E4DA"))
            font = QFont(self.font())
            font.setPixelSize(max(12, theme.mm(4.5)))
            painter.setFont(font)
            painter.drawText(outer.adjusted(theme.mm(4), 0, -theme.mm(4), 0),
                             Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.message)
        painter.setClipping(False)
        painter.setPen(QPen(QColor(theme.ACCENT), theme.mm(0.8)))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(outer, radius, radius)
        painter.end()


LAYOUT_ROWS: dict[str, list[str]] = {
    "en": ["1234567890", "QWERTYUIOP", "ASDFGHJKL@", "ZXCVBNM.-_"],
    "cs": ["ĚŠČŘŽÝÁÍÉÓ", "QWERTZUIOPÚ", "ASDFGHJKLŮ@", "YXCVBNMĎŤŇ."],
    "ru": ["ЙЦУКЕНГШЩЗХ", "ФЫВАПРОЛДЖЭ", "ЯЧСМИТЬБЮЁЪ"],
    "sym": ["1234567890", "@.-_+/:#&%", "()!?,;'\"*=", "€$£~<>[]{}"],  # e-mails, web addresses, prices
}
NUMBER_ROWS = ["1234567890", "ABCDEFGHJK", "MNPQRSTVWX", "YZ-"]  # digits and Crockford letters
LAYOUT_ROWS["card"] = NUMBER_ROWS  # a card number: every character on one layout, no shift, no switch
LAYOUT_NAMES = {"en": "ABC", "cs": "ČŠŽ", "ru": "АБВ", "sym": "@#1", "card": "K7-"}
LAYOUT_ALIASES = {"abc": "en", "čšž": "cs", "абв": "ru", "@#1": "sym"}  # the owner screens' names


class OnScreenKeyboard(QWidget):
    """The one touch keyboard: letters (English, Czech, Russian), symbols, or a card number's characters.

    It types into ``target`` (a QLineEdit or QPlainTextEdit, see ``set_target``)
    and emits ``key_typed`` for every typed key ("\\b" for erase), so a host
    without an edit field can keep the text itself. ``mode="number"`` shows
    only the characters of a card number, with erase and OK (``enter_pressed``).
    Shift is one-shot: it turns off after one letter. ``press(value)`` types a
    key as a tap would ("\\x0e" is shift, "\\x0f<layout>" switches letters).
    """

    key_typed = Signal(str)
    enter_pressed = Signal()

    def __init__(self, parent: QWidget | None = None, *, mode: str = "text", layout: str = "en") -> None:
        super().__init__(parent)
        self.mode = mode
        self.layout_name = self._known(layout) or "en"
        self.shift = False
        self.target: QLineEdit | QPlainTextEdit | None = None
        self.keys: list[QPushButton] = []  # the character keys of the current layout
        self._touch = theme.mm(theme.MIN_TOUCH_MM)  # every key at least 9 mm on the panel (see fit_keys)
        self._chars: list[str] = []
        self._rows: list[QHBoxLayout] = []
        self._fixed_rows: list[QHBoxLayout] = []  # the bottom row (shift, layouts, space, erase)
        self._box = QVBoxLayout(self)
        self._box.setContentsMargins(0, 0, 0, 0)
        self._box.setSpacing(theme.mm(1.2))
        self.layout_keys: dict[str, QPushButton] = {}
        if mode != "number":
            row = self._row()
            self.shift_key = self._key("⇧", "\x0e", row, stretch=2)
            self.shift_key.setCheckable(True)
            for name, text in LAYOUT_NAMES.items():
                self.layout_keys[name] = self._key(text, f"\x0f{name}", row, stretch=2)
                self.layout_keys[name].setCheckable(True)
            self._key(",", ",", row, stretch=2)
            self.space_key = self._key(self.tr("space"), " ", row, stretch=4)
            self._key("+", "+", row, stretch=2)
            self.back_key = self._key("⌫", "\b", row, stretch=2)
            self._box.addLayout(row)
            self._fixed_rows.append(row)
        self._build()

    @staticmethod
    def _known(name: str) -> str:
        name = LAYOUT_ALIASES.get(name, name)
        return name if name in LAYOUT_ROWS else ""

    def set_target(self, widget: QLineEdit | QPlainTextEdit | None) -> None:
        self.target = widget

    def set_layout(self, name: str) -> None:
        """Switch letters: en, cs, ru, sym (or the owner screens' abc, čšž, абв, @#1)."""
        name = self._known(name)
        if name and name != self.layout_name:
            self.layout_name = name
            if self.mode != "number":
                self._build()

    def _row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(theme.mm(1.2))
        return row

    def _key(self, text: str, value: str | None, row: QHBoxLayout, role: str = "key",
             stretch: int = 1) -> QPushButton:
        b = theme.button(text, role)
        b.setMinimumSize(self._touch, self._touch)
        b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        if value is not None:
            b.clicked.connect(lambda _=False, v=value: self.press(v))
        row.addWidget(b, stretch)
        return b

    def _shown(self, char: str) -> str:
        return char if self.shift or self.mode == "number" or self.layout_name == "card" else char.lower()

    def _build(self) -> None:
        """(Re)make the character rows above the bottom row."""
        for row in self._rows:
            while row.count():
                item = row.takeAt(0)
                w = item.widget() if item is not None else None
                if w is not None:
                    w.hide()
                    w.deleteLater()
            self._box.removeItem(row)
            row.deleteLater()
        self._rows, self.keys, self._chars = [], [], []
        rows = NUMBER_ROWS if self.mode == "number" else LAYOUT_ROWS[self.layout_name]
        for i, chars in enumerate(rows):
            row = self._row()
            for ch in chars:
                key = self._key("", None, row)
                key.clicked.connect(lambda _=False, c=ch: self.press(self._shown(c)))
                self.keys.append(key)
                self._chars.append(ch)
            if self.mode == "number" and i == len(rows) - 1:
                self._key("⌫", "\b", row, stretch=3)
                self._key("OK", "\n", row, role="primary", stretch=3)
            self._box.insertLayout(i, row)
            self._rows.append(row)
        self._show_keys()

    def _show_keys(self) -> None:
        for key, ch in zip(self.keys, self._chars):
            key.setText(self._shown(ch).replace("&", "&&"))
        if self.mode != "number":
            self.shift_key.setChecked(self.shift)
            for name, key in self.layout_keys.items():
                key.setChecked(name == self.layout_name)

    def press(self, value: str) -> None:
        """Type one key (also used by tests)."""
        if value == "\x0e":
            self.shift = not self.shift
            self._show_keys()
            return
        if value.startswith("\x0f"):
            self.set_layout(value[1:])
            self._show_keys()
            return
        if value == "\n":
            self.enter_pressed.emit()
            return
        target = self.target
        if target is not None:
            if value == "\b":
                if isinstance(target, QLineEdit):
                    target.backspace()
                else:
                    cursor = target.textCursor()
                    cursor.deletePreviousChar()
                    target.setTextCursor(cursor)
            elif isinstance(target, QLineEdit):
                target.insert(value)
            else:
                target.insertPlainText(value)
        self.key_typed.emit(value)
        if self.shift and value.isalpha():
            self.shift = False
            self._show_keys()

    def fit_keys(self) -> None:
        """Every key at least ``theme.MIN_TOUCH_MM`` wide and tall on the panel the window runs on."""
        size = self.window().size()
        touch = theme.touch_px(size.width(), size.height())
        if touch != self._touch:
            self._touch = touch
            for key in self.findChildren(QPushButton):
                key.setMinimumSize(touch, touch)
            for row in (*self._rows, *self._fixed_rows):  # nested layouts keep their sizes until told
                row.invalidate()
            self._box.invalidate()
            self.updateGeometry()  # and the screen's layout learns the keyboard's new height

    def showEvent(self, event: QEvent) -> None:  # noqa: N802
        self.fit_keys()
        super().showEvent(event)  # type: ignore[arg-type]

    def resizeEvent(self, event: QEvent) -> None:  # noqa: N802
        self.fit_keys()
        super().resizeEvent(event)  # type: ignore[arg-type]

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange and self.mode != "number":
            self.space_key.setText(self.tr("space"))
        super().changeEvent(event)


class PinPad(QWidget):
    """The one digit pad (PINs, counts, numbers): digits, erase, Cancel, OK.

    Emits ``changed(text)`` on every key and ``entered(text)`` on OK (then
    starts empty again). ``secret`` shows dots, never digits. A host with its
    own display can hide ``feedback`` and follow ``changed``.
    """

    entered = Signal(str)
    cancelled = Signal()
    changed = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, title: str = "", max_length: int = 12,
                 secret: bool = True) -> None:
        super().__init__(parent)
        self.max_length = max_length
        self.secret = secret
        self._pin = ""
        layout = QVBoxLayout(self)
        layout.setSpacing(theme.mm(2))
        self.title = theme.label(title, "title", align=Qt.AlignmentFlag.AlignCenter)
        self.title.setVisible(bool(title))
        self.dots = theme.label("", "title", align=Qt.AlignmentFlag.AlignCenter)
        self.message = theme.label("", "error", align=Qt.AlignmentFlag.AlignCenter)
        self.feedback = QStackedWidget()  # the dots, or a refusal in the same place
        self.feedback.addWidget(self.dots)
        self.feedback.addWidget(self.message)
        self.feedback.setMinimumHeight(theme.mm(9))
        theme.reserve_space(self.message, lines=2)  # a refusal takes the dots' place: the keys never move
        self.feedback.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        layout.addWidget(self.title)
        layout.addWidget(self.feedback)
        grid = QGridLayout()
        grid.setSpacing(theme.mm(1.5))
        self.keys: dict[str, QPushButton] = {}
        for d in "1234567890":
            self.keys[d] = theme.button(d, "pin", name=f"pin_{d}")
            self.keys[d].clicked.connect(lambda _=False, v=d: self.press(v))
        for i, d in enumerate("123456789"):
            grid.addWidget(self.keys[d], i // 3, i % 3)
        self.cancel_button = theme.button(self.tr("Cancel"), "", name="pin_cancel")
        self.cancel_button.clicked.connect(self.cancelled.emit)
        self.erase_button = theme.button("⌫", "pin", name="pin_erase")
        self.erase_button.clicked.connect(lambda: self.press("\b"))
        self.ok_button = theme.button(self.tr("OK"), "primary", name="pin_ok")
        self.ok_button.clicked.connect(self.submit)
        grid.addWidget(self.cancel_button, 3, 0)
        grid.addWidget(self.keys["0"], 3, 1)
        grid.addWidget(self.erase_button, 0, 3, 2, 1)
        grid.addWidget(self.ok_button, 2, 3, 2, 1)
        layout.addLayout(grid)
        for b in self.findChildren(QPushButton):
            b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    @property
    def pin(self) -> str:
        return self._pin

    def set_title(self, text: str) -> None:
        self.title.setText(text)
        self.title.setVisible(bool(text))

    def press(self, keys: str) -> None:
        """Tap digits ("\\b" erases one); also used by tests."""
        self.feedback.setCurrentWidget(self.dots)
        for key in keys:
            if key == "\b":
                self._pin = self._pin[:-1]
            elif key.isdigit() and len(self._pin) < self.max_length:
                self._pin += key
        self._show()

    def set_text(self, text: str) -> None:
        """Start from ``text`` (a value being edited)."""
        self._pin = text
        self._show()

    def _show(self) -> None:
        self.dots.setText("●  " * len(self._pin) if self.secret else self._pin)
        self.changed.emit(self._pin)

    def submit(self) -> None:
        pin, self._pin = self._pin, ""
        self.dots.setText("")
        self.entered.emit(pin)

    def clear(self) -> None:
        self._pin = ""
        self.dots.setText("")
        self.show_message("")

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.feedback.setCurrentWidget(self.message if text else self.dots)


class Stepper(QWidget):
    """The one stepper: [−] number [+] with finger-sized keys (no spin-box arrows on a touch screen).

    Emits ``changed(value)`` when the value changes and ``number_tapped`` when the
    number itself is tapped (the owner screens open the number pad then). The
    number's box is always wide enough for the largest value allowed.
    """

    changed = Signal(int)
    number_tapped = Signal()

    def __init__(self, value: int, minimum: int, maximum: int, step: int = 1, name: str = "") -> None:
        super().__init__()
        self.minimum, self.maximum, self.step = minimum, maximum, step
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(theme.mm(1.5))
        self.minus = theme.button("−", name=f"{name}_minus" if name else "Key",
                                  on_click=lambda: self.set_value(self._value - self.step))
        self.number = theme.button("", name=name or "Field", on_click=self.number_tapped.emit)
        self.plus = theme.button("+", name=f"{name}_plus" if name else "Key",
                                 on_click=lambda: self.set_value(self._value + self.step))
        for key in (self.minus, self.plus):
            key.setStyleSheet("font-weight: 700; padding: 0;")
            key.setFixedWidth(theme.mm(theme.MIN_BUTTON_MM))
        self.number.setStyleSheet("text-align: center; font-weight: 700; padding: 0;")
        self.number.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        row.addWidget(self.minus)
        row.addWidget(self.number, 1)
        row.addWidget(self.plus)
        self._value = minimum
        self.set_value(value)
        self._fit_number()

    def _fit_keys(self) -> None:
        """− and + a finger wide: 15 mm, and at least 9 mm on the panel the window runs on."""
        size = self.window().size()
        width = max(theme.mm(theme.MIN_BUTTON_MM), theme.touch_px(size.width(), size.height()))
        if self.minus.width() != width or self.minus.minimumWidth() != width:
            for key in (self.minus, self.plus):
                key.setFixedWidth(width)

    def showEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        self._fit_keys()
        super().showEvent(event)  # type: ignore[arg-type]

    def _fit_number(self) -> None:
        self.number.ensurePolished()
        widest = max(len(str(self.minimum)), len(str(self.maximum)))
        self.number.setMinimumWidth(self.number.fontMetrics().horizontalAdvance("8" * widest) + theme.mm(4))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self._fit_number()

    def value(self) -> int:
        return self._value

    def set_range(self, minimum: int, maximum: int) -> None:
        self.minimum, self.maximum = minimum, maximum
        self._fit_number()
        self.set_value(self._value)

    def set_value(self, value: int) -> None:
        value = max(self.minimum, min(self.maximum, int(value)))
        changed = value != self._value
        self._value = value
        self.number.setText(str(value))
        self.minus.setEnabled(value > self.minimum)
        self.plus.setEnabled(value < self.maximum)
        if changed:
            self.changed.emit(value)


class Overlay(QFrame):
    """The one overlay of the kiosk: a dimmed cover over its host (a screen, or the whole window) holding
    one centred ``panel``. It is a child widget, not a modal dialog: it never blocks the event loop, it
    follows the host's size, and tests press its buttons. Customer and owner stylesheets both know it
    (``role`` overlay / dialog, names Backdrop / Panel). ``max_size`` caps the panel (None: as its
    content asks); ``dismiss()`` hides it, or deletes it when made with ``delete_on_close``."""

    def __init__(self, host: QWidget, *, max_size: tuple[int, int] | None = None,
                 delete_on_close: bool = False) -> None:
        super().__init__(host)
        self.setProperty("role", "overlay")
        self.setObjectName("Backdrop")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, delete_on_close)
        self.max_size = max_size
        self.panel = QFrame()
        self.panel.setProperty("role", "dialog")
        self.panel.setObjectName("Panel")
        self.outer = QVBoxLayout(self)
        self.outer.addStretch(1)
        self.outer.addWidget(self.panel, 0, Qt.AlignmentFlag.AlignCenter)
        self.outer.addStretch(1)
        host.installEventFilter(self)
        self.hide()

    def panel_margin(self) -> int:
        """Room left around the panel (px) inside the host."""
        return 0

    def fit(self) -> None:
        """Cover the host; cap the panel at ``max_size`` and the host's size."""
        host = self.parentWidget()
        if host is None:
            return
        self.setGeometry(host.rect())
        margin = self.panel_margin()
        self.outer.setContentsMargins(margin, margin, margin, margin)
        if self.max_size is not None:
            self.panel.setFixedSize(min(self.max_size[0], host.width() - 2 * margin),
                                    min(self.max_size[1], host.height() - 2 * margin))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize and self.isVisible():
            self.fit()
        return False

    def open(self) -> None:
        self.fit()
        self.raise_()
        self.show()

    def dismiss(self) -> None:
        """Take the overlay away (deleted when made with ``delete_on_close``)."""
        if self.testAttribute(Qt.WidgetAttribute.WA_DeleteOnClose):
            host = self.parentWidget()
            if host is not None:
                host.removeEventFilter(self)
            self.close()
        else:
            self.hide()


class Question(Overlay):
    """The one confirmation: a sentence and two large buttons, No and Yes (Yes red when destructive).

    ``ask(text, yes, no)`` shows it; ``answered(bool)`` says which was tapped.
    """

    answered = Signal(bool)

    def __init__(self, host: QWidget, *, delete_on_close: bool = False) -> None:
        super().__init__(host, delete_on_close=delete_on_close)
        self.box = self.panel
        inner = self.inner = QVBoxLayout(self.panel)
        inner.setContentsMargins(theme.mm(8), theme.mm(6), theme.mm(8), theme.mm(6))
        inner.setSpacing(theme.mm(5))
        self.text = theme.label("", "title", align=Qt.AlignmentFlag.AlignCenter)
        inner.addWidget(self.text, 1)
        row = self.buttons_row = QHBoxLayout()
        row.setSpacing(theme.mm(5))
        self.no_button = theme.button(self.tr("No"), "", name="question_no")
        self.yes_button = theme.button(self.tr("Yes"), "primary", name="question_yes")
        for b in (self.no_button, self.yes_button):
            b.setMinimumWidth(theme.mm(40))
            b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            row.addWidget(b)
        inner.addLayout(row)
        self.question, self.yes, self.no = self.text, self.yes_button, self.no_button  # the owner screens' names
        self.yes_button.clicked.connect(lambda: self._answer(True))
        self.no_button.clicked.connect(lambda: self._answer(False))

    def ask(self, text: str, yes: str, no: str, *, destructive: bool = False) -> None:
        self.text.setText(text)
        self.yes_button.setText(yes)
        self.no_button.setText(no)
        theme.restyle(self.yes_button, "danger" if destructive else "primary")
        self.open()

    def fit(self) -> None:
        super().fit()
        host = self.parentWidget()
        if host is not None and self.max_size is None:  # as wide as reads well, as tall as the sentence needs
            width = min(int(host.width() * 0.8), theme.mm(190))
            self.panel.setFixedWidth(width)
            self.text.ensurePolished()
            self.text.setMinimumHeight(self.text.heightForWidth(width - theme.mm(16) - 8))

    def _answer(self, yes: bool) -> None:
        self.dismiss()
        self.answered.emit(yes)


class Celebration(QWidget):
    """Confetti over the parent for a couple of seconds (a redeemed reward). Paint only, no input."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self._pieces: list[list[float]] = []
        self._ticks = 0
        self._timer = QTimer(self)
        self._timer.setInterval(33)
        self._timer.timeout.connect(self._step)
        self.hide()

    def start(self, seed: int = 0) -> None:
        rng = random.Random(seed)
        host = self.parentWidget()
        if host is not None:
            self.setGeometry(host.rect())
        w = max(1, self.width())
        colours = [theme.GOLD, theme.ACCENT, "#D9534F", "#3B7DD8", "#E9B949"]
        self._pieces = [[rng.uniform(0, w), rng.uniform(-self.height(), 0), rng.uniform(2, 6),
                         rng.uniform(-1.5, 1.5), rng.uniform(0, 360), colours.index(rng.choice(colours))]
                        for _ in range(90)]
        self._colours = colours
        self._ticks = 0
        self.raise_()
        self.show()
        self._timer.start()

    def _step(self) -> None:
        self._ticks += 1
        for p in self._pieces:
            p[1] += p[2] * 2.2
            p[0] += p[3]
            p[4] += 9
        if self._ticks > 75:
            self._timer.stop()
            self.hide()
        self.update()

    def paintEvent(self, event: QEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        size = theme.mm(2.2)
        for x, y, _speed, _drift, angle, colour in self._pieces:
            painter.save()
            painter.translate(x, y)
            painter.rotate(angle)
            painter.fillRect(QRectF(-size, -size / 2, size * 2, size), QColor(self._colours[int(colour)]))
            painter.restore()
        painter.end()
