"""The card page's behaviour through Starlette's TestClient: pages, 404s, forms, CSRF, rate limit, languages."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from cards import codes
from db import engine, ops, privacy
from db import settings as db_settings
from db.models import Complaint
from kiosk.web import app as web_app
from kiosk.web import guard
from tests.conftest import NOW

TOKEN = re.compile(r'name="token" value="([^"]+)"')


class Clock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def cards(shop_db: engine.Database) -> list[str]:
    """Three cards of a batch with a head start of 2; the first has 3 visits on two days."""
    with shop_db.sessions.begin() as session:
        batch = ops.create_batch(session, count=3, prestamps=2, now=NOW)
        db_settings.update(session, timezone="Europe/Prague", language="cs")
    code = batch.codes[0]
    for minutes in (0, 30, 24 * 60):
        with shop_db.sessions.begin() as session:
            ops.stamp(session, code, now=NOW + dt.timedelta(minutes=minutes), count=1)
    return list(batch.codes)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def client(shop_db: engine.Database, cards: list[str], clock: Clock) -> Iterator[TestClient]:
    app = web_app.build_app(shop_db, clock=clock, wall=clock, now=lambda: NOW,
                            limits=guard.RateLimit(clock, limit=30, window=60, post_limit=3, post_window=600))
    with TestClient(app, base_url="https://shop.example") as test_client:
        yield test_client


def _number(code: str) -> str:
    return codes.unwrap(code).split(":")[1]


def test_card_page_shows_the_card_and_no_personal_data(client: TestClient, cards: list[str],
                                                       shop_db: engine.Database) -> None:
    with shop_db.sessions.begin() as session:
        privacy.set_customer(session, cards[0], name="Jana Nováková", phone="+420 601 222 333",
                             email="jana@example.cz", birthday=dt.date(1990, 5, 4), consent=True, now=NOW)
    for path in (f"/c/{cards[0]}", f"/C/{cards[0]}", f"/c/{cards[0].lower()}",
                 f"/c/{codes.format_number(_number(cards[0])).lower()}", f"/c/{_number(cards[0])}?lang=en"):
        page = client.get(path, headers={"accept-language": "en"})
        assert page.status_code == 200, path
        html = page.text
        assert "Kavárna U Kocoura" in html and "Free coffee" in html
        assert "5 stamps to go" in html and "5 of 10 stamps" in html  # 2 head start + 3 visits
        assert html.count('class="slot gift"') == 2 and html.count('class="slot full"') == 3
        assert "the first 2 are on us" in html
        assert "Member" in html and "1 more reward to Silver" in html
        assert "Nov 23, 2026" in html and "Nov 24, 2026" in html  # the shop's local dates, one a day
        assert "+420 777 123 456" in html and "stiznosti@kocour.cz" in html
        for private in ("Jana", "Nov\u00e1kov\u00e1", "601 222", "jana@", "1990"):
            assert private not in html, private
        assert page.headers["referrer-policy"] == "no-referrer" and "no-store" in page.headers["cache-control"]
        assert "frame-ancestors 'none'" in page.headers["content-security-policy"]


@pytest.mark.parametrize("bad", [
    "SC1:00000000000:0000000000",  # damaged
    "hello", "K7Q2-9XJ4-MN4", "x" * 500, "%3Cscript%3E",
])
def test_unknown_and_bad_codes_are_a_404_page(client: TestClient, bad: str) -> None:
    page = client.get(f"/c/{bad}")
    assert page.status_code == 404 and "<script>" not in page.text
    assert "Kavárna U Kocoura" in page.text and 'href="/static/card.css"' in page.text


def test_forged_void_blocked_and_unknown_cards_are_404(client: TestClient, cards: list[str],
                                                       shop_db: engine.Database) -> None:
    forged = codes.make_payload(_number(cards[1]), b"someone else's secret")
    unknown = codes.make_payload(codes.new_number(99), b"")  # right form, wrong shop
    with shop_db.sessions.begin() as session:
        secret = ops.get_shop(session).secret
        never_issued = codes.make_payload(codes.new_number(12345), secret)
        ops.block_card(session, cards[2], now=NOW)
    for code in (forged, unknown, never_issued, cards[2], codes.card_url("https://shop.example", forged)):
        assert client.get(f"/c/{code}").status_code == 404
    with shop_db.sessions.begin() as session:
        ops.void_batch(session, 1, now=NOW)
    assert client.get(f"/c/{cards[0]}").status_code == 404
    assert client.get("/nowhere").status_code == 404
    assert client.get("/c/").status_code == 404


def test_feedback_lands_in_the_inbox_with_a_reference(client: TestClient, cards: list[str],
                                                      shop_db: engine.Database) -> None:
    page = client.get(f"/c/{cards[0]}?lang=en")
    token = TOKEN.search(page.text).group(1)  # type: ignore[union-attr]
    topic = "thanks" if "thanks" in ops.COMPLAINT_TOPICS else "other"
    sent = client.post(f"/c/{_number(cards[0])}/feedback",
                       data={"token": token, "topic": topic, "text": "Lovely <b>croissants</b>", "contact": ""})
    assert sent.status_code == 200, sent.text
    reference = re.search(r'class="reference">(C-[0-9A-Z]{5})<', sent.text).group(1)  # type: ignore[union-attr]
    with shop_db.sessions.begin() as session:
        row = session.scalar(select(Complaint).where(Complaint.reference == reference))
        assert row is not None and row.topic == topic and row.text == "Lovely <b>croissants</b>"
        assert row.station == "web" and row.card_id is not None
    # from the shop page, without a card
    home = client.get("/?lang=cs")
    assert home.status_code == 200 and "Free coffee" in home.text
    token = TOKEN.search(home.text).group(1)  # type: ignore[union-attr]
    assert client.post("/feedback", data={"token": token, "topic": "service", "text": "x"}).status_code == 200
    # a bad topic: the form again, with what was typed and the reason; nothing stored
    bad = client.post("/feedback", data={"token": token, "topic": "bribe", "text": "kept text"})
    assert bad.status_code == 400 and "kept text" in bad.text
    with shop_db.sessions.begin() as session:
        assert len(session.scalars(select(Complaint)).all()) == 2


def test_posts_without_a_good_token_are_refused_403(client: TestClient, cards: list[str], clock: Clock,
                                                    shop_db: engine.Database) -> None:
    page = client.get(f"/c/{cards[0]}")
    token = TOKEN.search(page.text).group(1)  # type: ignore[union-attr]
    target = f"/c/{cards[0]}/feedback"
    assert client.post(target, data={"topic": "service", "text": "no token"}).status_code == 403
    assert client.post(target, data={"token": token[:-1] + ("1" if token[-1] == "0" else "0"), "topic": "service"}).status_code == 403
    stranger = TestClient(client.app, base_url="https://shop.example")  # the token without its cookie
    assert stranger.post(target, data={"token": token, "topic": "service"}).status_code == 403
    clock.t += 3 * 3600  # too old
    assert client.post(target, data={"token": token, "topic": "service"}).status_code == 403
    with shop_db.sessions.begin() as session:
        assert session.scalars(select(Complaint)).all() == []


def test_rate_limit_per_address(client: TestClient, cards: list[str], clock: Clock) -> None:
    for _ in range(30):
        assert client.get(f"/c/{cards[0]}").status_code == 200
    refused = client.get(f"/c/{cards[0]}")
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
    clock.t += 61
    assert client.get(f"/c/{cards[0]}").status_code == 200
    page = client.get("/")
    token = TOKEN.search(page.text).group(1)  # type: ignore[union-attr]
    answers = [client.post("/feedback", data={"token": token, "topic": "service"}).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]


@pytest.mark.parametrize(("query", "accept", "expected"), [
    ("", "", "cs"),  # the shop's
    ("", "ru-RU,ru;q=0.9,en;q=0.5", "ru"),
    ("", "de-DE,de;q=0.9,en;q=0.8", "en"),
    ("?lang=ru", "en", "ru"),
    ("?lang=xx", "", "cs"),
])
def test_language(client: TestClient, cards: list[str], query: str, accept: str, expected: str) -> None:
    page = client.get(f"/c/{cards[0]}{query}", headers={"accept-language": accept} if accept else {})
    assert f'<html lang="{expected}">' in page.text
    words = {"en": "5 stamps to go", "cs": "Zbývá 5 razítek", "ru": "Осталось 5 штампов"}
    assert words[expected] in page.text
    missing = client.get(f"/c/nothing{query}", headers={"accept-language": accept} if accept else {})
    assert missing.status_code == 404 and f'<html lang="{expected}">' in missing.text


def test_no_shop_no_app(database: engine.Database) -> None:
    from cards.refusals import Kind, Refused
    with pytest.raises(Refused) as err:
        web_app.build_app(database)
    assert err.value.kind is Kind.NOT_INITIALISED


def test_the_web_command_refuses_bad_usage_and_a_missing_database(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    from kiosk import cli

    assert cli.main(["web", "--port", "70000", "--db", str(tmp_path / "none.db")]) == 2
    assert cli.main(["web", "--db", str(tmp_path / "none.db")]) == 3  # no database there: nothing made
    assert not (tmp_path / "none.db").exists()
    assert "refused" in capsys.readouterr().err


def test_a_huge_post_is_refused_before_it_is_read(client: TestClient, cards: list[str]) -> None:
    page = client.get(f"/c/{cards[0]}")
    token = TOKEN.search(page.text).group(1)  # type: ignore[union-attr]
    answer = client.post(f"/c/{cards[0]}/feedback", data={"token": token, "topic": "service", "text": "x" * 100_000})
    assert answer.status_code == 413
