"""The owner's Print page offers the program's poster (issue 19 part 4): made off the GUI thread, shown in the
preview, saved privately, and what Print and Copy to USB then take; its QR leads to the card page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import cv2
import pytest
from PySide6.QtWidgets import QApplication

from cards import decode
from db import settings as db_settings
from kiosk.app import tasks
from kiosk.app.owner import OwnerScreen
from kiosk.app.services import Services
from tests.printing import helpers

pytestmark = pytest.mark.gui


@pytest.fixture
def page(qtbot: Any, shop_db: Any, tmp_path: Path) -> Any:
    with shop_db.sessions.begin() as session:
        db_settings.update(session, card_url="https://kocour.cz")
    services = Services(shop_db, station="test-station", data_dir=tmp_path / "data")
    screen = OwnerScreen(services, staff="owner")
    qtbot.addWidget(screen)
    screen.resize(800, 480)
    screen.show()
    screen.show_tab("print")
    QApplication.processEvents()
    return screen.pages["print"]


def test_poster_from_the_print_page(qtbot: Any, page: Any, tmp_path: Path) -> None:
    size = page.size()
    page.runner = tasks.TaskRunner(threaded=False)
    assert not page.print_button.isEnabled()
    page.poster_button.click()
    qtbot.waitUntil(lambda: page.document is not None, timeout=20_000)
    path = page.document
    assert path == page.services.data_dir / "posters" / "poster-a4.pdf" and path.stat().st_mode & 0o077 == 0
    assert page.preview.source == path and page.print_button.isEnabled() and page.usb_button.isEnabled()
    assert "https://kocour.cz/" in page.banner.text()
    png = helpers.pdf_to_pngs(path.read_bytes(), tmp_path, dpi=60)[0]
    image = cv2.imread(str(png), cv2.IMREAD_GRAYSCALE)
    assert image is not None and decode.read_payloads(image, effort="thorough") == ["https://kocour.cz/"]
    QApplication.processEvents()
    assert page.size() == size
