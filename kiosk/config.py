"""Where the data lives: resolved once at start-up, then passed down as values.

Order: ``--db URL``, then the ``STAMPCARD_DB`` variable, then a SQLite file in
the platform's user data folder. Plain Python, so the command line never loads Qt.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

import platformdirs

from db import engine


def data_dir() -> Path:
    """The folder for the default database, backups and saved documents."""
    override = os.environ.get("STAMPCARD_HOME")
    return Path(override) if override else Path(platformdirs.user_data_dir("stampcard", appauthor=False))


def database_url(cli_value: str | None) -> str:
    """The database URL from the command line, the environment or the default file."""
    if cli_value:
        return cli_value if "://" in cli_value else engine.sqlite_url(Path(cli_value).resolve())
    env = os.environ.get("STAMPCARD_DB")
    if env:
        return env if "://" in env else engine.sqlite_url(Path(env).resolve())
    return engine.sqlite_url(data_dir() / "stampcard.db")


def station_name(cli_value: str | None) -> str:
    """This kiosk's name in the ledger: ``--station``, ``STAMPCARD_STATION`` or the host name."""
    return cli_value or os.environ.get("STAMPCARD_STATION") or socket.gethostname()
