"""The kiosk on a database that cannot be written: it says so on screen and keeps running."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from db import engine, ops
from tests.faults.test_storage import immutable
from tests.kiosk.conftest import make_services, make_window

pytestmark = pytest.mark.gui


def test_a_read_only_database_is_said_on_screen_and_the_kiosk_keeps_running(
        qtbot: Any, shop_db: engine.Database, db_path: Path, tmp_path: Path) -> None:
    from db.models import utcnow

    with shop_db.sessions.begin() as session:
        code = ops.create_batch(session, count=2, now=utcnow()).codes[0]
    window = make_window(qtbot, make_services(shop_db, tmp_path / "data"))
    shop_db.engine.dispose()
    files = [p for p in db_path.parent.iterdir() if p.name.startswith(db_path.name)]
    with immutable(*files):
        try:
            window.show_card(code)  # the first scan writes (the card's activation)
        except Exception:  # noqa: BLE001 - what the kiosk's excepthook hands to the error edge
            window.handle_exception(*sys.exc_info())
        else:
            pytest.fail("writing to an immutable database did not fail")
        assert window.current_screen() == "message_screen" or "database" in window.message.headline.text()
        # said by its kind (db.errors.FaultKind.READ_ONLY), not as "cannot be read or written" in general
        assert "The database cannot be written. Nothing was recorded." in window.message.headline.text()
    shop_db.engine.dispose()
    window.show_card(code)  # writable again: the same kiosk carries on
    assert window.current_screen() == "card_screen"
    with shop_db.sessions.begin() as session:
        assert ops.card_view(session, code).status == "active"
    window.shutdown()
