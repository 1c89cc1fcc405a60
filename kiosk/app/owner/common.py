"""Building blocks of the owner screens, made from the one kit (``kiosk.app.theme``):
fields that open an on-screen keyboard or number pad, steppers, confirmations, a message line.

Everything here is sized for a finger: at least ``Metrics.touch_min`` (9 mm on the
panel), most at ``Metrics.touch``. No control needs hover or a physical keyboard.
Overlays (keyboard, number pad, confirmation) are the kit's ``widgets.Overlay`` and
``widgets.Question`` in the owner screens' look, covering the window, not modal
dialogs, so they never block the event loop and tests can press their buttons.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QScrollArea,
    QScroller,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.app import refusal_text, theme, widgets
from kiosk.app import services as app_services

def local_time(when: dt.datetime | None, services: app_services.Services) -> str:
    """A stored UTC time as the shop's local day and time for people (``cards.clock``, the shop's zone)."""
    return services.shown(when)


# --- owner widgets ---

def scrolling(inner: QWidget) -> QScrollArea:
    """A vertical scroll area that follows a finger (kinetic scrolling)."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(inner)
    QScroller.grabGesture(area.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)
    return area


def scroll_column(gap: int, *items: QWidget | QLayout, spacing: int | None = None) -> QScrollArea:
    """Widgets and layouts stacked top-down in a finger-scrolled area, with room for the scroll bar."""
    inner = QWidget()
    col = QVBoxLayout(inner)
    col.setContentsMargins(0, 0, gap, 0)
    if spacing is not None:
        col.setSpacing(spacing)
    for item in items:
        if isinstance(item, QLayout):
            col.addLayout(item)
        else:
            col.addWidget(item)
    col.addStretch(1)
    return scrolling(inner)


def row_button(text: str, on_click: Callable[[], None], checkable: bool = False) -> QPushButton:
    """A list row: full width of its list, whatever the length of its text."""
    widget = theme.button(text, "Row", on_click=on_click, checkable=checkable)
    widget.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
    widget.setMinimumHeight(widget.sizeHint().height())
    return widget


def clear_layout(layout: QLayout) -> None:
    """Take every widget and layout out of ``layout`` and delete them."""
    while layout.count():
        item = layout.takeAt(0)
        if item is None:
            break
        widget, inner = item.widget(), item.layout()
        if widget is not None:
            widget.hide()  # at once: deleteLater waits for the event loop
            widget.deleteLater()
        elif inner is not None:
            clear_layout(inner)


class Banner(QLabel):
    """Where a page says what happened (or what went wrong), in room kept for it: up to two lines,
    shown or not, so that nothing on the page moves under a finger when a message comes or goes."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("Banner")
        self.setProperty("tone", "info")
        theme.reserve_space(self, lines=2)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.hide()

    def show_message(self, text: str, tone: str = "info") -> None:
        self.setProperty("tone", tone)
        self.style().unpolish(self)
        self.style().polish(self)
        self.setText(text)
        self.show()

    def show_error(self, exc: BaseException) -> None:
        self.show_message(refusal_text.describe(exc), "error")

    def clear(self) -> None:
        super().clear()
        self.hide()


class Segmented(QWidget):
    """A row of big exclusive choices; ``chosen(key)`` when one is tapped."""

    chosen = Signal(str)

    def __init__(self, choices: list[tuple[str, str]], current: str = "") -> None:
        super().__init__()
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for key, text in choices:
            item = theme.button(text, checkable=True)
            item.setProperty("key", key)
            item.setObjectName("Segment")
            item.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            item.setMinimumWidth(theme.mm(10.5))  # a segment of one short word still takes a fingertip
            self.group.addButton(item)
            self.buttons[key] = item
            row.addWidget(item)
            item.clicked.connect(lambda _c=False, k=key: self.chosen.emit(k))
        self.set_current(current or choices[0][0])

    def set_current(self, key: str) -> None:
        if key in self.buttons:
            self.buttons[key].setChecked(True)

    def current(self) -> str:
        checked = self.group.checkedButton()
        return str(checked.property("key")) if checked else ""

    def set_texts(self, texts: dict[str, str]) -> None:
        for key, text in texts.items():
            self.buttons[key].setText(text)


class Tile(QFrame):
    """A number with a caption, for the report's key figures."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("Tile")
        self.box = QVBoxLayout(self)
        self.value = theme.label("0", "TileValue", wrap=False)
        self.caption = theme.FitLabel("", "TileLabel", lines=2)
        self.box.addWidget(self.value)
        self.box.addWidget(self.caption)

    def set_compact(self, metrics: theme.Metrics) -> None:
        """Small screens: a smaller number, tighter margins (from the window's ``metrics``)."""
        m = metrics
        if m.compact:
            self.box.setContentsMargins(m.gap, m.tight, m.gap, m.tight)
            self.box.setSpacing(0)
            self.value.setStyleSheet(f"font-size: {m.tile_number}px;")

    def set(self, value: int | str, caption: str) -> None:
        self.value.setText(str(value))
        self.caption.setText(caption)


