"""Exports: CSV (RFC 4180, UTF-8 with BOM) and .xlsx (typed cells) read back and match the ledger."""

from __future__ import annotations

import csv
import datetime as dt
import os
import io
import sqlite3
import threading
import zoneinfo
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from cards import codes
from cards.refusals import Kind, Refused
from db import engine, export, ops, privacy
from db import settings as db_settings
from tests.helpers import backends

UTC = dt.timezone.utc
PRAGUE = zoneinfo.ZoneInfo("Europe/Prague")
# visits on both sides of Prague's summer-time changes (29 March and 25 October 2026, 01:00 UTC)
VISIT_TIMES = [dt.datetime(2026, 3, 29, 0, 59, 59, tzinfo=UTC), dt.datetime(2026, 3, 29, 1, 0, 0, tzinfo=UTC),
               dt.datetime(2026, 10, 25, 0, 30, tzinfo=UTC), dt.datetime(2026, 10, 25, 1, 30, tzinfo=UTC),
               dt.datetime(2026, 11, 22, 23, 30, tzinfo=UTC), dt.datetime(2026, 11, 23, 9, 0, 0, 654321, tzinfo=UTC)]


@pytest.fixture
def shop(shop_db: engine.Database) -> tuple[engine.Database, list[str]]:
    """A Prague shop with three cards, visits across the DST changes, a customer and complaints."""
    start = dt.datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
    with shop_db.sessions.begin() as session:
        db_settings.update(session, timezone="Europe/Prague")
        batch = ops.create_batch(session, count=3, now=start, station="kasa-1", staff="owner")
        ops.scan(session, batch.codes[0], now=start, station="kasa-1")
    for i, when in enumerate(VISIT_TIMES):
        with shop_db.sessions.begin() as session:
            ops.stamp(session, batch.codes[i % 2], count=1 + i % 2, force=True, now=when, station="kasa-1",
                      staff="Петра")
    with shop_db.sessions.begin() as session:
        privacy.set_customer(session, batch.codes[0], name="Jana Nováková", phone="+420 602 111 222",
                             email="jana@example.cz", birthday=dt.date(1990, 12, 24), consent=True, now=start)
        privacy.set_customer(session, batch.codes[1], name="=HYPERLINK(\"http://evil\")", consent=True, now=start)
        ops.add_complaint(session, topic="service", text="Долго ждали, \"очень\" долго,\nпотом холодный кофе",
                          contact="+7 843 123-45-67", card_code=batch.codes[0], now=VISIT_TIMES[2])
        ops.add_complaint(session, topic="other", text="=1+2", contact="@x", now=VISIT_TIMES[4])
    return shop_db, list(batch.codes)


def ledger_visits(db: Path) -> list[tuple[int, dt.datetime, str, int, str, str]]:
    """The visits as stored, read with plain sqlite3 (times as Prague local times, to the second)."""
    with sqlite3.connect(db) as connection:
        rows = connection.execute("SELECT visits.id, visits.at, cards.number, stamps_added, visits.station, "
                                  "visits.staff FROM visits JOIN cards ON cards.id = visits.card_id ORDER BY visits.id")
        return [(i, dt.datetime.fromisoformat(at).replace(tzinfo=UTC, microsecond=0).astimezone(PRAGUE)
                 .replace(tzinfo=None), codes.format_number(n), s, st, sf) for i, at, n, s, st, sf in rows]


def test_csv_reads_back_with_the_csv_module_and_matches_the_ledger(shop: Any, db_path: Path, tmp_path: Path) -> None:
    database, _codes = shop
    out = tmp_path / "visits.csv"
    result = export.export(database, "visits", out)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte order mark"
    assert raw.count(b"\r\n") == len(VISIT_TIMES) + 1 and raw.count(b"\n") == raw.count(b"\r\n"), "CRLF lines"
    with out.open(encoding="utf-8-sig", newline="") as handle:
        table = list(csv.reader(handle))
    assert table[0] == ["visit", "at", "card", "stamps_added", "station", "staff"]
    expected = ledger_visits(db_path)
    assert result.rows == len(expected) == len(VISIT_TIMES)
    assert [(int(r[0]), dt.datetime.fromisoformat(r[1]), r[2], int(r[3]), r[4], r[5]) for r in table[1:]] == expected
    # local times, across both DST changes: 01:59:59 CET then 03:00:00 CEST; 02:30 CEST then 02:30 CET
    assert [r[1] for r in table[1:5]] == ["2026-03-29 01:59:59", "2026-03-29 03:00:00",
                                          "2026-10-25 02:30:00", "2026-10-25 02:30:00"]
    assert result.timezone == "Europe/Prague" and result.format == "csv"
    assert out.stat().st_mode & 0o777 == 0o600, "an export holds personal data: private file"


