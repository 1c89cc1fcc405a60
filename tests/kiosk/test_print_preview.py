"""The Print cards page shows the real PDF: one card with the chosen head start before Make cards,
page 1 of the batch's file after it; the picture never grows the page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from kiosk import workflows
from kiosk.app import tasks
from kiosk.app.owner import OwnerScreen, preview
from kiosk.app.services import Services

pytestmark = pytest.mark.gui


@pytest.fixture
def page(qtbot: Any, shop_db: Any, tmp_path: Path) -> Any:
    services = Services(shop_db, station="test-station", data_dir=tmp_path / "data")
    screen = OwnerScreen(services, staff="owner")
    qtbot.addWidget(screen)
    screen.resize(800, 480)
    screen.show()
    screen.show_tab("print")
    QApplication.processEvents()
    return screen.pages["print"]


def test_one_card_with_the_chosen_head_start_before_make_cards(page: Any) -> None:
    services = page.services
    shop, program = workflows.sheet_shop(services.shop()), services.program()
    assert page.preview.source == preview.sample_card_pdf(shop, program, program.prestamps)
    page.prestamps.set_value(3)
    assert page.preview.source == preview.sample_card_pdf(shop, program, 3)
    assert page.preview.source != preview.sample_card_pdf(shop, program, 2)  # the slots differ
    image = page.preview.image
    assert not image.isNull() and image.width() > image.height()  # one card, landscape


def test_page_one_of_the_batch_after_make_cards(qtbot: Any, page: Any) -> None:
    size = page.size()
    page.runner = tasks.TaskRunner(threaded=False)
    page.count.set_value(12)
    page.make.click()
    qtbot.waitUntil(lambda: page.result is not None, timeout=20_000)
    assert page.preview.source == page.result.pdf
    image = page.preview.image
    assert not image.isNull() and image.height() > image.width()  # an A4 page
    assert image.width() >= preview.PdfPreview.RENDER_WIDTH  # sharp, then scaled into the box
    QApplication.processEvents()
    assert page.size() == size and page.preview.width() <= page.width()