# --- overlays ---

def owner_look(overlay: widgets.Overlay) -> theme.Metrics:
    """Give an overlay over the window the owner screens' sizes and stylesheet (the window wears the
    customer screens' one); returns the metrics."""
    host = overlay.parentWidget()
    metrics = theme.Metrics(host.height() or 1080, host.width()) if host is not None else theme.Metrics(1080)
    overlay.setStyleSheet(theme.owner_stylesheet(metrics))
    return metrics


class Overlay(widgets.Overlay):
    """The kit's overlay (``widgets.Overlay``) over the whole window, in the owner screens' look: a panel
    of at most ``max_width`` x ``max_height``; ``finish()`` closes and deletes it."""

    def __init__(self, host: QWidget, max_width: int = 1100, max_height: int = 820) -> None:
        super().__init__(host, max_size=(max_width, max_height), delete_on_close=True)
        self.metrics = owner_look(self)
        self.panel.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.fit()

    def panel_margin(self) -> int:
        return 0 if self.metrics.compact else 24

    def finish(self) -> None:
        """Close the overlay (it deletes itself)."""
        self.dismiss()


class Confirm(widgets.Question):
    """The kit's one confirmation (``widgets.Question``) in the owner screens' look: a question, a big
    "No, go back" and a Yes (red when destructive) that runs ``on_yes``; it deletes itself when answered."""

    def __init__(self, host: QWidget, question: str, yes_text: str, on_yes: Callable[[], None],
                 destructive: bool = True) -> None:
        super().__init__(host, delete_on_close=True)
        m = self.metrics = owner_look(self)
        self.max_size = (980, 560)
        self.inner.setContentsMargins(m.margin + m.pad, m.margin + m.pad, m.margin + m.pad, m.margin + m.pad)
        self.inner.setSpacing(m.gap)
        self.buttons_row.setSpacing(m.gap * 2)
        self.question.setStyleSheet(f"font-size: {m.title}px; font-weight: 600;")
        self.no.setObjectName("No")
        self.yes.setObjectName("Danger" if destructive else "Primary")
        for item in (self.no, self.yes):
            item.setMinimumHeight(int(m.touch * 1.3))
        self._on_yes = on_yes
        self.answered.connect(lambda yes: self._on_yes() if yes else None)
        self.ask(question, yes_text, QCoreApplication.translate("Owner", "No, go back"), destructive=destructive)

    def panel_margin(self) -> int:
        return 0 if self.metrics.compact else 24

    def fit(self) -> None:
        widgets.Overlay.fit(self)  # the owner's fixed panel, not the customer question's reading width

    def on_yes_clicked(self) -> None:
        self.yes.click()

    def finish(self) -> None:
        self.dismiss()


def confirm(host: QWidget, question: str, yes_text: str, on_yes: Callable[[], None],
            destructive: bool = True) -> Confirm:
    """Ask before doing something that cannot be undone."""
    return Confirm(host.window(), question, yes_text, on_yes, destructive)


