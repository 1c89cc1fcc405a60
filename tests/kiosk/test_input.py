"""Input is never scrambled: a scan while someone types keeps their text and their cursor; a card scanned
on the owner's Cards page fills its search; a physical keyboard types into the owner's popups."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import QApplication

from cards import codes
from db import ops
from kiosk.app.owner import common
from tests.conftest import PIN
from tests.kiosk.conftest import scan_keys

pytestmark = pytest.mark.gui

_SPECIAL = {"\n": Qt.Key.Key_Return, "\b": Qt.Key.Key_Backspace, "\x1b": Qt.Key.Key_Escape}


def type_keys(window: Any, text: str, start_ms: int = 500_000, gap_ms: int = 180) -> None:
    """A person at a USB keyboard: keys with a person's pauses between them."""
    t = start_ms
    for ch in text:
        key = _SPECIAL.get(ch) or (Qt.Key(ord(ch.upper())) if ch.isascii() else Qt.Key.Key_unknown)
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, ch)
            event.setTimestamp(t)
            QApplication.sendEvent(window.windowHandle(), event)
        t += gap_ms


def put_cursor(edit: Any, position: int) -> None:
    cursor = edit.textCursor()
    cursor.setPosition(position)
    edit.setTextCursor(cursor)


def test_a_scan_in_the_middle_of_a_complaint_keeps_the_text_and_the_cursor(
        qtbot: Any, window: Any, batch: ops.BatchInfo) -> None:
    window.show_complaint()
    screen = window.complaint
    screen.topic_buttons["waiting_time"].click()
    edit = screen.text_edit
    edit.setPlainText("Čekal jsem 20 minut. Nikdo nepřišel.")
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus, timeout=15_000)
    put_cursor(edit, len("Čekal jsem 20 minut."))  # the customer went back to add something
    scan_keys(window, batch.codes[0])
    qtbot.waitUntil(lambda: window.waiting_code == batch.codes[0], timeout=15_000)
    assert edit.toPlainText() == "Čekal jsem 20 minut. Nikdo nepřišel."
    assert edit.textCursor().position() == len("Čekal jsem 20 minut.")
    for char in " U pokladny":  # the on-screen keys go on where the cursor is
        screen.keyboard.press(char)
    type_keys(window, "!")  # and so does a USB keyboard
    assert edit.toPlainText() == "Čekal jsem 20 minut. U pokladny! Nikdo nepřišel."
    assert screen.error.isVisible() and "card" in screen.error.text().lower()  # the screen says the card waits
    screen.send_button.click()
    assert "card" in screen.close_button.text().lower()  # offered after Send
    screen.close_button.click()
    assert window.current_screen() == "card_screen" and window.card.code == batch.codes[0]


def test_a_scan_at_the_end_of_a_line_field_keeps_the_cursor(qtbot: Any, window: Any, batch: ops.BatchInfo) -> None:
    window.show_complaint()
    contact = window.complaint.contact_edit
    contact.setText("anna@kocour.cz")
    contact.setFocus()
    qtbot.waitUntil(contact.hasFocus, timeout=15_000)
    contact.setCursorPosition(4)
    scan_keys(window, batch.codes[1])
    qtbot.waitUntil(lambda: window.waiting_code == batch.codes[1], timeout=15_000)
    assert contact.text() == "anna@kocour.cz" and contact.cursorPosition() == 4
    type_keys(window, "x")
    assert contact.text() == "annax@kocour.cz"


def owner_cards_page(window: Any, section: str) -> Any:
    window.open_owner()
    window.pin.pad.press(PIN)
    window.pin.pad.submit()
    assert window.current_screen() == "OwnerScreen"
    window.owner.show_tab("cards")
    page = window.owner.pages["cards"]
    page.section.set_current(section)
    page.on_section_chosen(section)
    return page


def test_a_card_scanned_on_the_customer_page_fills_the_search(qtbot: Any, window: Any, batch: ops.BatchInfo) -> None:
    page = owner_cards_page(window, "customer")
    scan_keys(window, batch.codes[2])
    qtbot.waitUntil(lambda: page.customer_finder.chosen is not None, timeout=15_000)
    assert page.customer_finder.chosen.number == batch.numbers[2]
    assert page.customer_finder.query.value() == codes.format_number(batch.numbers[2])
    assert page.customer_fields.isVisible() and page.customer_button.isEnabled()
    assert window.current_screen() == "OwnerScreen" and window.waiting_code == ""  # nothing waits for later
    window.owner.leave.click()
    assert window.current_screen() == "idle_screen"  # and nothing pops up when the owner leaves


def test_moving_stamps_takes_the_lost_card_then_the_new_one(qtbot: Any, window: Any, batch: ops.BatchInfo) -> None:
    page = owner_cards_page(window, "transfer")
    window.on_camera_code_scanned(batch.codes[0])
    assert page.old_finder.chosen is not None and page.old_finder.chosen.number == batch.numbers[0]
    window.on_camera_code_scanned(batch.codes[1])
    assert page.new_number.value() == codes.format_number(batch.numbers[1])
    assert page.transfer_button.isEnabled()


def test_a_physical_keyboard_types_into_the_owner_popups(qtbot: Any, window: Any, batch: ops.BatchInfo) -> None:
    page = owner_cards_page(window, "customer")
    page.customer_finder.query.click()
    [keyboard] = [w for w in window.findChildren(common.Keyboard) if w.isVisible()]
    type_keys(window, "kocx\b")
    assert keyboard.text == "koc"
    scan_keys(window, batch.codes[0], start_ms=900_000)  # a scan meanwhile leaves the typing alone
    qtbot.waitUntil(lambda: page.customer_finder.chosen is not None, timeout=15_000)
    assert keyboard.isVisible() and keyboard.text == "koc"
    type_keys(window, "\x1b", start_ms=950_000)  # Escape: Cancel
    assert not keyboard.isVisible()

    page.phone.click()
    [pad] = [w for w in window.findChildren(common.NumberPad) if w.isVisible()]
    type_keys(window, "777x1239\b\n", start_ms=990_000)
    assert not pad.isVisible() and page.phone.value() == "777123"  # Enter: OK


def test_a_physical_keyboard_types_the_owner_pin(qtbot: Any, window: Any, batch: ops.BatchInfo) -> None:
    window.open_owner()
    type_keys(window, "9" + PIN)
    assert window.pin.pad.pin == "9" + PIN
    type_keys(window, "\b\b", start_ms=600_000)  # Backspace erases
    assert window.pin.pad.pin == ("9" + PIN)[:-2]
    type_keys(window, "\x1b", start_ms=602_000)  # Escape cancels
    assert window.current_screen() == "idle_screen"
    window.open_owner()
    type_keys(window, PIN + "\n", start_ms=700_000)
    assert window.current_screen() == "OwnerScreen"