def test_xlsx_reads_back_with_openpyxl_typed_and_matches_the_ledger(shop: Any, db_path: Path, tmp_path: Path) -> None:
    database, _codes = shop
    out = tmp_path / "visits.xlsx"
    export.export(database, "visits", out)
    book = openpyxl.load_workbook(out)
    sheet = book["visits"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("visit", "at", "card", "stamps_added", "station", "staff")
    assert [tuple(r) for r in rows[1:]] == [tuple(v if v != "" else None for v in r) for r in ledger_visits(db_path)]
    assert isinstance(rows[1][1], dt.datetime) and isinstance(rows[1][0], int) and isinstance(rows[1][3], int)
    assert sheet["B2"].number_format == "yyyy-mm-dd h:mm:ss" and sheet["B2"].is_date


def test_customers_and_complaints_keep_czech_cyrillic_and_never_become_formulas(shop: Any, tmp_path: Path) -> None:
    database, codes_ = shop
    export.export(database, "customers", tmp_path / "c.xlsx")
    export.export(database, "customers", tmp_path / "c.csv")
    export.export(database, "complaints", tmp_path / "q.xlsx")
    export.export(database, "complaints", tmp_path / "q.csv")
    sheet = openpyxl.load_workbook(tmp_path / "c.xlsx")["customers"]
    jana = [c for c in sheet[2]]
    assert [c.value for c in jana[:5]] == [1, "Jana Nováková", "+420 602 111 222", "jana@example.cz",
                                           dt.datetime(1990, 12, 24)]
    assert jana[4].is_date and jana[4].number_format == "yyyy-mm-dd"
    with database.sessions.begin() as session:
        assert jana[8].value == ops.card_view(session, codes_[0]).grouped
    evil = sheet["B3"]
    assert evil.data_type == "s" and evil.value == "=HYPERLINK(\"http://evil\")", "stored as text, not a formula"
    with (tmp_path / "c.csv").open(encoding="utf-8-sig", newline="") as handle:
        customers = list(csv.DictReader(handle))
    assert customers[0]["name"] == "Jana Nováková" and customers[0]["birthday"] == "1990-12-24"
    assert customers[1]["name"] == "'=HYPERLINK(\"http://evil\")", "a formula-like text gets a ' in CSV"
    with (tmp_path / "q.csv").open(encoding="utf-8-sig", newline="") as handle:
        complaints = list(csv.DictReader(handle))
    assert complaints[0]["text"] == "Долго ждали, \"очень\" долго,\nпотом холодный кофе"
    assert complaints[0]["contact"] == "'+7 843 123-45-67" and complaints[1]["text"] == "'=1+2"
    assert complaints[1]["card"] == "" and complaints[0]["created_at"] == "2026-10-25 02:30:00"
    q = openpyxl.load_workbook(tmp_path / "q.xlsx")["complaints"]
    assert q["E3"].value == "=1+2" and q["E3"].data_type == "s"
    assert q["E2"].value.startswith("Долго ждали")


def test_cards_export_matches_the_cards_table(shop: Any, db_path: Path, tmp_path: Path) -> None:
    database, codes_ = shop
    out = tmp_path / "cards.csv"
    export.export(database, "cards", out)
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    with sqlite3.connect(db_path) as connection:
        stored = connection.execute("SELECT number, stamps, visits, status FROM cards ORDER BY id").fetchall()
    assert [(r["number"], int(r["stamps"]), int(r["visits"]), r["status"]) for r in rows] == [
        (codes.format_number(n), s, v, st) for n, s, v, st in stored]
    with database.sessions.begin() as session:
        ops.void_batch(session, 1, now=VISIT_TIMES[-1])
    export.export(database, "cards", out)
    with out.open(encoding="utf-8-sig", newline="") as handle:
        assert {r["status"] for r in csv.DictReader(handle)} == {"void"}


def test_since_counts_the_shop_s_local_days(shop: Any, tmp_path: Path) -> None:
    database, _ = shop
    out = tmp_path / "v.csv"
    # 22 November 23:30 UTC is 23 November 00:30 in Prague: it belongs to the 23rd
    result = export.export(database, "visits", out, since=dt.date(2026, 11, 23))
    assert result.rows == 2
    assert export.export(database, "visits", out, since=dt.date(2026, 11, 24)).rows == 0
    assert export.export(database, "complaints", out, since=dt.date(2026, 11, 1)).rows == 1


@pytest.mark.parametrize("zone", ["Europe/Prague", "Asia/Kathmandu", "Australia/Lord_Howe", "America/St_Johns", ""])
def test_local_clock_equals_astimezone_for_every_quarter_hour_of_a_year(zone: str) -> None:
    clock = export.LocalClock(zone)
    where = zoneinfo.ZoneInfo(zone) if zone else None
    moment = dt.datetime(2026, 1, 1, 0, 7, 31)
    while moment.year == 2026:
        aware = moment.replace(tzinfo=UTC)
        expected = (aware.astimezone(where) if where else aware.astimezone()).replace(tzinfo=None)
        assert clock.local(moment.isoformat(" ") + ".000001") == expected, moment
        assert clock.text(moment.isoformat(" ") + ".000001") == expected.isoformat(" "), moment
        assert clock.local(aware) == expected
        moment += dt.timedelta(minutes=15, seconds=7)


def test_export_reads_while_a_kiosk_holds_the_write_lock(shop: Any, db_path: Path, tmp_path: Path) -> None:
    """No BEGIN IMMEDIATE: an export never waits for (nor blocks) a stamp."""
    database, _ = shop
    writer = sqlite3.connect(db_path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE visits SET staff = 'x' WHERE id = 1")
    try:
        done: list[int] = []
        thread = threading.Thread(target=lambda: done.append(export.export(database, "visits",
                                                                           tmp_path / "v.csv").rows))
        thread.start()
        thread.join(10)
        assert done == [len(VISIT_TIMES)], "the export waited for the writer"
        assert (tmp_path / "v.csv").read_bytes().split(b"\r\n")[1].endswith(",Петра".encode()), "not the uncommitted x"
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_bad_suffix_or_kind_is_refused_and_a_failed_export_leaves_no_file(shop: Any, tmp_path: Path) -> None:
    database, _ = shop
    with pytest.raises(Refused) as caught:
        export.export(database, "visits", tmp_path / "v.pdf")
    assert caught.value.kind is Kind.BAD_CHOICE and caught.value.field == "out"
    with pytest.raises(Refused):
        export.export(database, "staff", tmp_path / "v.csv")
    blocked = tmp_path / "sub"
    blocked.mkdir()
    (blocked / f".v.csv.{os.getpid()}.partial").mkdir()  # the temporary name cannot be written
    with pytest.raises((OSError, Refused)):
        export.export(database, "visits", blocked / "v.csv")
    assert not (blocked / "v.csv").exists()


def test_more_rows_than_a_sheet_holds_go_on_to_the_next_sheet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export, "XLSX_ROWS", 4)
    columns = export.COLUMNS["visits"]
    rows = iter([[[i, dt.datetime(2026, 1, 1, 8, i), "AAAA-BBBB-CCC", 1, "kasa", ""] for i in range(7)]])
    assert export.write_xlsx(tmp_path / "v.xlsx", "visits", columns, rows) == 7
    book = openpyxl.load_workbook(tmp_path / "v.xlsx")
    assert book.sheetnames == ["visits", "visits 2", "visits 3"]
    assert [len(list(book[name].rows)) for name in book.sheetnames] == [4, 4, 2]



@backends.both
def test_every_export_on_both_backends(shop: Any, tmp_path: Path) -> None:
    """The same rows from SQLite (the sqlite3 driver) and PostgreSQL (a server-side cursor)."""
    database, codes_ = shop
    counts = {kind: export.export(database, kind, tmp_path / f"{kind}.csv").rows for kind in export.KINDS}
    assert counts == {"cards": 3, "visits": len(VISIT_TIMES), "customers": 2, "complaints": 2}
    with (tmp_path / "visits.csv").open(encoding="utf-8-sig", newline="") as handle:
        visits = list(csv.DictReader(handle))
    assert [v["at"] for v in visits[:4]] == ["2026-03-29 01:59:59", "2026-03-29 03:00:00",
                                             "2026-10-25 02:30:00", "2026-10-25 02:30:00"]
    with database.sessions.begin() as session:
        number = ops.card_view(session, codes_[0]).grouped
    assert visits[0]["card"] == number and visits[0]["staff"] == "Петра"
    assert export.export(database, "visits", tmp_path / "v.xlsx", since=dt.date(2026, 11, 23)).rows == 2
    sheet = openpyxl.load_workbook(tmp_path / "v.xlsx")["visits"]
    assert sheet["B2"].value == dt.datetime(2026, 11, 23, 0, 30)
    with (tmp_path / "customers.csv").open(encoding="utf-8-sig", newline="") as handle:
        jana = next(csv.DictReader(handle))
    assert (jana["birthday"], jana["cards"], jana["consent_at"]) == ("1990-12-24", number, "2026-01-05 09:00:00")