class Keyboard(Overlay):
    """An overlay editing one text on the kiosk's one on-screen keyboard (``widgets.OnScreenKeyboard``):
    the field's title, the text so far, Cancel, Clear and OK. Letters: English, Czech, Russian; and
    symbols for e-mails and web addresses."""

    def __init__(self, host: QWidget, title: str, text: str, on_done: Callable[[str], None],
                 layout: str = "abc", max_length: int = 200) -> None:
        super().__init__(host, 1400, 820)
        self._on_done, self._max_length = on_done, max_length
        self.text = text
        m = self.metrics
        box = QVBoxLayout(self.panel)
        box.setContentsMargins(m.keyboard_pad, m.keyboard_pad, m.keyboard_pad, m.keyboard_pad)
        box.setSpacing(m.keyboard_gap)
        top = QHBoxLayout()
        self.cancel = theme.button(QCoreApplication.translate("Owner", "Cancel"), on_click=self.finish)
        self.title = theme.label(title, "FieldLabel", wrap=False)
        self.display = theme.ElidedLabel("", "Display", mode=Qt.TextElideMode.ElideLeft)  # the end is typed at
        self.display.setMinimumHeight(int(m.touch * 0.8))
        self.clear_key = theme.button(QCoreApplication.translate("Owner", "Clear"), on_click=lambda: self.set_text(""))
        self.ok = theme.button(QCoreApplication.translate("Owner", "OK"), "Primary", on_click=self.on_ok_clicked)
        middle = QVBoxLayout()
        middle.setSpacing(m.hair)
        middle.addWidget(self.title)
        middle.addWidget(self.display)
        for key in (self.cancel, self.clear_key, self.ok):
            key.setMinimumWidth(m.touch_min)  # "OK" alone would make a key narrower than a finger
        top.addWidget(self.cancel)
        top.addLayout(middle, 1)
        top.addWidget(self.clear_key)
        top.addWidget(self.ok)
        box.addLayout(top)
        self.keyboard = widgets.OnScreenKeyboard()  # no target: the text is kept here
        self.keyboard.key_typed.connect(self._on_key)
        self.shift_key, self.layout_keys = self.keyboard.shift_key, self.keyboard.layout_keys
        self.space, self.back = self.keyboard.space_key, self.keyboard.back_key
        box.addWidget(self.keyboard, 1)
        if layout == "abc":  # start with the letters of the language in use
            from kiosk.app import i18n
            layout = i18n.current_language()
        self.set_layout(layout)
        self.set_text(text)

    @property
    def keys(self) -> list[QPushButton]:
        """The character keys of the current layout."""
        return self.keyboard.keys

    @property
    def layout_name(self) -> str:
        return self.keyboard.layout_name

    @property
    def shift(self) -> bool:
        return self.keyboard.shift

    def set_layout(self, name: str) -> None:
        """en, cs, ru, sym, or the older names abc, čšž, абв, @#1."""
        self.keyboard.press(f"\x0f{name}")

    def type(self, chars: str) -> None:
        for char in chars:
            self.keyboard.press(char)

    def _on_key(self, value: str) -> None:
        self.set_text(self.text[:-1] if value == "\b" else (self.text + value)[: self._max_length])

    def set_text(self, text: str) -> None:
        self.text = text
        self.display.setText(text + "▏")

    def on_ok_clicked(self) -> None:
        self.finish()
        self._on_done(self.text)


class NumberPad(Overlay):
    """An overlay with the kiosk's one digit pad (``widgets.PinPad``) for PINs, counts and batch numbers."""

    def __init__(self, host: QWidget, title: str, text: str, on_done: Callable[[str], None],
                 secret: bool = False, max_length: int = 12) -> None:
        super().__init__(host, 720, 820)
        self._on_done, self._secret = on_done, secret
        m = self.metrics
        box = QVBoxLayout(self.panel)
        box.setContentsMargins(m.digits_pad, m.digits_pad, m.digits_pad, m.digits_pad)
        box.setSpacing(m.digits_gap)
        top = QHBoxLayout()
        self.title = theme.label(title, "FieldLabel")
        self.display = theme.label("", "Display", wrap=False)
        self.display.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.display.setMinimumHeight(int(m.touch * 0.75))
        if m.compact:  # side by side leaves more height for the keys
            self.title.setMaximumWidth(m.side_title)
            top.addWidget(self.title)
            top.addWidget(self.display, 1)
            box.addLayout(top)
        else:
            box.addWidget(self.title)
            box.addWidget(self.display)
        self.pad = widgets.PinPad(max_length=max_length, secret=secret)
        pad_box = self.pad.layout()
        if pad_box is not None:
            pad_box.setContentsMargins(0, 0, 0, 0)
        self.pad.feedback.hide()  # the display above shows the number
        self.digit_keys = self.pad.keys
        self.back, self.cancel, self.ok = self.pad.erase_button, self.pad.cancel_button, self.pad.ok_button
        self.cancel.setText(QCoreApplication.translate("Owner", "Cancel"))
        self.ok.setText(QCoreApplication.translate("Owner", "OK"))
        self.pad.changed.connect(self._show)
        self.pad.cancelled.connect(self.finish)
        self.pad.entered.connect(self._entered)
        box.addWidget(self.pad, 1)
        self.set_text(text)

    @property
    def text(self) -> str:
        return self.pad.pin

    def press(self, digits: str) -> None:
        """Tap the keys for ``digits`` (used by tests and scripts)."""
        for char in digits:
            self.digit_keys[char].click()

    def set_text(self, text: str) -> None:
        self.pad.set_text(text)

    def _show(self, text: str) -> None:
        self.display.setText("●" * len(text) if self._secret else text)

    def on_ok_clicked(self) -> None:
        self.pad.submit()

    def _entered(self, text: str) -> None:
        self.finish()
        self._on_done(text)


