"""The owner's export page (data folder or a USB stick), the customer form's consent and erasure,
and the Program page checking with the same rules as ``init`` and ``settings set``."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from db import engine, ops, privacy
from db import settings as db_settings
from kiosk import media
from kiosk.app import tasks, theme
from kiosk.app.owner import OwnerScreen, export_page
from kiosk.app.services import Services

pytestmark = pytest.mark.gui


@pytest.fixture
def services(shop_db: engine.Database, tmp_path: Path) -> Services:
    return Services(shop_db, station="test-station", data_dir=tmp_path / "data")


@pytest.fixture
def stick(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A fake mount table with one USB stick (a folder under a fake /media) and one read-only medium."""
    root = tmp_path / "media"
    usb = root / "owner" / "KOCOUR USB"
    usb.mkdir(parents=True)
    cdrom = root / "owner" / "CDROM"
    cdrom.mkdir()
    mounts = tmp_path / "mounts"
    mounts.write_text(f"/dev/sda1 / ext4 rw,relatime 0 0\n"
                      f"/dev/sdb1 {str(usb).replace(' ', chr(92) + '040')} vfat rw,nosuid,nodev 0 0\n"
                      f"/dev/sr0 {cdrom} iso9660 ro,nosuid 0 0\n", encoding="utf-8")
    return mounts, root, usb


def test_removable_media_are_read_from_the_mount_table(stick: Any, tmp_path: Path) -> None:
    mounts, root, usb = stick
    found = media.removable_media(mounts, (root,))
    assert [(m.path, m.label, m.filesystem) for m in found] == [(usb, "KOCOUR USB", "vfat")]
    assert found[0].free_bytes > 0 and found[0].removable
    places = media.destinations(tmp_path / "data" / "exports", mounts, (root,))
    assert [p.removable for p in places] == [False, True] and places[0].free_bytes > 0
    assert media.removable_media(tmp_path / "no-such-table") == []


def test_export_to_a_usb_stick_says_where_the_file_went(qtbot: QtBot, services: Any, stick: Any) -> None:
    mounts, root, usb = stick
    with services.session() as session:
        code = ops.create_batch(session, count=2, now=services.now()).codes[0]
        ops.stamp(session, code, now=services.now())
    page = export_page.ExportPage(services, theme.Metrics(800),
                                  tasks.TaskRunner(threaded=False))
    qtbot.addWidget(page)
    page.mounts, page.roots = mounts, (root,)
    page.refresh()
    assert [p.removable for p in page.places] == [False, True]
    assert page.place == services.data_dir / "exports", "the data folder is the default"
    page.what.set_current("visits")
    page.format.set_current("csv")
    page.pick(usb)
    page.go.click()
    qtbot.waitUntil(lambda: not page.busy)
    (written,) = usb.glob("stampcard-visits-*.csv")
    assert str(written) in page.banner.text() and "USB stick out" in page.banner.text()
    with written.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 1 and rows[0]["stamps_added"] == "1"
    page.pick(services.data_dir / "exports")
    page.format.set_current("xlsx")
    page.what.set_current("cards")
    page.go.click()
    qtbot.waitUntil(lambda: not page.busy)
    assert len(list((services.data_dir / "exports").glob("stampcard-cards-*.xlsx"))) == 1
    assert "exports" in page.banner.text() and "USB" not in page.banner.text()


def test_the_export_tab_is_on_the_owner_screen(qtbot: QtBot, services: Any) -> None:
    screen = OwnerScreen(services, staff="owner")
    qtbot.addWidget(screen)
    screen.resize(1280, 800)
    screen.show()
    screen.tab_buttons["export"].click()
    assert screen.stack.currentWidget() is screen.pages["export"]
    assert screen.tab_buttons["export"].text() == "Export"


def test_customer_form_asks_for_consent_and_forgets(qtbot: QtBot, services: Any) -> None:
    with services.session() as session:
        code = ops.create_batch(session, count=1, now=services.now()).codes[0]
        card = ops.card_view(session, code)
    screen = OwnerScreen(services, staff="owner")
    qtbot.addWidget(screen)
    screen.resize(1280, 800)
    screen.show()
    screen.tab_buttons["cards"].click()
    page: Any = screen.pages["cards"]  # its widgets are reached by name
    page.customer_finder.results = [card]
    page.customer_finder.show_rows()
    page.customer_finder.pick(card)
    page.name.set_value("Jana Nováková")
    page.email.set_value("jana@example.cz")
    assert not page.consent.isChecked()
    page.customer_button.click()
    assert "consent" in page.banner.text()
    with services.session() as session:
        assert privacy.get_customer(session, code) is None, "nothing kept without consent"
    page.consent.click()
    page.customer_button.click()
    assert "Saved" in page.banner.text()
    with services.session() as session:
        info = privacy.get_customer(session, code)
    assert info is not None and info.email == "jana@example.cz" and info.consent_at is not None
    assert "24 months" in page.consent_note.text()
    page.forget.click()
    from kiosk.app.owner import common
    [question] = [w for w in screen.findChildren(common.Confirm) if w.isVisible()]
    question.yes.click()
    qtbot.waitUntil(lambda: "erased" in page.banner.text(), timeout=15_000)  # the erase runs off the GUI thread
    assert page.name.value() == ""
    with services.session() as session:
        info = privacy.get_customer(session, code)
    assert info is not None and (info.name, info.email, info.consent_at) == ("", "", None)


