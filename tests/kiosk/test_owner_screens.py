"""Each owner action through the real widgets, on a real SQLite file."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any, TypeVar

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from db import backup, engine, ops
from kiosk.app import tasks, theme
from kiosk.app.owner import OwnerScreen, common, print_page
from kiosk.app.services import Services
from tests.conftest import NOW

pytestmark = pytest.mark.gui

W = TypeVar("W", bound=QWidget)


@pytest.fixture
def services(shop_db: engine.Database, tmp_path: Path) -> Services:
    return Services(shop_db, station="test-station", data_dir=tmp_path / "data")


@pytest.fixture
def screen(qtbot: QtBot, services: Any) -> OwnerScreen:
    widget = OwnerScreen(services, staff="owner")
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    return widget


def overlay(screen: Any, kind: type[W]) -> W:
    found = [w for w in screen.findChildren(kind) if isinstance(w, kind) and w.isVisible()]
    assert found, f"no {kind.__name__} is open"
    return found[-1]


def type_text(screen: Any, field: common.TextField, text: str) -> None:
    """Tap the field, then the on-screen keyboard's keys, then OK."""
    field.click()
    keyboard = overlay(screen, common.Keyboard)
    keyboard.set_layout("abc")
    keyboard.clear_key.click()
    for char in text:
        if char == " ":
            keyboard.space.click()
            continue
        key = next(k for k in keyboard.keys if k.text() == char.lower())
        if char.isupper():
            keyboard.shift_key.click()
        key.click()
    keyboard.ok.click()


def type_digits(screen: Any, field: common.TextField, digits: str) -> None:
    field.click()
    pad = overlay(screen, common.NumberPad)
    pad.press(digits)
    pad.ok.click()


def answer_yes(screen: Any) -> None:
    question = overlay(screen, common.Confirm)
    assert question.yes.height() >= 78 and question.no.height() >= 78
    question.yes.click()


def test_program_settings_are_saved(qtbot: QtBot, screen: Any, services: Any) -> None:
    page = screen.pages["program"]
    screen.tab_buttons["program"].click()
    page.stamps.plus.click()
    page.stamps.plus.click()
    page.prestamps.minus.click()
    type_text(screen, page.reward, "Free cake")
    with qtbot.waitSignal(services.signals.settings_changed):
        page.save.click()
    with services.session() as session:
        program = ops.get_program(session)
    assert (program.stamps_required, program.prestamps, program.reward) == (12, 1, "Free cake")
    assert "Saved" in page.banner.text()


def test_tiers_are_edited(qtbot: QtBot, screen: Any, services: Any) -> None:
    page = screen.pages["program"]
    screen.tab_buttons["program"].click()
    page.tier1_from.minus.click()  # Gold from 5 to 4 rewards
    page.tier1_bonus.plus.click()  # and 2 bonus stamps a visit
    with qtbot.waitSignal(services.signals.settings_changed):
        page.save.click()
    with services.session() as session:
        tiers = ops.get_program(session).tiers
    assert [(t.name, t.min_rewards, t.bonus) for t in tiers] == [("Silver", 1, 0), ("Gold", 4, 2)]


def test_program_refusal_is_shown(screen: Any, services: Any) -> None:
    page = screen.pages["program"]
    page.reward.set_value("")
    page.save.click()
    assert page.banner.isVisible() and page.banner.property("tone") == "error"
    with services.session() as session:
        assert ops.get_program(session).reward == "Free coffee"


def test_print_batch_writes_pdf_with_progress_and_preview(qtbot: QtBot, screen: Any, services: Any) -> None:
    page = screen.pages["print"]
    screen.tab_buttons["print"].click()
    page.quick.buttons["10"].click()
    page.count.plus.click()  # 20 cards: two pages
    page.paper.buttons["letter"].click()
    seen: list[tuple[int, int]] = []
    page.bar.valueChanged.connect(lambda value: seen.append((value, page.bar.maximum())))
    page.make.click()
    assert page.bar.isVisible() and not page.make.isEnabled()
    qtbot.waitUntil(lambda: page.result is not None, timeout=20000)
    result = page.result
    assert result.pdf.parent == services.data_dir / "cards" and result.pdf.read_bytes().startswith(b"%PDF")
    assert not list(result.pdf.parent.glob("*.partial"))
    assert seen and seen[-1][1] == 20
    assert not page.preview.pixmap().isNull()
    with services.session() as session:
        batch = ops.batch_cards(session, result.batch)
    assert batch.count == 20 and batch.prestamps == 2
    page.print_button.click()
    assert str(result.pdf) in page.banner.text() or "printer" in page.banner.text()


