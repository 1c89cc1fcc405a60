"""Run a db test on both backends: ``@backends.both`` parametrizes the ``database`` fixture.

``tests/db/conftest.py`` reads the parameter: ``"sqlite"`` (a new file under
``tmp_path``, the default when a test is not parametrized) or ``"postgres"`` (a
fresh, migrated database on the session's throwaway server, marked ``postgres``).
"""

from __future__ import annotations

import pytest

SQLITE = "sqlite"
POSTGRES = "postgres"

both = pytest.mark.parametrize(
    "database", [SQLITE, pytest.param(POSTGRES, marks=pytest.mark.postgres)], indirect=True)
