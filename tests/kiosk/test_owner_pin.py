"""The way in: the kiosk's owner PIN screen opens the owner screens; wrong PINs and lockouts keep them shut."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from db import engine
from kiosk.app.owner import OwnerScreen
from tests.conftest import PIN
from tests.kiosk.conftest import make_services, make_window

pytestmark = pytest.mark.gui


@pytest.fixture
def kiosk(qtbot: QtBot, shop_db: engine.Database, data_dir: Path) -> Iterator[Any]:
    window = make_window(qtbot, make_services(shop_db, data_dir), size=(800, 480))
    yield window
    window.shutdown()


def enter(window: Any, pin: str) -> None:
    for digit in pin:
        window.pin.pad.press(digit)
    window.pin.pad.ok_button.click()


def test_right_pin_opens_the_owner_screens_and_close_returns_to_idle(qtbot: QtBot, kiosk: Any) -> None:
    kiosk.open_owner()
    enter(kiosk, PIN)
    assert isinstance(kiosk.owner, OwnerScreen)
    assert kiosk.stack.currentWidget() is kiosk.owner
    assert kiosk.owner.metrics.compact  # built for the 800x480 display
    assert kiosk.owner.pages["program"].isVisible()
    kiosk.owner.leave.click()
    assert kiosk.current_screen() == "idle_screen" and kiosk.owner is None


def test_wrong_pin_is_refused(kiosk: Any) -> None:
    kiosk.open_owner()
    enter(kiosk, "1111")
    assert kiosk.owner is None and kiosk.current_screen() == "pin_screen"
    assert "Wrong PIN" in kiosk.pin.pad.message.text()


def test_lockout_keeps_even_the_right_pin_out(kiosk: Any) -> None:
    kiosk.open_owner()
    for _ in range(5):
        enter(kiosk, "0000")
    enter(kiosk, PIN)
    assert kiosk.owner is None
    assert "locked" in kiosk.pin.pad.message.text().lower()


def test_language_chosen_by_the_owner_reaches_the_customer_screens(qtbot: QtBot, kiosk: Any) -> None:
    kiosk.open_owner()
    enter(kiosk, PIN)
    kiosk.owner.show_tab("language")
    kiosk.owner.pages["language"].buttons["cs"].click()
    qtbot.waitUntil(lambda: kiosk.owner.leave.text() == "Zavřít")
    kiosk.owner.leave.click()
    assert kiosk.services.shop().language == "cs"
    qtbot.waitUntil(lambda: "Ukažte svou kartu" in [label.text() for label in kiosk.idle.findChildren(QLabel)])