def test_batch_stopped_while_rendering_is_void(services: Any, tmp_path: Path) -> None:
    # The rows are committed before the PDF is rendered (issue 9: printing never blocks the
    # counter); a batch stopped while rendering was never printed, so it is voided.
    def progress(done: Any, total: Any) -> None:
        if done:
            raise tasks.Cancelled()
    with pytest.raises(tasks.Cancelled):
        print_page.make_batch(services.database, count=25, prestamps=0, paper="a4", folder=tmp_path / "out",
                              now=NOW, station="s", staff="owner", progress=progress)
    with services.session() as session:
        assert [b.status for b in ops.list_batches(session)] == ["void"]
    assert not list((tmp_path / "out").glob("*")) if (tmp_path / "out").exists() else True


def make_cards(services: Any, count: int = 3) -> ops.BatchInfo:
    with services.session() as session:
        return ops.create_batch(session, count=count, now=NOW)


def test_void_batch_after_confirmation(screen: Any, services: Any) -> None:
    batch = make_cards(services)
    page = screen.pages["cards"]
    screen.tab_buttons["cards"].click()
    page.section.buttons["void"].click()
    row = page.batch_rows.itemAt(0).widget()
    row.click()
    page.void_button.click()
    overlay(screen, common.Confirm).no.click()  # No leaves it alone
    with services.session() as session:
        assert ops.list_batches(session)[0].status == "active"
    page.void_button.click()
    answer_yes(screen)
    with services.session() as session:
        assert ops.list_batches(session)[0].status == "void"
    assert str(batch.id) in page.banner.text()


def test_block_card_found_by_number(screen: Any, services: Any) -> None:
    batch = make_cards(services)
    number = batch.numbers[0]
    page = screen.pages["cards"]
    screen.tab_buttons["cards"].click()
    page.section.buttons["block"].click()
    type_text(screen, page.block_finder.query, number[:6])
    assert page.block_finder.results and page.block_finder.results[0].number == number
    page.block_finder.rows.itemAt(0).widget().click()
    page.block_button.click()
    answer_yes(screen)
    with services.session() as session:
        assert ops.card_view(session, number).status == "blocked"


def test_transfer_found_by_customer_name(screen: Any, services: Any) -> None:
    batch = make_cards(services)
    old, new = batch.numbers[0], batch.numbers[1]
    with services.session() as session:
        ops.stamp(session, old, count=3, now=NOW)
        ops.set_customer(session, old, name="Jana Novakova", phone="777111222")
    page = screen.pages["cards"]
    screen.tab_buttons["cards"].click()
    page.section.buttons["transfer"].click()
    type_text(screen, page.old_finder.query, "Jana")
    page.old_finder.rows.itemAt(0).widget().click()
    type_text(screen, page.new_number, new)
    page.transfer_button.click()
    answer_yes(screen)
    with services.session() as session:
        moved = ops.card_view(session, new)
        assert ops.card_view(session, old).status == "transferred"
    assert moved.stamps == 5 and moved.customer_name == "Jana Novakova"  # exactly the old balance


def test_refusal_is_shown_as_a_sentence(screen: Any, services: Any) -> None:
    batch = make_cards(services)
    page = screen.pages["cards"]
    page.section.buttons["transfer"].click()
    type_text(screen, page.old_finder.query, batch.numbers[0][:8])
    page.old_finder.rows.itemAt(0).widget().click()
    type_text(screen, page.new_number, batch.numbers[0])  # the same card
    page.transfer_button.click()
    answer_yes(screen)
    assert page.banner.property("tone") == "error" and "same card" in page.banner.text()


def test_complaint_resolved_with_a_note(screen: Any, services: Any) -> None:
    with services.session() as session:
        complaint = ops.add_complaint(session, topic="service", text="Waited too long", now=NOW)
    page = screen.pages["complaints"]
    screen.tab_buttons["complaints"].click()
    page.view.clicked.emit(page.model.index(0))  # the inbox is a model/view list (tests/kiosk/test_inbox.py)
    assert "Waited too long" in page.body.text()
    type_text(screen, page.note, "Called back sorry")
    page.resolve.click()
    with services.session() as session:
        done = ops.list_complaints(session)[0]
    assert (done.reference, done.status, done.resolution) == (complaint.reference, "resolved", "Called back sorry")
    assert page.model.rowCount() == 0 and page.empty.isVisible()


