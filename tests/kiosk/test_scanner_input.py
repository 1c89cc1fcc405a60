"""A property test of the scanner's key filter: whatever the text, wherever the cursor, a scan burst typed
into a focused field is taken out exactly, the text and the cursor as before, and the card is reported."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from cards import codes
from kiosk.app import scanner_input

pytestmark = pytest.mark.gui

SECRET = codes.new_secret()
TEXT = st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x17F, blacklist_categories=["Cc"]),
               max_size=40)  # Latin with Czech letters: what a customer types


@pytest.fixture(scope="module")
def form(qapp: Any) -> Any:
    window = QWidget()
    box = QVBoxLayout(window)
    line, text = QLineEdit(), QPlainTextEdit()
    box.addWidget(line)
    box.addWidget(text)
    window.show()
    scanner = scanner_input.ScannerInput(window)
    scanner.set_secret(SECRET)
    scanner.install()
    seen: list[str] = []
    scanner.code_scanned.connect(seen.append)
    yield window, line, text, seen
    scanner.remove()
    window.close()


def burst(window: QWidget, payload: str, start_ms: int) -> None:
    t = start_ms
    for ch in payload + "\r":
        key = Qt.Key.Key_Return if ch == "\r" else Qt.Key(ord(ch.upper()))
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, ch)
            event.setTimestamp(t)
            QApplication.sendEvent(window.windowHandle(), event)
        t += 4


_clock = [1_000_000]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(before=TEXT, where=st.floats(0, 1), multiline=st.booleans())
def test_a_burst_leaves_the_text_and_the_cursor_as_they_were(form: Any, before: str, where: float,
                                                              multiline: bool) -> None:
    window, line, text, seen = form
    payload = codes.make_payload(codes.new_number(), SECRET)
    cursor_at = int(len(before) * where)
    if multiline:
        text.setPlainText(before)
        cursor = text.textCursor()
        cursor.setPosition(cursor_at)
        text.setTextCursor(cursor)
        text.setFocus()
    else:
        line.setText(before)
        line.setCursorPosition(cursor_at)
        line.setFocus()
    QApplication.processEvents()
    shown = text.toPlainText() if multiline else line.text()  # as Qt holds it (a no-break space reads as a space)
    _clock[0] += 10_000
    burst(window, payload, _clock[0])
    QApplication.processEvents()
    if multiline:
        assert text.toPlainText() == shown and text.textCursor().position() == cursor_at
    else:
        assert line.text() == shown and line.cursorPosition() == cursor_at
    assert seen[-1] == payload


def test_before_a_shop_exists_a_physical_keyboard_still_types_a_pin(qapp: Any) -> None:
    from kiosk.app import widgets

    window = QWidget()
    box = QVBoxLayout(window)
    pad = widgets.PinPad()
    box.addWidget(pad)
    window.show()
    entered: list[str] = []
    pad.entered.connect(entered.append)
    scanner = scanner_input.ScannerInput(window)  # no secret yet: the first-run wizard
    scanner.install()
    try:
        window.activateWindow()
        t = 5_000
        for ch in "13579\b\n":
            key = {"\b": Qt.Key.Key_Backspace, "\n": Qt.Key.Key_Return}.get(ch, Qt.Key(ord(ch)))
            event = QKeyEvent(QEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier, ch)
            event.setTimestamp(t)
            QApplication.sendEvent(window.windowHandle(), event)
            t += 200
        assert entered == ["1357"]
    finally:
        scanner.remove()
        window.close()
