"""Bring a friend: both cards get the bonus at the new card's first paid stamp, once, never for a card with stamps."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from cards.refusals import Kind, Refused
from db import engine, ops, referrals
from db import settings as db_settings
from db.models import Event
from kiosk import cli

UTC = dt.timezone.utc
NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.fixture
def cards(shop_db: engine.Database) -> list[str]:
    with shop_db.sessions.begin() as session:
        db_settings.update(session, referral_bonus=3)
        batch = ops.create_batch(session, count=4, now=NOW)
    with shop_db.sessions.begin() as session:
        ops.stamp(session, batch.codes[0], now=NOW)  # the regular
    return list(batch.codes)


def stamps(database: engine.Database, code: str) -> int:
    with database.sessions.begin() as session:
        return ops.card_view(session, code).stamps


def bonus_events(database: engine.Database) -> int:
    with database.sessions.begin() as session:
        return session.scalar(select(func.count()).select_from(Event).where(Event.kind == "referral_bonus")) or 0


def test_both_get_the_bonus_once_at_the_first_paid_stamp(shop_db: engine.Database, cards: list[str]) -> None:
    regular, friend = cards[0], cards[1]
    with shop_db.sessions.begin() as session:
        done = referrals.refer(session, regular, friend, now=NOW)
    assert done.bonus == 3 and stamps(shop_db, regular) == 2 + 1 and stamps(shop_db, friend) == 2
    with shop_db.sessions.begin() as session:
        ops.scan(session, friend, now=NOW)  # seen, not stamped: no bonus yet
    assert stamps(shop_db, friend) == 2
    with shop_db.sessions.begin() as session:
        result = ops.stamp(session, friend, now=NOW + dt.timedelta(hours=1))
    assert result.card.stamps == 2 + 1 + 3 and stamps(shop_db, regular) == 3 + 3
    with shop_db.sessions.begin() as session:
        ops.stamp(session, friend, now=NOW + dt.timedelta(days=1))
    assert stamps(shop_db, friend) == 7 and stamps(shop_db, regular) == 6 and bonus_events(shop_db) == 2


def test_never_for_a_card_that_had_stamps_nor_twice(shop_db: engine.Database, cards: list[str]) -> None:
    regular, friend, other = cards[0], cards[1], cards[2]
    for new in (regular, regular):
        with pytest.raises(Refused) as refused, shop_db.sessions.begin() as session:
            referrals.refer(session, other, new, now=NOW)
        assert refused.value.kind is Kind.NOT_NEW_CARD
    with shop_db.sessions.begin() as session:
        referrals.refer(session, regular, friend, now=NOW)
    with pytest.raises(Refused) as refused, shop_db.sessions.begin() as session:
        referrals.refer(session, other, friend, now=NOW)
    assert refused.value.kind is Kind.NOT_NEW_CARD
    with pytest.raises(Refused) as refused, shop_db.sessions.begin() as session:
        referrals.refer(session, friend, friend, now=NOW)
    assert refused.value.kind is Kind.SAME_CARD


def test_off_gives_nothing(shop_db: engine.Database, cards: list[str]) -> None:
    with shop_db.sessions.begin() as session:
        db_settings.update(session, referral_bonus=0)
        referrals.refer(session, cards[0], cards[3], now=NOW)
    with shop_db.sessions.begin() as session:
        ops.stamp(session, cards[3], now=NOW)
    assert stamps(shop_db, cards[3]) == 3 and bonus_events(shop_db) == 0


def test_card_refer_on_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STAMPCARD_PIN", "1357")
    db = str(tmp_path / "shop.db")

    def ok(*argv: str) -> dict[str, object]:
        capsys.readouterr()
        assert cli.main([*argv, "--db", db, "--json"]) == 0, capsys.readouterr().err
        return json.loads(capsys.readouterr().out.splitlines()[-1])  # type: ignore[no-any-return]

    ok("init", "--shop", "X", "--owner-pin", "1357")
    ok("settings", "set", "--referral-bonus", "2")
    created = ok("batch", "create", "--count", "2")["codes"]
    assert isinstance(created, list)
    regular, friend = str(created[0]), str(created[1])
    ok("stamp", regular)
    assert ok("card", "refer", regular, friend)["bonus"] == 2
    assert ok("stamp", friend)["stamps"] == 1 + 2
    capsys.readouterr()
    assert cli.main(["card", "refer", regular, friend, "--db", db]) == 3
    assert "already" in capsys.readouterr().err
