"""Kiosk app fixtures: a shop database with a batch, Services, a MainWindow, scanner keys, a camera folder."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest

from db import engine, ops


@pytest.fixture(autouse=True)
def english_afterwards(qapp: Any) -> Iterator[None]:
    """A test may switch the UI language (the wizard does); the next one starts in English."""
    yield
    try:
        from kiosk.app import i18n
    except ImportError:
        return
    i18n.install_language(qapp, "en")
    qapp.processEvents()


@pytest.fixture
def batch(shop_db: engine.Database) -> ops.BatchInfo:
    """Three new cards with the program's 2 head-start stamps."""
    with shop_db.sessions.begin() as session:
        return ops.create_batch(session, count=3, now=dt.datetime.now(dt.timezone.utc), station="test")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


def make_services(database: engine.Database, data_dir: Path, camera_spec: Any = None) -> Any:
    from kiosk.app.services import Services

    return Services(database, station="test-kiosk", data_dir=data_dir, camera_spec=camera_spec)


def make_window(qtbot: Any, services: Any, size: tuple[int, int] = (1280, 800)) -> Any:
    from kiosk.app.window import MainWindow

    window = MainWindow(services)
    qtbot.addWidget(window)
    window.backups.stop()
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def window(qtbot: Any, shop_db: engine.Database, batch: ops.BatchInfo, data_dir: Path) -> Iterator[Any]:
    """The kiosk on a shop database, no camera, 1280x800."""
    w = make_window(qtbot, make_services(shop_db, data_dir))
    yield w
    w.shutdown()


def scan_keys(window: Any, text: str, start_ms: int = 10_000, gap_ms: int = 4) -> None:
    """Type ``text`` and Enter into the window the way a USB wedge scanner does (a fast burst)."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    handle = window.windowHandle()
    t = start_ms
    for ch in text + "\r":
        key = Qt.Key.Key_Return if ch == "\r" else Qt.Key(ord(ch.upper()) if ch.isascii() else 0)
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, ch)
            event.setTimestamp(t)
            QApplication.sendEvent(handle, event)
        t += gap_ms


def card_state(database: engine.Database, code: str) -> ops.CardView:
    with database.sessions.begin() as session:
        return ops.card_view(session, code)


def write_camera_folder(folder: Path, payload: str, blanks: int = 3) -> Path:
    """A folder of 'camera frames': a few empty frames, then frames with the card's QR."""
    from tests.helpers import synthetic

    folder.mkdir(parents=True, exist_ok=True)
    frame = np.full((480, 640), 200, np.uint8)
    for i in range(blanks):
        cv2.imwrite(str(folder / f"{i:03d}-empty.png"), frame)
    qr = synthetic.qr_image(payload, module_px=6)
    for i in range(blanks, blanks + 4):
        shot = frame.copy()
        y, x = 60, 160
        shot[y:y + qr.shape[0], x:x + qr.shape[1]] = qr
        cv2.imwrite(str(folder / f"{i:03d}-card.png"), shot)
    return folder
