"""The storage layer's file, backup, upgrade and URL troubles are data (``db.errors.Fault`` kinds with typed
fields, ``Refused`` kinds for the user's paths, ``BadURL``) and are said in the user's language: on the command
line (gettext, the terminal's locale) and on the owner's screens (Qt, the shop's language).

The troubles are real: a folder that is not there (a USB stick not plugged in), a folder given as the file, a
text file and a stranger's SQLite file given as a backup, a damaged live database, a URL that does not parse.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from cards import languages
from cards.refusals import Kind, Refused
from db import backup, engine, errors
from kiosk import cli, sentences
from kiosk.app import i18n, refusal_text

from .test_catalogues import _leaks

PIN = "2468"


def _stampcard(lang: str, *argv: str) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("stampcard")
    command = [str(exe)] if exe.exists() else [shutil.which("stampcard") or "stampcard"]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANGUAGE"))}
    env.update(LANG=lang, STAMPCARD_PIN=PIN)
    return subprocess.run([*command, *argv], capture_output=True, text=True, env=env, timeout=120, check=False)


@pytest.fixture
def shop(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    db = tmp_path / "shop.db"
    assert cli.main(["init", "--shop", "Kavárna", "--owner-pin", PIN, "--db", str(db)]) == 0
    capsys.readouterr()
    return db


@pytest.mark.parametrize(("lang", "expected"), [
    ("cs_CZ.UTF-8", "odmítnuto: {out}: složka {folder} neexistuje (nic nebylo vytvořeno; je médium připojené?)"),
    ("ru_RU.UTF-8", "{out}: папки {folder} нет (ничего не создано; носитель подключён?)"),
    ("C.UTF-8", "refused: {out}: the folder {folder} does not exist (nothing was created; is the medium plugged in?)"),
])
def test_a_backup_to_a_stick_that_is_not_plugged_in_is_said_in_the_terminal_language(
        shop: Path, tmp_path: Path, lang: str, expected: str) -> None:
    """A real ``stampcard`` process with ``LANG`` set, as the shop owner runs it."""
    folder = tmp_path / "media" / "USB-STICK"
    out = folder / "zaloha.db"
    done = _stampcard(lang, "backup", "--out", str(out), "--db", str(shop))
    assert done.returncode == 3, done.stderr
    assert expected.format(out=out, folder=folder) in done.stderr and done.stderr.count("\n") == 1, done.stderr
    assert not (tmp_path / "media").exists()  # nothing was created


@pytest.mark.parametrize("language", ["cs", "ru"])
def test_backup_and_restore_troubles_are_said_in_the_users_language(
        shop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        language: str) -> None:
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", {"cs": "cs_CZ.UTF-8", "ru": "ru_RU.UTF-8"}[language])
    monkeypatch.setenv("STAMPCARD_PIN", PIN)
    said = {
        "folder": {"cs": "je složka; zadejte soubor, který se má zapsat", "ru": "— это папка; укажите файл для записи"},
        "text": {"cs": "je poškozený nebo to není databáze", "ru": "повреждён или не является базой данных"},
        "stranger": {"cs": "není databáze stampcard (chybí verze schématu)", "ru": "не база данных stampcard"},
        "missing": {"cs": "soubor {file} neexistuje", "ru": "файла {file} нет"},
        "url": {"cs": "adresu databáze 'postgresql+psycopg://u:***@[::1' nelze použít: není to adresa databáze",
                "ru": "адрес базы данных 'postgresql+psycopg://u:***@[::1' использовать нельзя: это не адрес"},
    }
    assert cli.main(["backup", "--out", str(tmp_path), "--db", str(shop)]) == 3
    assert said["folder"][language] in capsys.readouterr().err
    text = tmp_path / "poznamky.txt"
    text.write_text("nákup: mléko, káva\n" * 100)
    assert cli.main(["restore", str(text), "--db", str(shop)]) == 3
    assert said["text"][language] in capsys.readouterr().err
    stranger = tmp_path / "fotky.db"
    with sqlite3.connect(stranger) as connection:
        connection.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY)")
    connection.close()
    assert cli.main(["restore", str(stranger), "--db", str(shop)]) == 3
    assert said["stranger"][language] in capsys.readouterr().err
    assert cli.main(["restore", str(tmp_path / "nic.db"), "--db", str(shop)]) == 3
    assert said["missing"][language].format(file=tmp_path / "nic.db") in capsys.readouterr().err
    assert cli.main(["settings", "--db", "postgresql+psycopg://u:tajne@[::1"]) == 2
    err = capsys.readouterr().err
    assert said["url"][language] in err and "tajne" not in err, err
    assert cli.main(["init", "--shop", "X", "--owner-pin", PIN, "--db", str(stranger)]) == 3
    err = capsys.readouterr().err
    assert {"cs": "je soubor jiného programu", "ru": "файл другой программы"}[language] in err, err


def _damage(db: Path) -> None:
    data = bytearray(db.read_bytes())
    page = int.from_bytes(data[16:18], "big") or 65536
    for offset in range(page, len(data), 97):
        data[offset] ^= 0x5A
    db.write_bytes(bytes(data))


@pytest.mark.parametrize(("lang", "expected"), [
    ("cs_CZ.UTF-8", "je poškozená ("), ("ru_RU.UTF-8", "повреждена ("), ("C.UTF-8", "is damaged (")])
def test_no_backup_of_a_damaged_database_is_said_in_the_terminal_language(
        shop: Path, tmp_path: Path, lang: str, expected: str) -> None:
    _damage(shop)
    done = _stampcard(lang, "backup", "--out", str(tmp_path / "zaloha.db"), "--db", str(shop))
    assert done.returncode == 4 and expected in done.stderr and "`stampcard restore" in done.stderr, done.stderr
    assert not (tmp_path / "zaloha.db").exists()


def test_every_new_fault_and_file_refusal_is_data_not_text() -> None:
    """What used to be an English text fault carries its kind and fields; ``str()`` is for logs only."""
    with pytest.raises(errors.Fault) as missing:
        backup.check_file(Path("/nowhere/zaloha.db"))
    assert (missing.value.kind, missing.value.file) == (errors.FaultKind.NO_BACKUP_FILE, "/nowhere/zaloha.db")
    with pytest.raises(errors.BadURL) as bad:
        engine.open_database("postgresql+psycopg://u:tajne@[::1")
    assert bad.value.place == "postgresql+psycopg://u:***@[::1" and not bad.value.parsed and bad.value.detail
    with pytest.raises(errors.BadURL) as unknown:
        engine.open_database("nosuchdb://host/x")
    assert unknown.value.parsed and "nosuchdb" in unknown.value.place
    for kind in errors.FaultKind:
        if kind is not errors.FaultKind.TEXT:
            assert str(errors.Fault(kind, "/7/9.db", "X7", file="/5/3.db")).startswith("database fault: ")


FILE_KINDS = [Kind.FOLDER_GIVEN, Kind.NO_FOLDER, Kind.CANNOT_WRITE, Kind.DISK_DEVICE, Kind.FOREIGN_FILE]


@pytest.mark.parametrize("language", [c for c in languages.CODES if c != "en"])
def test_every_file_refusal_and_url_renders_on_the_command_line(language: str) -> None:
    for kind in FILE_KINDS:
        for value in ("/7", ""):  # no word in the paths: the leak check looks for English words
            refusal = Refused(kind, field="/7/9.db", value=value)
            line = sentences.sentence(refusal, language)
            assert "%(" not in line and "/7/9.db" in line, line
            assert _leaks(sentences.sentence(refusal, "en"), line) == [], line
    for parsed in (True, False):
        url = errors.BadURL("//u:***@7/9", "X7", parsed=parsed)
        line = sentences.bad_url(url, language)
        assert "X7" in line and "***" in line and _leaks(sentences.bad_url(url, "en"), line) == [], line
        assert sentences.bad_url(url, "en") == str(url)


@pytest.mark.gui
@pytest.mark.parametrize("language", ["cs", "ru"])
def test_every_database_fault_is_worded_on_screen(qapp: Any, language: str) -> None:
    english = {kind: refusal_text.describe(errors.Fault(kind, "/7/9.db", "X7", file="/5/3.db", copy="/5/1.db"))
               for kind in errors.FaultKind}
    generic = refusal_text.describe(errors.DatabaseError("x"))
    assert i18n.install_language(qapp, language)
    try:
        for kind in errors.FaultKind:
            shown = refusal_text.describe(errors.Fault(kind, "/7/9.db", "X7", file="/5/3.db", copy="/5/1.db"))
            assert shown and "X7" not in shown, (kind, shown)  # the driver's words stay in the log
            assert shown != english[kind] and _leaks(english[kind], shown) == [], (kind, shown)
        assert refusal_text.describe(errors.DatabaseError("x")) != generic
    finally:
        i18n.install_language(qapp, "en")


@pytest.mark.gui
@pytest.mark.parametrize("language", ["cs", "ru"])
def test_the_backup_page_says_its_troubles_in_the_shops_language(
        qtbot: Any, qapp: Any, shop_db: engine.Database, tmp_path: Path, language: str) -> None:
    from kiosk.app import tasks
    from kiosk.app.owner import OwnerScreen, backup_page
    from kiosk.app.services import Services

    services = Services(shop_db, station="test-station", data_dir=tmp_path / "data")
    screen = OwnerScreen(services, staff="owner", runner=tasks.TaskRunner(threaded=False))
    qtbot.addWidget(screen)
    screen.resize(800, 480)
    screen.show()
    assert i18n.install_language(qapp, language)
    QApplication.processEvents()
    page = screen.pages["backup"]
    assert isinstance(page, backup_page.BackupPage)
    screen.tab_buttons["backup"].click()

    text = tmp_path / "poznamky.db"
    text.write_text("nákup: mléko, káva\n" * 100)
    page.restore_from(text)  # a text file named like a backup
    shown = page.banner.text()
    assert {"cs": "Záloha poznamky.db je poškozená.", "ru": "Резервная копия poznamky.db повреждена."}[language] in shown

    db_path = page.db_path
    assert db_path is not None
    shop_db.engine.dispose()
    sound = db_path.read_bytes()
    _damage(db_path)
    try:
        page.backup_now.click()  # the runner is not threaded: done when the click returns
        shown = page.banner.text()
        assert {"cs": "Databáze je poškozená, proto záloha nevznikla",
                "ru": "База данных повреждена, поэтому копия не создана"}[language] in shown, shown
        assert not list(services.backups_dir.glob("manual-*.db"))
    finally:
        db_path.write_bytes(sound)  # the page re-reads its database when the next test changes the language
        screen.close()
        screen.deleteLater()
        i18n.install_language(qapp, "en")
