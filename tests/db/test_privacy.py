"""Customers' personal data: consent, access (export), erasure everywhere it is kept, retention."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest

from cards.refusals import Kind, Refused
from db import engine, ops, privacy
from db import settings as db_settings
from tests.conftest import NOW
from tests.helpers import backends

NAME, PHONE, EMAIL = "Jana Nováková", "+420 602 111 222", "jana.novakova@example.cz"


def _ledger(db: Path) -> tuple[list[tuple[object, ...]], ...]:
    with sqlite3.connect(db) as connection:
        return tuple(connection.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
                     for table in ("events", "visits", "cards"))


@pytest.fixture
def card(shop_db: engine.Database) -> str:
    """An active card with 2 stamps on top of its head start, and Jana's details with her consent."""
    with shop_db.sessions.begin() as session:
        code = ops.create_batch(session, count=2, now=NOW - dt.timedelta(days=3)).codes[0]
        ops.scan(session, code, now=NOW - dt.timedelta(days=2))
        ops.stamp(session, code, count=2, now=NOW - dt.timedelta(days=2))
        privacy.set_customer(session, code, name=NAME, phone=PHONE, email=EMAIL, birthday=dt.date(1990, 12, 24),
                             consent=True, now=NOW - dt.timedelta(days=2))
    return code


def test_personal_fields_without_consent_are_refused_and_nothing_is_written(
        shop_db: engine.Database, db_path: Path) -> None:
    with shop_db.sessions.begin() as session:
        code = ops.create_batch(session, count=1, now=NOW).codes[0]
    before = _ledger(db_path)
    for fields in ({"name": NAME}, {"phone": PHONE}, {"email": EMAIL}, {"birthday": dt.date(1990, 1, 1)}):
        with pytest.raises(Refused) as caught:
            with shop_db.sessions.begin() as session:
                privacy.set_customer(session, code, consent=False, now=NOW, **fields)
        assert caught.value.kind is Kind.NO_CONSENT
    assert _ledger(db_path) == before
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("SELECT count(*) FROM customers").fetchone() == (0,)


def test_consent_is_recorded_with_its_time_and_details_are_checked(shop_db: engine.Database, card: str) -> None:
    with shop_db.sessions.begin() as session:
        info = privacy.get_customer(session, card)
    assert info is not None and info.consent_at == NOW - dt.timedelta(days=2)
    assert (info.name, info.phone, info.email, info.birthday) == (NAME, PHONE, EMAIL, dt.date(1990, 12, 24))
    for fields, field in (({"phone": "volejte"}, "customer_phone"), ({"email": "jana@"}, "customer_email"),
                          ({"birthday": NOW.date() + dt.timedelta(days=1)}, "birthday"),
                          ({"name": "Jana\x1b[31m"}, "customer_name")):
        with pytest.raises(Refused) as caught:
            with shop_db.sessions.begin() as session:
                privacy.set_customer(session, card, consent=True, now=NOW, **fields)
        assert caught.value.field == field
    with shop_db.sessions.begin() as session:  # withdrawing consent with no details blanks them
        withdrawn = privacy.set_customer(session, card, consent=False, now=NOW)
    assert (withdrawn.name, withdrawn.phone, withdrawn.consent_at) == ("", "", None)


def test_export_person_holds_card_visits_complaints_and_consent(shop_db: engine.Database, card: str) -> None:
    with shop_db.sessions.begin() as session:
        ops.add_complaint(session, topic="service", text="Studená káva", contact=EMAIL, card_code=card, now=NOW)
        ops.add_complaint(session, topic="other", text="Paní Nováková říkala, že zavoláte na 602 111 222",
                          now=NOW)
        ops.add_complaint(session, topic="other", text="Someone else entirely", now=NOW)
        data = privacy.export_person(session, card)
    json.dumps(data)  # JSON-ready
    assert data["customer"]["name"] == NAME and data["customer"]["birthday"] == "1990-12-24"
    assert data["consent"]["given_at"] == (NOW - dt.timedelta(days=2)).isoformat()
    assert data["consent"]["kept_for_months_after_last_visit"] == 24
    (only,) = data["cards"]
    assert only["stamps"] == 4 and [e["kind"] for e in only["events"]] == ["issue", "head_start", "activation",
                                                                           "stamp"]
    assert only["visit_list"] == [{"at": (NOW - dt.timedelta(days=2)).isoformat(), "stamps_added": 2,
                                   "station": ""}]
    assert [c["text"] for c in data["complaints"]] == ["Studená káva",
                                                       "Paní Nováková říkala, že zavoláte na 602 111 222"]


