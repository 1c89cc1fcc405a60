"""Bring a friend at the counter: a regular's card introduces a new card (scanned or typed), both screens
show "+N from a friend" once the bonus is granted, and a refusal stays in the overlay with nothing changed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from sqlalchemy import func, select

from cards import codes
from db import engine, ops
from db import settings as db_settings
from db.models import Referral
from kiosk.app import i18n
from tests.kiosk.conftest import card_state, make_services, make_window, scan_keys

pytestmark = pytest.mark.gui


def click(button: Any) -> None:
    assert button.isVisible() and button.isEnabled(), button.objectName()
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def referrals(database: engine.Database) -> int:
    with database.sessions.begin() as session:
        return session.scalar(select(func.count()).select_from(Referral)) or 0


@pytest.fixture
def codes3(shop_db: engine.Database) -> list[str]:
    """Three new cards (2 head-start stamps each), a referral bonus of 3, the first card a regular."""
    now = dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=2)
    with shop_db.sessions.begin() as session:
        db_settings.update(session, referral_bonus=3)
        batch = ops.create_batch(session, count=3, now=now, station="test")
    with shop_db.sessions.begin() as session:
        ops.stamp(session, batch.codes[0], now=now)
    return list(batch.codes)


def test_a_regular_brings_a_friend_and_both_screens_show_the_bonus(
        qtbot: Any, shop_db: engine.Database, codes3: list[str], data_dir: Path) -> None:
    regular, new, other = codes3
    window = make_window(qtbot, make_services(shop_db, data_dir), size=(800, 480))
    card = window.card
    try:
        window.show_card(new)  # a card with no paid stamps brings nobody
        assert not card.friend_button.isEnabled()
        window.show_card(regular)
        click(card.friend_button)
        assert card.friend.isVisible() and "scan the new card" in card.friend.title.text()
        scan_keys(window, regular)  # the regular's own card: refused, in the overlay, nothing recorded
        qtbot.waitUntil(card.friend.error.isVisible)
        assert card.friend.isVisible()
        assert "same card" in card.friend.error.text() and referrals(shop_db) == 0
        number = codes.format_number(card_state(shop_db, new).number)
        card.friend.field.clear()
        for ch in number.replace("-", ""):  # typed on the overlay's keypad
            card.friend.keyboard.press(ch)
        card.friend.keyboard.enter_pressed.emit()
        assert not card.friend.isVisible() and referrals(shop_db) == 1
        assert card.notice.text() == f"Card {number} is brought by this card: at its first stamp both get +3."
        assert window.current_screen() == "card_screen" and card.code == regular  # still the regular's card
        click(card.friend_button)
        scan_keys(window, new)  # the same friend again: refused
        qtbot.waitUntil(card.friend.error.isVisible)
        assert "a friend brought it already" in card.friend.error.text() and referrals(shop_db) == 1
        click(card.friend.cancel_button)
        assert not card.friend.isVisible()

        window.show_card(new)  # the friend's first paid stamp: +1, and +3 from a friend
        click(card.stamp_button)
        assert card.notice.text() == "+1 stamp added. +3 from a friend."
        assert card_state(shop_db, new).stamps == 2 + 1 + 3 and card_state(shop_db, regular).stamps == 3 + 3

        window.show_card(regular)  # the regular's screen, next time it is shown
        assert card.notice.text() == "+3 from a friend."
        window.show_card(new)  # the friend's bonus was shown with its stamp: not again
        assert card.notice.text() == ""
        window.show_card(other)
        window.show_card(regular)
        assert card.notice.text() == "+3 from a friend."
        click(card.stamp_button)  # once something else happens to the card, the news is old
        window.show_card(other)
        window.show_card(regular)
        assert card.notice.text() == ""
    finally:
        window.shutdown()


def test_the_friend_screen_in_czech_and_russian(qtbot: Any, qapp: Any, shop_db: engine.Database, codes3: list[str],
                                                data_dir: Path) -> None:
    window = make_window(qtbot, make_services(shop_db, data_dir))
    try:
        for lang, button in (("cs", "Přiveďte přítele"), ("ru", "Приведите друга")):
            i18n.install_language(qapp, lang)
            qapp.processEvents()
            window.show_card(codes3[0])
            assert window.card.friend_button.text() == button
            click(window.card.friend_button)
            assert window.card.friend.title.text() and "scan" not in window.card.friend.title.text()
            click(window.card.friend.cancel_button)
    finally:
        window.shutdown()
