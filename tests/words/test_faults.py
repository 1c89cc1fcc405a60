"""What goes wrong is said in the user's language too: a fault of the database (exit 4), a printer's or a
layout's failure, an image too large to read. Faults are data (a kind and typed fields); the command line's
words for them are in ``kiosk.sentences`` and the catalogues."""

from __future__ import annotations

import os
import pickle
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from cards import imagesize, languages
from db import engine, errors
from kiosk import cli, sentences
from printing import cards_pdf, receipt, send
from printing.errors import TEMPLATES, LayoutError, PrinterError, PrintingError, Trouble

from .test_catalogues import _leaks

PIN = "2468"
PLACE = "/7/9.db"  # no word in it: the leak check looks for English words


@pytest.mark.parametrize("language", languages.CODES)
@pytest.mark.parametrize("kind", list(errors.FaultKind))
@pytest.mark.parametrize("place", [PLACE, ""])
def test_every_database_fault_renders_in_every_language(language: str, kind: errors.FaultKind, place: str) -> None:
    fault = errors.Fault(kind, place, "X7", file="/5/3.db", copy="/5/1.db", version="0007", head="0010")
    line = sentences.fault(fault, language)  # the driver's words (X7) stay as they are
    assert line and "\n" not in line and "%(" not in line and "None" not in line, line
    assert place in line or "/5/" in line or kind is errors.FaultKind.TEXT, line
    for value, kinds in (("0010", {"UPGRADE_FAILED", "UPGRADE_UNDONE", "BACKUP_TOO_NEW"}),
                         ("/5/1.db", {"UPGRADE_UNDONE", "UPGRADE_NOT_PUT_BACK"})):
        assert value in line or kind.name not in kinds, line
    if language != "en" and kind is not errors.FaultKind.TEXT:
        assert _leaks(sentences.fault(fault, "en"), line) == [], line
        assert line != sentences.fault(fault, "en")


def test_a_fault_is_data_and_never_nests() -> None:
    damaged = engine.fault_of(sqlite_error("file is not a database"), "sqlite:///" + PLACE)
    assert (damaged.kind, damaged.place, damaged.detail) == (errors.FaultKind.DAMAGED, PLACE, "file is not a database")
    assert engine.fault_of(damaged, "sqlite:///elsewhere.db") is damaged
    assert engine.fault_of(sqlite_error("database is locked"), "").kind is errors.FaultKind.BUSY
    text = engine.fault_of(errors.DatabaseError("the database has several schema versions: a, b"))
    assert text.kind is errors.FaultKind.TEXT and sentences.fault(text, "cs") == str(text)
    assert sentences.fault(damaged, "en") == (
        f"the database {PLACE} is damaged (file is not a database); put a backup back with "
        "`stampcard restore BACKUP`; nothing was recorded")
    assert sentences.fault(damaged, "cs").startswith(f"databáze {PLACE} je poškozená")
    assert sentences.fault(damaged, "ru").startswith(f"база данных {PLACE} повреждена")


def sqlite_error(text: str) -> Exception:
    import sqlite3

    return sqlite3.DatabaseError(text)


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])  # closed again when the block ends: nothing listens there


def test_a_printer_that_refuses_is_said_in_czech_and_russian() -> None:
    with pytest.raises(PrinterError) as refused:
        send.send(b"\x1b@hello", f"tcp://127.0.0.1:{_closed_port()}")
    english = sentences.printing(refused.value, "en")
    assert english == str(refused.value) and "refused the connection" in english
    assert "odmítla spojení (je zapnutá?)" in sentences.printing(refused.value, "cs")
    assert "отклонил соединение (он включён?)" in sentences.printing(refused.value, "ru")


def test_layout_errors_are_said_in_the_users_language(tmp_path: Path) -> None:
    with pytest.raises(LayoutError) as width:
        receipt.render_receipt_pdf(None, width=70)  # type: ignore[arg-type]  # refused before the data is read
    assert sentences.printing(width.value, "cs") == "šířka účtenky musí být 80 nebo 58 mm, ne 70"
    assert sentences.printing(width.value, "ru") == "ширина чека должна быть 80 или 58 мм, а не 70"
    with pytest.raises(LayoutError) as paper:
        cards_pdf.render_card_sheet(None, None, [], paper="Letterish")  # type: ignore[arg-type]  # refused first
    assert "'Letterish'" in sentences.printing(paper.value, "ru") and "неизвестная бумага" in sentences.printing(
        paper.value, "ru")


