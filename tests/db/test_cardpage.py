"""``db.cardpage`` on both backends: what the card page reads (no personal data) and the one thing it writes."""

from __future__ import annotations

import datetime as dt

import pytest

from cards import codes
from cards.refusals import Kind, Refused
from db import cardpage, engine, ops, privacy
from db import settings as db_settings
from tests.conftest import NOW
from tests.helpers import backends


@backends.both
def test_card_page_reads_and_feedback_writes(shop_db: engine.Database) -> None:
    with shop_db.sessions.begin() as session:
        batch = ops.create_batch(session, count=2, prestamps=2, now=NOW)
        db_settings.update(session, timezone="Europe/Prague", card_url="https://shop.example")
    code = codes.card_url("https://shop.example", batch.codes[0])
    for hours in (0, 1, 23, 48):  # 23:00 UTC is the next day in Prague
        with shop_db.sessions.begin() as session:
            ops.stamp(session, code, now=NOW + dt.timedelta(hours=hours), force=True)
    with shop_db.sessions.begin() as session:
        privacy.set_customer(session, code, name="Jana", email="jana@example.cz", consent=True, now=NOW)
        page = cardpage.card_page(session, code)
    assert (page.stamps, page.head_start, page.to_go, page.tier, page.next_tier) == (6, 2, 4, "Member", "Silver")
    assert page.recent_visits == (dt.date(2026, 11, 25), dt.date(2026, 11, 24), dt.date(2026, 11, 23))
    assert page.shop.card_url == "https://shop.example" and page.shop.contacts.email == "stiznosti@kocour.cz"
    assert "Jana" not in repr(page) and "jana@" not in repr(page)
    with shop_db.sessions.begin() as session:
        sent = cardpage.send_feedback(session, topic="service", text="ok", contact="", code_text=page.code, now=NOW)
        assert sent.reference.startswith("C-")
        ops.void_batch(session, batch.id, now=NOW)
    with shop_db.sessions.begin() as session, pytest.raises(Refused) as err:
        cardpage.card_page(session, code)
    assert err.value.kind is Kind.UNKNOWN_CARD
    with shop_db.sessions.begin() as session:
        assert cardpage.web_key(session) != ops.get_shop(session).secret and len(cardpage.web_key(session)) == 32
