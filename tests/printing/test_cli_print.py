"""``stampcard batch create`` and ``stampcard receipt`` end to end on a real SQLite file."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from sqlalchemy import func, select

from cards import codes
from db import engine, ops
from db.models import Batch, Card
from kiosk import cli
from printing import cards_pdf
from tests.conftest import PIN
from tests.printing import helpers


def run(capsys: pytest.CaptureFixture[str], db_path: Path, *argv: str) -> tuple[int, str, str]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("STAMPCARD_PIN", PIN)  # the owner PIN of tests/conftest.py's shop
        status = cli.main(["--db", str(db_path), *argv])
    out, err = capsys.readouterr()
    return status, out, err


def _secret(database: engine.Database) -> bytes:
    with database.sessions.begin() as session:
        return ops.get_shop(session).secret


def _batches(database: engine.Database) -> int:
    with database.sessions.begin() as session:
        return int(session.scalar(select(func.count(Batch.id))) or 0)


def _closed_port() -> int:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        return int(probe.getsockname()[1])


def test_batch_create_writes_a_pdf_of_exactly_its_cards(
        shop_db: engine.Database, db_path: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "sheets" / "batch.pdf"
    out.parent.mkdir()  # an --out folder is the user's to make (a missing one is refused)
    status, stdout, _ = run(capsys, db_path, "batch", "create", "--count", "30", "--prestamps", "3",
                            "--out", str(out), "--json")
    assert status == 0
    data = json.loads(stdout)
    assert {"batch", "count", "pdf", "cards", "codes"} <= data.keys()
    assert data["count"] == 30 and data["pdf"] == str(out) and len(set(data["codes"])) == 30
    secret = _secret(shop_db)
    pages = helpers.pdf_to_pngs(out.read_bytes(), tmp_path, dpi=150)
    found = [payload for page in pages for payload in helpers.decode(page)]
    assert sorted(found) == sorted(data["codes"])
    numbers = {codes.parse_code(p, secret).number for p in found}
    assert {codes.format_number(n) for n in numbers} == set(data["cards"])
    with shop_db.sessions.begin() as session:
        stamps = session.scalars(select(Card.stamps).where(Card.batch_id == data["batch"])).all()
    assert stamps == [3] * 30
    assert list(out.parent.iterdir()) == [out]  # no temporary file left


def test_batch_without_out_is_saved_in_the_data_folder(
        shop_db: engine.Database, db_path: Path, private_home: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    status, stdout, _ = run(capsys, db_path, "batch", "create", "--count", "2", "--paper", "card")
    assert status == 0
    saved = list((private_home / "batches").glob("batch-*-card.pdf"))
    assert len(saved) == 1 and str(saved[0]) in stdout


def test_failed_pdf_means_no_batch(shop_db: engine.Database, db_path: Path, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str],
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> bytes:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cards_pdf, "render_card_sheet", broken)
    before = _batches(shop_db)
    status, _, err = run(capsys, db_path, "batch", "create", "--count", "5",
                         "--out", str(tmp_path / "b.pdf"))
    assert status != 0 and "No space left" in err
    assert _batches(shop_db) == before
    assert list(tmp_path.glob("*.pdf")) == [] and list(tmp_path.glob(".*partial")) == []


def test_failed_commit_leaves_no_pdf(shop_db: engine.Database, db_path: Path, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from sqlalchemy.orm.session import SessionTransaction

    def refuse_commit(self: SessionTransaction, _to_root: bool = False) -> None:
        raise OSError(5, "disk I/O error")

    monkeypatch.setattr(SessionTransaction, "commit", refuse_commit)
    status, _, _ = run(capsys, db_path, "batch", "create", "--count", "5",
                       "--out", str(tmp_path / "b.pdf"))
    monkeypatch.undo()
    assert status != 0
    assert _batches(shop_db) == 0
    assert not list(tmp_path.glob("*.pdf")) and not list(tmp_path.glob(".*partial"))


def test_unreachable_printer_after_batch_keeps_batch_and_pdf(
        shop_db: engine.Database, db_path: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "b.pdf"
    status, _, err = run(capsys, db_path, "batch", "create", "--count", "3", "--out", str(out),
                         "--printer", f"127.0.0.1:{_closed_port()}")
    assert status == 1 and out.exists() and _batches(shop_db) == 1
    assert len(err.strip().splitlines()) == 1


def _new_card(capsys: pytest.CaptureFixture[str], db_path: Path) -> str:
    status, stdout, _ = run(capsys, db_path, "batch", "create", "--count", "1", "--json")
    assert status == 0
    return str(json.loads(stdout)["codes"][0])


def test_receipt_pdf_and_escpos(shop_db: engine.Database, db_path: Path, tmp_path: Path,
                                capsys: pytest.CaptureFixture[str]) -> None:
    code = _new_card(capsys, db_path)
    assert run(capsys, db_path, "stamp", code, "--count", "2")[0] == 0
    pdf, bin_ = tmp_path / "r.pdf", tmp_path / "r.bin"
    status, stdout, _ = run(capsys, db_path, "receipt", code, "--out", str(pdf), "--escpos",
                            str(bin_), "--width", "58", "--json")
    assert status == 0
    data = json.loads(stdout)
    assert data["action"] == "stamp" and data["stamps"] == 4 and data["pdf"] == str(pdf)
    text = helpers.pdf_text(pdf.read_bytes(), tmp_path)
    for wanted in ("Kavárna U Kocoura", "Stamp +2", "4 of 10, 6 to go", "+420 777 123 456",
                   "stiznosti@kocour.cz", "https://kocour.cz/feedback", data["reference"],
                   data["masked"]):
        assert wanted in text, wanted
    escpos = bin_.read_bytes()
    assert b"Stamp +2" in escpos and b"1P0https://kocour.cz/feedback" in escpos


def test_unreachable_printer_keeps_the_stamp(shop_db: engine.Database, db_path: Path,
                                             private_home: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    code = _new_card(capsys, db_path)
    assert run(capsys, db_path, "stamp", code)[0] == 0
    port = _closed_port()
    status, _, err = run(capsys, db_path, "receipt", code, "--printer", f"127.0.0.1:{port}")
    assert status == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1 and f"127.0.0.1:{port}" in lines[0] and "recorded" in lines[0]
    with shop_db.sessions.begin() as session:
        assert ops.card_view(session, code).stamps == 3  # 2 head start + 1, still there
    assert len(list((private_home / "receipts").glob("receipt-*.pdf"))) == 1


def test_receipt_for_unknown_card_is_refused(shop_db: engine.Database, db_path: Path,
                                             tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    status, _, _ = run(capsys, db_path, "receipt", codes.new_number(5), "--out",
                       str(tmp_path / "r.pdf"))
    assert status == 3 and not (tmp_path / "r.pdf").exists()


def _czech_shop(capsys: pytest.CaptureFixture[str], db_path: Path) -> None:
    status, stdout, err = run(capsys, db_path, "init", "--shop", "Kavárna Na Rohu", "--owner-pin", PIN,
                              "--language", "cs", "--complaints-email", "stiznosti@narohu.cz", "--json")
    assert status == 0, err
    assert json.loads(stdout)["reward"] == "Káva zdarma"  # the default reward in the shop's language


def test_undo_receipt_of_a_czech_shop_speaks_czech_only(db_path: Path, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    _czech_shop(capsys, db_path)
    code = _new_card(capsys, db_path)
    assert run(capsys, db_path, "stamp", code, "--count", "3")[0] == 0
    assert run(capsys, db_path, "undo", code)[0] == 0
    pdf = tmp_path / "undo.pdf"
    status, stdout, _ = run(capsys, db_path, "receipt", code, "--out", str(pdf))
    assert status == 0
    first = stdout.splitlines()[0]
    assert "Storno: −3 razítka · 0 z 10, zbývá 10" in first and " of " not in first
    text = helpers.pdf_text(pdf.read_bytes(), tmp_path)
    assert "Storno: −3 razítka" in text and "Stav karty" not in text


def test_batch_sheet_is_titled_and_dated_in_the_shops_language(db_path: Path, tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    _czech_shop(capsys, db_path)
    out = tmp_path / "batch.pdf"
    status, stdout, _ = run(capsys, db_path, "batch", "create", "--count", "2", "--out", str(out), "--json")
    assert status == 0
    batch = json.loads(stdout)["batch"]
    pdf = out.read_bytes()
    words = " ".join(w.text for w in helpers.pdf_words(pdf, tmp_path))
    assert f"Dávka {batch} · strana 1" in words and "Batch" not in words
    assert b"D:2000" not in pdf  # the real creation time, not ReportLab's invariant date
