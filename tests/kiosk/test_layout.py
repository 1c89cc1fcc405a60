"""The window is the screen, and every text fits it, at 800x480, 1280x800 and 1920x1080, in Czech and Russian,
with the longest texts the settings allow (an 80-character shop name and reward).

After every step of a walk through the customer screens, the owner pages and their dialogs and the first-run
wizard, the window is checked:

* no screen, page, preview or dialog changes the window's size, and every visible widget lies inside it (inside
  its scroll area's view, when it scrolls);
* no label's, button's or field hint's text is wider or taller than its box (font metrics against geometry),
  unless it is cut on purpose and its tooltip holds the whole text; a chart's labels are not cut;
* every button is a touch target of at least 9 mm. Pixels are turned into millimetres with the physical size of
  the panel a kiosk of that size stands on (``PANEL_INCHES``: the smallest panel counters use at that
  resolution). The screen's own report cannot be used: the offscreen platform, like most X servers, says
  96 dpi whatever the panel, and 96 dpi would call a 7" panel's pixels 40 % larger than they are.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCharts import QBarCategoryAxis, QChartView
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (QAbstractButton, QAbstractScrollArea, QApplication, QLabel, QLineEdit, QPushButton,
                               QWidget)

from cards import rules
from cards import settings as rule_set
from db import engine, hub_notes, ops
from db.models import ChainConflict, ChainState
from kiosk.app import i18n, tasks, theme, widgets
from kiosk.app.owner import common
from tests.conftest import PIN
from tests.kiosk.conftest import make_services, make_window

pytestmark = pytest.mark.gui

SIZES = [(800, 480), (1024, 600), (1280, 800), (1920, 1080)]
LANGUAGES = ["cs", "ru"]
# The longest shop name and reward the settings allow (80 characters each), with accents and long words.
LONGEST = {
    "cs": ("Kavárna a cukrárna U Zlatého Kocoura – Žluťoučký kůň, Příběhy z Dlouhé ulice 105",
           "Velké cappuccino zdarma a k němu čerstvý máslový croissant nebo zákusek k výběru"),
    "ru": ("Кофейня и кондитерская «Золотой кот» – свежая выпечка каждое утро, ул. Длинная 1",
           "Большой капучино бесплатно и к нему свежий круассан или пирожное на ваш выбор!!!"),
}
# Diagonal of the panel at each size: 7" touch panels at 800x480, 10.1" tablets at 1280x800, a 21.5" monitor.
PANEL_INCHES = {(800, 480): 7.0, (1024, 600): 7.0, (1280, 800): 10.1, (1920, 1080): 21.5}
TOUCH_MM = 9.0


def px_per_mm(size: tuple[int, int]) -> float:
    return math.hypot(*size) / (PANEL_INCHES[size] * 25.4)


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
             if w.isVisible() and isinstance(w, widgets.Overlay)]
    return found[-1] if found else None


def _name(item: QWidget) -> str:
    text = item.text() if isinstance(item, (QAbstractButton, QLabel, QLineEdit)) else ""
    return f"{item.objectName() or type(item).__name__} {text[:50]!r}"


def misplaced(window: QWidget) -> list[str]:
    """Visible widgets that stick out of the window; buttons squeezed below their size or covering each other.

    A widget in a scroll area counts by the part of it in view (the area itself must be inside the window);
    under an open dialog only the dialog counts.
    """
    frame = window.rect()
    layer = _overlay(window) or window
    problems = []
    shown: list[tuple[QRect, QAbstractButton]] = []
    for item in layer.findChildren(QWidget):
        if not item.isVisible() or not isinstance(item, (QAbstractButton, QLabel, QLineEdit, QAbstractScrollArea)):
            continue
        name = _name(item)
        rect = _rect_in(item, window)
        if isinstance(item, QAbstractButton) and (item.height() < item.minimumHeight()
                                                  or item.width() < item.minimumWidth()):
            problems.append(f"{name} squeezed to {item.size().toTuple()}")
        viewport = _scroll_viewport(item)
        if viewport is not None:
            port = _rect_in(viewport, window)
            if not port.intersects(rect):
                continue  # scrolled out of view
            if not frame.contains(port):
                problems.append(f"the scroll area of {name} at {port.getRect()}")
            if rect.left() < port.left() - 1 or rect.right() > port.right() + 1:  # they scroll only up and down
                problems.append(f"{name} cut off at the side of its scroll area: {rect.getRect()} in {port.getRect()}")
            rect = rect.intersected(port)
        elif not frame.contains(rect):
            problems.append(f"{name} at {rect.getRect()}")
        if isinstance(item, QAbstractButton):
            for other_rect, other in shown:
                common_part = rect.intersected(other_rect)
                if common_part.width() > 2 and common_part.height() > 2:
                    problems.append(f"{name} covers {_name(other)}")
            shown.append((rect, item))
    return problems


def unfit_texts(window: QWidget) -> list[str]:
    """Labels, buttons and field hints whose text is wider or taller than their box (cut on purpose: with a tooltip)."""
    problems = []
    for item in (_overlay(window) or window).findChildren(QWidget):
        if not item.isVisible() or item.toolTip():
            continue
        if isinstance(item, QLabel):
            text = item.text()
            if not text or item.textFormat() == Qt.TextFormat.RichText or (
                    item.textFormat() == Qt.TextFormat.AutoText and "<" in text and ">" in text):
                continue
            margin = item.margin()
            rect = item.contentsRect().adjusted(margin, margin, -margin, -margin)
            flags = int(item.alignment().value) | (int(Qt.TextFlag.TextWordWrap.value) if item.wordWrap() else 0)
            font = item.drawn_font() if isinstance(item, theme.FitLabel) else item.font()  # it shrinks to fit
            need = QFontMetrics(font).boundingRect(rect, flags, text)
            if need.width() > rect.width() + 1 or need.height() > rect.height() + 1:
                problems.append(f"label {_name(item)} needs {need.width()}x{need.height()}, has {rect.width()}x{rect.height()}")
        elif isinstance(item, QPushButton):
            text = item.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
            if not text:
                continue
            metrics = QFontMetrics(item.font())
            wide = max(metrics.horizontalAdvance(line) for line in text.split("\n"))
            high = metrics.height() * (text.count("\n") + 1)
            room = theme.text_room(item)
            if wide > room + 1 or high > item.height():
                problems.append(f"button {_name(item)} needs {wide}x{high}, has {room}x{item.height()}")
        elif isinstance(item, QLineEdit) and not item.text() and item.placeholderText():
            wide = QFontMetrics(item.font()).horizontalAdvance(item.placeholderText()) + 8
            if wide > item.contentsRect().width():
                problems.append(f"hint of {_name(item)} {item.placeholderText()!r} needs {wide}, has {item.contentsRect().width()}")
    return problems


def cut_chart_labels(window: QWidget) -> list[str]:
    """Chart category labels (days, weeks) too wide for their bar: Qt would show "07…"."""
    problems = []
    for view in window.findChildren(QChartView):
        if not view.isVisible():
            continue
        chart = view.chart()
        for axis in chart.axes():
            if isinstance(axis, QBarCategoryAxis) and axis.count():
                per_bar = chart.plotArea().width() / axis.count()
                widest = max(QFontMetrics(axis.labelsFont()).horizontalAdvance(c) for c in axis.categories())
                if widest > per_bar - 4:
                    problems.append(f"chart labels {axis.categories()[:2]}… need {widest} px, a bar has {per_bar:.0f}")
    return problems


def small_targets(window: QWidget, size: tuple[int, int]) -> list[str]:
    """Buttons smaller than ``TOUCH_MM`` either way on the panel of this size."""
    scale = px_per_mm(size)
    problems = []
    for item in (_overlay(window) or window).findChildren(QAbstractButton):
        if item.isVisible() and min(item.width(), item.height()) < TOUCH_MM * scale:
            problems.append(f"{_name(item)}: {item.width() / scale:.1f} x {item.height() / scale:.1f} mm")
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
        problems = (misplaced(self.window) + unfit_texts(self.window) + cut_chart_labels(self.window)
                    + small_targets(self.window, self.size))
        assert problems == [], f"{step}: " + "; ".join(problems)


def longest_shop(database: engine.Database, language: str) -> engine.Database:
    shop, reward = LONGEST[language]
    assert len(shop) == rule_set.SHOP_LENGTH and len(reward) == rule_set.REWARD_LENGTH
    with database.sessions.begin() as session:
        ops.init_shop(session, name=shop, program=rules.Program(10, 2, reward), owner_pin=PIN,
                      address="Dlouhá 1, Praha", phone="+420 777 123 456", email="stiznosti@kocour.cz",
                      url="https://kocour.cz/feedback")
    return database


@pytest.fixture(params=[(size, lang) for size in SIZES for lang in LANGUAGES],
                ids=[f"{w}x{h}-{lang}" for w, h in SIZES for lang in LANGUAGES])
def kiosk(request: Any, qtbot: Any, qapp: Any, database: engine.Database, data_dir: Path) -> Iterator[Any]:
    size, language = request.param
    window = make_window(qtbot, make_services(longest_shop(database, language), data_dir), size=size)
    i18n.install_language(qapp, language)
    QApplication.processEvents()
    yield window, Walk(window, size), database
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
    window.card.friend_button.click()  # bring a friend: the new card's number on a keypad over the card
    window.card.friend.show_error("This card had stamps or a friend brought it already.")
    walk.check("card, bring a friend")
    window.card.friend.cancel_button.click()
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


def in_view(owner: Any, tab: QWidget) -> bool:
    port = owner.rail_scroll.viewport()
    return bool(port.rect().contains(QRect(tab.mapTo(port, QPoint(0, 0)), tab.size())))


def reach_every_tab_by_taps(qtbot: Any, owner: Any, walk: Walk) -> None:
    """Every tab is reached by taps alone: ▼ until it is in full view, then the tab; then ▲ back to the first."""
    taps = 0
    for key, tab in owner.tab_buttons.items():
        while not in_view(owner, tab):
            assert owner.rail_down.isVisible() and owner.rail_down.isEnabled(), f"no way down to the tab {key}"
            before = owner.rail_scroll.verticalScrollBar().value()
            qtbot.mouseClick(owner.rail_down, Qt.MouseButton.LeftButton)
            assert owner.rail_scroll.verticalScrollBar().value() > before
            taps += 1
            assert taps < 20
        qtbot.mouseClick(tab, Qt.MouseButton.LeftButton)
        assert owner.current == key
        walk.check(f"owner tab {key}, tapped")
    first = next(iter(owner.tab_buttons.values()))
    while not in_view(owner, first):
        assert owner.rail_up.isVisible() and owner.rail_up.isEnabled()
        qtbot.mouseClick(owner.rail_up, Qt.MouseButton.LeftButton)
        taps += 1
        assert taps < 40
    if not owner.rail_pager.isVisible():  # everything fits: no page keys, every tab in view
        assert all(in_view(owner, tab) for tab in owner.tab_buttons.values())


def test_owner_pages_and_dialogs_keep_the_window(qtbot: Any, kiosk: Any) -> None:
    window, walk, database = kiosk
    window.open_owner()
    window.pin.pad.press(PIN)
    window.pin.pad.submit()
    owner = window.owner
    assert owner is not None and window.current_screen() == "OwnerScreen"
    walk.check("owner screen")
    reach_every_tab_by_taps(qtbot, owner, walk)
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


def test_chain_page_keeps_the_window(qtbot: Any, kiosk: Any) -> None:
    """A chain station's page: offline with its reason, a healing note, a refused event, two conflicts picked."""
    window, walk, database = kiosk
    with database.sessions.begin() as session:
        numbers = ops.create_batch(session, count=2, now=dt.datetime.now(dt.timezone.utc)).numbers
        session.add(ChainState(id=1, hub_url="postgresql+psycopg://sc_chain_station@127.0.0.1:1/chain",
                               station="Pobočka Vinohrady", online=False, event_cursor=0, record_cursor=0,
                               last_error=hub_notes.trouble_text(hub_notes.HubTrouble.OLDER_HUB, "127.0.0.1:1",
                                                                 'relation "hub_holdings" does not exist')))
        session.add_all([ChainConflict(key=f"negative:{numbers[0]}", kind="negative", card=numbers[0], amount=2),
                         ChainConflict(key=f"blocked:{numbers[1]}", kind="blocked", card=numbers[1])])
    window.open_owner()
    window.pin.pad.press(PIN)
    window.pin.pad.submit()
    owner = window.owner
    assert owner is not None and "chain" in owner.tab_buttons
    owner.show_tab("chain")
    page = owner.pages["chain"]
    page.refresh()
    walk.check("chain page")
    page.pick(page.conflicts[0].key)
    assert page.write_off.isEnabled() and page.keep.isEnabled()
    walk.check("chain page, a conflict picked")


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_first_run_wizard_keeps_the_window(qtbot: Any, qapp: Any, database: engine.Database, data_dir: Path,
                                           size: tuple[int, int]) -> None:
    window = make_window(qtbot, make_services(database, data_dir), size=size)
    walk = Walk(window, size)
    try:
        wizard = window.wizard
        assert isinstance(wizard.stamps, widgets.Stepper)  # the one stepper, as on the owner's pages
        walk.check("wizard, the shop")
        wizard.next_button.click()
        walk.check("wizard, the shop needs a name")
        wizard.name_edit.setText(LONGEST["cs"][0])
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


