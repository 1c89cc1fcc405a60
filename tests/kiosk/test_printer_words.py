"""A printer's failure is said on the touch screen in the shop's language, from its kind (``printing.errors.Trouble``).

The printers are real and really fail: a TCP port nobody listens on (the connection
is refused), a device file in a folder that is not there (a USB printer that is not
plugged in), a folder where the device file should be, and, with no printer chosen,
a receipts folder that cannot be made. The counter's notice under the stamps, the
status strip and the owner's test print say it in Czech and Russian.
"""

from __future__ import annotations

import re
import socket
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from db import engine, ops
from kiosk import config
from kiosk.app import i18n, refusal_text
from kiosk.app.status import Part
from printing.errors import PrintingError, Trouble
from tests.kiosk.conftest import card_state, make_services, make_window, scan_keys

pytestmark = pytest.mark.gui

ENGLISH = re.compile(r"\b(the|this|printer|receipt|is|not|does|answer|switched|plugged|failed|refused|"
                     r"connection|paper|folder|file|saved|could|network|there|busy|card|cards|print|queue)\b",
                     re.IGNORECASE)


def _closed_port() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"127.0.0.1:{probe.getsockname()[1]}"  # closed again when the block ends: nothing listens there


def _english_left(text: str, *names: str) -> list[str]:
    for name in names:  # the printer's own name is not a word to translate
        text = text.replace(name, " ")
    return ENGLISH.findall(text)


def _counter(qtbot: Any, shop_db: engine.Database, data_dir: Path, printer: str, language: str) -> Any:
    services = make_services(shop_db, data_dir)
    services.devices = config.StationDevices(camera=None, printer=printer, receipt_width=80, sound=False)
    window = make_window(qtbot, services, size=(800, 480))
    assert i18n.install_language(QApplication.instance(), language)
    QApplication.processEvents()
    window.status.set_state(Part.PRINTER, window.printer.state())
    return window


def _print_a_receipt(qtbot: Any, window: Any, code: str) -> str:
    scan_keys(window, code)
    qtbot.waitUntil(lambda: window.current_screen() == "card_screen" and window.card.code == code, timeout=15_000)
    qtbot.mouseClick(window.card.stamp_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.card.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.print_jobs.busy and window.card.notice.text() != "", timeout=15_000)
    qtbot.waitUntil(lambda: window.status.states[Part.PRINTER] == "error", timeout=5_000)
    return str(window.card.notice.text())


WHY = {  # what each failing printer's kind says, in part, in the shop's language
    ("refused", "cs"): "odmítla spojení. Je zapnutá?", ("refused", "ru"): "отклонил соединение. Он включён?",
    ("unplugged", "cs"): "tu není. Je připojená?", ("unplugged", "ru"): "нет. Он подключён?",
    ("folder", "cs"): "selhala.", ("folder", "ru"): "Сбой принтера",
}
NOT_PRINTED = {"cs": "Účtenka se nevytiskla", "ru": "Чек не напечатан"}
STRIP = {"cs": "Tiskárna", "ru": "Принтер"}


@pytest.mark.parametrize("language", ["cs", "ru"])
@pytest.mark.parametrize("failing", ["refused", "unplugged", "folder"])
def test_a_failed_receipt_is_said_on_the_counter_in_the_shops_language(
        qtbot: Any, shop_db: engine.Database, batch: ops.BatchInfo, data_dir: Path, tmp_path: Path,
        language: str, failing: str) -> None:
    if failing == "refused":
        printer = _closed_port()
    elif failing == "unplugged":
        printer = str(tmp_path / "no-such-folder" / "lp0")  # the folder udev would make is not there either
    else:
        printer = str(tmp_path / "lp0")
        Path(printer).mkdir()  # a folder where the device file should be: the kernel refuses to write it
    window = _counter(qtbot, shop_db, data_dir, printer, language)
    try:
        notice = _print_a_receipt(qtbot, window, batch.codes[0])
        assert NOT_PRINTED[language] in notice and WHY[failing, language] in notice, notice
        assert printer in notice  # which printer: the staff can find it
        assert _english_left(notice, printer) == [], notice
        strip = window.status.printer.text()
        assert STRIP[language] in strip and _english_left(strip) == [], strip
        assert card_state(shop_db, batch.codes[0]).stamps == 3  # the stamp stays
        assert not list(tmp_path.glob("no-such-folder"))  # nothing was made where the printer should be
    finally:
        window.shutdown()


