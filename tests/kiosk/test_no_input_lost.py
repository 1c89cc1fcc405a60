"""No input is lost: a card scanned while someone types waits, and the screen says so."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from db import engine, ops
from tests.conftest import PIN
from tests.kiosk.conftest import scan_keys

pytestmark = pytest.mark.gui


def type_complaint(window: Any) -> None:
    window.show_complaint()
    screen = window.complaint
    screen.topic_buttons["product"].click()
    for char in "Cold soup":
        screen.keyboard.press(char)
    screen.contact_edit.setText("anna@example.cz")


def test_a_scanner_burst_during_the_complaint_form_waits(qtbot: Any, window: Any, batch: ops.BatchInfo) -> None:
    type_complaint(window)
    screen = window.complaint
    screen.text_edit.setFocus()
    qtbot.waitUntil(screen.text_edit.hasFocus, timeout=15_000)
    scan_keys(window, batch.codes[0])
    qtbot.waitUntil(lambda: window.waiting_code == batch.codes[0], timeout=15_000)
    assert window.current_screen() == "complaint_screen"
    assert screen.text_edit.toPlainText() == "Cold soup"  # the burst's characters were taken out again
    assert screen.contact_edit.text() == "anna@example.cz" and screen.topic() == "product"
    assert screen.error.isVisible() and "card" in screen.error.text().lower()
    screen.send_button.click()  # the complaint is saved; the card still waits for Done
    assert screen.pages.currentIndex() == 1 and window.current_screen() == "complaint_screen"
    assert "card" in screen.close_button.text().lower()
    screen.close_button.click()
    assert window.current_screen() == "card_screen" and window.card.code == batch.codes[0]
    assert window.waiting_code == ""


def test_a_camera_scan_during_the_form_waits_until_cancel(qtbot: Any, window: Any, batch: ops.BatchInfo,
                                                          shop_db: engine.Database) -> None:
    type_complaint(window)
    for _ in range(3):  # the camera sees the card again and again
        window.on_camera_code_scanned(batch.codes[1])
    assert window.current_screen() == "complaint_screen"
    assert window.complaint.text_edit.toPlainText() == "Cold soup"
    assert window.complaint.error.isVisible()
    with shop_db.sessions.begin() as session:
        assert ops.card_view(session, batch.codes[1]).status == "issued"  # nothing happened to it yet
    window.complaint.cancel_button.click()
    assert window.current_screen() == "card_screen" and window.card.code == batch.codes[1]


def test_a_scan_on_the_owner_screens_waits_until_they_close(qtbot: Any, window: Any, batch: ops.BatchInfo) -> None:
    window.open_owner()
    window.pin.pad.press(PIN)
    window.pin.pad.submit()
    assert window.current_screen() == "OwnerScreen"
    scan_keys(window, batch.codes[2])
    qtbot.waitUntil(lambda: window.waiting_code == batch.codes[2], timeout=15_000)
    QApplication.processEvents()
    assert window.current_screen() == "OwnerScreen"
    page = window.owner.pages[window.owner.current]
    assert page.banner.isVisible() and "card" in page.banner.text().lower()
    window.owner.leave.click()
    assert window.current_screen() == "card_screen" and window.card.code == batch.codes[2]


def test_without_typing_a_scan_shows_the_card_at_once(qtbot: Any, window: Any, batch: ops.BatchInfo) -> None:
    window.show_complaint()
    window.complaint.topic_buttons["other"].click()
    window.complaint.send_button.click()  # the thank-you page: nothing left to lose
    scan_keys(window, batch.codes[0])
    qtbot.waitUntil(lambda: window.current_screen() == "card_screen", timeout=15_000)


def test_a_waiting_card_is_dropped_when_the_screen_times_out(qtbot: Any, window: Any, batch: ops.BatchInfo) -> None:
    type_complaint(window)
    window.on_camera_code_scanned(batch.codes[0])
    assert window.waiting_code == batch.codes[0]
    window.on_idle_timeout()  # nobody finished the form
    assert window.current_screen() == "idle_screen" and window.waiting_code == ""
    window.show_complaint()
    window.complaint.cancel_button.click()
    assert window.current_screen() == "idle_screen"
