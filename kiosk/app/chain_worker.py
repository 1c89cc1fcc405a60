"""Sync a chain station with its hub in the background, and say how it goes in the status strip.

Every few seconds (``INTERVAL_S``) one ``db.sync.sync_once`` runs off the GUI
thread through ``kiosk.app.tasks.TaskRunner``. While the hub is away the wait
grows from ``FIRST_RETRY_S`` by half each time up to ``MAX_BACKOFF_S``, with a
random +-20 % so a chain's stations do not all come back at the same instant.
The cap is short on purpose: a failed try costs one refused connection, and the
stations must agree within seconds of the hub's return (benchmarks/chain.py).
After an outage the next ``CATCH_UP`` syncs come every ``AFTER_OUTAGE_S``, which
fetches what the other stations send on their own return within a retry or two. The counter
never waits on any of it: stamps go to the local database and are queued. The strip reads "Chain: synced 3 s ago" or
"Chain: offline, 14 waiting" (refreshed every second; "the hub refused this kiosk's login" when it did). A station that is not in
a chain starts no timer and shows nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, QTimer, Signal
from sqlalchemy import Engine

from db import chain_station, engine
from kiosk.app.services import Services

log = logging.getLogger(__name__)

INTERVAL_S = 3
FIRST_RETRY_S = 1
MAX_BACKOFF_S = 2
AFTER_OUTAGE_S = 0.5
CATCH_UP = 8  # quick syncs after an outage: the other stations come back within a retry or two
JITTER = 0.2


@dataclass(frozen=True)
class Outcome:
    """One background sync: did it reach the hub, what waits, what it moved."""

    ok: bool
    pending: int
    conflicts: int
    pushed: int = 0
    pulled: int = 0
    error: str = ""  # English, for the log
    trouble: str = ""  # why the hub could not be used: a ``db.hub_notes.HubTrouble`` value, worded by the strip


def sync_step(database: engine.Database, hub: Engine | None) -> Outcome:
    """One sync (any thread); an unreachable hub is an outcome, not an error."""
    from db import sync  # only a chain station gets here; a single shop's kiosk never loads the sync

    try:
        result = sync.sync_once(database, hub)
    except sync.HubUnreachable as exc:
        if hub is not None:
            hub.dispose()  # the next try opens fresh connections
        with database.sessions.begin() as session:
            return Outcome(False, sync.pending(session), sync.open_conflicts(session), error=str(exc),
                           trouble=exc.kind.value)
    return Outcome(True, result.pending, result.conflicts, result.pushed, result.pulled)


def next_delay(ok: bool, delay_s: float, *, was_ok: bool = True, catching_up: bool = False,
               jitter: float = 0.0) -> float:
    """The wait before the next try (``delay_s`` is the last one; ``jitter`` in -1..1 spreads the stations).

    Online: ``INTERVAL_S``, or ``AFTER_OUTAGE_S`` while catching up after the hub came back.
    Offline: ``FIRST_RETRY_S``, then half as long again each time, up to ``MAX_BACKOFF_S``.
    """
    if ok:
        return float(AFTER_OUTAGE_S if catching_up or not was_ok else INTERVAL_S)
    grown = FIRST_RETRY_S if was_ok else min(MAX_BACKOFF_S, delay_s * 1.5)
    return max(0.5, grown * (1 + JITTER * jitter))


# The strip's words, marked for pyside6-lupdate (scripts/update_translations.sh) in the "ChainWorker" context.
CONNECTING = str(QT_TRANSLATE_NOOP("ChainWorker", "Chain: connecting…"))
OFFLINE = str(QT_TRANSLATE_NOOP("ChainWorker", "Chain: offline, %1 waiting"))
LOGIN_REFUSED = str(QT_TRANSLATE_NOOP("ChainWorker", "Chain: the hub refused this kiosk's login, %1 waiting"))
SYNCED_MIN = str(QT_TRANSLATE_NOOP("ChainWorker", "Chain: synced %1 min ago"))
SYNCED_S = str(QT_TRANSLATE_NOOP("ChainWorker", "Chain: synced %1 s ago"))
CONFLICTS = str(QT_TRANSLATE_NOOP("ChainWorker", ", conflicts: %1"))  # no plural to get wrong ("1 conflicts")


def status_text(outcome: Outcome | None, last_ok: dt.datetime | None, now: dt.datetime,
                translate: Callable[[str], str] = lambda s: s) -> str:
    """The status strip's words: "Chain: synced 3 s ago" or "Chain: offline, 14 waiting"."""
    if outcome is None:
        return translate(CONNECTING)
    if not outcome.ok:
        said = LOGIN_REFUSED if outcome.trouble == "login_refused" else OFFLINE  # db.hub_notes.HubTrouble
        return translate(said).replace("%1", str(outcome.pending))
    seconds = 0 if last_ok is None else max(0, int((now - last_ok).total_seconds()))
    if seconds >= 120:
        return translate(SYNCED_MIN).replace("%1", str(seconds // 60))
    text = translate(SYNCED_S).replace("%1", str(seconds))
    if outcome.conflicts:
        text += translate(CONFLICTS).replace("%1", str(outcome.conflicts))
    return text


class ChainWorker(QObject):
    """Emits ``status_changed(text)`` for the strip and ``synced(outcome)`` after each try."""

    status_changed = Signal(str)
    synced = Signal(object)

    def __init__(self, services: Services, parent: QObject | None = None, *, threaded: bool = True) -> None:
        super().__init__(parent)
        from kiosk.app import tasks

        self.services = services
        self.runner = tasks.TaskRunner(self, threaded=threaded)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.sync_now)
        self.clock = QTimer(self)
        self.clock.setInterval(1_000)
        self.clock.timeout.connect(self.show_status)
        self.running = False
        self.delay_s = float(INTERVAL_S)
        self.catch_up = 0
        self.outcome: Outcome | None = None
        self.last_ok: dt.datetime | None = None
        self.hub: Engine | None = None

    def is_station(self) -> bool:
        """True when this kiosk's database is a station of a chain."""
        try:
            with self.services.session() as session:
                state = chain_station.chain_state(session)
                if state is not None and self.hub is None:
                    from db import sync  # the sync and PostgreSQL's dialect load only at a chain station

                    self.hub = sync.hub_engine(state.hub_url)
                return state is not None
        except Exception:  # noqa: BLE001 - no chain tables, no database: not a station
            return False

    def start(self) -> None:
        """Start syncing (only at a chain station)."""
        if not self.is_station():
            return
        self.show_status()
        self.clock.start()
        self.timer.start(500)

    def stop(self) -> None:
        self.timer.stop()
        self.clock.stop()
        self.runner.cancel_all()
        if self.hub is not None:
            self.hub.dispose()

    def sync_now(self) -> None:
        """Start one sync off the GUI thread (skipped while one runs)."""
        if self.running:
            return
        self.running = True
        database, hub = self.services.database, self.hub
        self.runner.run(lambda progress: sync_step(database, hub), self.on_done, self.on_error)

    def on_done(self, outcome: Outcome) -> None:
        self.running = False
        if outcome.ok:
            self.last_ok = self.services.now()
            if self.outcome is not None and not self.outcome.ok:
                log.info("chain: the hub is back; %d sent, %d received", outcome.pushed, outcome.pulled)
            if outcome.pulled:
                self.services.forget_settings()  # settings may have come from another station
        elif self.outcome is None or self.outcome.ok:
            log.warning("chain: the hub cannot be reached (%s); stamps are queued here", outcome.error)
        was_ok = self.outcome is None or self.outcome.ok
        self.outcome = outcome
        self.catch_up = CATCH_UP if outcome.ok and not was_ok else max(0, self.catch_up - 1)
        self.delay_s = next_delay(outcome.ok, self.delay_s, was_ok=was_ok, catching_up=self.catch_up > 0,
                                  jitter=random.uniform(-1, 1))
        self.show_status()
        self.synced.emit(outcome)
        self.timer.start(int(self.delay_s * 1000))

    def on_error(self, exc: BaseException) -> None:
        self.running = False
        log.error("chain: sync failed: %s", exc, exc_info=exc)
        self.delay_s = next_delay(False, self.delay_s, was_ok=False, jitter=random.uniform(-1, 1))
        self.timer.start(int(self.delay_s * 1000))

    def show_status(self) -> None:
        def translate(text: str) -> str:
            return QCoreApplication.translate("ChainWorker", text)

        self.status_changed.emit(status_text(self.outcome, self.last_ok, self.services.now(), translate))