class TextField(QPushButton):
    """Looks like an input; a tap opens the on-screen keyboard (or number pad).

    However long its value, it asks for no more room than a short one: a text
    wider than the field is cut at the end with "…", and the whole of it is the
    field's tooltip (and is shown in full on the keyboard when tapped).
    """

    edited = Signal(str)

    def __init__(self, value: str = "", *, digits: bool = False, layout: str = "abc",
                 placeholder: str = "") -> None:
        super().__init__()
        self.setObjectName("Field")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.digits, self.keyboard_layout = digits, layout
        self.caption = ""
        self.placeholder = placeholder
        self._value = value
        self._full = ""
        self.clicked.connect(self.on_clicked)
        self._show()

    def value(self) -> str:
        return self._value

    def set_value(self, value: str) -> None:
        self._value = value
        self._show()

    def set_placeholder(self, text: str) -> None:
        self.placeholder = text
        self._show()

    def shown_text(self) -> str:
        """The whole text the field stands for (its value, or the placeholder when empty)."""
        return self._full

    def _show(self) -> None:
        self._full = self._value or self.placeholder
        self.setStyleSheet("" if self._value else f"color: {theme.MUTED};")
        self._elide()

    def _elide(self) -> None:
        room = theme.text_room(self)
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, room)
        self.setToolTip(self._full if shown != self._full else "")
        if shown != self.text():
            self.setText(shown)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override: a short text's room, never the whole value's
        hint = super().sizeHint()
        return QSize(min(hint.width(), self.fontMetrics().horizontalAdvance("M" * 14)), hint.height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(theme.mm(20), super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._elide()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override: the stylesheet's font came
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._elide()

    def on_clicked(self) -> None:
        def done(text: str) -> None:
            self.set_value(text.strip())
            self.edited.emit(self._value)
        host = self.window()
        pad: Overlay
        if self.digits:
            pad = NumberPad(host, self.caption or self.placeholder, self._value, done, max_length=30)
        else:
            pad = Keyboard(host, self.caption or self.placeholder, self._value, done, layout=self.keyboard_layout)
        pad.open()


class Stepper(widgets.Stepper):
    """The kit's stepper (``widgets.Stepper``); tapping the number opens the number pad."""

    def __init__(self, value: int, minimum: int, maximum: int, step: int = 1) -> None:
        super().__init__(value, minimum, maximum, step)
        self.caption = ""
        self.number_tapped.connect(self.on_number_clicked)

    def on_number_clicked(self) -> None:
        NumberPad(self.window(), self.caption, "", self._typed, max_length=6).open()

    def _typed(self, text: str) -> None:
        if text:
            self.set_value(int(text))


def form_row(grid: QGridLayout, row: int, caption: QLabel, field: QWidget, compact: bool) -> None:
    """Caption beside the field on wide screens, above it on small ones."""
    if compact:
        grid.addWidget(caption, row * 2, 0)
        grid.addWidget(field, row * 2 + 1, 0)
    else:
        grid.addWidget(caption, row, 0, Qt.AlignmentFlag.AlignVCenter)
        grid.addWidget(field, row, 1)


class Page(theme.Retranslating, QWidget):
    """Base of every owner page: a title, a message banner, ``retranslate()`` on language change."""

    def __init__(self, services: app_services.Services, metrics: theme.Metrics,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.metrics = metrics
        self.setObjectName("OwnerPage")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.services = services
        self.staff = ""
        self.title = theme.label("", "PageTitle", wrap=False)
        self.banner = Banner()

    def frame(self) -> QVBoxLayout:
        """The page's outer layout, with the owner screens' margins and spacing."""
        box = QVBoxLayout(self)
        m = self.metrics
        box.setContentsMargins(m.margin, m.margin, m.margin, m.margin)
        box.setSpacing(m.gap)
        return box

    def refresh(self) -> None:
        """Reload what the page shows from the database (when the page is opened)."""
