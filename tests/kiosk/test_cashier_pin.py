"""A station that asks for a cashier PIN before the first stamp of a shift."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from db import engine, ops
from db.models import Event
from tests.kiosk.conftest import make_services, make_window

pytestmark = pytest.mark.gui


def enter(pad: Any, pin: str) -> None:
    for digit in pin:
        pad.press(digit)
    pad.submit()


def cashier_station(qtbot: QtBot, shop_db: engine.Database, data_dir: Path) -> tuple[Any, Any]:
    """A kiosk that asks for a cashier PIN, with cashier Petr (PIN 1111)."""
    with shop_db.sessions.begin() as session:
        ops.add_staff(session, name="Petr", role="cashier", pin="1111")
    services = make_services(shop_db, data_dir)
    services.cashier_pin = True
    return services, make_window(qtbot, services)


def test_cashier_signs_in_once_and_stamps_carry_the_name(qtbot: QtBot, shop_db: engine.Database, batch: ops.BatchInfo,
                                                         data_dir: Path) -> None:
    services, window = cashier_station(qtbot, shop_db, data_dir)
    try:
        code = batch.codes[0]
        window.show_card(code)
        assert window.current_screen() == "pin_screen"
        assert window.pin.role == "cashier"
        enter(window.pin.pad, "9999")
        assert window.current_screen() == "pin_screen" and "Wrong PIN" in window.pin.pad.message.text()
        enter(window.pin.pad, "1111")
        assert window.current_screen() == "card_screen" and services.staff == "Petr"
        window.card.add_stamps(1)
        with shop_db.sessions.begin() as session:
            staff = session.scalars(select(Event.staff).where(Event.kind == "stamp")).all()
        assert staff == ["Petr"]
        window.show_idle()
        window.show_card(batch.codes[1])  # signed in: no second PIN this shift
        assert window.current_screen() == "card_screen"
    finally:
        window.shutdown()


def test_without_the_option_no_pin_is_asked(qtbot: QtBot, window: Any, batch: ops.BatchInfo) -> None:
    window.show_card(batch.codes[0])
    assert window.current_screen() == "card_screen"


def test_sign_out_asks_again(qtbot: QtBot, shop_db: engine.Database, batch: ops.BatchInfo, data_dir: Path) -> None:
    services, window = cashier_station(qtbot, shop_db, data_dir)
    try:
        window.show_card(batch.codes[0])
        enter(window.pin.pad, "1111")
        window.show_idle()
        button = window.idle.sign_out_button
        assert button.isVisible() and "Petr" in button.text()
        button.click()
        assert not button.isVisible() and services.staff == ""
        window.show_card(batch.codes[0])
        assert window.current_screen() == "pin_screen"
    finally:
        window.shutdown()


def test_a_cancelled_pin_forgets_what_it_was_for(qtbot: QtBot, shop_db: engine.Database, batch: ops.BatchInfo,
                                                 data_dir: Path) -> None:
    from tests.conftest import PIN

    services, window = cashier_station(qtbot, shop_db, data_dir)
    try:
        window.show_card(batch.codes[0])  # the cashier PIN, for this card
        assert window.current_screen() == "pin_screen" and window.pin.role == "cashier"
        window.pin.pad.cancel_button.click()
        assert window.current_screen() == "idle_screen"
        window.open_owner()  # the one PIN flow: the owner's PIN opens the owner screens, not the old card
        enter(window.pin.pad, PIN)
        assert window.current_screen() == "OwnerScreen" and services.staff == ""
    finally:
        window.shutdown()
