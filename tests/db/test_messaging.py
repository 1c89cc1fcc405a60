"""Messages to regulars reach a real SMTP server (aiosmtpd) and a real SMS outbox folder,
exactly once and only with consent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from db import consent, engine, messaging, ops
from db import privacy
from db import settings as db_settings
from db.models import Event, MessageLog
from cards import tokens
from messages import due, run
from tests.helpers import backends, mail

UTC = dt.timezone.utc
NOW = dt.datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


@pytest.fixture
def inbox() -> Iterator[mail.Inbox]:
    with mail.smtp_server() as server:
        yield server


@pytest.fixture
def shop(shop_db: engine.Database, inbox: mail.Inbox, tmp_path: Path) -> tuple[engine.Database, list[str], Path]:
    """Jana (e-mail, birthday in 3 days, birthday bonus 2), Petr (SMS, lapsed regular), Eva (no consent)."""
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    with shop_db.sessions.begin() as session:
        db_settings.update(session, smtp=inbox.url, sender="Kavárna U Kocoura <kavarna@kocour.cz>",
                           sms_outbox=str(outbox), birthday_bonus=2, timezone="UTC")
        batch = ops.create_batch(session, count=3, now=NOW - dt.timedelta(days=200))
    jana, petr, eva = batch.codes
    with shop_db.sessions.begin() as session:
        privacy.set_customer(session, jana, name="Jana", email="jana@example.cz",
                             birthday=dt.date(1990, 11, 26), consent=True, now=NOW - dt.timedelta(days=100))
        consent.set_for_card(session, jana, give_channels=("email",), now=NOW - dt.timedelta(days=100))
        privacy.set_customer(session, petr, name="Petr", phone="+420 777 111 222", consent=True,
                             now=NOW - dt.timedelta(days=100))
        consent.set_for_card(session, petr, give_channels=("sms",), now=NOW - dt.timedelta(days=100))
        privacy.set_customer(session, eva, name="Eva", email="eva@example.cz", birthday=dt.date(1990, 11, 25),
                             consent=True, now=NOW - dt.timedelta(days=100))
    for days in (120, 90, 60):
        with shop_db.sessions.begin() as session:
            ops.stamp(session, petr, now=NOW - dt.timedelta(days=days))
    return shop_db, [jana, petr, eva], outbox


def test_preview_lists_who_gets_what_by_which_channel(shop: tuple[engine.Database, list[str], Path]) -> None:
    database, (jana, petr, eva), _ = shop
    found = run.plan(messaging.Store(database), now=NOW)
    assert sorted((p.name, p.kind, p.channel) for p in found) == [("Jana", "birthday", "email"),
                                                                   ("Petr", "winback", "sms")]


@backends.both
def test_sent_exactly_once_with_rfc8058_headers_and_the_bonus(shop: tuple[engine.Database, list[str], Path],
                                                              inbox: mail.Inbox) -> None:
    database, (jana, petr, eva), outbox = shop
    with database.sessions.begin() as session:
        db_settings.update(session, language="cs")
    first = run.send_due(messaging.Store(database), now=NOW, site="https://kocour.example")
    assert (first.sent, first.failed, first.skipped) == (2, 0, 0)
    assert [r for r in inbox.recipients] == [["jana@example.cz"]]
    message = inbox.messages[0]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert str(message["List-Unsubscribe"]).strip().startswith("<https://kocour.example/unsubscribe/u.")
    assert message["From"] == "Kavárna U Kocoura <kavarna@kocour.cz>"
    assert "narozenin" in message["Subject"]
    plain = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert plain is not None and html is not None
    assert "2 razítka" in plain.get_content() and "Jana" in html.get_content()
    files = sorted(p.name for p in outbox.iterdir())
    assert len(files) == 1 and files[0].startswith("OUTB20261123_100000_") and "_+420777111222_" in files[0]
    assert "Chybíte nám" in (outbox / files[0]).read_text(encoding="utf-8")
    with database.sessions.begin() as session:
        assert ops.card_view(session, jana).stamps == 2 + 2  # head start + the birthday bonus
        assert session.scalar(select(Event.kind).where(Event.kind == "birthday_bonus")) == "birthday_bonus"
    again = run.send_due(messaging.Store(database), now=NOW + dt.timedelta(hours=1))
    assert (again.sent, again.failed) == (0, 0)
    assert len(inbox.messages) == 1 and len(list(outbox.iterdir())) == 1
    with database.sessions.begin() as session:
        assert ops.card_view(session, jana).stamps == 4, "the bonus is given once"


def test_withdrawing_consent_stops_everything_at_once(shop: tuple[engine.Database, list[str], Path],
                                                      inbox: mail.Inbox) -> None:
    database, (jana, petr, eva), outbox = shop
    with database.sessions.begin() as session:
        consent.set_for_card(session, jana, withdraw_channels=("email", "sms"), now=NOW)
    result = run.send_due(messaging.Store(database), now=NOW)
    assert result.sent == 1 and inbox.messages == []


def test_a_withdrawal_between_plan_and_send_is_honoured(shop: tuple[engine.Database, list[str], Path],
                                                        inbox: mail.Inbox) -> None:
    database, (jana, petr, eva), outbox = shop
    withdrawn: list[bool] = []

    def clock() -> dt.datetime:  # called right before each hand-over: the customer unsubscribes now
        if not withdrawn:
            with database.sessions.begin() as session:
                customer = consent.customer_of_card(session, jana, now=NOW)
                assert customer is not None
                consent.withdraw(session, customer, now=NOW)
            withdrawn.append(True)
        return NOW

    result = run.send_due(messaging.Store(database), now=NOW, kinds=("birthday",), clock_=clock)
    assert (result.sent, result.skipped) == (0, 1) and inbox.messages == []


def test_a_refused_recipient_fails_and_is_retried_later(shop: tuple[engine.Database, list[str], Path],
                                                        inbox: mail.Inbox) -> None:
    database, (jana, petr, eva), outbox = shop
    inbox.refuse.add("jana@example.cz")
    result = run.send_due(messaging.Store(database), now=NOW, kinds=("birthday",))
    assert (result.sent, result.failed) == (0, 1) and result.failures[0][1] == "birthday"
    with database.sessions.begin() as session:
        row = session.scalar(select(MessageLog))
        assert row is not None and (row.status, row.attempts) == ("failed", 1)
        assert [r.status for r in messaging.outbox(session)] == ["failed"]
    inbox.refuse.clear()
    retried = run.send_due(messaging.Store(database), now=NOW + dt.timedelta(hours=2), kinds=("birthday",))
    assert retried.sent == 1 and len(inbox.messages) == 1
    with database.sessions.begin() as session:
        row = session.scalar(select(MessageLog))
        assert row is not None and (row.status, row.attempts) == ("sent", 2)


def test_quiet_hours_hold_and_no_transport_skips(shop: tuple[engine.Database, list[str], Path],
                                                 inbox: mail.Inbox) -> None:
    database, _, outbox = shop
    night = NOW.replace(hour=22)
    result = run.send_due(messaging.Store(database), now=night)
    assert result.quiet and result.sent == 0 and result.skipped == 2 and inbox.messages == []
    with database.sessions.begin() as session:
        db_settings.update(session, sms_outbox="")
    result = run.send_due(messaging.Store(database), now=NOW)
    assert (result.sent, result.skipped) == (1, 1) and result.skipped_why == {"no_sms_transport": 1}


def test_an_announcement_to_one_tier_and_the_unsubscribe_token(shop: tuple[engine.Database, list[str], Path],
                                                               inbox: mail.Inbox) -> None:
    database, (jana, petr, eva), outbox = shop
    offer = due.Announcement("Private sale for card holders on Friday!")
    result = run.send_due(messaging.Store(database), now=NOW, announcement=offer)
    assert result.sent == 2
    assert "Private sale" in inbox.messages[0].get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert run.send_due(messaging.Store(database), now=NOW, announcement=offer).sent == 0
    gold = run.send_due(messaging.Store(database), now=NOW, announcement=due.Announcement("Gold only", tier="Gold"))
    assert gold.sent == 0
    with database.sessions.begin() as session:
        secret = ops.get_shop(session).secret
    token = tokens.make(secret, tokens.UNSUBSCRIBE, 7, "email")
    assert tokens.read(secret, token, tokens.UNSUBSCRIBE) == tokens.Token("u", 7, "email")
    assert tokens.read(secret, token.replace(".7.", ".8."), tokens.UNSUBSCRIBE) is None
    assert tokens.read(b"other", token, tokens.UNSUBSCRIBE) is None


def test_erasure_withdraws_consent_and_export_shows_it(shop: tuple[engine.Database, list[str], Path],
                                                       inbox: mail.Inbox) -> None:
    database, (jana, petr, eva), outbox = shop
    assert run.send_due(messaging.Store(database), now=NOW, kinds=("birthday",)).sent == 1
    with database.sessions.begin() as session:
        data = privacy.export_person(session, jana)
    assert [(c["channel"], c["source"]) for c in data["contact_consents"]] == [("email", "counter")]
    assert [(m["kind"], m["status"]) for m in data["messages"]] == [("birthday", "sent")]
    with database.sessions.begin() as session:
        privacy.erase(session, petr, now=NOW)
        assert not consent.of_card(session, petr)["sms"].active
    assert run.plan(messaging.Store(database), now=NOW) == []


@backends.both
def test_a_claim_is_taken_once_and_a_crash_after_it_never_resends(shop_db: engine.Database) -> None:
    """Two runs race for the same message: one claim wins. A run killed between its claim and the
    hand-over leaves the row 'sending': never sent again (at most once), not counted as failed."""
    with shop_db.sessions.begin() as session:
        code = ops.create_batch(session, count=1, now=NOW).codes[0]
        privacy.set_customer(session, code, email="jana@example.cz", birthday=dt.date(1990, 11, 25), consent=True,
                             now=NOW)
        consent.set_for_card(session, code, give_channels=("email",), now=NOW)
        customer = consent.customer_of_card(session, code, now=NOW)
    assert customer is not None
    store = messaging.Store(shop_db)
    first = store.claim(customer, "birthday", "2026", "email", NOW, run.MAX_ATTEMPTS)
    assert first is not None
    assert store.claim(customer, "birthday", "2026", "email", NOW, run.MAX_ATTEMPTS) is None
    assert run.plan(store, now=NOW) == [], "a message being sent is not planned again"
    with shop_db.sessions.begin() as session:
        assert [r.status for r in messaging.outbox(session)] == ["sending"]


def test_an_smtp_server_away_costs_one_try_of_one_message(shop: tuple[engine.Database, list[str], Path],
                                                          inbox: mail.Inbox) -> None:
    database, (jana, petr, eva), outbox = shop
    with database.sessions.begin() as session:
        consent.set_for_card(session, eva, give_channels=("email",), now=NOW)  # Eva's birthday is due too
        db_settings.update(session, smtp=f"smtp://127.0.0.1:{mail.free_port()}")  # nobody listens there
    away = run.send_due(messaging.Store(database), now=NOW, kinds=("birthday",))
    assert (away.sent, away.failed, away.skipped) == (0, 1, 1)
    assert away.skipped_why == {"email_transport_down": 1}
    with database.sessions.begin() as session:
        db_settings.update(session, smtp=inbox.url)
    back = run.send_due(messaging.Store(database), now=NOW + dt.timedelta(hours=1), kinds=("birthday",))
    assert (back.sent, back.failed) == (2, 0) and len(inbox.messages) == 2


def test_withdrawing_the_details_withdraws_the_channels(shop: tuple[engine.Database, list[str], Path]) -> None:
    database, (jana, petr, eva), outbox = shop
    with database.sessions.begin() as session:
        privacy.set_customer(session, jana, consent=False, now=NOW)
        assert not consent.of_card(session, jana)["email"].active
