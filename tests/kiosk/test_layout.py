"""The window is the screen: no screen, page, preview or dialog changes the window's size,
and every visible button lies inside it, at 800x480, 1280x800 and 1920x1080."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QApplication, QWidget

from db import engine, ops
from kiosk.app import i18n, tasks
from kiosk.app.owner import common
from tests.conftest import PIN
from tests.kiosk.conftest import make_services, make_window

pytestmark = pytest.mark.gui

SIZES = [(800, 480), (1280, 800), (1920, 1080)]


def _rect_in(widget: QWidget, top: QWidget) -> QRect:
    return QRect(widget.mapTo(top, QPoint(0, 0)), widget.size())


def _scroll_viewport(widget: QWidget) -> QWidget | None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            return parent.viewport()
        parent = parent.parentWidget()
    return None


def _overlay(window: QWidget) -> QWidget | None:
    """The dialog drawn over the screen, if one is open (its buttons are the ones to reach)."""
    found = [w for w in window.findChildren(QWidget)
             if w.isVisible() and (isinstance(w, common.Overlay) or w.property("role") == "overlay")]
    return found[-1] if found else None


def misplaced(window: QWidget) -> list[str]:
    """Visible buttons that stick out of the window, are squeezed below their size, or cover each other.

    A button in a scroll area counts by the part of it in view (the area itself must be inside
    the window); under an open dialog only the dialog's buttons count.
    """
    frame = window.rect()
    layer = _overlay(window) or window
    problems = []
    shown: list[tuple[QRect, QAbstractButton]] = []
    for item in layer.findChildren(QAbstractButton):
        if not item.isVisible():
            continue
        name = f"{item.objectName() or type(item).__name__} {item.text()!r}"
        rect = _rect_in(item, window)
        if item.height() < item.minimumHeight() or item.width() < item.minimumWidth():
            problems.append(f"{name} squeezed to {item.size().toTuple()}")
        viewport = _scroll_viewport(item)
        if viewport is not None:
            port = _rect_in(viewport, window)
            if not port.intersects(rect):
                continue  # scrolled out of view
            if not frame.contains(port):
                problems.append(f"the scroll area of {name} at {port.getRect()}")
            if rect.left() < port.left() or rect.right() > port.right():  # these areas scroll only up and down
                problems.append(f"{name} cut off at the side of its scroll area: {rect.getRect()} in {port.getRect()}")
            rect = rect.intersected(port)
        elif not frame.contains(rect):
            problems.append(f"{name} at {rect.getRect()}")
        for other_rect, other in shown:
            common_part = rect.intersected(other_rect)
            if common_part.width() > 2 and common_part.height() > 2:
                problems.append(f"{name} covers {other.objectName()} {other.text()!r}")
        shown.append((rect, item))
    return problems


class Walk:
    """Take one step after another and check the window after each."""

    def __init__(self, window: Any, size: tuple[int, int]) -> None:
        self.window, self.size = window, size
        self.steps = 0

    def check(self, step: str) -> None:
        for _ in range(3):
            QApplication.processEvents()
        self.steps += 1
        assert self.window.size().toTuple() == self.size, f"{step}: the window became {self.window.size()}"
        problems = misplaced(self.window)
        assert problems == [], f"{step}: " + "; ".join(problems)


@pytest.fixture(params=SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def kiosk(request: Any, qtbot: Any, qapp: Any, shop_db: engine.Database, data_dir: Path) -> Iterator[Any]:
    window = make_window(qtbot, make_services(shop_db, data_dir), size=request.param)
    i18n.install_language(qapp, "cs")  # Czech words are longer than English ones
    QApplication.processEvents()
    yield window, Walk(window, request.param), shop_db
    window.shutdown()


def open_overlays(walk: Walk, page: QWidget, name: str) -> None:
    """Tap every field that opens the keyboard or the number pad, look, close it again."""
    for field in [*page.findChildren(common.TextField), *[s.number for s in page.findChildren(common.Stepper)]]:
        if not field.isVisible():
            continue
        field.click()
        walk.check(f"{name}: the pad of {field.text()!r}")
        for overlay in walk.window.findChildren(common.Overlay):
            if overlay.isVisible():
                overlay.finish()
        walk.check(f"{name}: after the pad of {field.text()!r}")


def ask_and_go_back(walk: Walk, page: QWidget, name: str) -> None:
    """Tap every enabled red (destructive) button: each asks first; look at the question, say No."""
    for item in page.findChildren(QAbstractButton):
        if item.objectName() != "Danger" or not (item.isVisible() and item.isEnabled()):
            continue
        item.click()
        walk.check(f"{name}: the question of {item.text()!r}")
        for overlay in walk.window.findChildren(common.Confirm):
            if overlay.isVisible():
                overlay.no.click()
        walk.check(f"{name}: after the question of {item.text()!r}")


def test_customer_screens_keep_the_window(qtbot: Any, kiosk: Any) -> None:
    window, walk, database = kiosk
    with database.sessions.begin() as session:
        batch = ops.create_batch(session, count=3, now=window.services.now(), station="test")
    code = batch.codes[0]
    walk.check("idle")
    window.show_entry()
    walk.check("number entry")
    window.entry.field.setText("K7Q2-9XJ4-MN4")
    window.entry.submit()
    walk.check("number entry with a typo message")
    window.show_card(code)
    walk.check("card, welcome")
    window.card.stamp_button.click()
    walk.check("card, +1")
    window.card.more_button.click()
    walk.check("card, +N picker")
    window.card.picker.buttons[max(window.card.picker.buttons)].click()
    walk.check("card, cooldown question")
    window.card.question.yes_button.click()
    walk.check("card, +N")
    with database.sessions.begin() as session:
        ops.stamp(session, code, count=5, force=True, now=window.services.now())
    window.show_card(code)
    walk.check("card, full")
    window.card.redeem_button.click()
    walk.check("card, redeemed")
    window.card.undo_button.click()
    walk.check("card, undone")
    window.card.undo_button.click()
    walk.check("card, nothing to undo")
    window.card.print_button.click()
    walk.check("card, receipt")
    window.show_card("SC1:NOTOURS")
    walk.check("message, refused")
    window.show_complaint()
    walk.check("complaint form")
    window.complaint.send_button.click()
    walk.check("complaint form, choose a topic")
    window.complaint.topic_buttons["service"].click()
    window.complaint.send_button.click()
    walk.check("complaint, thank you")
    window.show_idle()
    window.open_owner()
    walk.check("owner PIN")
    window.pin.pad.press("1111")
    window.pin.pad.submit()
    walk.check("owner PIN, wrong")
    assert walk.steps >= 19


def test_owner_pages_and_dialogs_keep_the_window(qtbot: Any, kiosk: Any) -> None:
    window, walk, database = kiosk
    window.open_owner()
    window.pin.pad.press(PIN)
    window.pin.pad.submit()
    owner = window.owner
    assert owner is not None and window.current_screen() == "OwnerScreen"
    walk.check("owner screen")
    if owner.rail_more.isVisible():  # not every tab fits: the sign says so, and a tap shows the rest
        assert owner.rail_more.text().startswith("▼")
        qtbot.mouseClick(owner.rail_more, Qt.MouseButton.LeftButton)
        QApplication.processEvents()
        last = owner.tab_buttons[list(owner.tab_buttons)[-1]]
        assert owner.rail_scroll.viewport().rect().contains(
            QRect(last.mapTo(owner.rail_scroll.viewport(), QPoint(0, 0)), last.size()))
        assert owner.rail_more.text().startswith("▲")
        owner.on_rail_more_tapped()
    for key in list(owner.tab_buttons):
        owner.show_tab(key)
        page = owner.pages[key]
        walk.check(f"owner page {key}")
        if key != "print":
            open_overlays(walk, page, key)
            ask_and_go_back(walk, page, key)
    page = owner.pages["print"]
    owner.show_tab("print")
    page.runner = tasks.TaskRunner(threaded=False)
    page.count.set_value(12)
    page.prestamps.set_value(3)
    walk.check("print, a preview of the first card")
    page.make.click()
    qtbot.waitUntil(lambda: page.result is not None, timeout=20_000)
    walk.check("print, the batch made and previewed")
    open_overlays(walk, page, "print")
    cards = owner.pages["cards"]
    owner.show_tab("cards")
    for section in ("void", "block", "transfer", "customer"):
        cards.section.buttons[section].click()
        walk.check(f"cards, {section}")
    cards.section.buttons["void"].click()
    cards.refresh()
    cards.pick_batch(cards.batches[0])
    cards.void_button.click()
    walk.check("cards, confirm void")
    for overlay in window.findChildren(common.Confirm):
        if overlay.isVisible():
            overlay.no.click()
    walk.check("cards, after the question")
    owner.leave.click()
    walk.check("back to idle")


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_first_run_wizard_keeps_the_window(qtbot: Any, qapp: Any, database: engine.Database, data_dir: Path,
                                           size: tuple[int, int]) -> None:
    window = make_window(qtbot, make_services(database, data_dir), size=size)
    walk = Walk(window, size)
    try:
        wizard = window.wizard
        walk.check("wizard, the shop")
        wizard.next_button.click()
        walk.check("wizard, the shop needs a name")
        wizard.name_edit.setText("Kavárna U Kocoura")
        for step in range(4):
            wizard.next_button.click()
            walk.check(f"wizard, step {step + 2}")
            if wizard.step == wizard.PIN_STEP:
                break
        wizard.pin_pad.press("12")
        wizard.pin_pad.submit()
        walk.check("wizard, a PIN too short")
    finally:
        window.shutdown()
