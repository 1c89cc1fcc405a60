"""What every screen of the kiosk needs: the database, this station, the data folder.

One ``Services`` object is made at start-up by :func:`kiosk.app.main.run` and
passed to the window and every screen. Screens wrap each user action in one
``with services.session() as session:`` block (one transaction) and call one
operation of :mod:`db.ops`.
"""

from __future__ import annotations

import datetime as dt
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from cards import clock, rules
from cards.refusals import Refused
from db import engine, errors, ops
from db import station as station_settings
from kiosk import config


class ServiceSignals(QObject):
    """Application-wide notifications (emitted on the GUI thread)."""

    settings_changed = Signal()
    language_changed = Signal(str)


class Services:
    """The kiosk's shared handles: database, station name, data folder, camera and decoder choice."""

    def __init__(self, database: engine.Database, *, station: str, data_dir: Path,
                 decoder: str | None = None, camera_spec: Any = None, sound: bool = False,
                 cashier_pin: bool = False, devices: config.StationDevices | None = None) -> None:
        self.database = database
        self.station = station
        self.data_dir = Path(data_dir)
        self.decoder = decoder
        self.camera_spec = camera_spec
        self.sound = sound
        self.cashier_pin = cashier_pin  # this station asks for a cashier PIN before stamping
        self.devices = devices or config.station_devices(station_settings.StationChoices())  # kiosk.config
        self.staff = ""  # who is signed in at this station (written to the ledger)
        self.signals = ServiceSignals()
        self._shop: ops.ShopInfo | None = None
        self._program: rules.Program | None = None
        self._secrets: tuple[bytes, ...] | None = None
        self.signals.settings_changed.connect(self.forget_settings)

    def session(self) -> AbstractContextManager[Session]:
        """One transaction: ``with services.session() as session: ops.something(session, ...)``."""
        return self.database.sessions.begin()

    def is_initialised(self) -> bool:
        """True once the shop has been set up (the wizard is not needed)."""
        with self.session() as session:
            return ops.is_initialised(session)

    def shop(self) -> ops.ShopInfo:
        """The shop's settings (cached until ``settings_changed``)."""
        if self._shop is None:
            with self.session() as session:
                self._shop = ops.get_shop(session)
        return self._shop

    def signing_secrets(self) -> tuple[bytes, ...]:
        """Every signing key's secret, newest first (cached until ``settings_changed``): what a scanner's
        burst is checked against before it becomes a code (the rule itself is ``db.ops``'s, at the lookup)."""
        if self._secrets is None:
            with self.session() as session:
                self._secrets = ops.signing_secrets(session)
        return self._secrets

    def forget_keys(self) -> None:
        """Read the signing keys again at the next :meth:`signing_secrets` (a sync may have brought one)."""
        self._secrets = None

    def program(self) -> rules.Program:
        """The loyalty program's rules (cached until ``settings_changed``)."""
        if self._program is None:
            with self.session() as session:
                self._program = ops.get_program(session)
        return self._program

    def forget_settings(self) -> None:
        """Drop cached shop and program so the next call reads them again."""
        self._shop = None
        self._program = None
        self._secrets = None

    @staticmethod
    def now() -> dt.datetime:
        """The current time, aware UTC (ops always get ``now`` passed in): the kiosk's one clock."""
        return dt.datetime.now(dt.timezone.utc)

    def zone(self) -> str:
        """The shop's time zone setting ("" = the system's; also before set-up or when settings cannot be read)."""
        try:
            return self.shop().timezone
        except (Refused, errors.StampcardError, SQLAlchemyError):
            return ""

    def local(self, instant: dt.datetime | None = None) -> dt.datetime:
        """An instant (default: now) as the shop's wall time, aware (``cards.clock.local``)."""
        return clock.local(instant if instant is not None else self.now(), self.zone())

    def today(self) -> dt.date:
        """The shop's calendar day now (birthdays, report periods)."""
        return self.local().date()

    def shown(self, instant: dt.datetime | None) -> str:
        """A stored time as the shop's local day and time for people, in the shop's language ("" for none)."""
        if instant is None:
            return ""
        try:
            language = self.shop().language
        except (Refused, errors.StampcardError, SQLAlchemyError):
            language = "en"
        return clock.datetime_text(self.local(instant), language)

    @property
    def logs_dir(self) -> Path:
        return self.data_dir / "logs"

    @property
    def receipts_dir(self) -> Path:
        return self.data_dir / "receipts"

    @property
    def backups_dir(self) -> Path:
        return self.data_dir / "backups"
