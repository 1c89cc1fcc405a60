"""The join form (double opt-in), the confirmation link, the RFC 8058 one-click unsubscribe and the
withdrawal page, through Starlette's TestClient, with a real SMTP server on localhost."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from db import consent, engine, messaging, ops
from db import settings as db_settings
from kiosk.web import app as web_app
from messages import due, run
from tests.conftest import NOW
from tests.helpers import mail

TOKEN = re.compile(r'name="token" value="([^"]+)"')
LINK = re.compile(r"https://shop\.example/confirm/[\w.-]+")


@pytest.fixture
def inbox() -> Iterator[mail.Inbox]:
    with mail.smtp_server() as server:
        yield server


@pytest.fixture
def code(shop_db: engine.Database, inbox: mail.Inbox) -> str:
    with shop_db.sessions.begin() as session:
        found = ops.create_batch(session, count=1, now=NOW - dt.timedelta(days=10)).codes[0]
        db_settings.update(session, smtp=inbox.url, sender="Kavárna <kavarna@kocour.cz>", timezone="UTC",
                           card_url="https://shop.example")
    return found


@pytest.fixture
def client(shop_db: engine.Database, code: str) -> Iterator[TestClient]:
    with TestClient(web_app.build_app(shop_db, now=lambda: NOW), base_url="https://shop.example") as test_client:
        yield test_client


def token_of(html: str) -> str:
    found = TOKEN.search(html)
    assert found is not None
    return found.group(1)


def active(shop_db: engine.Database, code: str) -> dict[str, bool]:
    with shop_db.sessions.begin() as session:
        return {c: info.active for c, info in consent.of_card(session, code).items()}


def test_join_confirm_send_and_one_click_unsubscribe(client: TestClient, shop_db: engine.Database, code: str,
                                                     inbox: mail.Inbox) -> None:
    card = client.get(f"/c/{code}?lang=en")
    assert f"/c/{code}/join" in card.text or "/join" in card.text
    form = client.get(f"/c/{code}/join?lang=en")
    assert form.status_code == 200 and 'name="channel" value="email"' in form.text
    token = token_of(form.text)
    fields = {"token": token, "name": "Jana", "email": "jana@example.cz", "birthday": "1990-11-26"}
    missing = client.post(f"/c/{code}/join?lang=en", data={**fields, "channel": ["email", "sms"]})
    assert missing.status_code == 400 and "phone number" in missing.text and active(shop_db, code) == {}
    assert client.post(f"/c/{code}/join", data={**fields, "token": "x", "channel": "email"}).status_code == 403
    joined = client.post(f"/c/{code}/join?lang=en", data={**fields, "channel": "email"})
    assert joined.status_code == 200 and "confirm" in joined.text
    assert active(shop_db, code) == {"email": False}, "an e-mail given on the web waits for its link"
    assert len(inbox.messages) == 1
    body = inbox.messages[0].get_body(("plain",))
    assert body is not None
    link = LINK.search(body.get_content())
    assert link is not None
    store = messaging.Store(shop_db)
    assert run.plan(store, now=NOW) == [], "nothing goes to an address not confirmed"
    path = link.group(0).removeprefix("https://shop.example")
    shown = client.get(path + "?lang=en")
    assert shown.status_code == 200 and "Confirm" in shown.text and active(shop_db, code) == {"email": False}
    confirmed = client.post(path + "?lang=en", data={"token": token_of(shown.text)})
    assert confirmed.status_code == 200 and active(shop_db, code) == {"email": True}

    outcome = run.send_due(store, now=NOW)
    assert outcome.sent == 1
    message = inbox.messages[-1]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    target = str(message["List-Unsubscribe"]).strip().strip("<>")
    assert target.startswith("https://shop.example/unsubscribe/")
    provider = TestClient(client.app, base_url="https://shop.example")  # a mailbox provider: no cookie, no form
    answer = provider.post(target.removeprefix("https://shop.example"), content=b"List-Unsubscribe=One-Click",
                           headers={"content-type": "application/x-www-form-urlencoded"})
    assert answer.status_code == 200
    assert active(shop_db, code) == {"email": False}
    announcement = run.send_due(store, now=NOW, announcement=due.Announcement("Sale"))
    assert announcement.sent == 0 and len(inbox.messages) == 2, "nothing after the unsubscribe"
    forged = provider.post("/unsubscribe/u.1.email.AAAAAAAAAAAAAAAA")
    assert forged.status_code == 404


def test_withdraw_page_and_sms_needs_no_link(client: TestClient, shop_db: engine.Database, code: str,
                                            inbox: mail.Inbox) -> None:
    form = client.get(f"/c/{code}/join?lang=en")
    joined = client.post(f"/c/{code}/join?lang=en", data={"token": token_of(form.text), "phone": "+420 777 111 222",
                                                          "channel": "sms"})
    assert joined.status_code == 200 and "Thank you for joining" in joined.text
    assert active(shop_db, code) == {"sms": True} and inbox.messages == []
    page = client.get(f"/c/{code}/consent?lang=en")
    assert page.status_code == 200 and 'value="sms"' in page.text
    done = client.post(f"/c/{code}/consent?lang=en", data={"token": token_of(page.text), "channel": "sms"})
    assert done.status_code == 200 and active(shop_db, code) == {"sms": False}
    assert client.get("/c/NOTACARD/join").status_code == 404
    assert client.get("/confirm/garbage").status_code == 404
