"""At the counter: nothing moves under a finger, undo says what it undid, the reward is the largest
text, a void or blocked card can be moved by the owner, one slip per complaint, one log line per act."""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

from cards import codes
from db import engine, ops
from kiosk.app import i18n
from kiosk.app.status import Part
from tests.conftest import PIN
from tests.kiosk.conftest import make_services, make_window

pytestmark = pytest.mark.gui


def geometry(window: QWidget) -> dict[str, QRect]:
    """Where every visible button is, in window coordinates."""
    QApplication.processEvents()
    found = {}
    for i, item in enumerate(window.findChildren(QAbstractButton)):
        if item.isVisible():
            found[f"{item.objectName() or item.text()}#{i}"] = QRect(item.mapTo(window, QPoint(0, 0)), item.size())
    return found


def assert_nothing_moves(window: QWidget, show: Callable[[], object], what: str) -> None:
    before = geometry(window)
    show()
    after = geometry(window)
    moved = [f"{key}: {before[key].getRect()} -> {after[key].getRect()}"
             for key in before if key in after and before[key] != after[key]]
    assert moved == [], f"{what} moved buttons: " + "; ".join(moved)


@pytest.mark.parametrize("size", [(800, 480), (1280, 800)])
def test_messages_appear_in_reserved_space(qtbot: Any, qapp: Any, shop_db: engine.Database,
                                           batch: ops.BatchInfo, data_dir: Path, size: tuple[int, int]) -> None:
    window = make_window(qtbot, make_services(shop_db, data_dir), size=size)
    i18n.install_language(qapp, "cs")
    try:
        window.show_card(batch.codes[0])
        card = window.card
        card.say("")
        assert_nothing_moves(window, lambda: card.say("Přidáno 1 razítko"), "a notice on the card screen")
        assert_nothing_moves(window, lambda: card.say("Tato karta byla zablokována. Požádejte prosím obsluhu.",
                                                      error=True), "a refusal on the card screen")
        assert_nothing_moves(window, lambda: card.say(""), "the notice going away")
        window.show_entry()
        assert_nothing_moves(window, lambda: window.entry.show_error("Číslo karty má překlep. Zkontrolujte ho."),
                             "the typo message in number entry")
        window.show_complaint()
        assert_nothing_moves(window, window.complaint.send_button.click, "'choose a topic' in the complaint form")
        assert window.complaint.error.isVisible()
        assert_nothing_moves(window, lambda: window.complaint.show_waiting(True), "'a card waits'")
        window.show_idle()
        window.open_owner()
        window.pin.pad.press("1111")
        assert_nothing_moves(window, window.pin.pad.submit, "a wrong PIN")
        window.pin.pad.press(PIN)
        window.pin.pad.submit()
        for key in ("print", "cards", "staff"):
            window.owner.show_tab(key)
            banner = window.owner.pages[key].banner
            message = functools.partial(banner.show_message, "Série 4 je hotová: 30 karet. Uloženo do "
                                        "/home/kocour/karty/serie-0004-a4.pdf")
            assert_nothing_moves(window, message,
                                 f"a message on the owner's {key} page")
            assert_nothing_moves(window, banner.clear, f"the message going away on the owner's {key} page")
    finally:
        window.shutdown()


def test_undo_says_what_it_took_back(qtbot: Any, qapp: Any, window: Any, batch: ops.BatchInfo) -> None:
    window.show_card(batch.codes[0])
    card = window.card
    card.add_stamps(3, force=True)
    card.undo()
    assert card.notice.text() == "3 stamps taken back."
    card.undo()
    assert card.notice.text() == "The last change was already undone."
    i18n.install_language(qapp, "cs")
    card.add_stamps(3, force=True)
    card.undo()
    assert card.notice.text() == "Vrácena 3 razítka."
    card.undo()
    assert card.notice.text() == "Poslední změna už byla vrácena."


def test_the_reward_is_the_largest_text_for_a_while(qtbot: Any, window: Any, batch: ops.BatchInfo,
                                                   shop_db: engine.Database) -> None:
    with shop_db.sessions.begin() as session:
        for count in (5, 3):
            ops.stamp(session, batch.codes[0], count=count, force=True, now=dt.datetime.now(dt.timezone.utc))
    window.show_card(batch.codes[0])
    card = window.card
    card.REWARD_SHOWN_MS = 600_000  # no wall clock: the timer cannot end the reward while it is looked at
    card.redeem_button.click()
    QApplication.processEvents()
    assert card.reward_hero.isVisible() and "Free coffee" in card.reward_hero.text()
    assert card.reward_timer.isActive() and card.reward_timer.interval() == card.REWARD_SHOWN_MS
    sizes = {label.objectName() or label.text(): label.fontInfo().pixelSize()
             for label in window.findChildren(QLabel) if label.isVisible() and label.text()}
    biggest = max(sizes, key=lambda name: sizes[name])
    assert biggest == "reward_hero", sizes
    card.reward_timer.start(0)  # "a while" has passed: the timer fires, the stamps come back
    qtbot.waitUntil(lambda: card.slots.isVisible() and not card.reward_hero.isVisible(), timeout=30_000)


