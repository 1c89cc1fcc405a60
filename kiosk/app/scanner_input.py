"""Keyboard input for the whole kiosk: a USB keyboard-wedge scanner from any screen, and a person's typing.

A wedge scanner types a card's payload as a fast burst of key presses and an
Enter. :class:`ScannerInput` is an application event filter that feeds every key
press reaching a window to ``cards.wedge.WedgeParser``; a finished burst becomes
``code_scanned(code)``. What a person types is never scrambled by it:

* In a focused text field (a complaint's text, a contact) the keys go into the
  field as typed; when they turn out to be a scan, exactly the burst's characters
  are taken out again and the text and the cursor are as they were before the
  burst (the person goes on typing where they were).
* In an open on-screen keyboard or number pad (the owner's popups), and on a PIN
  pad (the PIN screen, the wizard's owner PIN), a physical keyboard types too:
  letters and digits, Backspace, Enter (OK) and Escape (Cancel). A scan burst is
  taken out of the popup the same way.
* Elsewhere keys are the scanner's only: a button never sees a scan's Enter.

``activity`` is emitted for every key and touch (the window's idle timer).
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QTextCursor, QWindow
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QWidget

from cards import codes, wedge
from kiosk.app import widgets

_BACKSPACE, _ESCAPE = "\b", "\x1b"


@dataclass
class _Snapshot:
    """A target's text and cursor just before a burst began."""

    target: QObject
    text: str
    cursor: int


