"""The kiosk reads cards whose QR is the card page's address (issue 19): by camera and by USB scanner,
next to cards printed before, which keep working."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from cards import codes
from tests.kiosk.conftest import card_state, make_services, make_window, scan_keys, write_camera_folder

pytestmark = pytest.mark.gui


def test_camera_reads_a_card_url(qtbot: Any, shop_db: Any, batch: Any, data_dir: Any, tmp_path: Any) -> None:
    url = codes.card_url("https://kavarna-u-kocoura.cz", batch.codes[0])
    folder = write_camera_folder(tmp_path / "frames", url)
    window = make_window(qtbot, make_services(shop_db, data_dir, camera_spec=str(folder)))
    try:
        with qtbot.waitSignal(window.card_shown, timeout=5000) as shown:
            pass
        assert shown.args == [url]
        assert window.current_screen() == "card_screen"
        qtbot.mouseClick(window.card.stamp_button, Qt.MouseButton.LeftButton)
        assert card_state(shop_db, batch.codes[0]).stamps == 3
    finally:
        window.shutdown()


def test_scanner_types_a_card_url(qtbot: Any, window: Any, shop_db: Any, batch: Any) -> None:
    url = codes.card_url("https://kavarna-u-kocoura.cz", batch.codes[1])
    scan_keys(window, url)
    qtbot.waitUntil(lambda: window.current_screen() == "card_screen", timeout=15_000)
    assert card_state(shop_db, batch.codes[1]).status == "active"
    assert window.card.result.card.number == codes.unwrap(url).split(":")[1]
