"""Operations on a real SQLite file, one transaction each."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from cards import codes, refusals, rules
from db import backup, engine, errors, ops
from db.models import Event
from tests.conftest import NOW, PIN

MIN = dt.timedelta(minutes=1)


def new_card(database: engine.Database, prestamps: int | None = None) -> str:
    with database.sessions.begin() as session:
        return ops.create_batch(session, count=1, prestamps=prestamps, now=NOW).codes[0]


def ledger_sum(database: engine.Database, number: str) -> int:
    with database.sessions.begin() as session:
        from db.models import Card
        card_id = session.scalar(select(Card.id).where(Card.number == number))
        return int(session.scalar(select(func.sum(Event.delta)).where(Event.card_id == card_id)) or 0)


def test_sqlite_pragmas(shop_db: engine.Database) -> None:
    with shop_db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL


def test_init_only_once(shop_db: engine.Database) -> None:
    with pytest.raises(refusals.Refused), shop_db.sessions.begin() as session:
        ops.init_shop(session, name="Again", program=rules.Program(), owner_pin=PIN)


def test_not_initialised(database: engine.Database) -> None:
    with pytest.raises(refusals.Refused), database.sessions.begin() as session:
        ops.get_shop(session)


def test_batch_credits_head_start(shop_db: engine.Database) -> None:
    with shop_db.sessions.begin() as session:
        batch = ops.create_batch(session, count=20, prestamps=2, now=NOW)
    assert batch.count == 20 == len(set(batch.numbers)) == len(batch.codes)
    with shop_db.sessions.begin() as session:
        view = ops.card_view(session, batch.codes[5])
    assert (view.status, view.stamps, view.to_go) == ("issued", 2, 8)
    assert ledger_sum(shop_db, batch.numbers[5]) == 2


def test_batch_refuses_bad_head_start(shop_db: engine.Database) -> None:
    with pytest.raises(refusals.Refused), shop_db.sessions.begin() as session:
        ops.create_batch(session, count=3, prestamps=10, now=NOW)


def test_first_scan_activates_once(shop_db: engine.Database) -> None:
    code = new_card(shop_db)
    with shop_db.sessions.begin() as session:
        first = ops.scan(session, code, now=NOW)
    with shop_db.sessions.begin() as session:
        second = ops.scan(session, code, now=NOW + MIN)
    assert first.activated and first.card.status == "active" and first.card.stamps == 2
    assert not second.activated


def test_stamp_cooldown_cap_redeem_undo(shop_db: engine.Database) -> None:
    code = new_card(shop_db)
    t = NOW
    with shop_db.sessions.begin() as session:
        assert ops.stamp(session, code, now=t).card.stamps == 3
    with pytest.raises(refusals.Refused) as err, shop_db.sessions.begin() as session:
        ops.stamp(session, code, now=t + 4 * MIN)
    assert err.value.kind is refusals.Kind.COOLDOWN and err.value.minutes == 4
    with pytest.raises(refusals.Refused) as err, shop_db.sessions.begin() as session:
        ops.stamp(session, code, count=6, now=t + 20 * MIN)
    assert err.value.kind is refusals.Kind.CAP
    with shop_db.sessions.begin() as session:
        assert ops.stamp(session, code, count=5, now=t + 20 * MIN).card.stamps == 8
    with pytest.raises(refusals.Refused) as err, shop_db.sessions.begin() as session:
        ops.redeem(session, code, now=t + 21 * MIN)
    assert err.value.kind is refusals.Kind.NOT_FULL
    with shop_db.sessions.begin() as session:
        result = ops.stamp(session, code, count=4, now=t + 40 * MIN)
    assert result.card.stamps == 12 and result.card.reward_ready
    with shop_db.sessions.begin() as session:
        redeemed = ops.redeem(session, code, now=t + 41 * MIN)
    assert redeemed.card.stamps == 2 and redeemed.card.rewards_redeemed == 1 and redeemed.card.tier == "Silver"
    with shop_db.sessions.begin() as session:
        undone = ops.undo(session, code, now=t + 42 * MIN)
    assert undone.undone_kind == "redeem" and undone.card.stamps == 12 and undone.card.rewards_redeemed == 0
    with pytest.raises(refusals.Refused) as err, shop_db.sessions.begin() as session:
        ops.undo(session, code, now=t + 42 * MIN)
    assert err.value.kind is refusals.Kind.ALREADY_UNDONE
    number = codes.parse_code(code, b"x" * 0 or _secret(shop_db)).number
    assert ledger_sum(shop_db, number) == 12


def _secret(database: engine.Database) -> bytes:
    with database.sessions.begin() as session:
        return ops.get_shop(session).secret


def test_undo_stamp_restores_cooldown_and_window(shop_db: engine.Database) -> None:
    code = new_card(shop_db)
    with shop_db.sessions.begin() as session:
        ops.stamp(session, code, now=NOW)
        ops.stamp(session, code, now=NOW + 30 * MIN)
    with shop_db.sessions.begin() as session:
        result = ops.undo(session, code, now=NOW + 31 * MIN)
    assert result.card.stamps == 3 and result.card.last_stamp_at == NOW
    with shop_db.sessions.begin() as session:
        ops.stamp(session, code, now=NOW + 40 * MIN)
    with pytest.raises(refusals.Refused) as err, shop_db.sessions.begin() as session:
        ops.undo(session, code, now=NOW + 51 * MIN)
    assert err.value.kind is refusals.Kind.UNDO_TOO_LATE


def test_gold_tier_bonus(shop_db: engine.Database) -> None:
    code = new_card(shop_db, prestamps=0)
    t = NOW
    for _ in range(5):
        with shop_db.sessions.begin() as session:
            ops.stamp(session, code, count=5, force=True, now=t)
            ops.stamp(session, code, count=5, force=True, now=t)
            ops.redeem(session, code, now=t)
        t += 15 * MIN
    with shop_db.sessions.begin() as session:
        result = ops.stamp(session, code, count=1, now=t)
    assert result.card.tier == "Gold" and result.added == 2


@pytest.mark.parametrize(
    ("mangle", "kind"),
    [(lambda c: c[:-1] + ("0" if c[-1] != "0" else "1"), "bad_signature"),
     (lambda c: "https://evil.example/", "not_ours"),
     (lambda c: codes.format_number(codes.new_number()), "unknown_card")],
)
def test_refused_codes(shop_db: engine.Database, mangle: Any, kind: Any) -> None:
    code = new_card(shop_db)
    with pytest.raises(refusals.Refused) as err, shop_db.sessions.begin() as session:
        ops.stamp(session, mangle(code), now=NOW)
    assert err.value.kind.value == kind


def test_void_batch_and_block(shop_db: engine.Database) -> None:
    with shop_db.sessions.begin() as session:
        batch = ops.create_batch(session, count=2, now=NOW)
    with shop_db.sessions.begin() as session:
        ops.block_card(session, batch.codes[1], now=NOW)
    with pytest.raises(refusals.Refused) as err, shop_db.sessions.begin() as session:
        ops.stamp(session, batch.codes[1], now=NOW)
    assert err.value.kind is refusals.Kind.BLOCKED
    with shop_db.sessions.begin() as session:
        ops.void_batch(session, batch.id, now=NOW)
    with pytest.raises(refusals.Refused) as err, shop_db.sessions.begin() as session:
        ops.scan(session, batch.codes[0], now=NOW)
    assert err.value.kind is refusals.Kind.VOID
    with shop_db.sessions.begin() as session:
        assert ops.card_view(session, batch.codes[0]).status == "void"


def test_transfer_moves_stamps_and_rewards(shop_db: engine.Database) -> None:
    old, new = new_card(shop_db), new_card(shop_db, prestamps=0)
    with shop_db.sessions.begin() as session:
        ops.stamp(session, old, count=5, now=NOW)
        ops.set_customer(session, old, name="Jana", phone="777", birthday=dt.date(1990, 11, 23))
    with shop_db.sessions.begin() as session:
        result = ops.transfer(session, old, new, now=NOW + MIN)
    assert result.card.stamps == 7 and result.card.customer_name == "Jana"
    with pytest.raises(refusals.Refused) as err, shop_db.sessions.begin() as session:
        ops.stamp(session, old, now=NOW + 20 * MIN)
    assert err.value.kind is refusals.Kind.TRANSFERRED
    with shop_db.sessions.begin() as session:
        found = ops.find_cards(session, "jan")
    assert sorted(c.status for c in found) == ["active", "transferred"]


def test_complaints(shop_db: engine.Database) -> None:
    code = new_card(shop_db)
    with shop_db.sessions.begin() as session:
        complaint = ops.add_complaint(session, topic="waiting time", text="Too slow", card_code=code, now=NOW)
    assert complaint.reference.startswith("C-") and complaint.topic == "waiting_time"
    with pytest.raises(refusals.Refused), shop_db.sessions.begin() as session:
        ops.add_complaint(session, topic="weather", now=NOW)
    with shop_db.sessions.begin() as session:
        resolved = ops.resolve_complaint(session, complaint.reference, resolution="Called back", now=NOW)
    assert resolved.status == "resolved"
    with pytest.raises(refusals.Refused), shop_db.sessions.begin() as session:
        ops.resolve_complaint(session, complaint.reference, now=NOW)


def test_pin_lockout(shop_db: engine.Database) -> None:
    for attempt in range(5):
        with shop_db.sessions.begin() as session:
            with pytest.raises(refusals.Refused) as err:
                ops.verify_pin(session, "0000", now=NOW)
    assert err.value.kind is refusals.Kind.LOCKED
    with shop_db.sessions.begin() as session:
        with pytest.raises(refusals.Refused) as err:
            ops.verify_pin(session, PIN, now=NOW + MIN)
    assert err.value.kind is refusals.Kind.LOCKED
    with shop_db.sessions.begin() as session:
        assert ops.verify_pin(session, PIN, now=NOW + 6 * MIN) == "owner"


def test_cashier_pin(shop_db: engine.Database) -> None:
    with shop_db.sessions.begin() as session:
        ops.add_staff(session, name="Petr", role="cashier", pin="1111")
    with shop_db.sessions.begin() as session:
        assert ops.verify_pin(session, "1111", now=NOW, role="cashier") == "Petr"
        with pytest.raises(refusals.Refused):
            ops.verify_pin(session, "1111", now=NOW, role="owner")


def test_report(shop_db: engine.Database) -> None:
    a, b = new_card(shop_db), new_card(shop_db)
    with shop_db.sessions.begin() as session:
        ops.stamp(session, a, count=5, now=NOW)
        ops.stamp(session, a, count=3, now=NOW + dt.timedelta(days=1))
        ops.redeem(session, a, now=NOW + dt.timedelta(days=1))
        ops.stamp(session, b, now=NOW)
        ops.add_complaint(session, topic="other", now=NOW)
    with shop_db.sessions.begin() as session:
        report = ops.report(session)
    assert (report.visits, report.stamps, report.rewards_redeemed) == (3, 9, 1)
    assert report.returning_customers == 1 and report.complaints_open == 1
    assert [d[0] for d in report.per_day] == ["2026-11-23", "2026-11-24"]


def test_backup_and_restore(shop_db: engine.Database, db_path: Path, tmp_path: Path) -> None:
    code = new_card(shop_db)
    out = backup.backup(db_path, tmp_path / "copy.db")
    assert backup.check_file(out)
    with shop_db.sessions.begin() as session:
        ops.stamp(session, code, now=NOW)
    shop_db.engine.dispose()
    backup.restore(db_path, out, keep_dir=tmp_path)
    with shop_db.sessions.begin() as session:
        assert ops.card_view(session, code).stamps == 2


def test_restore_refuses_damaged_file(shop_db: engine.Database, db_path: Path, tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database" * 100)
    with pytest.raises(errors.DatabaseError):
        backup.restore(db_path, junk)
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(errors.DatabaseError):
        backup.check_file(other)


def test_rotate_keeps_14(tmp_path: Path) -> None:
    for day in range(20):
        (tmp_path / f"auto-2026-11-{day + 1:02d}.db").write_bytes(b"x")
    removed = backup.rotate(tmp_path, keep=14)
    assert len(removed) == 6 and len(list(tmp_path.glob("auto-*.db"))) == 14


@pytest.mark.parametrize("text", ["Káva\u202ezdarma", "a\u200bb", "\u2066x\u2069", "x\x00y"])
def test_format_and_control_characters_are_refused_in_complaints(shop_db: engine.Database, text: str) -> None:
    for fields in ({"text": text}, {"contact": text}, {"station": text}):
        with pytest.raises(refusals.Refused) as err, shop_db.sessions.begin() as session:
            ops.add_complaint(session, topic="service", now=NOW, **fields)
        assert err.value.kind is refusals.Kind.BAD_CHARACTERS
    with shop_db.sessions.begin() as session:
        assert ops.list_complaints(session) == []


def test_a_suggestion_and_thanks_are_topics(shop_db: engine.Database) -> None:
    with shop_db.sessions.begin() as session:
        ops.add_complaint(session, topic="suggestion", text="Oat milk, please", now=NOW)
        ops.add_complaint(session, topic="Thanks", text="Lovely croissants", now=NOW)
    with shop_db.sessions.begin() as session:
        assert sorted(c.topic for c in ops.list_complaints(session)) == ["suggestion", "thanks"]


def test_a_transferred_card_cannot_be_blocked(shop_db: engine.Database) -> None:
    with shop_db.sessions.begin() as session:
        batch = ops.create_batch(session, count=2, now=NOW)
    with shop_db.sessions.begin() as session:
        ops.transfer(session, batch.codes[0], batch.codes[1], now=NOW)
    with pytest.raises(refusals.Refused) as err, shop_db.sessions.begin() as session:
        ops.block_card(session, batch.codes[0], now=NOW)
    assert err.value.kind is refusals.Kind.TRANSFERRED