@pytest.mark.parametrize("language", languages.CODES)
@pytest.mark.parametrize("kind", list(Trouble))
def test_every_printing_trouble_renders_in_every_language(language: str, kind: Trouble) -> None:
    """Every kind of printing failure (its English template is in the catalogues: test_catalogues) fills its
    fields from the error's typed fields, and is not English in Czech and Russian."""
    error = PrintingError(kind, printer="X7", queue="X7", file="X7", folder="X7", reason="X7", width=7,
                          paper="X7", size="X7", choices=("X7",))
    line = sentences.printing(error, language)
    assert "%(" not in line and "\n" not in line and "None" not in line, line
    assert ("X7" in line or "7" in line) if "%(" in TEMPLATES[kind] else True, line
    if language != "en":
        assert line != str(error) and _leaks(str(error), line) == [], line
    else:
        assert line == str(error)
    for kind_of_error in (PrinterError, LayoutError):  # a copy (a pickle) keeps the kind and the fields
        original = kind_of_error(kind, printer="X7", reason="X7", width=7, choices=("a4",))
        again = pickle.loads(pickle.dumps(original))
        assert type(again) is kind_of_error and (again.kind, again.fields, str(again)) == (
            kind, original.fields, str(original))


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "the image is 20000 x 20000 pixels, over the "),
    ("cs", "obrázek má 20000 x 20000 pixelů, víc než povolených "),
    ("ru", "изображение размером 20000 x 20000 пикселей превышает предел в "),
])
def test_an_image_too_large_is_said_in_the_users_language(language: str, expected: str) -> None:
    line = sentences.too_large(20000, 20000, language)
    assert line.startswith(expected), line
    if language == "en":
        assert line == str(imagesize.TooLarge(20000, 20000))


def _stampcard(lang: str, *argv: str) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("stampcard")
    command = [str(exe)] if exe.exists() else [shutil.which("stampcard") or "stampcard"]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANGUAGE"))}
    env.update(LANG=lang, STAMPCARD_PIN=PIN)
    return subprocess.run([*command, *argv], capture_output=True, text=True, env=env, timeout=120, check=False)


@pytest.mark.parametrize(("lang", "damaged", "stopped"), [
    ("cs_CZ.UTF-8", " je poškozená (", "databázový server postgresql+psycopg://stampcard@127.0.0.1:"),
    ("ru_RU.UTF-8", " повреждена (", "сервер базы данных postgresql+psycopg://stampcard@127.0.0.1:"),
    ("C.UTF-8", " is damaged (", "the database server postgresql+psycopg://stampcard@127.0.0.1:"),
])
def test_a_damaged_or_stopped_database_is_said_in_the_terminal_language(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str, damaged: str, stopped: str) -> None:
    db = tmp_path / "shop.db"
    assert cli.main(["init", "--shop", "Kavárna", "--owner-pin", PIN, "--db", str(db)]) == 0
    capsys.readouterr()
    data = bytearray(db.read_bytes())
    page = int.from_bytes(data[16:18], "big") or 65536
    for offset in range(page, len(data), 97):
        data[offset] ^= 0x5A
    db.write_bytes(bytes(data))
    shown = _stampcard(lang, "settings", "--db", str(db))
    assert shown.returncode == 4, shown.stderr
    line = shown.stderr.strip()
    assert line.startswith("stampcard: ") and damaged in line and line.count("\n") == 0, line
    assert "`stampcard restore" in line
    gone = _stampcard(lang, "report", "--db", f"postgresql+psycopg://stampcard@127.0.0.1:{_closed_port()}/shop")
    assert gone.returncode == 4, gone.stderr
    assert stopped in gone.stderr and gone.stderr.count("\n") == 1, gone.stderr


@pytest.mark.parametrize(("lang", "expected"), [
    ("cs_CZ.UTF-8", "má verzi schématu 9999, novější, než tento stampcard zná; aktualizujte stampcard"),
    ("ru_RU.UTF-8", "имеет версию схемы 9999, новее, чем знает этот stampcard; обновите stampcard"),
    ("C", "has schema version 9999, newer than this stampcard knows; update stampcard"),
])
def test_a_newer_schema_is_said_in_the_terminal_language(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                         lang: str, expected: str) -> None:
    import sqlite3

    db = tmp_path / "shop.db"
    assert cli.main(["init", "--shop", "Kavárna", "--owner-pin", PIN, "--db", str(db)]) == 0
    capsys.readouterr()
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()
    shown = _stampcard(lang, "settings", "--db", str(db))
    assert shown.returncode == 4 and expected in shown.stderr and shown.stderr.count("\n") == 1, shown.stderr
