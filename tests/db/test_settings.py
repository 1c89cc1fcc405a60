"""Shop settings: one rule set (cards/settings.py) for init, settings set and the Program screen;
the secret never changes; what a new stamps count does to cards in use."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from cards import rules
from cards import settings as rule_set
from cards.refusals import Kind, Refused
from db import engine, ops
from db import settings as db_settings
from tests.conftest import NOW, PIN
from tests.helpers import backends

GOOD = rule_set.ShopSettings(shop="Kavárna U Kocoura", reward="Káva zdarma", stamps=10, prestamps=2,
                             language="cs", timezone="Europe/Prague", complaints_phone="+420 777 123 456",
                             complaints_email="stiznosti@kocour.cz", complaints_url="https://kocour.cz/ozvete-se")

# (change, kind, field): every one refused by validate, by init and by update alike
BAD: list[tuple[dict[str, object], Kind, str]] = [
    ({"shop": "   "}, Kind.EMPTY, "shop"),
    ({"shop": "Kocour\x00"}, Kind.BAD_CHARACTERS, "shop"),
    ({"shop": "K" * 81}, Kind.TOO_LONG, "shop"),
    ({"reward": ""}, Kind.EMPTY, "reward"),
    ({"reward": "Káva\u202ezdarma"}, Kind.BAD_CHARACTERS, "reward"),
    ({"stamps": 1}, Kind.OUT_OF_RANGE, "stamps"),
    ({"stamps": 51}, Kind.OUT_OF_RANGE, "stamps"),
    ({"prestamps": 10}, Kind.OUT_OF_RANGE, "prestamps"),
    ({"prestamps": -1}, Kind.OUT_OF_RANGE, "prestamps"),
    ({"cooldown": -5}, Kind.OUT_OF_RANGE, "cooldown"),
    ({"cap": 0}, Kind.OUT_OF_RANGE, "cap"),
    ({"language": "de"}, Kind.BAD_CHOICE, "language"),
    ({"timezone": "Europe/Kazan"}, Kind.BAD_FORMAT, "timezone"),
    ({"timezone": "../../etc/passwd"}, Kind.BAD_FORMAT, "timezone"),
    ({"complaints_phone": "call us"}, Kind.BAD_FORMAT, "phone"),
    ({"complaints_phone": "12"}, Kind.BAD_FORMAT, "phone"),
    ({"complaints_email": "stiznosti.kocour.cz"}, Kind.BAD_FORMAT, "email"),
    ({"complaints_email": "a b@kocour.cz"}, Kind.BAD_FORMAT, "email"),
    ({"complaints_url": "ftp://kocour.cz"}, Kind.BAD_FORMAT, "url"),
    ({"complaints_url": "https://kocour"}, Kind.BAD_FORMAT, "url"),
    ({"complaints_url": "https://kocour.cz/a b"}, Kind.BAD_FORMAT, "url"),
    ({"retention_months": 0}, Kind.OUT_OF_RANGE, "retention"),
]


def _refusal(call: Any, *args: Any, **kwargs: Any) -> Refused:
    with pytest.raises(Refused) as caught:
        call(*args, **kwargs)
    return caught.value


@pytest.fixture
def shop(database: engine.Database) -> engine.Database:
    with database.sessions.begin() as session:
        db_settings.init_shop(session, GOOD, owner_pin=PIN)
    return database


@pytest.mark.parametrize(("value", "clean"), [
    ("+420 777 123 456", "+420 777 123 456"),
    ("+420 777 123 456 ext. 12", "+420 777 123 456 ext. 12"),
    ("+7 (843) 123-45-67 доб. 123", "+7 (843) 123-45-67 доб. 123"),
    ("  777 123 456  ", "777 123 456"),
    ("", ""),
])
def test_phone_numbers_with_extensions_are_kept(value: str, clean: str) -> None:
    assert rule_set.check_phone("phone", value) == clean


@pytest.mark.parametrize(("value", "clean"), [
    ("kocour.cz/ozvete-se", "https://kocour.cz/ozvete-se"),
    ("HTTPS://Kocour.cz", "https://Kocour.cz"),
    ("https://кафе.рф/жалоба", "https://кафе.рф/жалоба"),
    ("http://kocour.cz:8080/a?b=c#d", "http://kocour.cz:8080/a?b=c#d"),
])
def test_web_addresses_get_their_scheme(value: str, clean: str) -> None:
    assert rule_set.check_url("url", value) == clean


@pytest.mark.parametrize("value", ["stiznosti@kocour.cz", "ivan.petrov@пример.рф", "a+b@x-y.example.com"])
def test_email_addresses_of_any_script(value: str) -> None:
    assert rule_set.check_email("email", value) == value


@pytest.mark.parametrize(("change", "kind", "field"), BAD)
def test_one_rule_set_refuses_alike_in_validate_init_and_update(
        change: dict[str, object], kind: Kind, field: str, shop_db: engine.Database,
        tmp_path: Path) -> None:
    bad = rule_set.changed(GOOD, **change)
    refusals = [_refusal(rule_set.validate, bad)]
    fresh = engine.open_database(engine.sqlite_url(tmp_path / "fresh.db"))
    with fresh.sessions.begin() as session:
        refusals.append(_refusal(db_settings.init_shop, session, bad, owner_pin=PIN))
        assert not ops.is_initialised(session)
    fresh.close()
    with shop_db.sessions.begin() as session:
        before = db_settings.get(session)
        refusals.append(_refusal(db_settings.update, session, **change))
    with shop_db.sessions.begin() as session:
        assert db_settings.get(session) == before, "a refused change wrote something"
    assert {(r.kind, r.field) for r in refusals} == {(kind, field)}


@backends.both
def test_get_never_holds_the_secret_and_update_never_changes_it(shop: engine.Database) -> None:
    with shop.sessions.begin() as session:
        secret = ops.get_shop(session).secret
        settings = db_settings.get(session)
        assert "secret" not in db_settings.as_dict(settings)
        assert not any(isinstance(v, bytes) for v in db_settings.as_dict(settings).values())
        update = db_settings.update(session, shop="Kocour", reward="Čaj zdarma", timezone="Asia/Yekaterinburg",
                                    language="ru", complaints_url="kocour.cz")
    assert set(update.changed) == {"shop", "reward", "timezone", "language", "complaints_url"}
    with pytest.raises(Refused) as caught:
        with shop.sessions.begin() as session:
            db_settings.update(session, secret=b"x" * 32)
    assert caught.value.kind is Kind.BAD_CHOICE
    with shop.sessions.begin() as session:
        assert ops.get_shop(session).secret == secret
        after = db_settings.get(session)
    assert (after.shop, after.reward, after.timezone, after.language, after.complaints_url) == (
        "Kocour", "Čaj zdarma", "Asia/Yekaterinburg", "ru", "https://kocour.cz")
    assert after.stamps == 10 and after.prestamps == 2 and after.tiers == rules.DEFAULT_TIERS


def test_init_keeps_the_time_zone_and_cleans_the_texts(shop: engine.Database) -> None:
    with shop.sessions.begin() as session:
        settings = db_settings.get(session)
    assert settings == dataclasses.replace(GOOD, tiers=settings.tiers)
    with pytest.raises(Refused) as caught:
        with shop.sessions.begin() as session:
            db_settings.init_shop(session, GOOD, owner_pin=PIN)
    assert caught.value.kind is Kind.ALREADY_INITIALISED


def _card_with(database: engine.Database, stamps: int, when: dt.datetime) -> str:
    with database.sessions.begin() as session:
        code = ops.create_batch(session, count=1, prestamps=0, now=when).codes[0]
        ops.scan(session, code, now=when)
    for i in range(stamps):
        with database.sessions.begin() as session:
            ops.stamp(session, code, count=1, force=True, now=when + dt.timedelta(minutes=i + 1))
    return code


@backends.both
def test_fewer_stamps_make_fuller_cards_ready_and_keep_every_stamp(shop: engine.Database) -> None:
    """README: a new --stamps applies to every card at once; nothing earned is taken away."""
    eight = _card_with(shop, 8, NOW)
    three = _card_with(shop, 3, NOW)
    with shop.sessions.begin() as session:
        assert not ops.card_view(session, eight).reward_ready
        update = db_settings.update(session, stamps=8)
    assert (update.cards_in_use, update.cards_ready) == (2, 1)
    with shop.sessions.begin() as session:
        card = ops.card_view(session, eight)
        assert (card.stamps, card.stamps_required, card.reward_ready) == (8, 8, True)
        assert ops.card_view(session, three).to_go == 5
        redeemed = ops.redeem(session, eight, now=NOW + dt.timedelta(hours=1))
    assert redeemed.card.stamps == 0 and redeemed.card.rewards_redeemed == 1


def test_more_stamps_keep_a_full_card_s_stamps_but_it_needs_more(shop: engine.Database) -> None:
    full = _card_with(shop, 10, NOW)
    with shop.sessions.begin() as session:
        assert ops.card_view(session, full).reward_ready
        update = db_settings.update(session, stamps=12)
    assert (update.cards_in_use, update.cards_ready) == (1, 0)
    with shop.sessions.begin() as session:
        card = ops.card_view(session, full)
        assert (card.stamps, card.to_go, card.reward_ready) == (10, 2, False)
        with pytest.raises(Refused) as caught:
            ops.redeem(session, full, now=NOW + dt.timedelta(hours=1))
    assert caught.value.kind is Kind.NOT_FULL and caught.value.to_go == 2


def test_head_start_must_stay_below_a_lowered_stamps_count(shop: engine.Database) -> None:
    with pytest.raises(Refused) as caught:
        with shop.sessions.begin() as session:
            db_settings.update(session, stamps=2)  # the head start is 2
    assert (caught.value.kind, caught.value.field, caught.value.high) == (Kind.OUT_OF_RANGE, "prestamps", 1)
    with shop.sessions.begin() as session:
        assert db_settings.update(session, stamps=2, prestamps=1).after.stamps == 2