@pytest.mark.parametrize("language", ["cs", "ru"])
def test_a_receipts_folder_that_cannot_be_made_is_said_in_the_shops_language(
        qtbot: Any, shop_db: engine.Database, batch: ops.BatchInfo, data_dir: Path, language: str) -> None:
    window = _counter(qtbot, shop_db, data_dir, "", language)  # no printer: the receipt is saved
    (data_dir / "receipts").write_text("not a folder")  # a file where the folder should be
    try:
        notice = _print_a_receipt(qtbot, window, batch.codes[0])
        expected = {"cs": "se nepodařilo uložit do složky", "ru": "не удалось сохранить в папку"}[language]
        assert NOT_PRINTED[language] in notice and expected in notice, notice
        [saved_as] = re.findall(r"receipt-[\w-]+\.pdf", notice)  # the file's name, not a word to translate
        assert _english_left(notice, str(data_dir / "receipts"), saved_as) == [], notice
    finally:
        window.shutdown()


@pytest.mark.parametrize("language", ["cs", "ru"])
def test_every_printing_trouble_has_its_own_sentence_on_screen(qapp: Any, language: str) -> None:
    def sample(kind: Trouble) -> PrintingError:
        return PrintingError(kind, printer="192.0.2.7:9100", queue="Pult", file="/srv/a.pdf", folder="/srv",
                             reason="Broken pipe", width=70, paper="A7", size="A9", choices=("a4", "letter"))

    english = {kind: refusal_text.printing(sample(kind)) for kind in Trouble}
    assert all(refusal_text.has_printer_sentence(kind) for kind in Trouble)
    assert len(set(english.values())) == len(Trouble)  # each kind is said its own way
    assert i18n.install_language(qapp, language)
    wrong = []
    for kind in Trouble:
        shown = refusal_text.printing(sample(kind))
        assert "%" not in shown and "Broken pipe" not in shown, shown  # the system's words stay in the log
        if shown == english[kind] or _english_left(shown, "192.0.2.7:9100", "Pult", "/srv/a.pdf", "/srv"):
            wrong.append(f"{kind.name}: {shown!r}")
        assert refusal_text.describe(sample(kind)) == shown  # the owner pages' banners say the same
    assert wrong == [], "\n".join(wrong)


def test_the_owner_test_print_says_why_in_the_shops_language(
        qtbot: Any, qapp: Any, shop_db: engine.Database, batch: ops.BatchInfo, data_dir: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from kiosk.app import tasks
    from kiosk.app.owner import OwnerScreen, devices_page

    monkeypatch.delenv("STAMPCARD_PRINTER", raising=False)
    window = make_window(qtbot, make_services(shop_db, data_dir), size=(800, 480))
    screen = OwnerScreen(window.services, window, staff="owner", runner=tasks.TaskRunner(threaded=False))
    window.owner = screen
    window.stack.addWidget(screen)
    window.stack.setCurrentWidget(screen)
    try:
        assert i18n.install_language(qapp, "ru")
        page = screen.pages["devices"]
        assert isinstance(page, devices_page.DevicesPage)
        page.choose_printer(printer := _closed_port())
        page.test_print_button.click()
        qtbot.waitUntil(lambda: not window.print_jobs.busy and page.test_print_button.isEnabled(), timeout=15_000)
        shown = page.banner.text()
        assert "Пробная печать не удалась" in shown and "отклонил соединение" in shown, shown
        assert _english_left(shown, printer) == [], shown
    finally:
        window.shutdown()
