"""The owner's Forget button does what ``stampcard customer erase`` does: the customer's details go
from the database and from every backup copy that holds them (the kiosk's data folder and the
database's own ``backups`` folder), off the GUI thread; a copy that cannot be cleaned is named."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest

from db import backup, engine, migrate, ops, privacy
from kiosk.app import tasks, theme
from kiosk.app.owner import cards_page
from tests.kiosk.conftest import make_services

pytestmark = pytest.mark.gui

NAME = "Jana Nováková"


def names_in(path: Path) -> list[str]:
    connection = sqlite3.connect(str(path))
    try:
        return [row[0] for row in connection.execute("SELECT name FROM customers WHERE name != ''")]
    finally:
        connection.close()


def test_forget_cleans_the_backup_copies_off_the_gui_thread_and_names_what_it_could_not(
        qtbot: Any, shop_db: engine.Database, batch: ops.BatchInfo, data_dir: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    services = make_services(shop_db, data_dir)
    number = batch.numbers[0]
    with shop_db.sessions.begin() as session:
        privacy.set_customer(session, number, name=NAME, phone="777 123 456", email="jana@example.cz",
                             birthday=dt.date(1990, 12, 24), consent=True, now=dt.datetime.now(dt.timezone.utc))
    db_path = shop_db.sqlite_path
    assert db_path is not None
    kiosk_copy = backup.backup(db_path, services.backups_dir / "auto-20261201-030000.db")
    cli_copy = backup.backup(db_path, db_path.parent / "backups" / "manual-20261202-120000.db")
    old_copy = backup.backup(db_path, services.backups_dir / "before-upgrade-20261130-080000.db")
    connection = sqlite3.connect(str(old_copy))  # a copy of an older schema: not ours to rewrite
    with connection:
        connection.execute(f"UPDATE {migrate.VERSION_TABLE} SET version_num = 'older'")
    connection.close()
    assert names_in(kiosk_copy) == names_in(cli_copy) == names_in(old_copy) == [NAME]

    threads: list[int] = []
    real = privacy.forget_customer

    def watched(*args: Any, **kwargs: Any) -> privacy.Forgotten:
        threads.append(threading.get_ident())
        return real(*args, **kwargs)

    monkeypatch.setattr(privacy, "forget_customer", watched)
    page = cards_page.CardsPage(services, theme.Metrics(800), tasks.TaskRunner())
    qtbot.addWidget(page)
    page.section.set_current("customer")
    page.on_section_chosen("customer")
    assert page.take_card(number)
    assert page.name.value() == NAME and page.forget.isEnabled()

    page.erase_customer(number)
    assert page.forgetting == number and not page.forget.isEnabled()  # asked; the work runs elsewhere
    qtbot.waitUntil(lambda: page.forgetting is None, timeout=60_000)

    assert threads and threads[0] != threading.get_ident()
    with shop_db.sessions.begin() as session:
        left = privacy.get_customer(session, number)
    assert left is None or not (left.name or left.phone or left.email or left.birthday)
    assert names_in(kiosk_copy) == [] and names_in(cli_copy) == []
    assert names_in(old_copy) == [NAME]
    text = page.banner.text()
    assert "2" in text and str(old_copy) in text, text
    assert str(kiosk_copy) not in text and str(cli_copy) not in text
    assert page.name.value() == "" and not page.forget.isEnabled()
