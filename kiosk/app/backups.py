"""Automatic daily backups of the SQLite database, the last 14 kept.

``backup_if_due(db_path, folder, today)`` writes ``auto-YYYY-MM-DD.db`` with
``db.backup.backup`` (SQLite's online backup API, safe while the kiosk writes)
unless today's file exists, then ``db.backup.rotate(folder, keep=14)``.
``BackupScheduler`` runs it off the GUI thread at start and then every hour.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from db import backup as db_backup

log = logging.getLogger(__name__)

KEEP = 14


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
    """Runs ``backup_if_due`` on a plain thread at start and every ``interval_ms``."""

    backed_up = Signal(str)
    failed = Signal(str)

    def __init__(self, services: Any, parent: QObject | None = None, interval_ms: int = 3_600_000) -> None:
        super().__init__(parent)
        self.services = services
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.run_now)
        self._running = threading.Lock()
        self.last: str = ""

    def start(self) -> None:
        self.timer.start()
        QTimer.singleShot(5_000, self.run_now)

    def stop(self) -> None:
        self.timer.stop()

    def run_now(self) -> threading.Thread | None:
        """Start one check off the GUI thread (skipped while one is running)."""
        if not self._running.acquire(blocking=False):
            return None
        db_path = self.services.database.sqlite_path
        folder = self.services.backups_dir
        today = dt.date.today()

        def work() -> None:
            try:
                out = backup_if_due(db_path, folder, today)
                if out is not None:
                    log.info("daily backup written: %s", out)
                    self.last = str(out)
                    self.backed_up.emit(str(out))
            except Exception as exc:  # noqa: BLE001 - a failed backup is logged, never fatal
                log.error("daily backup failed: %s", exc)
                self.failed.emit(str(exc))
            finally:
                self._running.release()

        thread = threading.Thread(target=work, name="daily-backup", daemon=True)
        thread.start()
        return thread
