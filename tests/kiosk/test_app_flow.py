"""The whole cashier flow through the real widgets, with the ledger checked after each step."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from db import engine, ops
from kiosk.app.status import Part
from printing.receipt import masked
from tests.conftest import NOW
from tests.kiosk.conftest import card_state, make_services, make_window, scan_keys, write_camera_folder

pytestmark = pytest.mark.gui


def click(qtbot: QtBot, button: Any) -> None:
    assert button.isVisible() and button.isEnabled(), button.objectName()
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)  # what qtbot.mouseClick calls (typed)


def history_kinds(database: engine.Database, code: str) -> list[str]:
    with database.sessions.begin() as session:
        return [kind for _at, kind, _delta, _station in ops.history(session, code)]


def test_cashier_flow_with_scanner_keys(qtbot: QtBot, window: Any, shop_db: engine.Database, batch: ops.BatchInfo,
                                        data_dir: Path) -> None:
    code = batch.codes[0]
    assert window.current_screen() == "idle_screen"
    scan_keys(window, code)
    qtbot.waitUntil(lambda: window.current_screen() == "card_screen", timeout=15_000)
    card = window.card
    state = card_state(shop_db, code)
    assert state.status == "active" and state.stamps == 2
    assert "Welcome" in card.notice.text() and "2" in card.notice.text()
    assert card.slots.filled == 2 and card.slots.head_start == 2
    assert card.to_go.text() == "8 to go"
    assert not card.redeem_button.isVisible()

    click(qtbot, card.stamp_button)
    assert card_state(shop_db, code).stamps == 3
    assert card.slots.filled == 3 and card.to_go.text() == "7 to go"

    # Within the cooldown: a question, not a silent stamp.
    click(qtbot, card.stamp_button)
    assert card.question.isVisible()
    assert "add another?" in card.question.text.text().lower() or "Add another?" in card.question.text.text()
    assert card_state(shop_db, code).stamps == 3
    click(qtbot, card.question.no_button)
    assert card_state(shop_db, code).stamps == 3
    click(qtbot, card.stamp_button)
    click(qtbot, card.question.yes_button)
    assert card_state(shop_db, code).stamps == 4

    # +N: 5 more (forced past the cooldown) fills 9; then +1 more fills the card.
    click(qtbot, card.more_button)
    assert card.picker.isVisible()
    click(qtbot, card.picker.buttons[5])
    click(qtbot, card.question.yes_button)
    assert card_state(shop_db, code).stamps == 9
    click(qtbot, card.stamp_button)
    click(qtbot, card.question.yes_button)
    state = card_state(shop_db, code)
    assert state.stamps == 10 and state.reward_ready
    assert card.redeem_button.isVisible() and card.to_go.text() == "Reward ready!"

    click(qtbot, card.redeem_button)
    state = card_state(shop_db, code)
    assert state.stamps == 0 and state.rewards_redeemed == 1 and state.tier == "Silver"
    assert card.celebration.isVisible()
    assert card.tier_badge.text() == "Silver"

    click(qtbot, card.undo_button)
    state = card_state(shop_db, code)
    assert state.stamps == 10 and state.rewards_redeemed == 0
    assert history_kinds(shop_db, code)[:2] == ["undo", "redeem"]

    with qtbot.waitSignal(window.receipt_saved, timeout=15_000) as saved:
        click(qtbot, card.print_button)
    receipt = Path(saved.args[0])
    assert receipt.is_file() and receipt.parent == data_dir / "receipts"
    text = subprocess.run(["pdftotext", "-layout", str(receipt), "-"], capture_output=True, text=True,
                          check=True, timeout=60).stdout
    for wanted in ("Reward cancelled", "10 of 10", masked(card.result.card.number)):  # the card's last change
        assert wanted in text, (wanted, text)
    assert card_state(shop_db, code).stamps == 10  # printing changes nothing

    click(qtbot, card.done_button)
    assert window.current_screen() == "idle_screen"


def test_scanner_works_while_a_text_field_has_focus(qtbot: QtBot, window: Any, shop_db: engine.Database,
                                                    batch: ops.BatchInfo) -> None:
    window.show_complaint()
    window.complaint.contact_edit.setFocus()
    qtbot.waitUntil(lambda: window.complaint.contact_edit.hasFocus(), timeout=15_000)
    window.complaint.contact_edit.setText("anna@")
    scan_keys(window, batch.codes[1])
    qtbot.waitUntil(lambda: window.waiting_code == batch.codes[1], timeout=15_000)
    assert window.current_screen() == "complaint_screen"  # the card waits (tests/kiosk/test_no_input_lost.py)
    assert window.complaint.contact_edit.text() == "anna@"
    window.complaint.cancel_button.click()
    assert window.current_screen() == "card_screen"


def test_person_typing_is_not_a_scan(qtbot: QtBot, window: Any, batch: ops.BatchInfo) -> None:
    scan_keys(window, batch.codes[0], gap_ms=150)
    qtbot.wait(50)
    assert window.current_screen() == "idle_screen"


def test_typed_card_number(qtbot: QtBot, window: Any, shop_db: engine.Database, batch: ops.BatchInfo) -> None:
    click(qtbot, window.idle.entry_button)
    assert window.current_screen() == "entry_screen"
    number = batch.numbers[2]
    for ch in number[:4].lower() + "-" + number[4:]:
        window.entry.keyboard.press(ch) if ch != "-" else window.entry.field.insert("-")
    window.entry.keyboard.press("\n")
    qtbot.waitUntil(lambda: window.current_screen() == "card_screen", timeout=15_000)
    assert window.card.result.card.number == number
    # A typo is caught by the check character and said plainly on the entry screen.
    window.show_entry()
    typo = ("0" if number[0] != "0" else "1") + number[1:]
    window.entry.field.setText(typo)
    window.entry.submit()
    assert window.current_screen() == "entry_screen"
    assert "typo" in window.entry.error.text()


def test_camera_folder_scan_shows_card(qtbot: QtBot, shop_db: engine.Database, batch: ops.BatchInfo, data_dir: Path,
                                       tmp_path: Path) -> None:
    folder = write_camera_folder(tmp_path / "frames", batch.codes[0])
    window = make_window(qtbot, make_services(shop_db, data_dir, camera_spec=str(folder)))
    try:
        with qtbot.waitSignal(window.card_shown, timeout=5000) as shown:
            pass
        assert shown.args == [batch.codes[0]]
        assert window.current_screen() == "card_screen"
        assert window.idle.preview.frames > 0
        assert window.status.states[Part.CAMERA] == "ok"
        click(qtbot, window.card.stamp_button)
        assert card_state(shop_db, batch.codes[0]).stamps == 3
        # The same card still in view does not open it again: a re-opened card would show 3 stamps too,
        # so the proof is that no scan reached the card screen and the shown result is the same one.
        shown_again: list[str] = []
        window.card_shown.connect(shown_again.append)
        result = window.card.result
        worker = window.camera.worker
        decoded = worker.frames_decoded
        qtbot.waitUntil(lambda: worker.frames_decoded > decoded + 3, timeout=5000)  # the camera kept reading it
        assert shown_again == [] and window.card.result is result
        assert window.card.result.card.stamps == 3 and card_state(shop_db, batch.codes[0]).stamps == 3
    finally:
        window.shutdown()
    assert window.camera is None


def test_no_camera_says_so(qtbot: QtBot, shop_db: engine.Database, batch: ops.BatchInfo, data_dir: Path,
                           tmp_path: Path) -> None:
    window = make_window(qtbot, make_services(shop_db, data_dir, camera_spec=str(tmp_path / "missing")))
    try:
        qtbot.waitUntil(lambda: window.status.states[Part.CAMERA] == "lost", timeout=15_000)
        assert window.idle.camera_notice.isVisible()
        assert "camera" in window.idle.camera_notice.text().lower()
        scan_keys(window, batch.codes[0])  # the rest still works
        qtbot.waitUntil(lambda: window.current_screen() == "card_screen", timeout=15_000)
    finally:
        window.shutdown()


@pytest.mark.parametrize("case", ["forged", "unknown", "void", "blocked", "not_ours"])
def test_refusals_are_plain_sentences(qtbot: QtBot, window: Any, shop_db: engine.Database, batch: ops.BatchInfo,
                                      case: Any) -> None:
    now = dt.datetime.now(dt.timezone.utc)
    code = batch.codes[0]
    if case == "forged":
        code = code[:-3] + ("AAA" if not code.endswith("AAA") else "BBB")
    elif case == "unknown":
        from cards import codes

        code = codes.make_payload(codes.new_number(), window.services.shop().secret)
    elif case == "void":
        with shop_db.sessions.begin() as session:
            ops.void_batch(session, batch.id, now=now)
    elif case == "blocked":
        with shop_db.sessions.begin() as session:
            ops.block_card(session, code, now=now)
    elif case == "not_ours":
        code = "HTTPS://EXAMPLE.COM/MENU"
    scan_keys(window, code)
    qtbot.waitUntil(lambda: window.current_screen() == "message_screen", timeout=15_000)
    sentence = window.message.headline.text()
    assert sentence.endswith(".") and "Traceback" not in sentence and "Error" not in sentence
    expected = {"forged": "not issued by this shop", "unknown": "do not know", "void": "no longer valid",
                "blocked": "blocked", "not_ours": "not one of our"}[case]
    assert expected in sentence
    assert window.sounds.played[-1] == "refused"
    click(qtbot, window.message.ok_button)
    assert window.current_screen() == "idle_screen"


def test_card_returns_to_idle_when_untouched(qtbot: QtBot, window: Any, batch: ops.BatchInfo) -> None:
    window.card.idle_timeout_ms = 150
    window.show_card(batch.codes[0])
    assert window.current_screen() == "card_screen"
    qtbot.waitUntil(lambda: window.current_screen() == "idle_screen", timeout=15_000)


def test_unexpected_error_goes_back_to_idle_via_message(qtbot: QtBot, window: Any, batch: ops.BatchInfo,
                                                        monkeypatch: pytest.MonkeyPatch,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(ops, "scan", broken)
    try:
        window.show_card(batch.codes[0])
    except RuntimeError as exc:
        window.handle_exception(type(exc), exc, exc.__traceback__)
    assert window.current_screen() == "message_screen"
    assert "ask staff" in window.message.headline.text()
    assert "disk on fire" in caplog.text and "Traceback" in window.last_error
    window.message.idle_timeout_ms = 100
    window.show_message("x")
    qtbot.waitUntil(lambda: window.current_screen() == "idle_screen", timeout=15_000)


# (the services' clock now, the shop's zone, the birthday, the greeting): the shop's day decides, not the
# machine's or UTC's; a 29 February birthday is greeted on 29 February, and on 28 February off leap years
BIRTHDAYS = [
    (dt.datetime(2028, 2, 28, 12, 0, tzinfo=dt.timezone.utc), "Pacific/Auckland", dt.date(2000, 2, 29), True),
    (dt.datetime(2028, 2, 28, 12, 0, tzinfo=dt.timezone.utc), "Europe/Prague", dt.date(2000, 2, 29), False),
    (dt.datetime(2027, 2, 28, 12, 0, tzinfo=dt.timezone.utc), "Europe/Prague", dt.date(2000, 2, 29), True),
    (dt.datetime(2026, 7, 14, 23, 30, tzinfo=dt.timezone.utc), "America/New_York", dt.date(1990, 7, 14), True),
    (dt.datetime(2026, 7, 14, 23, 30, tzinfo=dt.timezone.utc), "Europe/Prague", dt.date(1990, 7, 14), False),
]


@pytest.mark.parametrize(("now", "zone", "birthday", "greeted"), BIRTHDAYS)
def test_birthday_and_name_greeting(qtbot: QtBot, window: Any, shop_db: engine.Database, batch: ops.BatchInfo,
                                    monkeypatch: pytest.MonkeyPatch, now: Any, zone: Any, birthday: Any,
                                    greeted: Any) -> None:
    from db.models import Shop

    code = batch.codes[0]
    with shop_db.sessions.begin() as session:
        shop = session.get(Shop, 1)
        assert shop is not None
        shop.timezone = zone
        ops.set_customer(session, code, name="Anna", birthday=birthday)
    window.services.forget_settings()
    monkeypatch.setattr(window.services, "now", lambda: now)  # the services' clock: the one "now" of the kiosk
    window.show_card(code)
    assert window.card.greeting.text() == ("Happy birthday, Anna!" if greeted else "Hello, Anna!")
    with shop_db.sessions.begin() as session:
        ops.set_customer(session, code, name="Anna", birthday=None)
    window.show_card(code)
    assert window.card.greeting.text() == "Hello, Anna!"


def test_card_screen_shows_its_own_batchs_head_start(qtbot: QtBot, window: Any, shop_db: engine.Database) -> None:
    """A batch printed with 3 head-start stamps shows 3 gift slots, though the program's default is 2."""
    with shop_db.sessions.begin() as session:
        code = ops.create_batch(session, count=1, prestamps=3, now=NOW).codes[0]
    scan_keys(window, code)
    qtbot.waitUntil(lambda: window.current_screen() == "card_screen", timeout=15_000)
    assert window.card.slots.head_start == 3 and window.card.slots.filled == 3
    assert "3" in window.card.notice.text()
