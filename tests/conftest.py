"""Shared test setup: Qt offscreen, a private data folder, a real SQLite database."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The command line speaks the terminal's language (cards.words.user_language): the tests read its English
# lines whatever the developer's locale; tests of Czech and Russian set their own LANG (tests/words).
os.environ.pop("LANGUAGE", None)
os.environ["LC_MESSAGES"] = "C.UTF-8"
if os.environ.get("LC_ALL"):
    os.environ["LC_ALL"] = "C.UTF-8"

from cards import rules  # noqa: E402
from db import engine, ops  # noqa: E402
from tests.helpers import postgres  # noqa: E402

NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.timezone.utc)
PIN = "2468"


@pytest.fixture(autouse=True)
def private_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Never touch the real user data folder or an outside STAMPCARD_DB."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("STAMPCARD_HOME", str(home))
    monkeypatch.delenv("STAMPCARD_DB", raising=False)
    monkeypatch.setenv("STAMPCARD_STATION", "test-station")
    return home


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[postgres.PostgresServer]:
    """A PostgreSQL server for the whole run (db and faults tests), on a Unix socket; skips when none can start.

    The chain tests start their own: they stop and restart theirs.
    """
    try:
        with postgres.running_server() as server:
            yield server
    except postgres.PostgresUnavailable as exc:
        pytest.skip(f"no PostgreSQL server: {exc}")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "stampcard.db"


@pytest.fixture
def database(db_path: Path) -> Iterator[engine.Database]:
    """A new, migrated SQLite file (WAL) with no shop yet."""
    database = engine.open_database(engine.sqlite_url(db_path))
    yield database
    database.close()


@pytest.fixture
def shop_db(database: engine.Database) -> engine.Database:
    """A database with a shop: 10 stamps, 2 head start, owner PIN 2468."""
    with database.sessions.begin() as session:
        ops.init_shop(session, name="Kavárna U Kocoura", program=rules.Program(10, 2, "Free coffee"),
                      owner_pin=PIN, address="Dlouhá 1, Praha", phone="+420 777 123 456",
                      email="stiznosti@kocour.cz", url="https://kocour.cz/feedback")
    return database