def test_erase_removes_every_personal_byte_and_keeps_the_stamps(shop_db: engine.Database, card: str,
                                                                db_path: Path) -> None:
    with shop_db.sessions.begin() as session:
        ops.add_complaint(session, topic="service", text="Káva byla studená", contact=f"{NAME}, {PHONE}",
                          card_code=card, now=NOW)
        other = ops.add_complaint(session, topic="other", text=f"Volala paní {NAME} z čísla 602111222, "
                                                               f"pište na {EMAIL.upper()}", now=NOW)
        ops.block_card(session, card, now=NOW, reason=f"ztracená, hlásila {NAME}")
        report_before = ops.report(session)
    with sqlite3.connect(db_path) as connection:
        stamps_before = connection.execute("SELECT id, kind, delta, card_id FROM events ORDER BY id").fetchall()
        visits_before = connection.execute("SELECT * FROM visits").fetchall()
    with shop_db.sessions.begin() as session:
        erased = privacy.erase(session, card, now=NOW)
    assert erased.customer is not None and erased.complaints == 2 and erased.notes == 1
    with shop_db.sessions.begin() as session:
        assert ops.report(session) == report_before, "counts stay right"
        info = privacy.get_customer(session, card)
        texts = {c.reference: (c.text, c.contact) for c in ops.list_complaints(session)}
    assert info is not None and (info.name, info.phone, info.email, info.birthday, info.consent_at) == (
        "", "", "", None, None) and info.anonymised_at == NOW
    assert texts[other.reference] == ("Volala paní [erased] z čísla [erased], pište na [erased]", "")
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("SELECT id, kind, delta, card_id FROM events ORDER BY id").fetchall() == stamps_before
        assert connection.execute("SELECT * FROM visits").fetchall() == visits_before
    assert privacy.scrub(shop_db)
    shop_db.close()
    with sqlite3.connect(db_path) as connection:  # as the issue asks: checkpoint, VACUUM, then read the bytes
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute("VACUUM")
    raw = db_path.read_bytes()
    for secret in (NAME, "Nováková", PHONE, "602 111 222", "602111222", EMAIL, "1990-12-24"):
        assert secret.encode() not in raw, secret
    for side in (db_path.with_name(db_path.name + "-wal"),):
        assert not side.exists() or all(s.encode() not in side.read_bytes() for s in (NAME, PHONE))


def test_erase_of_a_card_without_a_customer_changes_nothing(shop_db: engine.Database, db_path: Path) -> None:
    with shop_db.sessions.begin() as session:
        code = ops.create_batch(session, count=1, now=NOW).codes[0]
    before = _ledger(db_path)
    with shop_db.sessions.begin() as session:
        assert privacy.erase(session, code, now=NOW).customer is None
    assert _ledger(db_path) == before


def test_a_transferred_customer_is_erased_on_both_cards(shop_db: engine.Database, card: str) -> None:
    with shop_db.sessions.begin() as session:
        new = ops.create_batch(session, count=1, now=NOW).codes[0]
        ops.transfer(session, card, new, now=NOW)
        erased = privacy.erase(session, new, now=NOW)
        assert len(erased.cards) == 2
        assert privacy.get_customer(session, card) == privacy.get_customer(session, new)
        assert privacy.customers_with_details(session) == 0


@pytest.mark.parametrize(("when", "months", "expected"), [
    (dt.datetime(2026, 3, 31, 12, tzinfo=dt.timezone.utc), 1, dt.datetime(2026, 2, 28, 12, tzinfo=dt.timezone.utc)),
    (dt.datetime(2026, 11, 23, tzinfo=dt.timezone.utc), 24, dt.datetime(2024, 11, 23, tzinfo=dt.timezone.utc)),
    (dt.datetime(2026, 2, 28, tzinfo=dt.timezone.utc), 24, dt.datetime(2024, 2, 28, tzinfo=dt.timezone.utc)),
    (dt.datetime(2026, 1, 15, tzinfo=dt.timezone.utc), 13, dt.datetime(2024, 12, 15, tzinfo=dt.timezone.utc)),
])
def test_months_before(when: dt.datetime, months: int, expected: dt.datetime) -> None:
    assert privacy.months_before(when, months) == expected


