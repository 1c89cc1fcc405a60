"""The kiosk paints its idle screen first; the camera thread and the background checks start after
(``kiosk.app.main.AfterFirstPaint``, ``MainWindow(start_later=True)``). Speed: ``benchmarks/startup.py``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot

from db import engine, ops
from tests.kiosk.conftest import make_services


def test_after_first_paint_calls_once_after_the_widget_is_painted(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QLabel

    from kiosk.app import main

    calls: list[int] = []
    label = QLabel("Kavárna")
    qtbot.addWidget(label)
    main.AfterFirstPaint(label, lambda: calls.append(1), latest_ms=60_000)
    qtbot.wait(50)
    assert calls == []  # not shown, not painted: nothing yet
    label.show()
    qtbot.waitExposed(label)
    qtbot.waitUntil(lambda: calls == [1])
    label.update()
    label.repaint()
    qtbot.wait(50)
    assert calls == [1]  # once


def test_after_first_paint_calls_anyway_when_never_painted(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QLabel

    from kiosk.app import main

    calls: list[int] = []
    label = QLabel("never shown")
    qtbot.addWidget(label)
    main.AfterFirstPaint(label, lambda: calls.append(1), latest_ms=30)
    qtbot.waitUntil(lambda: calls == [1])


def test_a_window_started_later_starts_its_camera_and_checks_once_and_never_after_shutdown(
        qtbot: QtBot, shop_db: engine.Database, batch: ops.BatchInfo, data_dir: Path, tmp_path: Path) -> None:
    from kiosk.app.window import MainWindow

    frames = tmp_path / "frames"
    frames.mkdir()
    window: Any = MainWindow(make_services(shop_db, data_dir, camera_spec=str(frames)), start_later=True)
    qtbot.addWidget(window)
    assert window.camera_host.controller.camera_thread is None  # chosen, not started
    assert not window.backups.timer.isActive() and not window.device_watch.timer.isActive()
    window.start_background()
    assert window.camera_host.controller.camera_thread is not None
    assert window.backups.timer.isActive() and window.device_watch.timer.isActive()
    thread = window.camera_host.controller.camera_thread
    window.start_background()  # once
    assert window.camera_host.controller.camera_thread is thread
    window.shutdown()

    later: Any = MainWindow(make_services(shop_db, data_dir, camera_spec=str(frames)), start_later=True)
    qtbot.addWidget(later)
    later.shutdown()
    later.start_background()  # a first paint after the window was shut: nothing starts
    assert later.camera_host.controller is None and not later.backups.timer.isActive()
