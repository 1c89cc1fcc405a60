"""The kiosk sends the day's due messages from its hourly check (kiosk/app/backups.py), once a day."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from db import consent, engine, ops, privacy
from db import settings as db_settings
from kiosk.app import backups
from tests.helpers import mail

UTC = dt.timezone.utc
NOON = dt.datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def test_daily_messages_go_once_and_wait_out_the_quiet_hours(shop_db: engine.Database, tmp_path: Path) -> None:
    with mail.smtp_server() as inbox:
        with shop_db.sessions.begin() as session:
            db_settings.update(session, smtp=inbox.url, sender="Kavárna <kavarna@kocour.cz>", timezone="UTC")
            code = ops.create_batch(session, count=1, now=NOON - dt.timedelta(days=30)).codes[0]
            privacy.set_customer(session, code, name="Jana", email="jana@example.cz",
                                 birthday=dt.date(1991, 11, 25), consent=True, now=NOON)
            consent.set_for_card(session, code, give_channels=("email",), now=NOON)
        assert backups.send_due_messages(shop_db, NOON.replace(hour=6)) is False  # quiet hours: try later
        assert inbox.messages == []
        assert backups.send_due_messages(shop_db, NOON) is True
        assert backups.send_due_messages(shop_db, NOON + dt.timedelta(hours=1)) is True
        assert len(inbox.messages) == 1
    with shop_db.sessions.begin() as session:  # the SMTP server is gone: logged, never fatal
        db_settings.update(session, smtp="smtp://127.0.0.1:9")
    with shop_db.sessions.begin() as session:
        code2 = ops.create_batch(session, count=1, now=NOON).codes[0]
        privacy.set_customer(session, code2, email="eva@example.cz", birthday=dt.date(1991, 11, 24), consent=True,
                             now=NOON)
        consent.set_for_card(session, code2, give_channels=("email",), now=NOON)
    assert backups.send_due_messages(shop_db, NOON) is True
