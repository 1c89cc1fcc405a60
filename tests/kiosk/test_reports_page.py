"""The owner's reports page makes its report off the GUI thread, in the shop's local days."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from db import engine, ops
from db.models import Shop
from kiosk.app import tasks, theme
from kiosk.app.owner import OwnerScreen, reports_page
from kiosk.app.services import Services

pytestmark = pytest.mark.gui


@pytest.fixture
def services(shop_db: engine.Database, tmp_path: Path) -> Services:
    return Services(shop_db, station="test-station", data_dir=tmp_path / "data")


def test_the_report_is_made_off_the_gui_thread(qtbot: QtBot, services: Any, shop_db: engine.Database,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    with shop_db.sessions.begin() as session:
        batch = ops.create_batch(session, count=1, now=services.now())
        ops.stamp(session, batch.numbers[0], count=2, now=services.now())
    threads: list[int] = []
    real = reports_page.load_report

    def watched(*args: Any, **kwargs: Any) -> ops.Report:  # the real work, noting where it ran
        threads.append(threading.get_ident())
        return real(*args, **kwargs)

    monkeypatch.setattr(reports_page, "load_report", watched)
    screen = OwnerScreen(services, staff="owner")
    qtbot.addWidget(screen)
    screen.resize(1280, 800)
    screen.show()
    page = screen.pages["reports"]
    assert isinstance(page, reports_page.ReportsPage) and page.runner is screen.runner and page.runner.threaded
    screen.tab_buttons["reports"].click()
    qtbot.waitUntil(lambda: not page.loading, timeout=10_000)
    assert threads and threads[0] != threading.get_ident()
    assert page.tiles["stamps"].value.text() == "2" and page.tiles["visits"].value.text() == "1"


def test_a_late_report_for_an_older_choice_is_dropped(qtbot: QtBot, services: Any) -> None:
    page = reports_page.ReportsPage(services, theme.Metrics(800),
                                    tasks.TaskRunner(threaded=False))
    qtbot.addWidget(page)
    page.refresh()
    newest = page.report
    assert newest is not None and not page.loading
    stale = ops.Report(None, 99, 0, 0, 0, 0, 0, 0, 0, ())
    page.on_report_ready(page.asked - 1, stale)
    assert page.report is newest


def test_the_chart_days_are_the_shops_local_days(qtbot: QtBot, services: Any, shop_db: engine.Database) -> None:
    with shop_db.sessions.begin() as session:
        shop = session.get(Shop, 1)
        assert shop is not None
        shop.timezone = "Pacific/Kiritimati"  # UTC+14: usually the day after the UTC day
        batch = ops.create_batch(session, count=1, now=services.now())
        ops.stamp(session, batch.numbers[0], now=services.now())
    page = reports_page.ReportsPage(services, theme.Metrics(800),
                                    tasks.TaskRunner(threaded=False))
    qtbot.addWidget(page)
    page.period.set_current("7")
    page.refresh()
    report = page.report
    today = services.now().astimezone(dt.timezone(dt.timedelta(hours=14))).date()
    assert report is not None and report.today == today and report.since == today - dt.timedelta(days=6)
    assert [d for d, *_ in report.per_day] == [today.isoformat()]
    series = reports_page.daily_series(report, report.today or today)
    assert len(series) == 7 and series[-1] == (today, 1, 1, 0)
