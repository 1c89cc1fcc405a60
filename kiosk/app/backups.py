"""Automatic daily backups of the SQLite database, the last 14 kept.

``backup_if_due(db_path, folder, today)`` writes ``auto-YYYY-MM-DD.db`` with
``db.backup.backup`` (SQLite's online backup API, safe while the kiosk writes)
unless today's file exists, then ``db.backup.rotate(folder, keep=14)``.
``BackupScheduler`` runs it off the GUI thread at start and then every hour;
once a day it first anonymises the customers not seen for the shop's retention
period (``forget_stale_customers``, ``db.privacy.apply_retention``) and sends the
day's messages to regulars (``send_due_messages``, ``messages.run.send_due``).
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from db import backup as db_backup
from kiosk.app.services import Services

log = logging.getLogger(__name__)

KEEP = 14


def forget_stale_customers(database: Any, now: dt.datetime) -> int:
    """Anonymise the customers not seen for the shop's retention period (``db.privacy``), and let
    SQLite drop their old bytes; how many. Run once a day, before that day's backup."""
    from db import chain_station, privacy

    with database.sessions.begin() as session:
        count = privacy.apply_retention(session, now=now)
        count += privacy.reassert_anonymous(session)  # in a chain: details a pull brought back
        hub = chain_station.chain_state(session)
        url = hub.hub_url if hub is not None else ""
    if count:
        privacy.scrub(database, vacuum=False)
        log.info("retention: %d customers not seen for the retention period anonymised", count)
    if url:  # the chain's worker pushes the erasures; the hub's log drops what they replaced
        try:
            privacy.compact_hub(url)
        except Exception as exc:  # noqa: BLE001 - a hub away or failing is retried the next day
            log.warning("retention: the hub's log was not cleaned: %s", exc)
    return count


def send_due_messages(database: Any, now: dt.datetime) -> bool:
    """Send the day's due messages to regulars who agreed (``db.messaging``: each once, only with
    consent); False in the quiet hours (try again at the next hourly check). Never fatal."""
    from cards.refusals import Kind, Refused
    from db import messaging
    from messages import run

    try:
        outcome = run.send_due(messaging.Store(database), now=now)
    except Refused as exc:
        if exc.kind is not Kind.NOT_INITIALISED:  # the first-run wizard still open: no shop, no regulars yet
            log.warning("messages: not sent: %s", exc)
        return False  # tried again at the next hourly check
    except Exception as exc:  # noqa: BLE001 - an SMTP server or modem away is tried again at the next check
        log.warning("messages: not sent: %s", exc)
        return False
    if outcome.sent or outcome.failed:
        log.info("messages: %d sent, %d skipped, %d failed", outcome.sent, outcome.skipped, outcome.failed)
    return not outcome.quiet


def backup_if_due(db_path: Path | None, folder: Path, today: dt.date, keep: int = KEEP) -> Path | None:
    """Back up once per day; return the new file, or None when not due (or not SQLite)."""
    if db_path is None or not db_path.exists():
        return None
    target = folder / f"auto-{today.isoformat()}.db"
    if target.exists():
        return None
    out = db_backup.backup(db_path, target)
    db_backup.rotate(folder, keep=keep)
    return out


class BackupScheduler(QObject):
    """Runs ``backup_if_due`` through ``kiosk.app.tasks.TaskRunner`` at start and every ``interval_ms``."""

    backed_up = Signal(str)
    failed = Signal(str)

    def __init__(self, services: Services, parent: QObject | None = None, interval_ms: int = 3_600_000,
                 threaded: bool = True) -> None:
        super().__init__(parent)
        from kiosk.app import tasks

        self.services = services
        self.runner = tasks.TaskRunner(self, threaded=threaded)
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.run_now)
        self.running = False
        self.last: str = ""
        self.retention_day: dt.date | None = None  # the day customers' retention last ran
        self.messages_day: dt.date | None = None  # the day the due messages last went (outside quiet hours)

    def start(self) -> None:
        self.timer.start()
        QTimer.singleShot(5_000, self.run_now)

    def stop(self) -> None:
        self.timer.stop()
        self.runner.cancel_all()

    def run_now(self) -> None:
        """Start one check off the GUI thread (skipped while one is running)."""
        if self.running:
            return
        self.running = True
        db_path = self.services.database.sqlite_path
        folder = self.services.backups_dir
        today = self.services.today()  # the shop's day, from the services' clock
        database, retention_due = self.services.database, self.retention_day != today
        messages_due = self.messages_day != today
        now = self.services.now()

        def work(progress: Any) -> Path | None:
            if retention_due:  # daily, before the day's backup, so it holds no stale details
                forget_stale_customers(database, now)
                self.retention_day = today
            if messages_due and send_due_messages(database, now):  # daily, at the first hour outside quiet hours
                self.messages_day = today
            return backup_if_due(db_path, folder, today)

        self.runner.run(work, self.on_done, self.on_error)

    def on_done(self, out: Path | None) -> None:
        self.running = False
        if out is not None:
            log.info("daily backup written: %s", out)
            self.last = str(out)
            self.backed_up.emit(str(out))

    def on_error(self, exc: BaseException) -> None:
        self.running = False
        log.error("daily backup failed: %s", exc)  # a failed backup is logged, never fatal
        self.failed.emit(str(exc))
