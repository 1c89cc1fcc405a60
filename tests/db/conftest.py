"""Fixtures for the db tests: a throwaway PostgreSQL server, and a ``database``
that is a SQLite file by default or a PostgreSQL database when a test asks for
it with ``@backends.both`` (``tests/helpers/backends.py``).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from db import engine
from tests.helpers import backends, postgres

TEMPLATE = "stampcard_template"
_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def postgres_url(postgres_server: postgres.PostgresServer) -> str:
    """The URL of a migrated PostgreSQL database with no shop (a template for per-test copies)."""
    url = postgres_server.create_database(TEMPLATE)
    engine.open_database(url).close()  # migrate once; copies start at head
    return url


@pytest.fixture
def database(request: pytest.FixtureRequest, db_path: Path) -> Iterator[engine.Database]:
    """A new, migrated database with no shop yet: a SQLite file, or PostgreSQL when parametrized so."""
    backend = getattr(request, "param", backends.SQLITE)
    if backend == backends.SQLITE:
        database = engine.open_database(engine.sqlite_url(db_path))
        yield database
        database.close()
        return
    assert backend == backends.POSTGRES, backend
    request.getfixturevalue("postgres_url")
    server: postgres.PostgresServer = request.getfixturevalue("postgres_server")
    name = f"t{next(_numbers)}_" + re.sub(r"[^a-z0-9_]", "_", request.node.name.lower())[:40]
    database = engine.open_database(server.create_database(name, template=TEMPLATE))
    yield database
    database.close()
    server.drop_database(name)
