"""The card page under a path of the shop's host (``--card-url https://kocour.cz/karta``): the QR's
upper-case address, a proxy that keeps or strips the path, and every link a page makes."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from cards import codes
from db import engine, ops
from db import settings as db_settings
from kiosk.web import app as web_app
from tests.conftest import NOW

BASE = "https://kocour.cz/karta"
LINK = re.compile(r'(?:href|action)="(/[^"]*)"')


@pytest.fixture
def code(shop_db: engine.Database) -> str:
    with shop_db.sessions.begin() as session:
        found = ops.create_batch(session, count=1, now=NOW).codes[0]
        db_settings.update(session, card_url=BASE)
    return found


@pytest.fixture
def client(shop_db: engine.Database, code: str) -> Iterator[TestClient]:
    with TestClient(web_app.build_app(shop_db, now=lambda: NOW), base_url="https://kocour.cz") as test_client:
        yield test_client


def _links(html: str) -> list[str]:
    return LINK.findall(html)


def test_the_qr_address_opens_the_card_and_every_link_keeps_the_path(client: TestClient, code: str) -> None:
    url = codes.card_url(BASE, code)
    assert url.startswith("HTTPS://KOCOUR.CZ/KARTA/C/SC1:")  # what a phone's camera opens
    page = client.get(url.split("KOCOUR.CZ", 1)[1], headers={"accept-language": "en"})
    assert page.status_code == 200
    links = _links(page.text)
    assert links and all(link.startswith("/karta/") for link in links), links
    assert '/karta/static/card.css' in links
    for link in links:  # every link the card page makes leads somewhere
        if "?lang=" in link or link.endswith("/feedback"):
            continue
        assert client.get(link).status_code == 200, link
    assert client.get("/karta/static/card.css").headers["content-type"].startswith("text/css")


@pytest.mark.parametrize("path", ["/karta/c/{code}", "/Karta/C/{code}", "/c/{code}"])
def test_a_proxy_that_keeps_or_strips_the_path(client: TestClient, code: str, path: str) -> None:
    page = client.get(path.format(code=code))
    assert page.status_code == 200
    assert 'href="/karta/static/card.css"' in page.text


def test_the_shop_page_and_its_form_under_the_path(client: TestClient) -> None:
    home = client.get("/karta/")
    assert home.status_code == 200
    assert 'action="/karta/feedback"' in home.text
    token = re.search(r'name="token" value="([^"]+)"', home.text)
    assert token is not None
    sent = client.post("/karta/feedback", data={"token": token.group(1), "topic": "service", "text": "Great coffee"})
    assert sent.status_code == 200
    assert 'href="/karta/"' in sent.text


def test_a_path_that_only_starts_like_the_prefix_is_not_taken_for_it(client: TestClient) -> None:
    assert client.get("/kartas").status_code == 404


def test_without_a_path_nothing_changes(shop_db: engine.Database) -> None:
    with shop_db.sessions.begin() as session:
        card = ops.create_batch(session, count=1, now=NOW).codes[0]
        db_settings.update(session, card_url="https://karta.kocour.cz")
    with TestClient(web_app.build_app(shop_db, now=lambda: NOW)) as client:
        page = client.get(f"/C/{card}")
        assert page.status_code == 200
        assert 'href="/static/card.css"' in page.text