class ScannerInput(QObject):
    """The application's key filter (see the module docstring)."""

    code_scanned = Signal(str)
    activity = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.parser: wedge.WedgeParser | None = None
        self._snapshot: _Snapshot | None = None
        self._last_t: float | None = None
        self._popup: Any = None  # the popup found at the start of the current burst (looked up once a burst)
        self._root: QWidget | None = None  # the window the key was typed into

    def set_secret(self, secret: codes.Secrets) -> None:
        """Start listening for this shop's cards, signed with any of its keys (a scan is only taken once the
        shop is known). Called again with new keys (a sync took a rotated key), a burst under way goes on."""
        if self.parser is not None:
            self.parser.secret = secret
            return
        self.parser = wedge.WedgeParser(secret=secret)

    @property
    def ready(self) -> bool:
        return self.parser is not None

    def install(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def remove(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def reset(self) -> None:
        """Drop a half-received burst (the screen changed)."""
        if self.parser is not None:
            self.parser.reset()
        self._snapshot, self._last_t = None, None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin):
            self.activity.emit()
        elif kind == QEvent.Type.KeyPress and isinstance(watched, QWindow):
            self.activity.emit()
            assert isinstance(event, QKeyEvent)
            self._root = next((w for w in QApplication.topLevelWidgets() if w.windowHandle() is watched), None)
            return self.on_key(event)
        return False

    def _editor(self) -> QLineEdit | QPlainTextEdit | None:
        """The text field that has the focus in the window typed into, if one has."""
        focus = QApplication.focusWidget()
        if not isinstance(focus, (QLineEdit, QPlainTextEdit)) or not focus.isVisible():
            return None
        return focus if self._root is None or focus.window() is self._root else None

    def on_key(self, event: QKeyEvent) -> bool:
        """Feed a key press to the scanner parser; True when the kiosk took the key (it goes no further)."""
        text = _key_text(event)
        if not text:
            return False
        editor = self._editor()
        if self.parser is None:  # no shop yet (the first-run wizard): no scans, but a PIN pad still types
            pad = None if editor is not None else _open_popup(self._root)
            if pad is None:
                return False
            _type_into(pad, text)
            return True
        stamp = event.timestamp() / 1000.0 if event.timestamp() else time.monotonic()
        in_burst = self._last_t is not None and stamp - self._last_t <= self.parser.max_gap
        if editor is None and not in_burst:
            self._popup = _open_popup(self._root)
        popup = None if editor is not None else self._popup
        target: QObject | None = editor or popup
        code = None
        for ch in text:
            if ch in (_BACKSPACE, _ESCAPE):
                self.parser.reset()
                self._snapshot, self._last_t = None, None
                continue
            if ch != "\n" and (self._last_t is None or stamp - self._last_t > self.parser.max_gap):
                self._snapshot = _take(target) if target is not None else None  # a burst may begin here
            self._last_t = stamp
            code = self.parser.feed(ch, stamp) or code
        if code:
            snapshot, self._snapshot = self._snapshot, None
            if snapshot is not None and snapshot.target is target:
                _restore(snapshot)
            QTimer.singleShot(0, lambda c=code: self.code_scanned.emit(c))
            return True
        if editor is not None:
            return False  # the field takes the key as typed
        if popup is not None:
            _type_into(popup, text)
            if "\n" in text or _ESCAPE in text:  # OK or Cancel closed it: look again at the next key
                self._popup, self._last_t = None, None
        return True


def _key_text(event: QKeyEvent) -> str:
    """What a key press types: its text, "\n" for Enter, "\b" for Backspace, "\x1b" for Escape."""
    key = event.key()
    if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        return "\n"
    if key == Qt.Key.Key_Backspace:
        return _BACKSPACE
    if key == Qt.Key.Key_Escape:
        return _ESCAPE
    return event.text()


def _open_popup(root: QWidget | None) -> Any:
    """The owner's on-screen keyboard or number pad open in ``root`` (the window typed into; else the active
    one), else a PIN pad on screen there, if any."""
    common = sys.modules.get("kiosk.app.owner.common")  # loaded with the owner screens: none open before
    window = root or QApplication.activeWindow()
    roots = [window] if window is not None else QApplication.topLevelWidgets()
    for root in roots:
        children = root.findChildren(QWidget)
        if common is not None:
            for popup in reversed(children):
                if isinstance(popup, (common.Keyboard, common.NumberPad)) and popup.isVisible():
                    return popup
        for pad in children:
            if isinstance(pad, widgets.PinPad) and pad.isVisible():
                return pad
    return None


def _type_into(popup: Any, text: str) -> None:
    """A person's key in a popup: a character, Backspace, Enter (OK) or Escape (Cancel)."""
    common = sys.modules.get("kiosk.app.owner.common")
    for ch in text:
        if isinstance(popup, widgets.PinPad):
            if ch == "\n":
                popup.submit()
                return
            if ch == _ESCAPE:
                popup.cancelled.emit()
                return
            if ch == _BACKSPACE or (ch.isdigit() and ch.isascii()):
                popup.press(ch)
            continue
        if ch == "\n":
            popup.on_ok_clicked()
            return
        if ch == _ESCAPE:
            popup.finish()
            return
        if common is not None and isinstance(popup, common.Keyboard):
            if ch == _BACKSPACE or ch.isprintable():
                popup.keyboard.press(ch)
        elif ch == _BACKSPACE:
            popup.set_text(popup.text[:-1])
        elif ch.isdigit() and ch.isascii():
            popup.press(ch)


def _take(target: QObject) -> _Snapshot:
    if isinstance(target, QLineEdit):
        return _Snapshot(target, target.text(), target.cursorPosition())
    if isinstance(target, QPlainTextEdit):
        return _Snapshot(target, target.toPlainText(), target.textCursor().position())
    text = target.pin if isinstance(target, widgets.PinPad) else str(getattr(target, "text", ""))
    return _Snapshot(target, text, len(text))


def _restore(snapshot: _Snapshot) -> None:
    """Take a scan burst's characters out of its target: the text and the cursor as before the burst.

    The burst went in at the cursor, so exactly the characters between the old
    and the new cursor are removed, as an edit (the rest of the field's undo
    history stays); a field that changed in another way gets its old text back.
    """
    target, before = snapshot.target, snapshot.text
    if isinstance(target, QLineEdit):
        now, position = target.text(), target.cursorPosition()
        added = len(now) - len(before)
        if added > 0 and position - added == snapshot.cursor and now[:snapshot.cursor] + now[position:] == before:
            target.setSelection(snapshot.cursor, added)
            target.del_()
        else:
            target.setText(before)
        target.setCursorPosition(snapshot.cursor)
    elif isinstance(target, QPlainTextEdit):
        now = target.toPlainText()
        cursor = target.textCursor()
        position = cursor.position()
        added = len(now) - len(before)
        if added > 0 and position - added == snapshot.cursor and now[:snapshot.cursor] + now[position:] == before:
            cursor.setPosition(snapshot.cursor)
            cursor.setPosition(position, QTextCursor.MoveMode.KeepAnchor)
            cursor.removeSelectedText()
        else:
            target.setPlainText(before)
            cursor = target.textCursor()
            cursor.setPosition(min(snapshot.cursor, len(before)))
        target.setTextCursor(cursor)
    else:
        target.set_text(before)  # type: ignore[attr-defined]
