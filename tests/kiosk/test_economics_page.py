"""The owner's Economics page shows report economics' figures, read off the GUI thread."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from db import engine, ops
from kiosk.app import tasks, theme
from kiosk.app.owner import economics_page
from tests.kiosk.conftest import make_services


def test_figures_and_batches(qtbot: Any, shop_db: engine.Database, data_dir: Path) -> None:
    now = dt.datetime.now(dt.timezone.utc)
    with shop_db.sessions.begin() as session:
        code = ops.create_batch(session, count=2, now=now - dt.timedelta(days=40)).codes[0]
    for days in (30, 20, 10):
        with shop_db.sessions.begin() as session:
            ops.stamp(session, code, count=3, now=now - dt.timedelta(days=days))
    with shop_db.sessions.begin() as session:
        ops.redeem(session, code, now=now - dt.timedelta(days=10))
    page = economics_page.EconomicsPage(make_services(shop_db, data_dir), theme.Metrics(800),
                                        tasks.TaskRunner(threaded=False))
    qtbot.addWidget(page)
    page.refresh()
    texts = [w.text() for w in page.findChildren(type(page.title))]
    assert "Cards completed with a head start: 100 %; without: –." in texts
    assert "Median days to a reward: 20.0" in texts
    assert "Days between visits (median): 10.0" in texts
    assert "Batch 1, head start 2: 1 of 1 cards completed (100 %)" in texts