def test_staff_added_with_a_pin(screen: Any, services: Any) -> None:
    page = screen.pages["staff"]
    screen.tab_buttons["staff"].click()
    type_text(screen, page.name, "Petr")
    page.add.click()
    pad = overlay(screen, common.NumberPad)
    pad.press("13579")
    pad.ok.click()
    with services.session() as session:
        assert ("Petr", "cashier") in ops.list_staff(session)
        assert ops.verify_pin(session, "13579", now=NOW, role="cashier") == "Petr"


def test_a_new_signing_key_after_a_confirmation(screen: Any, services: Any) -> None:
    """The Staff page's New key (``stampcard secret rotate`` on the screen): asked first, then key 2
    signs new batches, and a card printed under key 1 still works."""
    old = make_cards(services)
    page = screen.pages["staff"]
    screen.tab_buttons["staff"].click()
    assert page.key_state.text() == "Key 1 in use."
    page.rotate.click()
    answer_yes(screen)
    assert "Key 2 signs new batches now" in page.banner.text()
    assert page.key_state.text() == "Key 2 in use."
    with services.session() as session:
        assert [k.id for k in ops.keyring(session).keys] == [1, 2]
        assert ops.card_view(session, old.codes[0]).number == old.numbers[0]


def test_backup_now_and_restore(qtbot: QtBot, screen: Any, services: Any) -> None:
    page = screen.pages["backup"]
    screen.tab_buttons["backup"].click()
    page.backup_now.click()
    qtbot.waitUntil(lambda: bool(page.files), timeout=20000)
    made = page.files[0]
    assert made.parent == services.backups_dir and backup.check_file(made)
    assert str(made) in page.banner.text()
    make_cards(services)  # a change after the backup
    page.rows.itemAt(0).widget().click()
    page.restore.click()
    answer_yes(screen)
    with services.session() as session:
        assert ops.list_batches(session) == []
    assert "Restored" in page.banner.text()


def test_reports_show_counts_and_charts(screen: Any, services: Any) -> None:
    batch = make_cards(services)
    now = dt.datetime.now(dt.timezone.utc)
    with services.session() as session:
        ops.stamp(session, batch.numbers[0], count=2, now=now - dt.timedelta(days=1))
        ops.stamp(session, batch.numbers[0], count=1, now=now)
        ops.add_complaint(session, topic="other", now=now)
    page = screen.pages["reports"]
    page.runner = tasks.TaskRunner(threaded=False)  # the report is made off the GUI thread (test_reports_page.py)
    screen.tab_buttons["reports"].click()
    assert page.tiles["visits"].value.text() == "2"
    assert page.tiles["stamps"].value.text() == "3"
    assert page.tiles["returning"].value.text() == "1"
    assert page.tiles["open"].value.text() == "1"
    assert page.chart.series() and page.chart.series()[0].count() == 2
    for key in ("rewards", "customers", "complaints"):
        page.chart_choice.buttons[key].click()
        assert len(page.chart.series()) == 1
    page.period.buttons["all"].click()
    assert page.tiles["stamps"].value.text() == "3"  # head-start stamps are not counted


def test_close_emits_closed(qtbot: QtBot, screen: Any) -> None:
    with qtbot.waitSignal(screen.closed):
        screen.leave.click()


@pytest.mark.parametrize("size", [(800, 480), (1920, 1080)])
def test_touch_targets_and_no_clipped_text_in_every_language(qtbot: QtBot, qapp: Any, services: Any, size: Any) -> None:
    from PySide6.QtWidgets import QPushButton

    from kiosk.app import i18n

    make_cards(services)
    widget = OwnerScreen(services)
    qtbot.addWidget(widget)
    widget.resize(*size)
    widget.show()
    QApplication.processEvents()
    assert widget.metrics is not None
    assert widget.size().toTuple() == size and widget.metrics.compact == (size[1] < 700)
    problems: list[tuple[object, ...]] = []
    try:
        for code in ("en", "cs", "ru"):
            i18n.install_language(qapp, code)
            QApplication.processEvents()
            for key, tab in widget.tab_buttons.items():
                widget.show_tab(key)
                QApplication.processEvents()
                page = widget.pages[key]
                assert page.width() <= size[0] - widget.metrics.rail
                for item in [*page.findChildren(QPushButton), *widget.tab_buttons.values(), widget.leave]:
                    if not item.isVisible() or not item.text():
                        continue
                    if item.height() < widget.metrics.touch_min:  # 9 mm on the panel (theme.touch_px)
                        problems.append((code, key, item.text(), "height", item.height()))
                    widest = max(item.fontMetrics().horizontalAdvance(line) for line in item.text().split("\n"))
                    if widest > theme.text_room(item):  # the button's width less its border and padding
                        problems.append((code, key, item.text(), "width", widest, theme.text_room(item)))
    finally:
        i18n.install_language(qapp, "en")
    assert problems == [], "\n".join(map(str, problems))


