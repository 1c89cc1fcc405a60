"""UI languages: Qt translators installed live; every string translated into Czech and Russian."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
import xml.etree.ElementTree as ET

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from db import engine, ops
from kiosk.app import i18n
from kiosk.app.owner import OwnerScreen
from kiosk.app.services import Services

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def english_afterwards(qapp: Any) -> Iterator[None]:
    yield
    i18n.install_language(qapp, "en")
    QApplication.processEvents()


@pytest.fixture
def screen(qtbot: QtBot, shop_db: engine.Database, tmp_path: Path) -> OwnerScreen:
    services = Services(shop_db, station="test-station", data_dir=tmp_path / "data")
    widget = OwnerScreen(services)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    return widget


def test_three_languages_are_available() -> None:
    assert [code for code, _name in i18n.available_languages()] == ["en", "cs", "ru"]
    assert dict(i18n.available_languages())["cs"] == "Čeština"


def _translation_type(message: ET.Element) -> str:
    translation = message.find("translation")
    assert translation is not None, message.findtext("source")
    return translation.get("type", "")


@pytest.mark.parametrize("code", ["cs", "ru"])
def test_every_string_is_translated(code: str) -> None:
    tree = ET.parse(i18n.I18N_DIR / f"stampcard_{code}.ts")
    messages = list(tree.getroot().iter("message"))
    assert len(messages) > 100
    unfinished = [m.findtext("source") for m in messages
                  if _translation_type(m) in ("unfinished", "vanished", "obsolete")]
    assert unfinished == []
    assert (i18n.I18N_DIR / f"stampcard_{code}.qm").stat().st_size > 10_000


def test_switch_changes_visible_texts_live(qtbot: QtBot, qapp: Any, screen: Any) -> None:
    program = screen.pages["program"]
    assert screen.tab_buttons["print"].text() == "Print cards"
    assert i18n.install_language(qapp, "cs")
    qtbot.waitUntil(lambda: screen.tab_buttons["print"].text() == "Tisk karet")
    assert program.save.text() == "Uložit"
    assert screen.pages["reports"].chart_choice.buttons["visits"].text() == "Návštěvy"
    assert i18n.install_language(qapp, "ru")
    qtbot.waitUntil(lambda: screen.tab_buttons["print"].text() == "Печать карт")
    assert program.title.text() == "Настройки программы"
    assert i18n.install_language(qapp, "en")
    qtbot.waitUntil(lambda: screen.tab_buttons["print"].text() == "Print cards")
    assert i18n.current_language() == "en"


def test_unknown_language_falls_back_to_english(qapp: Any) -> None:
    assert not i18n.install_language(qapp, "xx")
    assert i18n.current_language() == "en"


def test_language_page_switches_saves_and_tells_everyone(qtbot: QtBot, screen: Any) -> None:
    services = screen.services
    screen.tab_buttons["language"].click()
    page = screen.pages["language"]
    with qtbot.waitSignal(services.signals.language_changed) as signal:
        page.buttons["ru"].click()
    assert signal.args == ["ru"]
    qtbot.waitUntil(lambda: screen.leave.text() == "Закрыть")
    with services.session() as session:
        assert ops.get_shop(session).language == "ru"
    assert page.buttons["ru"].isChecked() and not page.buttons["en"].isChecked()
    page.buttons["cs"].click()
    qtbot.waitUntil(lambda: screen.leave.text() == "Zavřít")