def test_one_kit(qtbot: Any, kiosk: Any) -> None:
    """One overlay, one confirmation, one stepper, one set of metrics, one way to follow the language."""
    window, walk, database = kiosk
    card_screen = window.card
    assert isinstance(card_screen.question, widgets.Question) and isinstance(card_screen.picker, widgets.Overlay)
    window.open_owner()
    window.pin.pad.press(PIN)
    window.pin.pad.submit()
    owner = window.owner
    program = owner.pages["program"]
    assert all(isinstance(s, widgets.Stepper) for s in program.findChildren(common.Stepper))
    program.shop_name.click()
    [pad] = [w for w in window.findChildren(widgets.Overlay) if w.isVisible()]
    assert isinstance(pad, common.Keyboard)
    pad.finish()
    question = common.confirm(program, "?", "Yes", lambda: None)
    assert isinstance(question, widgets.Question) and isinstance(question, widgets.Overlay)
    question.no.click()
    QApplication.processEvents()
    assert not [w for w in window.findChildren(widgets.Overlay) if w.isVisible()]
    for screen in (window.idle, window.entry, window.message, window.card, window.complaint, *owner.pages.values()):
        assert isinstance(screen, theme.Retranslating), type(screen).__name__
    metrics = theme.Metrics(walk.size[1], walk.size[0])
    assert owner.metrics is not None and owner.metrics.touch_min == metrics.touch_min
    assert metrics.touch_min >= TOUCH_MM * px_per_mm(walk.size)
