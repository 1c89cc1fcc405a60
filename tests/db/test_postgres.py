"""The ops on PostgreSQL behave as on SQLite: the same tests run on both backends.

Each test gets a new database (``@backends.both``): a SQLite file, or a fresh
copy of a migrated database on the session's throwaway PostgreSQL server.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cards import codes, refusals
from db import engine, errors, migrate, ops
from db import settings as db_settings
from db.models import Card, Event, Visit
from tests.conftest import NOW, PIN
from tests.helpers import backends

MIN = dt.timedelta(minutes=1)
DAY = dt.timedelta(days=1)


def new_card(database: engine.Database, prestamps: int | None = None) -> str:
    with database.sessions.begin() as session:
        return ops.create_batch(session, count=1, prestamps=prestamps, now=NOW).codes[0]


def ledger(database: engine.Database, code: str) -> tuple[int, int, int, int]:
    """(cached stamps, ledger sum, cached rewards, ledger rewards) of one card."""
    with database.sessions.begin() as session:
        number = codes.parse_code(code, ops.get_shop(session).secret).number
        card = session.scalars(select(Card).where(Card.number == number)).one()
        stamps, rewards = session.execute(select(func.coalesce(func.sum(Event.delta), 0),
                                                 func.coalesce(func.sum(Event.rewards_delta), 0))
                                          .where(Event.card_id == card.id)).one()
        return card.stamps, int(stamps), card.rewards_redeemed, int(rewards)


@backends.both
def test_schema_at_head(database: engine.Database) -> None:
    with database.engine.connect() as connection:
        assert migrate.current_revision(connection) == migrate.head_revision()
    engine.open_database(database.url).close()  # opening again is a no-op


@backends.both
def test_shop_secret_and_times_round_trip(shop_db: engine.Database) -> None:
    with shop_db.sessions.begin() as session:
        db_settings.update(session, shop="Pekárna")
        secret = ops.get_shop(session).secret
    code = new_card(shop_db)
    with shop_db.sessions.begin() as session:
        result = ops.stamp(session, code, now=NOW.astimezone(dt.timezone(dt.timedelta(hours=1))))
    with shop_db.sessions.begin() as session:
        view = ops.card_view(session, codes.format_number(result.card.number).lower())
        shop = ops.get_shop(session)
    assert view.last_stamp_at == NOW and view.last_stamp_at.tzinfo == dt.timezone.utc
    assert (shop.name, shop.secret) == ("Pekárna", secret) and isinstance(secret, bytes) and len(secret) >= 16


@backends.both
def test_stamp_redeem_undo(shop_db: engine.Database) -> None:
    code = new_card(shop_db)
    with shop_db.sessions.begin() as session:
        first = ops.stamp(session, code, count=5, now=NOW)
    assert first.activated and first.card.stamps == 7 and first.card.status == "active"
    with pytest.raises(refusals.Refused) as err, shop_db.sessions.begin() as session:
        ops.stamp(session, code, now=NOW + 3 * MIN)
    assert err.value.kind is refusals.Kind.COOLDOWN
    with shop_db.sessions.begin() as session:
        assert ops.stamp(session, code, count=4, now=NOW + 20 * MIN).card.reward_ready
        redeemed = ops.redeem(session, code, now=NOW + 21 * MIN)
    assert (redeemed.card.stamps, redeemed.card.rewards_redeemed, redeemed.card.tier) == (1, 1, "Silver")
    with shop_db.sessions.begin() as session:
        undone = ops.undo(session, code, now=NOW + 22 * MIN)
    assert undone.undone_kind == "redeem" and undone.card.stamps == 11 and undone.card.rewards_redeemed == 0
    with pytest.raises(refusals.Refused) as err, shop_db.sessions.begin() as session:
        ops.undo(session, code, now=NOW + 22 * MIN)
    assert err.value.kind is refusals.Kind.ALREADY_UNDONE
    assert ledger(shop_db, code) == (11, 11, 0, 0)


@backends.both
def test_undo_stamp_restores_last_stamp(shop_db: engine.Database) -> None:
    code = new_card(shop_db)
    with shop_db.sessions.begin() as session:
        ops.stamp(session, code, now=NOW)
        ops.stamp(session, code, count=2, now=NOW + 30 * MIN)
    with shop_db.sessions.begin() as session:
        result = ops.undo(session, code, now=NOW + 31 * MIN)
    assert (result.card.stamps, result.card.visits, result.card.last_stamp_at) == (3, 1, NOW)
    with shop_db.sessions.begin() as session:
        assert session.scalar(select(func.sum(Visit.stamps_added))) == 1
    assert ledger(shop_db, code) == (3, 3, 0, 0)


@backends.both
def test_refusals_write_nothing(shop_db: engine.Database) -> None:
    code = new_card(shop_db)
    with shop_db.sessions.begin() as session:
        before = session.scalar(select(func.count()).select_from(Event))
    calls: tuple[Callable[[Session], object], ...] = (
        lambda s: ops.stamp(s, code, count=99, now=NOW),
        lambda s: ops.redeem(s, code, now=NOW),
        lambda s: ops.stamp(s, code[:-1] + ("0" if code[-1] != "0" else "1"), now=NOW))
    for call in calls:
        with pytest.raises(refusals.Refused), shop_db.sessions.begin() as session:
            call(session)
    with shop_db.sessions.begin() as session:
        assert session.scalar(select(func.count()).select_from(Event)) == before
        assert ops.card_view(session, code).status == "issued"


@backends.both
def test_block_void_transfer_find(shop_db: engine.Database) -> None:
    with shop_db.sessions.begin() as session:
        batch = ops.create_batch(session, count=3, now=NOW)
    old, new, lost = batch.codes
    with shop_db.sessions.begin() as session:
        ops.stamp(session, old, count=3, now=NOW)
        ops.set_customer(session, old, name="Jana Nováková", phone="777", birthday=dt.date(1990, 11, 23))
        ops.block_card(session, lost, now=NOW)
    with pytest.raises(refusals.Refused) as err, shop_db.sessions.begin() as session:
        ops.stamp(session, lost, now=NOW)
    assert err.value.kind is refusals.Kind.BLOCKED
    with shop_db.sessions.begin() as session:
        moved = ops.transfer(session, old, new, now=NOW + MIN)
    assert moved.card.stamps == 5 and moved.card.customer_name == "Jana Nováková"
    with shop_db.sessions.begin() as session:
        assert sorted(c.status for c in ops.find_cards(session, "JANA")) == ["active", "transferred"]
        ops.void_batch(session, batch.id, now=NOW)
    with pytest.raises(refusals.Refused) as err, shop_db.sessions.begin() as session:
        ops.scan(session, new, now=NOW)
    assert err.value.kind is refusals.Kind.VOID
    assert ledger(shop_db, old) == (0, 0, 0, 0) and ledger(shop_db, new) == (5, 5, 0, 0)


@backends.both
def test_report_per_day(shop_db: engine.Database) -> None:
    a, b = new_card(shop_db), new_card(shop_db)
    with shop_db.sessions.begin() as session:
        ops.stamp(session, a, count=5, now=NOW)
        ops.stamp(session, a, count=3, now=NOW + DAY)
        ops.redeem(session, a, now=NOW + DAY)
        ops.stamp(session, b, now=NOW)
        ops.stamp(session, b, count=2, now=NOW + DAY + 30 * MIN)
        ops.undo(session, b, now=NOW + DAY + 31 * MIN)
        ops.add_complaint(session, topic="other", now=NOW)
    with shop_db.sessions.begin() as session:
        report = ops.report(session)
        since = ops.report(session, since=(NOW + DAY).date())
    # b's second visit was undone: it no longer counts as a visit, nor its stamps
    assert (report.visits, report.stamps, report.rewards_redeemed) == (3, 9, 1)
    assert report.per_day == (("2026-11-23", 2, 6, 0), ("2026-11-24", 1, 3, 1))
    assert report.returning_customers == 1 and report.complaints_open == 1
    assert since.per_day == (("2026-11-24", 1, 3, 1),) and since.complaints_open == 0


@backends.both
def test_pin_lockout(shop_db: engine.Database) -> None:
    for _ in range(5):
        with shop_db.sessions.begin() as session, pytest.raises(refusals.Refused) as err:
            ops.verify_pin(session, "0000", now=NOW)
    assert err.value.kind is refusals.Kind.LOCKED
    with shop_db.sessions.begin() as session:
        assert ops.verify_pin(session, PIN, now=NOW + 6 * MIN) == "owner"


@backends.both
def test_complaints(shop_db: engine.Database) -> None:
    code = new_card(shop_db)
    with shop_db.sessions.begin() as session:
        made = ops.add_complaint(session, topic="Waiting time", text=" slow ", card_code=code, now=NOW)
    with shop_db.sessions.begin() as session:
        ops.resolve_complaint(session, made.reference.removeprefix("C-"), resolution="Called", now=NOW)
        listed = ops.list_complaints(session)
    assert [(c.topic, c.text, c.status) for c in listed] == [("waiting_time", "slow", "resolved")]
