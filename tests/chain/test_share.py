"""Each station holds its share (issue 18 part 5), on a real PostgreSQL hub.

A station keeps the cards it issued or has seen (``hub_holdings``), the settings and the
batches; its storage and sync cost grow with its own traffic; customers' personal data
stays on the stations that served them and on the hub.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy import exc as sa_exc

from db import sync
from tests.chain.test_roles import _admin, _chain_with_roles


def test_a_station_login_adds_and_reads_its_own_holdings_only(tmp_path: Path, hub_url: str) -> None:
    a, b, codes, login = _chain_with_roles(tmp_path, hub_url, cards=2)
    admin = _admin(hub_url)
    with admin.begin() as connection:
        connection.execute(text("INSERT INTO hub_holdings (station, card) VALUES ('A', 'X1'), ('C', 'X2') "
                                "ON CONFLICT DO NOTHING"))
    station = sync.hub_engine(sync.with_password(login.url, login.password))
    with station.begin() as connection:
        connection.execute(text("INSERT INTO hub_holdings (station, card) VALUES ('B', 'X3'), ('B-2', 'X4') "
                                "ON CONFLICT DO NOTHING"))
        seen = {tuple(r) for r in connection.execute(text("SELECT station, card FROM hub_holdings"))}
    assert seen == {("B", "X3"), ("B-2", "X4")}  # its own rows and its renamed copy's, never A's or C's
    for sql in ("INSERT INTO hub_holdings (station, card) VALUES ('A', 'X5')",
                "UPDATE hub_holdings SET card = 'X6'", "DELETE FROM hub_holdings"):
        with pytest.raises(sa_exc.ProgrammingError) as refused, station.begin() as connection:
            connection.execute(text(sql))
        line = str(refused.value.orig).splitlines()[0]
        assert "permission denied" in line or "row-level security" in line, (sql, line)
    with admin.connect() as connection:
        assert ("A", "X5") not in {tuple(r) for r in connection.execute(text("SELECT station, card FROM hub_holdings"))}
    station.dispose()
    admin.dispose()
    a.close()
    b.close()
