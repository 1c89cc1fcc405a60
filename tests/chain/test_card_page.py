"""The card page (``stampcard web``) at a chain station that holds its share (issue 18 part 5): a card of
another shop is fetched from the hub on its first view and shown with its balance; with the hub away it
is "not found" and nothing is written (a page never adopts an empty placeholder)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from starlette.testclient import TestClient

from db import engine, ops, sync
from db.models import Card
from kiosk.web import app as web_app
from tests.chain.conftest import make_chain
from tests.chain.proxy import Proxy
from tests.conftest import NOW


def _issue_at_a(a: engine.Database) -> str:
    with a.sessions.begin() as session:
        code = ops.create_batch(session, count=1, prestamps=2, now=NOW, station="A").codes[0]
    with a.sessions.begin() as session:
        ops.stamp(session, code, count=3, now=NOW, station="A")
    sync.sync_once(a)
    return code


def _cards(database: engine.Database) -> set[str]:
    with database.sessions.begin() as session:
        return set(session.scalars(select(Card.number)))


def test_the_card_page_at_another_station_fetches_the_card(tmp_path: Path, hub_url: str) -> None:
    (a, c), _ = make_chain(tmp_path, hub_url, names=("A", "C"), cards=1)
    code = _issue_at_a(a)
    number = code.split(":")[1]
    with TestClient(web_app.build_app(c, now=lambda: NOW)) as client:
        page = client.get(f"/C/{code}", headers={"accept-language": "en"})
    assert page.status_code == 200
    assert "5 of 10 stamps" in page.text  # A's head start of 2 and 3 stamps
    assert number in _cards(c)
    a.close()
    c.close()


def test_with_the_hub_away_the_page_says_not_found_and_writes_nothing(tmp_path: Path, hub_url: str,
                                                                      proxy: Proxy) -> None:
    (a, c), _ = make_chain(tmp_path, hub_url, names=("A", "C"), cards=1)
    code = _issue_at_a(a)
    before = _cards(c)
    proxy.drop()
    try:
        with TestClient(web_app.build_app(c, now=lambda: NOW)) as client:
            page = client.get(f"/C/{code}", headers={"accept-language": "en"})
    finally:
        proxy.open()
    assert page.status_code == 404
    assert _cards(c) == before
    a.close()
    c.close()
