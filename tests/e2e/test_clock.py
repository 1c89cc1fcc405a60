"""One clock: the shop in Pacific/Auckland, the machine in UTC; every time a person reads is Auckland's.

The machine's zone is set for real (``TZ=UTC`` and ``time.tzset()``), the shop's
with ``stampcard settings set --timezone``. A receipt (its PDF's text, read by
pdftotext), ``complaint list``, ``batch list``, the lockout line, the export and
the owner's inbox (real Qt widgets) must all show the stored instant's Auckland
wall time, which is 12 or 13 hours from the machine's. The expected times are
computed here with ``zoneinfo`` directly, not with ``cards.clock``.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import sqlite3
import subprocess
import time
import zoneinfo
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cards import clock
from cards.refusals import Kind, Refused
from db import ops
from kiosk import cli

PIN = "1357"
AUCKLAND = zoneinfo.ZoneInfo("Pacific/Auckland")


@pytest.fixture
def machine_in_utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The machine's own zone is UTC for the test (restored afterwards)."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def stored(db: Path, sql: str) -> dt.datetime:
    """A stored time (naive UTC text in SQLite) as an aware instant."""
    with sqlite3.connect(db) as connection:
        text = connection.execute(sql).fetchone()[0]
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.timezone.utc)


def wall(instant: dt.datetime) -> str:
    """Auckland's wall time of an instant, to the minute (the test's own oracle)."""
    return instant.astimezone(AUCKLAND).strftime("%Y-%m-%d %H:%M")


class Cli:
    def __init__(self, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.db, self.capsys = db, capsys

    def __call__(self, *argv: str) -> tuple[int, str, str]:
        self.capsys.readouterr()
        code = cli.main([*argv, "--db", str(self.db)])
        out, err = self.capsys.readouterr()
        return code, out, err

    def ok(self, *argv: str) -> str:
        code, out, err = self(*argv)
        assert code == 0, err
        return out


@pytest.fixture
def shop(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
         machine_in_utc: None) -> Cli:
    monkeypatch.setenv("STAMPCARD_PIN", PIN)
    run = Cli(tmp_path / "shop.db", capsys)
    run.ok("init", "--shop", "Kiwi Coffee", "--stamps", "10", "--reward", "Flat white", "--prestamps", "2",
           "--owner-pin", PIN, "--complaints-phone", "+64 9 123 4567")
    run.ok("settings", "set", "--timezone", "Pacific/Auckland")
    return run


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_receipt_lists_lockout_and_export_show_the_shops_wall_time(shop: Cli, tmp_path: Path) -> None:
    assert dt.datetime.now().astimezone().utcoffset() == dt.timedelta(0)  # the machine is in UTC
    db = shop.db
    shop.ok("batch", "create", "--count", "2")
    with sqlite3.connect(db) as connection:
        number = connection.execute("SELECT number FROM cards ORDER BY id").fetchone()[0]
    shop.ok("stamp", number)
    shop.ok("complaint", "add", "--card", number, "--topic", "service", "--text", "cold coffee")

    stamped = stored(db, "SELECT at FROM events WHERE kind = 'stamp' ORDER BY id DESC")
    complained = stored(db, "SELECT created_at FROM complaints")
    batched = stored(db, "SELECT created_at FROM batches")
    assert wall(stamped) != stamped.strftime("%Y-%m-%d %H:%M")  # Auckland is never UTC's wall time

    shop.ok("receipt", number, "--out", str(tmp_path / "receipt.pdf"))
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "receipt.pdf"), "-"], capture_output=True,
                          text=True, check=True, timeout=60).stdout
    assert wall(stamped) in text, text

    listed = shop.ok("complaint", "list")
    assert wall(complained) in listed, listed
    batches = shop.ok("batch", "list")
    assert wall(batched) in batches, batches

    shop.ok("export", "visits", "--out", str(tmp_path / "visits.csv"))
    with open(tmp_path / "visits.csv", newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    assert any(cell.startswith(wall(stamped)) for row in rows[1:] for cell in row), rows

    for _ in range(5):
        code, _, err = shop("batch", "void", "1", "--pin", "0000")
        assert code == 3, err
    locked = stored(db, "SELECT locked_until FROM staff WHERE role = 'owner'")
    code, _, err = shop("batch", "void", "1", "--pin", "0000")
    assert code == 3 and "locked until" in err, err
    assert f"locked until {wall(locked)[-5:]}" in err, err


@pytest.mark.gui
def test_inbox_shows_the_shops_wall_time(shop: Cli, qtbot: Any) -> None:
    from PySide6.QtWidgets import QApplication

    from db import engine
    from kiosk.app.owner import OwnerScreen, complaints_page
    from kiosk.app.services import Services

    shop.ok("complaint", "add", "--topic", "service", "--text", "cold coffee")
    complained = stored(shop.db, "SELECT created_at FROM complaints")
    database = engine.open_database(engine.sqlite_url(shop.db), create=False)
    try:
        services = Services(database, station="test", data_dir=shop.db.parent / "data")
        screen = OwnerScreen(services, staff="owner")
        qtbot.addWidget(screen)
        screen.resize(1280, 800)
        screen.show()
        page = screen.pages["complaints"]
        assert isinstance(page, complaints_page.ComplaintsPage)
        screen.tab_buttons["complaints"].click()
        QApplication.processEvents()
        assert page.items, "the inbox is empty"
        row = page.describe(page.items[0])
        local = complained.astimezone(AUCKLAND)
        assert clock.datetime_text(local) == wall(complained)  # English screens write days as the receipt does
        assert wall(complained) in row, row
        assert services.local(complained).strftime("%Y-%m-%d %H:%M") == wall(complained)

        from kiosk.app import refusal_text
        from kiosk.app.window import StatusStrip

        before = wall(dt.datetime.now(dt.timezone.utc))[-5:]
        strip = StatusStrip("test", wall=services.local)  # as the window makes it
        qtbot.addWidget(strip)
        after = wall(dt.datetime.now(dt.timezone.utc))[-5:]
        assert strip.clock.text() in (before, after), strip.clock.text()

        refused = None
        for _ in range(5):  # the owner PIN prompt on the screen: five wrong tries lock it
            with database.sessions.begin() as session:
                try:
                    ops.verify_pin(session, "0000", now=services.now())
                except Refused as exc:
                    refused = exc
        assert refused is not None and refused.kind is Kind.LOCKED
        locked = stored(shop.db, "SELECT locked_until FROM staff WHERE role = 'owner'")
        assert wall(locked)[-5:] in refusal_text.sentence(refused), refusal_text.sentence(refused)
    finally:
        database.close()