def test_retention_anonymises_only_customers_not_seen_for_that_long(shop_db: engine.Database) -> None:
    long_ago = NOW - dt.timedelta(days=800)  # more than 24 months
    with shop_db.sessions.begin() as session:
        codes_ = ops.create_batch(session, count=3, now=long_ago).codes
        for code, name in zip(codes_, ("Stará", "Vrací se", "Nová")):
            ops.scan(session, code, now=long_ago)
            privacy.set_customer(session, code, name=name, consent=True, now=long_ago)
        ops.stamp(session, codes_[1], now=NOW - dt.timedelta(days=40))  # seen 40 days ago
        privacy.set_customer(session, codes_[2], name="Nová", consent=True, now=NOW - dt.timedelta(days=5))
    with shop_db.sessions.begin() as session:
        assert privacy.apply_retention(session, now=NOW) == 1
        names = [privacy.get_customer(session, c).name for c in codes_]  # type: ignore[union-attr]
        assert names == ["", "Vrací se", "Nová"]
        assert [ops.card_view(session, c).stamps for c in codes_[:2]] == [2, 3], "stamps stay"
        assert privacy.apply_retention(session, now=NOW) == 0, "daily runs find nothing new"
        db_settings.update(session, retention_months=1)
        assert privacy.apply_retention(session, now=NOW) == 1
        assert [privacy.get_customer(session, c).name for c in codes_] == ["", "", "Nová"]  # type: ignore[union-attr]


def test_erase_then_a_checkpoint_alone_leaves_no_personal_byte(shop_db: engine.Database, card: str,
                                                                db_path: Path) -> None:
    """What the touchscreen does (no VACUUM): secure_delete zeroes the replaced cells."""
    with shop_db.sessions.begin() as session:
        ops.add_complaint(session, topic="service", text=f"{NAME} čekala", contact=PHONE, card_code=card, now=NOW)
    assert privacy.scrub(shop_db, vacuum=False)
    assert NAME.encode() in db_path.read_bytes(), "the checkpoint moved the details into the file"
    with shop_db.sessions.begin() as session:
        privacy.erase(session, card, now=NOW)
    assert privacy.scrub(shop_db, vacuum=False)
    raw = db_path.read_bytes()
    for secret in (NAME, PHONE, EMAIL):
        assert secret.encode() not in raw, secret


@backends.both
def test_consent_erase_and_retention_on_both_backends(shop_db: engine.Database, card: str) -> None:
    with shop_db.sessions.begin() as session:
        ops.add_complaint(session, topic="service", text=f"{NAME} čekala", contact=PHONE, card_code=card, now=NOW)
        assert privacy.export_person(session, card)["customer"]["email"] == EMAIL
        assert privacy.stale_customers(session, now=NOW) == []
        assert privacy.stale_customers(session, now=NOW + dt.timedelta(days=800)) != []
        erased = privacy.erase(session, card, now=NOW)
        assert erased.complaints == 1 and privacy.customers_with_details(session) == 0
        assert [c.text for c in ops.list_complaints(session)] == ["[erased] čekala"]
    assert privacy.scrub(shop_db)


def test_retention_of_many_customers_cleans_each_one_s_texts_in_one_pass(shop_db: engine.Database,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(privacy, "RETENTION_BATCH", 2)  # three customers: two passes
    long_ago = NOW - dt.timedelta(days=800)
    people = [("Ivan Petrov", "+7 843 123 45 67"), ("Eva Malá", "777 888 999"), ("Petr Velký", "")]
    with shop_db.sessions.begin() as session:
        codes_ = ops.create_batch(session, count=4, now=long_ago).codes
        for code, (name, phone) in zip(codes_, people):
            privacy.set_customer(session, code, name=name, phone=phone, consent=True, now=long_ago)
            ops.add_complaint(session, topic="other", text=f"{name} volal z {phone or 'nikde'}", now=long_ago)
        ops.add_complaint(session, topic="other", text="Nobody named here", contact="777 000 111", now=long_ago)
        privacy.set_customer(session, codes_[3], name="Recent Customer", consent=True, now=NOW)
    with shop_db.sessions.begin() as session:
        assert privacy.apply_retention(session, now=NOW) == 3
        texts = sorted(c.text for c in ops.list_complaints(session))
        assert privacy.get_customer(session, codes_[3]).name == "Recent Customer"  # type: ignore[union-attr]
        assert privacy.customers_with_details(session) == 1
    assert texts == ["Nobody named here", "[erased] volal z [erased]", "[erased] volal z [erased]",
                     "[erased] volal z nikde"]
