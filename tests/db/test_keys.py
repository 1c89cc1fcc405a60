"""Rotating the shop's signing key (db/ops/keys.py, migration 0011): old cards keep working, new batches
carry the new key, and the old secret can no longer make a card the shop accepts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select, text
from starlette.testclient import TestClient

from cards import codes, tokens
from cards.refusals import Kind, Refused
from db import cardpage, consent, engine, migrate, ops
from db.models import Batch, Card, ChainKey, Event, Shop, ShopKey
from kiosk import sentences
from kiosk.web import app as web_app
from tests.conftest import NOW

LATER = NOW + dt.timedelta(days=30)


def _counts(database: engine.Database) -> tuple[int, int, int]:
    with database.sessions.begin() as session:
        return (session.scalar(select(func.count()).select_from(Card)) or 0,
                session.scalar(select(func.count()).select_from(Event)) or 0,
                session.scalar(select(func.count()).select_from(Batch)) or 0)


@pytest.fixture
def rotated(shop_db: engine.Database) -> tuple[ops.BatchInfo, ops.BatchInfo, bytes]:
    """A batch printed under key 1, a rotation, a batch printed under key 2; and key 1's secret."""
    with shop_db.sessions.begin() as session:
        old_secret = ops.get_shop(session).secret
        before = ops.create_batch(session, count=3, now=NOW)
    with shop_db.sessions.begin() as session:
        done = ops.rotate_key(session, now=NOW + dt.timedelta(days=1))
    assert (done.key, done.retired, done.old_batches) == (2, 1, 1)
    with shop_db.sessions.begin() as session:
        after = ops.create_batch(session, count=2, now=LATER)
    return before, after, old_secret


def test_a_new_shop_has_key_1_and_its_batches_name_it(shop_db: engine.Database) -> None:
    with shop_db.sessions.begin() as session:
        batch = ops.create_batch(session, count=1, now=NOW)
        ring = ops.keyring(session)
        assert [k.id for k in ring.keys] == [1] and ring.current.secret == ops.get_shop(session).secret
        assert session.get(Batch, batch.id).key_id == 1  # type: ignore[union-attr]
    assert batch.key == 1


def test_rotation_keeps_old_cards_and_signs_new_batches_with_the_new_key(
        shop_db: engine.Database, rotated: tuple[ops.BatchInfo, ops.BatchInfo, bytes]) -> None:
    before, after, old_secret = rotated
    with shop_db.sessions.begin() as session:
        ring = ops.keyring(session)
        assert [(k.id, k.current) for k in ring.keys] == [(1, False), (2, True)]
        assert ops.get_shop(session).secret == ring.current.secret != old_secret
        assert after.key == 2 and after.codes == tuple(codes.make_payload(n, ring.current.secret)
                                                         for n in after.numbers)
    with shop_db.sessions.begin() as session:  # a card printed before the rotation: stamped as ever
        stamped = ops.stamp(session, before.codes[0], now=LATER)
        assert stamped.card.stamps == before.prestamps + 1
        assert ops.card_view(session, after.codes[0]).number == after.numbers[0]
    with shop_db.sessions.begin() as session:  # printed again: the same codes as on paper
        assert ops.batch_cards(session, before.id).codes == before.codes
        assert ops.batch_cards(session, after.id).codes == after.codes


def test_the_old_secret_cannot_mint_a_new_card(shop_db: engine.Database,
                                               rotated: tuple[ops.BatchInfo, ops.BatchInfo, bytes]) -> None:
    before, after, old_secret = rotated
    counts = _counts(shop_db)
    minted = codes.make_payload(codes.new_number(), old_secret)
    with pytest.raises(Refused) as err, shop_db.sessions.begin() as session:
        ops.stamp(session, minted, now=LATER)
    assert err.value.kind is Kind.RETIRED_KEY
    line = sentences.english(err.value)
    assert "retired key" in line and "\n" not in line
    # a real card of the new batch, its code made with the old secret (its number read off a card)
    copied = codes.make_payload(after.numbers[0], old_secret)
    with pytest.raises(Refused) as err, shop_db.sessions.begin() as session:
        ops.stamp(session, copied, now=LATER)
    assert err.value.kind is Kind.BAD_SIGNATURE
    assert _counts(shop_db) == counts  # nothing changed


def test_a_void_batch_stays_refused_after_a_rotation(shop_db: engine.Database,
                                                     rotated: tuple[ops.BatchInfo, ops.BatchInfo, bytes]) -> None:
    before, _after, _old = rotated
    with shop_db.sessions.begin() as session:
        ops.void_batch(session, before.id, now=LATER)
    with pytest.raises(Refused) as err, shop_db.sessions.begin() as session:
        ops.stamp(session, before.codes[1], now=LATER)
    assert err.value.kind is Kind.VOID


def test_the_card_page_refuses_an_old_key_mint(shop_db: engine.Database,
                                               rotated: tuple[ops.BatchInfo, ops.BatchInfo, bytes]) -> None:
    before, after, old_secret = rotated
    minted = codes.make_payload(codes.new_number(), old_secret)
    with pytest.raises(Refused) as err, shop_db.sessions.begin() as session:
        cardpage.card_page(session, minted)
    assert err.value.kind is Kind.RETIRED_KEY
    app = web_app.build_app(shop_db, now=lambda: LATER)
    with TestClient(app, base_url="https://shop.example") as client:
        assert client.get(f"/c/{minted}").status_code == 404
        assert client.get(f"/c/{codes.make_payload(after.numbers[0], old_secret)}").status_code == 404
        assert client.get(f"/c/{before.codes[0]}").status_code == 200  # printed before: still its page
        assert client.get(f"/c/{after.codes[0]}").status_code == 200