@pytest.mark.parametrize("how", ["void", "blocked"])
def test_owner_sees_and_moves_a_void_or_blocked_cards_stamps(qtbot: Any, window: Any, batch: ops.BatchInfo,
                                                            shop_db: engine.Database, how: str) -> None:
    now = dt.datetime.now(dt.timezone.utc)
    with shop_db.sessions.begin() as session:
        ops.stamp(session, batch.codes[0], count=3, force=True, now=now)  # 2 head start + 3
        if how == "void":
            ops.void_batch(session, batch.id, now=now)
            fresh = ops.create_batch(session, count=1, now=now)
        else:
            ops.block_card(session, batch.codes[0], now=now)
            fresh = batch
    new_number = fresh.numbers[0] if how == "void" else batch.numbers[1]
    window.show_card(batch.codes[0])
    assert window.current_screen() == "message_screen"
    assert window.message.action_button.isVisible()
    window.message.action_button.click()
    assert window.current_screen() == "pin_screen"
    window.pin.pad.press(PIN)
    window.pin.pad.submit()
    page = window.owner.pages["cards"]
    assert window.owner.current == "cards" and page.old_finder.chosen is not None
    assert page.old_finder.chosen.stamps == 5 and "5" in page.banner.text()
    page.new_number.set_value(codes.format_number(new_number))
    page._update_transfer()
    page.transfer(batch.numbers[0], new_number)
    with shop_db.sessions.begin() as session:
        assert ops.card_view(session, new_number).stamps == 5


def test_one_complaint_slip_and_no_invitation_to_a_second(qtbot: Any, window: Any, data_dir: Path) -> None:
    window.show_complaint()
    window.complaint.topic_buttons["service"].click()
    window.complaint.send_button.click()
    qtbot.waitUntil(lambda: not window.print_jobs.busy, timeout=10_000)  # printed off the GUI thread
    slips = list((data_dir / "receipts").glob("*"))
    assert len(slips) == 1  # no printer: saved, once
    assert window.complaint.slip_notice.isVisible() and not window.complaint.print_button.isVisible()


def test_the_log_has_one_line_per_act_and_no_personal_data(qtbot: Any, window: Any, batch: ops.BatchInfo,
                                                          shop_db: engine.Database,
                                                          caplog: pytest.LogCaptureFixture) -> None:
    with shop_db.sessions.begin() as session:
        ops.set_customer(session, batch.codes[0], name="Jana Nováková", phone="777 111 222")
    caplog.set_level(logging.INFO, logger="kiosk.acts")
    window.show_card(batch.codes[0])
    card = window.card
    card.add_stamps(1)
    card.add_stamps(2, force=True)
    card.undo()
    with shop_db.sessions.begin() as session:
        for count in (5, 3):
            ops.stamp(session, batch.codes[0], count=count, force=True, now=dt.datetime.now(dt.timezone.utc))
    window.show_card(batch.codes[0])
    card.redeem()
    card.add_stamps(1)  # within the cooldown: a question, not an act
    window.show_card("SC1:NOT-A-CARD")
    window.open_owner()
    window.pin.pad.press("1111")
    window.pin.pad.submit()
    lines = [r.getMessage() for r in caplog.records if r.name == "kiosk.acts"]
    kinds = [line.split()[0] for line in lines]
    assert kinds == ["scan", "stamp", "stamp", "undo", "scan", "redeem", "refused", "pin_failed"], lines
    masked = codes.mask_number(batch.numbers[0])
    assert all("station=test-kiosk" in line for line in lines)
    assert all(masked in line for line in lines[:6])
    text = "\n".join(r.getMessage() for r in caplog.records)
    for private in ("Jana", "777 111 222", batch.numbers[0], codes.format_number(batch.numbers[0])):
        assert private not in text
    assert "kind=damaged" in lines[6] and "tries_left=4" in lines[7]


def test_a_printer_failure_is_one_log_line(qtbot: Any, window: Any, batch: ops.BatchInfo, tmp_path: Path,
                                          caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="kiosk.acts")
    window.show_card(batch.codes[0])
    devices = window.services.devices  # a device file that is not there
    window.services.devices = type(devices)(devices.camera, str(tmp_path / "no-such-folder" / "lp0"),
                                            devices.receipt_width, devices.sound)
    window.card.print_button.click()
    qtbot.waitUntil(lambda: not window.print_jobs.busy, timeout=10_000)  # printed off the GUI thread
    lines = [r.getMessage() for r in caplog.records if r.name == "kiosk.acts"]
    assert lines[-1].startswith("printer_failed station=test-kiosk card=" + codes.mask_number(batch.numbers[0]))
    assert "document=receipt" in lines[-1]
    assert window.card.notice.isVisible() and window.status.states[Part.PRINTER] == "error"