def test_print_sends_to_the_named_printer(qtbot: QtBot, screen: Any, services: Any, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "lp").write_text(f'#!/bin/sh\necho "$@" > "{tmp_path}/lp-args"\n')
    (fake / "lp").chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake}:{__import__('os').environ['PATH']}")
    # the station's printer, resolved once at start (kiosk.config: STAMPCARD_PRINTER or the Devices page)
    monkeypatch.setattr(services, "devices", dataclasses.replace(services.devices, printer="counter-laser"))
    page = screen.pages["print"]
    page.runner = tasks.TaskRunner(threaded=False)
    page.count.set_value(3)
    page.make.click()
    page.print_button.click()
    assert "counter-laser" in page.banner.text()
    assert (tmp_path / "lp-args").read_text().startswith("-d counter-laser")


def test_stop_while_making_cards_leaves_no_usable_batch(qtbot: QtBot, screen: Any, services: Any) -> None:
    # The rows are committed in one short transaction before the PDF is rendered (issue 9), so a
    # Stop after that voids the batch: none of its cards was printed and none will be accepted.
    page = screen.pages["print"]
    screen.tab_buttons["print"].click()
    page.count.set_value(3000)
    page.make.click()
    assert page.cancel.isVisible()
    page.cancel.click()
    qtbot.waitUntil(lambda: page.task is None, timeout=30000)
    assert "Stopped" in page.banner.text() and page.result is None
    with services.session() as session:
        assert all(batch.status == "void" for batch in ops.list_batches(session))
    assert not list((services.data_dir / "cards").glob("*")) if (services.data_dir / "cards").exists() else True


def test_owner_keyboard_and_pad_are_the_kiosk_ones(screen: Any) -> None:
    """The overlays embed widgets.OnScreenKeyboard and widgets.PinPad: Czech capitals, Cyrillic, symbols."""
    from kiosk.app import widgets

    got: list[str] = []
    keyboard = common.Keyboard(screen, "E-mail", "", got.append, layout="čšž", max_length=8)
    keyboard.open()
    assert isinstance(keyboard.keyboard, widgets.OnScreenKeyboard)
    keyboard.shift_key.click()
    next(k for k in keyboard.keys if k.text() == "Ř").click()
    next(k for k in keyboard.keys if k.text() == "ů").click()  # shift was for one letter
    keyboard.layout_keys["ru"].click()
    next(k for k in keyboard.keys if k.text() == "ж").click()
    keyboard.set_layout("@#1")
    for char in "@&.-":
        next(k for k in keyboard.keys if k.text().replace("&&", "&") == char).click()
    keyboard.back.click()
    keyboard.type("xyz")
    assert keyboard.display.text() == "Řůж@&.xy▏"  # at most 8 characters
    keyboard.ok.click()
    assert got == ["Řůж@&.xy"] and not keyboard.isVisible()
    pad = common.NumberPad(screen, "PIN", "", got.append, secret=True, max_length=4)
    pad.open()
    assert isinstance(pad.pad, widgets.PinPad)
    pad.press("12345")
    assert pad.display.text() == "●●●●"
    pad.back.click()
    pad.ok.click()
    assert got[-1] == "123"


def test_a_card_number_is_typed_in_one_tap_a_character(qtbot: QtBot, screen: Any, services: Any) -> None:
    """The Cards page's search opens on the card-number keys: digits and Crockford letters on one layout,
    no shift and no switch (it took 16 taps and 5 switches on the letters and symbols)."""
    number = make_cards(services).numbers[0]  # printed for people as K7Q2-9XJ4-MN3
    screen.show_tab("cards")
    page = screen.pages["cards"]
    page.section.buttons["block"].click()
    finder = page.block_finder
    finder.query.click()
    keyboard = overlay(screen, common.Keyboard)
    assert keyboard.layout_name == "card"
    taps = 0
    for char in number.replace("-", ""):
        [key] = [k for k in keyboard.keys if k.text() == char]
        key.click()
        taps += 1
    assert keyboard.layout_name == "card" and not keyboard.shift
    assert taps == len(number.replace("-", ""))
    keyboard.ok.click()
    assert finder.query.value() == number.replace("-", "")