def test_program_page_refuses_what_settings_set_refuses(qtbot: QtBot, services: Any) -> None:
    screen = OwnerScreen(services, staff="owner")
    qtbot.addWidget(screen)
    screen.resize(1280, 800)
    screen.show()
    page: Any = screen.pages["program"]  # its widgets are reached by name
    screen.tab_buttons["program"].click()
    with services.session() as session:
        before = db_settings.get(session)
    page.email.set_value("stiznosti(at)kocour.cz")
    page.save.click()
    assert "stiznosti(at)kocour.cz" in page.banner.text()
    page.email.set_value("stiznosti.a.pripominky.zakazniku.kavarny@kavarna-a-cukrarna-na-namesti-svobody-prestice.cz")
    page.save.click()
    assert "does not fit" in page.banner.text()
    with services.session() as session:
        assert db_settings.get(session) == before
    page.email.set_value("novy@kocour.cz")
    page.url.set_value("kocour.cz/ozvete-se")
    page.save.click()
    assert "Saved" in page.banner.text() and page.url.value() == "https://kocour.cz/ozvete-se"


def test_the_daily_job_forgets_customers_not_seen_for_the_retention_period(services: Any) -> None:
    import datetime as dt

    from kiosk.app import backups

    long_ago = services.now() - dt.timedelta(days=800)
    with services.session() as session:
        old, recent = ops.create_batch(session, count=2, now=long_ago).codes
        privacy.set_customer(session, old, name="Stará Paní", consent=True, now=long_ago)
        privacy.set_customer(session, recent, name="Nová Paní", consent=True, now=services.now())
    scheduler = backups.BackupScheduler(services, threaded=False)
    scheduler.run_now()
    with services.session() as session:
        assert privacy.get_customer(session, old).name == ""  # type: ignore[union-attr]
        assert privacy.get_customer(session, recent).name == "Nová Paní"  # type: ignore[union-attr]
    assert scheduler.retention_day == dt.date.today()
    assert list(services.backups_dir.glob("auto-*.db")), "the day's backup still runs"


def test_print_page_copies_the_batch_to_a_usb_stick(qtbot: QtBot, services: Any, stick: Any, tmp_path: Path) -> None:
    from kiosk.app.owner import print_page

    mounts, root, usb = stick
    page = print_page.PrintPage(services, theme.Metrics(800), tasks.TaskRunner(threaded=False))
    qtbot.addWidget(page)
    page.mounts, page.roots = tmp_path / "no-mounts", (root,)
    assert not page.usb_button.isEnabled()
    page.count.set_value(3)
    page.make.click()
    qtbot.waitUntil(lambda: page.result is not None)
    assert page.usb_button.isEnabled()
    page.usb_button.click()
    assert "No USB stick" in page.banner.text()
    page.mounts = mounts
    page.usb_button.click()
    (copied,) = usb.glob("*.pdf")
    assert page.result is not None and copied.read_bytes() == page.result.pdf.read_bytes()
    assert str(copied) in page.banner.text() and "KOCOUR USB" in page.banner.text()
    assert not list(usb.glob("*.partial"))


def test_first_run_wizard_checks_each_page_as_init_does(qtbot: QtBot, database: engine.Database,
                                                        data_dir: Path) -> None:
    from tests.kiosk.conftest import make_services, make_window

    window = make_window(qtbot, make_services(database, data_dir), size=(1280, 800))
    try:
        wizard = window.wizard
        wizard.name_edit.setText("Kocour\x07")
        wizard.next_button.click()
        assert wizard.step == 0 and wizard.error.isVisible()
        wizard.name_edit.setText("Kocour")
        wizard.next_button.click()
        assert wizard.step == 1
        wizard.email_edit.setText("stiznosti(at)kocour.cz")
        wizard.next_button.click()
        assert wizard.step == 1 and "stiznosti(at)kocour.cz" in wizard.error.text()
        wizard.email_edit.setText("stiznosti.a.pripominky.zakazniku.kavarny@kavarna-a-cukrarna-na-namesti-"
                                  "svobody-prestice.cz")
        wizard.next_button.click()
        assert wizard.step == 1 and "does not fit" in wizard.error.text()
        wizard.email_edit.setText("stiznosti@kocour.cz")
        wizard.url_edit.setText("kocour.cz/ozvete-se")
        wizard.next_button.click()
        assert wizard.step == 2 and not wizard.error.isVisible()
    finally:
        window.shutdown()