def test_an_unsubscribe_link_sent_before_a_rotation_still_works(shop_db: engine.Database) -> None:
    with shop_db.sessions.begin() as session:
        batch = ops.create_batch(session, count=1, now=NOW)
        from db import privacy

        privacy.set_customer(session, batch.codes[0], name="Jana", email="jana@example.cz", consent=True, now=NOW)
        customer = session.scalar(select(Card.customer_id))
        old_secret = ops.get_shop(session).secret
    assert customer is not None
    link = tokens.make(old_secret, tokens.UNSUBSCRIBE, customer, "email")
    confirm = tokens.make(old_secret, tokens.CONFIRM, customer, "email")
    with shop_db.sessions.begin() as session:
        ops.rotate_key(session, now=LATER)
    with shop_db.sessions.begin() as session:
        assert consent.token_valid(session, link, tokens.UNSUBSCRIBE)  # a way out keeps working
        assert not consent.token_valid(session, confirm, tokens.CONFIRM)  # a consent needs the current key


def test_a_rotation_is_one_transaction_and_a_new_key_is_new(shop_db: engine.Database) -> None:
    with shop_db.sessions.begin() as session:
        secret = ops.get_shop(session).secret
    with pytest.raises(ValueError), shop_db.sessions.begin() as session:
        ops.rotate_key(session, now=LATER, secret=secret)
    with shop_db.sessions.begin() as session:
        assert [k.id for k in ops.keyring(session).keys] == [1]


def test_upgrade_makes_the_secret_key_1_and_every_batch_point_at_it(db_path: Path) -> None:
    from alembic import command

    database = engine.open_database(engine.sqlite_url(db_path), migrate_schema=False)
    config = migrate.alembic_config()
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0010")
    secret = b"s" * 32
    number = codes.new_number()
    with database.engine.begin() as connection:
        connection.execute(text("INSERT INTO shop (id, name, address, complaints_phone, complaints_email, "
                                "complaints_url, secret, language, logo_path, created_at) VALUES "
                                "(1, 'Pekárna', '', '', '', '', :s, 'cs', '', '2026-01-02 03:04:05.000000')"),
                           {"s": secret})
        connection.execute(text("INSERT INTO program (id, stamps_required, prestamps, reward, tiers_json, "
                                "cooldown_minutes, max_per_visit) VALUES (1, 10, 0, 'Rohlík', '[]', 0, 5)"))
        connection.execute(text("INSERT INTO batches (id, created_at, count, prestamps, status, station) VALUES "
                                "(1, '2026-01-02 03:04:05', 1, 0, 'active', ''), "
                                "(2, '2026-01-02 03:04:05', 0, 0, 'active', '(chain)')"))
        connection.execute(text("INSERT INTO chain_keys (entity, local_id, gkey) VALUES ('batch', 2, 'placeholder')"))
        connection.execute(text("INSERT INTO cards (number, batch_id, status, stamps, rewards_redeemed, visits, "
                                "created_at) VALUES (:n, 1, 'issued', 0, 0, 0, '2026-01-02 03:04:05')"),
                           {"n": number})
    database.close()
    database = engine.open_database(engine.sqlite_url(db_path))
    try:
        with database.sessions.begin() as session:
            rows = session.execute(select(ShopKey.id, ShopKey.secret, ShopKey.retired_at)).all()
            assert [tuple(r) for r in rows] == [(1, secret, None)]
            assert dict(session.execute(select(Batch.id, Batch.key_id)).all()) == {1: 1, 2: None}
            assert session.scalar(select(ChainKey.gkey).where(ChainKey.local_id == 2)) == "placeholder"
            assert ops.card_view(session, codes.make_payload(number, secret)).number == number
        with database.sessions.begin() as session:
            assert ops.rotate_key(session, now=LATER).key == 2
            assert session.get(Shop, 1).secret != secret  # type: ignore[union-attr]
        with database.sessions.begin() as session:
            assert ops.card_view(session, codes.make_payload(number, secret)).number == number
    finally:
        database.close()


@given(st.lists(st.binary(min_size=1, max_size=40), min_size=1, max_size=6, unique=True),
       st.datetimes(min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2040, 1, 1),
                    timezones=st.just(dt.timezone.utc)))
def test_the_hubs_key_list_reads_back_what_was_written(secrets: list[bytes], when: dt.datetime) -> None:
    from cards import keys
    from db.sync import keys as chain_keys

    ring = keys.Keyring.single(secrets[0])
    for secret in secrets[1:]:
        ring = ring.rotated(secret, when)
    back = chain_keys.decode({"keys": chain_keys.encode(ring), "secret": ring.current.secret.hex()})
    assert back is not None and back.same_as(ring) and back == ring
    assert chain_keys.decode({"secret": secrets[0].hex()}) == keys.Keyring.single(secrets[0])  # a hub from before


@given(st.dictionaries(st.sampled_from(["keys", "secret", "epoch"]),
                       st.one_of(st.text(max_size=80), st.from_regex(r'\[\{"id": -?\d, "secret": "[0-9a-f]*"\}\]',
                                                                     fullmatch=True))))
def test_a_damaged_key_list_on_the_hub_is_read_as_none_never_raises(meta: dict[str, str]) -> None:
    from cards import keys
    from db.sync import keys as chain_keys

    found = chain_keys.decode(meta)
    assert found is None or isinstance(found, keys.Keyring)
