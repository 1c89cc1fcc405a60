"""The owner's Messages page: counts per kind, who is due, Send now (off the GUI thread), the outbox."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from db import consent, engine, ops, privacy
from db import settings as db_settings
from kiosk.app import tasks, theme
from kiosk.app.owner import messages_page
from tests.helpers import mail
from tests.kiosk.conftest import make_services


def daytime_zone() -> str:
    offset = (13 - dt.datetime.now(dt.timezone.utc).hour) % 24
    offset = offset - 24 if offset > 12 else offset
    return f"Etc/GMT{-offset:+d}" if offset else "UTC"


def test_counts_preview_send_and_outbox(qtbot: Any, shop_db: engine.Database, data_dir: Path) -> None:
    now = dt.datetime.now(dt.timezone.utc)
    soon = (now + dt.timedelta(days=2)).date()
    with mail.smtp_server() as inbox:
        with shop_db.sessions.begin() as session:
            db_settings.update(session, smtp=inbox.url, sender="Kavárna <kavarna@kocour.cz>", timezone=daytime_zone())
            code = ops.create_batch(session, count=1, now=now - dt.timedelta(days=30)).codes[0]
            privacy.set_customer(session, code, name="Jana", email="jana@example.cz",
                                 birthday=soon.replace(year=1990) if (soon.month, soon.day) != (2, 29)
                                 else dt.date(1992, 2, 29), consent=True, now=now)
            consent.set_for_card(session, code, give_channels=("email",), now=now)
        services = make_services(shop_db, data_dir)
        page = messages_page.MessagesPage(services, theme.Metrics(800), tasks.TaskRunner(threaded=False))
        qtbot.addWidget(page)
        page.refresh()
        assert "Birthday: 1" in page.counts.text() and page.send.isEnabled()
        page.send.click()
        assert len(inbox.messages) == 1
        assert "Sent 1" in page.banner.text()
        texts = [w.text() for w in page.findChildren(type(page.counts))]
        assert any("sent" in t and "Birthday" in t for t in texts)
        assert "Nothing is due." in texts and not page.send.isEnabled()


def test_the_owners_own_offer_goes_to_everyone_who_agreed_once(qtbot: Any, shop_db: engine.Database,
                                                                data_dir: Path) -> None:
    now = dt.datetime.now(dt.timezone.utc)
    with mail.smtp_server() as inbox:
        with shop_db.sessions.begin() as session:
            db_settings.update(session, smtp=inbox.url, sender="Kavárna <kavarna@kocour.cz>", timezone=daytime_zone())
            codes_ = ops.create_batch(session, count=3, now=now).codes
            for i, code in enumerate(codes_[:2]):
                privacy.set_customer(session, code, email=f"c{i}@example.cz", consent=True, now=now)
                consent.set_for_card(session, code, give_channels=("email",), now=now)
        page = messages_page.MessagesPage(make_services(shop_db, data_dir), theme.Metrics(800),
                                          tasks.TaskRunner(threaded=False))
        qtbot.addWidget(page)
        page.refresh()
        page.announce.click()
        assert inbox.messages == [] and "first" in page.banner.text()
        page.offer.set_value("Private sale on Friday")
        page.announce.click()
        assert sorted(r[0] for r in inbox.recipients) == ["c0@example.cz", "c1@example.cz"]
        assert "Sent 2" in page.banner.text() and page.offer.value() == ""
        page.offer.set_value("Private sale on Friday")
        page.announce.click()
        assert len(inbox.messages) == 2, "the same text goes once"


def test_a_message_a_crash_left_sending_is_shown_never_resent_alone_and_sent_again_on_request(
        qtbot: Any, shop_db: engine.Database, data_dir: Path) -> None:
    from PySide6.QtWidgets import QPushButton

    from db import messaging
    from messages import run

    now = dt.datetime.now(dt.timezone.utc)
    soon = (now + dt.timedelta(days=2)).date()
    with mail.smtp_server() as inbox:
        with shop_db.sessions.begin() as session:
            db_settings.update(session, smtp=inbox.url, sender="Kavárna <kavarna@kocour.cz>", timezone=daytime_zone())
            code = ops.create_batch(session, count=1, now=now - dt.timedelta(days=30)).codes[0]
            privacy.set_customer(session, code, name="Jana", email="jana@example.cz",
                                 birthday=soon.replace(year=1990) if (soon.month, soon.day) != (2, 29)
                                 else dt.date(1992, 2, 29), consent=True, now=now)
            consent.set_for_card(session, code, give_channels=("email",), now=now)
        store = messaging.Store(shop_db)
        [item] = run.plan(store, now=now)
        claimed = now - messaging.STUCK_AFTER - dt.timedelta(minutes=5)  # a run claimed it, then was killed
        row_id = store.claim(item.customer, item.kind, item.period, item.channel, claimed, run.MAX_ATTEMPTS)
        assert row_id is not None

        assert run.send_due(store, now=now).sent == 0 and inbox.messages == []  # it may have gone: not alone
        page = messages_page.MessagesPage(make_services(shop_db, data_dir), theme.Metrics(800),
                                          tasks.TaskRunner(threaded=False))
        qtbot.addWidget(page)
        page.refresh()
        texts = [w.text() for w in page.findChildren(type(page.counts))]
        assert any("interrupted: not known whether it went" in t and "Birthday" in t for t in texts), texts
        again = page.findChild(QPushButton, f"send_again_{row_id}")
        assert again is not None
        again.click()
        assert "next sending" in page.banner.text()
        qtbot.waitUntil(lambda: page.findChild(QPushButton, f"send_again_{row_id}") is None, timeout=15_000)
        texts = [w.text() for w in page.findChildren(type(page.counts))]
        assert not any("interrupted: not known" in t for t in texts) and any("retry" in t for t in texts), texts
        page.send.click()
        assert len(inbox.messages) == 1
        with shop_db.sessions.begin() as session:
            [row] = [r for r in messaging.outbox(session) if r.id == row_id]
        assert row.status == messaging.SENT


def test_only_an_interrupted_message_can_be_sent_again(shop_db: engine.Database) -> None:
    from db import messaging

    now = dt.datetime.now(dt.timezone.utc)
    with shop_db.sessions.begin() as session:
        code = ops.create_batch(session, count=1, now=now).codes[0]
        privacy.set_customer(session, code, email="jana@example.cz", consent=True, now=now)
        customer = privacy.get_customer(session, code)
        assert customer is not None
    store = messaging.Store(shop_db)
    fresh = store.claim(customer.id, "thanks", "p1", "email", now - dt.timedelta(minutes=1), 3)  # a run is at it
    old = store.claim(customer.id, "almost", "p1", "email", now - messaging.STUCK_AFTER, 3)
    assert fresh is not None and old is not None
    with shop_db.sessions.begin() as session:
        assert not messaging.send_again(session, fresh, now=now, max_attempts=3)
        assert messaging.send_again(session, old, now=now, max_attempts=3)
        assert not messaging.send_again(session, old, now=now, max_attempts=3)  # once: it is failed now
    with shop_db.sessions.begin() as session:
        assert (customer.id, "almost", "p1") in messaging.failed(session, max_attempts=3)
        assert (customer.id, "thanks", "p1") not in messaging.failed(session, max_attempts=3)
