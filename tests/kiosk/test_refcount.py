"""Guard against PySide6 builds that leak away references to None (see kiosk/app/__init__.py)."""

from __future__ import annotations

import sys
from typing import Any

import pytest
from PySide6.QtGui import QImage, QPainter, QPen

pytestmark = pytest.mark.gui


def test_void_qt_calls_keep_none_alive(qapp: Any) -> None:
    image = QImage(64, 64, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    before = sys.getrefcount(None)
    for _ in range(2000):
        painter.setPen(QPen())
        painter.drawEllipse(1, 1, 5, 5)
    after = sys.getrefcount(None)
    painter.end()
    assert after - before > -100, "this PySide6 drops references to None; pin another version"
