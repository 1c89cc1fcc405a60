"""Setup wizard, complaint with reference, layouts at 1920x1080 and 800x480, start-up, backups, camera worker."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from db import engine, ops
from db import settings as db_settings
from tests.kiosk.conftest import make_services, make_window

pytestmark = pytest.mark.gui


def click(qtbot: QtBot, button: Any) -> None:
    assert button.isVisible() and button.isEnabled(), button.objectName()
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)  # what qtbot.mouseClick calls (typed)


def test_wizard_on_empty_database(qtbot: QtBot, database: engine.Database, data_dir: Path) -> None:
    window = make_window(qtbot, make_services(database, data_dir), size=(800, 480))
    try:
        wizard = window.wizard
        assert window.current_screen() == "wizard_screen"
        click(qtbot, wizard.next_button)
        assert wizard.step == 0 and wizard.error.isVisible()  # the shop needs a name
        for ch in "Kocour":
            wizard.keyboard.press(ch)
        assert wizard.name_edit.text() == "Kocour"
        wizard.address_edit.setText("Dlouhá 1, Praha")
        click(qtbot, wizard.next_button)
        wizard.phone_edit.setText("+420 777 123 456")
        wizard.email_edit.setText("stiznosti@kocour.cz")
        wizard.url_edit.setText("https://kocour.cz/feedback")
        click(qtbot, wizard.next_button)
        click(qtbot, wizard.language_buttons["cs"])
        wizard.reward_edit.setText("Káva zdarma")
        click(qtbot, wizard.next_button)
        click(qtbot, wizard.stamps.minus)      # 9 stamps
        click(qtbot, wizard.prestamps.plus)    # 3 head start
        click(qtbot, wizard.next_button)
        assert wizard.step == wizard.PIN_STEP and wizard.pin_pad.isVisible()
        pad = wizard.pin_pad
        for d in "1357":
            click(qtbot, pad.findChild(QPushButton, f"pin_{d}"))
        click(qtbot, pad.ok_button)
        for d in "1358":
            click(qtbot, pad.findChild(QPushButton, f"pin_{d}"))
        click(qtbot, pad.ok_button)
        assert pad.feedback.currentWidget() is pad.message and pad.message.text()  # "the two PINs differ"
        for pin in ("1357", "1357"):
            for d in pin:
                click(qtbot, pad.findChild(QPushButton, f"pin_{d}"))
            click(qtbot, pad.ok_button)
        qtbot.waitUntil(lambda: window.current_screen() == "idle_screen", timeout=15_000)
        assert window.size().width() == 800 and window.size().height() == 480
        with database.sessions.begin() as session:
            shop = ops.get_shop(session)
            program = ops.get_program(session)
            assert ops.verify_pin(session, "1357", now=dt.datetime.now(dt.timezone.utc)) == "owner"
        assert (shop.name, shop.language, shop.url) == ("Kocour", "cs", "https://kocour.cz/feedback")
        assert (program.stamps_required, program.prestamps, program.reward) == (9, 3, "Káva zdarma")
        assert window.idle.shop_label.text() == "Kocour"
    finally:
        window.shutdown()


def test_complaint_saved_with_reference_and_slip(qtbot: QtBot, window: Any, shop_db: engine.Database,
                                                 data_dir: Path) -> None:
    click(qtbot, window.idle.complaint_button)
    screen = window.complaint
    assert window.current_screen() == "complaint_screen"
    click(qtbot, screen.send_button)
    assert screen.error.isVisible()  # a topic first
    click(qtbot, screen.topic_buttons["waiting_time"])
    for ch in "Slow ":
        screen.keyboard.press(ch)
    screen.keyboard.press("\x0fru")  # Russian letters
    for ch in "очередь":
        screen.keyboard.press(ch)
    screen.contact_edit.setFocus()
    qtbot.waitUntil(lambda: screen.keyboard.target is screen.contact_edit, timeout=15_000)
    for ch in "anna@kocour.cz":
        screen.contact_edit.insert(ch)
    with qtbot.waitSignal(window.receipt_saved, timeout=15_000) as slip:
        click(qtbot, screen.send_button)
    reference = screen.reference.text()
    assert reference.startswith("C-") and screen.reference.isVisible()
    with shop_db.sessions.begin() as session:
        [saved] = ops.list_complaints(session)
    assert (saved.reference, saved.topic, saved.text, saved.contact) == (
        reference, "waiting_time", "Slow очередь", "anna@kocour.cz")
    assert "kocour.cz/feedback" in screen.contacts.text()
    path = Path(slip.args[0])
    assert path.is_file() and reference in path.name
    click(qtbot, screen.close_button)
    assert window.current_screen() == "idle_screen"


@pytest.mark.parametrize("size", [(1920, 1080), (800, 480)])
def test_layouts_fit_and_buttons_are_15mm(qtbot: QtBot, shop_db: engine.Database, batch: ops.BatchInfo, data_dir: Path,
                                          size: Any, tmp_path: Path) -> None:
    from kiosk.app import theme

    window = make_window(qtbot, make_services(shop_db, data_dir), size=size)
    try:
        minimum = theme.mm(theme.MIN_BUTTON_MM) - 1
        window.show_card(batch.codes[0])
        for show in (window.show_idle, lambda: window.show_card(batch.codes[0]), window.show_complaint,
                     window.show_entry, window.open_owner, lambda: window.show_message("Refused.")):
            show()
            QApplication.processEvents()
            assert (window.width(), window.height()) == size
            screen = window.stack.currentWidget()
            for b in screen.findChildren(QPushButton):
                if b.isVisible() and b.property("role") != "key":
                    assert b.height() >= minimum, (screen.objectName(), b.objectName(), b.height())
                    assert b.fontMetrics().horizontalAdvance(b.text()) <= b.width(), b.text()
        window.grab().save(str(tmp_path / "shot.png"))
    finally:
        window.shutdown()


def test_owner_pin_refusal_and_lockout_in_plain_words(qtbot: QtBot, window: Any, shop_db: engine.Database) -> None:
    click(qtbot, window.idle.owner_button)
    assert window.current_screen() == "pin_screen"
    pad = window.pin.pad
    for _ in range(5):
        for d in "0000":
            pad.press(d)
        pad.submit()
    assert "Locked" in pad.message.text() or "locked" in pad.message.text().lower()
    click(qtbot, pad.cancel_button)
    assert window.current_screen() == "idle_screen"


def test_run_starts_to_idle_and_logs(qtbot: QtBot, shop_db: engine.Database, batch: ops.BatchInfo, data_dir: Path,
                                     db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kiosk.app import main

    class Ctx:
        station = "bench"

        def __init__(self) -> None:
            self.data_dir = data_dir

        def open_db(self) -> engine.Database:
            return shop_db

    seen: dict[str, object] = {}

    def ready(window: Any) -> None:
        seen["screen"] = window.current_screen()
        seen["frameless"] = bool(window.windowFlags() & Qt.WindowType.FramelessWindowHint)
        window.close()

    def fake_exec(app: Any) -> int:  # a real exec() + quit() leaves the test QApplication quitting for later tests
        for _ in range(5):
            app.processEvents()
        return 0

    monkeypatch.setattr(QApplication, "exec", fake_exec)
    args = argparse.Namespace(fullscreen=True, camera="none", size=None, decoder=None)
    assert main.run(args, Ctx(), on_ready=ready) == 0
    assert seen == {"screen": "idle_screen", "frameless": True}
    assert (data_dir / "logs" / "kiosk.log").is_file()
    assert "kiosk started" in (data_dir / "logs" / "kiosk.log").read_text()


def test_the_window_without_size_fits_the_screen(qtbot: QtBot) -> None:
    """``stampcard kiosk`` with no ``--size`` opens at 1280x800, or at the screen's room where it has less
    (the offscreen screen here is 800x600; a 1024x600 panel the same), never past its edges."""
    from PySide6.QtWidgets import QWidget

    from kiosk.app import main

    widget = QWidget()
    qtbot.addWidget(widget)
    main.show(widget, argparse.Namespace(fullscreen=False, size=None))
    room = widget.screen().availableGeometry().size()
    assert widget.width() == min(1280, room.width()) and widget.height() == min(800, room.height())
    main.show(widget, argparse.Namespace(fullscreen=False, size="1024x600"))
    assert widget.size().toTuple() == (1024, 600)  # --size is taken as asked


def test_daily_backup_keeps_14(tmp_path: Path, shop_db: engine.Database) -> None:
    from kiosk.app import backups

    folder = tmp_path / "backups"
    path = shop_db.sqlite_path
    day = dt.date(2026, 1, 1)
    for i in range(20):
        assert backups.backup_if_due(path, folder, day + dt.timedelta(days=i)) is not None
    assert backups.backup_if_due(path, folder, day + dt.timedelta(days=19)) is None  # once a day
    files = sorted(p.name for p in folder.glob("auto-*.db"))
    assert len(files) == 14 and files[-1] == "auto-2026-01-20.db" and files[0] == "auto-2026-01-07.db"
    assert backups.backup_if_due(None, folder, day) is None


def test_camera_worker_frame_function_without_thread(qtbot: QtBot, batch: ops.BatchInfo) -> None:
    from tests.helpers import synthetic
    from kiosk.app import camera_worker

    worker = camera_worker.CameraWorker("unused", preview_fps=20)
    scanned: list[str] = []
    previews: list[Any] = []
    worker.code_scanned.connect(scanned.append)
    worker.preview_ready.connect(previews.append)
    frame = np.full((720, 1280, 3), 190, np.uint8)
    qr = synthetic.qr_image(batch.codes[0], module_px=8)
    frame[100:100 + qr.shape[0], 200:200 + qr.shape[1]] = qr[:, :, None]
    empty = np.full((720, 1280, 3), 190, np.uint8)
    assert worker.process_frame(frame, now=0.0) == [batch.codes[0]]
    assert worker.process_frame(frame, now=0.04) == []          # still in view: one scan
    assert worker.process_frame(empty, now=0.5) == []
    assert worker.process_frame(empty, now=2.0) == []            # gone for > 1 s
    assert worker.process_frame(frame, now=2.1) == [batch.codes[0]]  # shown again: a new scan
    assert scanned == [batch.codes[0], batch.codes[0]]
    assert previews and previews[0].width() == 640 and not previews[0].isNull()
    worker.forget(batch.codes[0])
    assert worker.process_frame(frame, now=2.15) == [batch.codes[0]]


def test_settings_changed_reloads_shop_name(qtbot: QtBot, window: Any, shop_db: engine.Database) -> None:
    with shop_db.sessions.begin() as session:
        db_settings.update(session, shop="Kocour Two")
    window.services.signals.settings_changed.emit()
    assert window.idle.shop_label.text() == "Kocour Two"


def test_idle_shows_complaint_contacts_and_web_qr(qtbot: QtBot, window: Any, shop_db: engine.Database) -> None:
    """DESIGN: the idle screen carries the complaint contacts, the web address as a QR."""
    from cards import decode

    idle = window.idle
    assert idle.contacts_label.isVisible() and idle.contacts_qr.isVisible()
    assert "+420 777 123 456" in idle.contacts_label.text()
    assert "stiznosti@kocour.cz" in idle.contacts_label.text()
    image = idle.contacts_qr.pixmap().toImage().convertToFormat(idle.contacts_qr.pixmap().toImage().Format.Format_Grayscale8)
    pixels = np.array(image.constBits(), dtype=np.uint8).reshape(image.height(), image.bytesPerLine())[:, :image.width()]
    assert decode.read_payloads(np.ascontiguousarray(pixels)) == ["https://kocour.cz/feedback"]
    with shop_db.sessions.begin() as session:
        db_settings.update(session, complaints_phone="", complaints_email="", complaints_url="")
    window.services.signals.settings_changed.emit()
    assert not idle.contacts_qr.isVisible() and not idle.contacts_label.isVisible()


_ = engine
