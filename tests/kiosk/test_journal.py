"""The kiosk's log names every act, the owner's too: forced stamps say so, a redeem names its reward,
and no line holds a card's whole number or anyone's details."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import pytest

from cards import codes
from db import engine, ops
from kiosk.app.owner import OwnerScreen, common
from kiosk.app.services import Services
from tests.kiosk.test_owner_screens import type_text

pytestmark = pytest.mark.gui


def acts(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "kiosk.acts"]


def test_a_forced_stamp_and_a_redeem_say_what_they_were(window: Any, batch: ops.BatchInfo, shop_db: engine.Database,
                                                       caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="kiosk.acts")
    window.show_card(batch.codes[0])
    window.card.add_stamps(1)
    window.card.add_stamps(2, force=True)  # "Stamped just now, add another?" Yes
    with shop_db.sessions.begin() as session:
        ops.stamp(session, batch.codes[0], count=5, force=True, now=dt.datetime.now(dt.timezone.utc))
    window.show_card(batch.codes[0])
    window.card.redeem()
    window.card.undo()
    stamp, forced, redeem, undo = (line for line in acts(caplog) if line.split()[0] in ("stamp", "redeem", "undo"))
    assert "count=1" in stamp and "forced" not in stamp
    assert "count=2" in forced and "forced=yes" in forced
    assert 'reward="Free coffee"' in redeem and "count=0" not in redeem
    assert "undone=redeem" in undo


def test_the_owners_acts_are_logged_without_personal_data(qtbot: Any, services: Services, batch: ops.BatchInfo,
                                                          caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="kiosk.acts")
    with services.session() as session:
        ops.set_customer(session, batch.codes[1], name="Jana Nováková", phone="777 111 222")
        complaint = ops.add_complaint(session, topic="service", text="Jana čekala", now=services.now())
        spare = ops.create_batch(session, count=1, now=services.now())
    screen = OwnerScreen(services, staff="owner")
    qtbot.addWidget(screen)
    screen.resize(1280, 800)
    screen.show()

    program: Any = screen.pages["program"]  # the pages' widgets are reached by name
    screen.tab_buttons["program"].click()
    program.cooldown.plus.click()
    program.save.click()

    cards: Any = screen.pages["cards"]
    screen.tab_buttons["cards"].click()
    cards.void(spare.id)
    cards.block(batch.numbers[0])
    cards.transfer(batch.numbers[1], codes.format_number(batch.numbers[2]))

    inbox: Any = screen.pages["complaints"]
    screen.tab_buttons["complaints"].click()
    inbox.view.clicked.emit(inbox.model.index(0))
    type_text(screen, inbox.note, "Called back")
    inbox.resolve.click()

    backup_page: Any = screen.pages["backup"]
    screen.tab_buttons["backup"].click()
    backup_page.backup_now.click()
    qtbot.waitUntil(lambda: bool(backup_page.files), timeout=20_000)

    lines = acts(caplog)
    kinds = [line.split()[0] for line in lines]
    assert kinds == ["settings_changed", "batch_void", "card_blocked", "transfer", "complaint_resolved", "backup"]
    assert all("by=owner" in line and "station=test-station" in line for line in lines)
    assert "fields=cooldown" in lines[0]
    assert f"batch={spare.id}" in lines[1]
    assert codes.mask_number(batch.numbers[0]) in lines[2]
    assert codes.mask_number(batch.numbers[2]) in lines[3] and codes.mask_number(batch.numbers[1]) in lines[3]
    assert complaint.reference in lines[4]
    text = "\n".join(lines)
    for private in ("Jana", "777 111 222", "Called back", str(services.backups_dir), *batch.numbers):
        assert private not in text


def test_a_language_change_is_logged(qtbot: Any, services: Services, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="kiosk.acts")
    from kiosk.app.owner import language_page

    language_page.switch_language(services, "cs")
    language_page.switch_language(services, "cs")  # no change, no line
    assert [line.split()[0] for line in acts(caplog)] == ["language"]
    assert "language=cs" in acts(caplog)[0]
    assert common is not None


@pytest.fixture
def services(shop_db: engine.Database, tmp_path: Any) -> Services:
    return Services(shop_db, station="test-station", data_dir=tmp_path / "data")


def test_a_batch_an_export_a_restore_and_a_customer_are_logged(qtbot: Any, services: Services,
                                                               caplog: pytest.LogCaptureFixture) -> None:
    from kiosk.app import tasks, theme
    from kiosk.app.owner import backup_page, cards_page, export_page, print_page

    caplog.set_level(logging.INFO, logger="kiosk.acts")
    metrics = theme.Metrics(800)
    printing = print_page.PrintPage(services, metrics, tasks.TaskRunner(threaded=False))
    exporting = export_page.ExportPage(services, metrics, tasks.TaskRunner(threaded=False))
    backups = backup_page.BackupPage(services, metrics, tasks.TaskRunner(threaded=False))
    cards = cards_page.CardsPage(services, metrics, tasks.TaskRunner(threaded=False))
    for page in (printing, exporting, backups, cards):
        qtbot.addWidget(page)
    printing.count.set_value(10)
    printing.make.click()
    exporting.refresh()
    exporting.pick(services.data_dir / "exports")
    exporting.what.set_current("cards")
    exporting.format.set_current("csv")
    exporting.go.click()
    qtbot.waitUntil(lambda: not exporting.busy)
    backups.refresh()
    backups.on_backup_clicked()
    qtbot.waitUntil(lambda: bool(backups.files), timeout=20_000)
    backups.restore_from(backups.files[0])
    number = printing.result.first_page[0].number if printing.result is not None else ""
    cards.section.set_current("customer")
    cards.on_section_chosen("customer")
    assert cards.take_card(number)
    cards.name.set_value("Jana Nováková")
    cards.consent.setChecked(True)
    cards.on_customer_save_clicked()
    cards.erase_customer(number)
    lines = acts(caplog)
    kinds = [line.split()[0] for line in lines]
    assert kinds == ["batch_made", "export", "backup", "restore", "customer_saved", "customer_erased"], lines
    assert "count=10" in lines[0] and "table=cards" in lines[1] and "rows=10" in lines[1]
    assert "consent=yes" in lines[4] and codes.mask_number(number) in lines[4]
    text = "\n".join(lines)
    for private in ("Jana", number, str(services.data_dir)):
        assert private not in text
