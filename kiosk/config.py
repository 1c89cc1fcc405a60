"""Where the data lives: resolved once at start-up, then passed down as values.

Order: ``--db URL``, then the ``STAMPCARD_DB`` variable, then a SQLite file in
the platform's user data folder. Plain Python, so the command line never loads Qt.
Nothing here creates a file or a folder: whoever writes into the data folder
makes it with :func:`private_dir` (0700), and only ``stampcard init`` and the
kiosk's wizard create a database.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from db import engine, files, station


def data_dir() -> Path:
    """The folder for the default database, backups and saved documents."""
    override = os.environ.get("STAMPCARD_HOME")
    return Path(override) if override else Path(platformdirs.user_data_dir("stampcard", appauthor=False))


STATION_LENGTH = 60  # the ledger's station column (VARCHAR(60) on PostgreSQL)


def private_dir(folder: Path) -> Path:
    """``folder`` made (with missing parents) 0700, for the data folder and what is under it."""
    return files.private_folder(folder)


def tighten(folder: Path) -> None:
    """Make an existing data folder of ours 0700 (an older stampcard left it 0755); never creates it."""
    try:
        info = folder.stat()
        if folder.is_dir() and info.st_uid == os.getuid() and info.st_mode & 0o077:
            os.chmod(folder, 0o700)
    except OSError:
        pass  # missing, or not ours to change: whoever writes there makes what it needs private


def database_url(cli_value: str | None) -> str:
    """The database URL from the command line, the environment or the default file."""
    if cli_value:
        return cli_value if "://" in cli_value else engine.sqlite_url(Path(cli_value).resolve())
    env = os.environ.get("STAMPCARD_DB")
    if env:
        return env if "://" in env else engine.sqlite_url(Path(env).resolve())
    return engine.sqlite_url(data_dir() / "stampcard.db")


def station_name(cli_value: str | None) -> str:
    """This kiosk's name in the ledger: ``--station``, ``STAMPCARD_STATION`` or the host name.

    A name given on purpose is kept as it is (the ledger refuses one over 60
    characters with a sentence); the host name, a default nobody chose, is cut to 60.
    """
    import socket  # here: `stampcard --help` need not load it

    return cli_value or os.environ.get("STAMPCARD_STATION") or socket.gethostname()[:STATION_LENGTH]


@dataclass(frozen=True)
class StationDevices:
    """This station's hardware, resolved once at start: the stored choice, unless a variable overrides it.

    ``camera`` is None when neither ``--camera`` nor the setting chose one (the
    kiosk then uses device 0). ``printer`` "" saves receipts as PDF files.
    """

    camera: str | None
    printer: str
    receipt_width: int
    sound: bool


def station_devices(choices: station.StationChoices, env: Mapping[str, str] | None = None) -> StationDevices:
    """Apply ``STAMPCARD_PRINTER``, ``STAMPCARD_RECEIPT_WIDTH`` and ``STAMPCARD_SOUND`` over the stored choices."""
    env = os.environ if env is None else env
    printer = env.get("STAMPCARD_PRINTER", "").strip() or choices.receipt_printer
    width_text = env.get("STAMPCARD_RECEIPT_WIDTH", "").strip()
    width = int(width_text) if width_text in ("58", "80") else choices.receipt_width
    sound_text = env.get("STAMPCARD_SOUND", "").strip().lower()
    sound = sound_text in ("1", "yes", "on") if sound_text else choices.sound
    return StationDevices(camera=choices.camera or None, printer=printer, receipt_width=width, sound=sound)


def load_station_devices(database: engine.Database, station_name: str) -> StationDevices:
    """Read this station's stored choices (one short transaction) and apply the variables over them."""
    try:
        with database.sessions.begin() as session:
            choices = station.get_choices(session, station_name)
    except Exception:  # noqa: BLE001 - a database that cannot say leaves the defaults; the kiosk reports it
        choices = station.StationChoices()
    return station_devices(choices)
