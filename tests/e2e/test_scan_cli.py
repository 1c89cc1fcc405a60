"""``stampcard scan``: one line per image, codes checked against the database when there is one.

(Lives in tests/cards with the decoder it exercises; it drives ``kiosk.cli.main``.)
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import cv2
import pytest

from cards import codes
from tests.helpers import synthetic
from db import engine, ops
from kiosk import cli

from tests.conftest import NOW


def _write(path: Path, text: str) -> Path:
    cv2.imwrite(str(path), synthetic.qr_image(text, module_px=5))
    return path


def _scan(capsys: pytest.CaptureFixture[str], db_path: Path, *args: str) -> tuple[int, list[dict[str, Any]], str]:
    code = cli.main(["--db", str(db_path), "scan", *args, "--json"])
    out, err = capsys.readouterr()
    (whole,) = out.splitlines()  # the contract: one JSON object
    return code, json.loads(whole)["results"], err


@pytest.fixture
def issued(shop_db: engine.Database) -> tuple[list[str], bytes]:
    with shop_db.sessions.begin() as session:
        batch = ops.create_batch(session, count=3, now=NOW)
        secret = ops.get_shop(session).secret
    return list(batch.codes), secret


def test_issued_card_is_read_and_checked(tmp_path: Path, db_path: Path, issued: Any,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    payloads, _ = issued
    image = _write(tmp_path / "card.png", payloads[0])
    code, lines, err = _scan(capsys, db_path, str(image))
    assert code == 0 and err == ""
    assert len(lines) == 1
    line = lines[0]
    assert line["image"] == str(image) and line["code"] == payloads[0]
    assert line["number"] == codes.format_number(payloads[0].split(":")[1])
    assert line["verified"] is True and "error" not in line


def test_refusals_one_line_each_and_exit_3(tmp_path: Path, db_path: Path, issued: Any,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    payloads, secret = issued
    unknown = codes.make_payload(codes.new_number(12345), secret)
    forged = codes.make_payload(codes.new_number(12345), b"f" * 32)
    images = [
        _write(tmp_path / "good.png", payloads[1]),
        _write(tmp_path / "url.png", "https://example.com/menu"),
        _write(tmp_path / "forged.png", forged),
        _write(tmp_path / "unknown.png", unknown),
        tmp_path / "missing.png",
    ]
    cv2.imwrite(str(tmp_path / "blank.png"), synthetic.empty_frames(1)[0].image)
    images.append(tmp_path / "blank.png")
    code, lines, err = _scan(capsys, db_path, *map(str, images))
    assert code == 3, err
    by_image = {Path(line["image"]).name: line for line in lines}
    assert len(lines) == len(images) == len(by_image)
    assert "error" not in by_image["good.png"]
    assert by_image["url.png"]["error"] == "not a stamp card"
    assert by_image["forged.png"]["kind"] == "bad_signature"
    assert by_image["unknown.png"]["kind"] == "unknown_card" and "code" not in by_image["unknown.png"]
    assert by_image["missing.png"]["kind"] == "no_file"
    assert by_image["blank.png"]["kind"] == "no_code"
    assert err.count("refused") == 5


def test_void_batch_card_is_refused(tmp_path: Path, db_path: Path, shop_db: engine.Database,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    with shop_db.sessions.begin() as session:
        batch = ops.create_batch(session, count=1, now=NOW)
        ops.void_batch(session, batch.id, now=NOW)
    code, lines, _ = _scan(capsys, db_path, str(_write(tmp_path / "v.png", batch.codes[0])))
    assert code == 3 and lines[0]["kind"] == "void"


def test_without_a_database_the_signature_is_not_checked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    payload = codes.make_payload(codes.new_number(777), b"any shop")
    image = _write(tmp_path / "c.png", payload)
    code, lines, _ = _scan(capsys, tmp_path / "none.db", str(image))
    assert code == 0
    assert lines == [{"image": str(image), "code": payload,
                      "number": codes.format_number(payload.split(":")[1]), "verified": False}]
    assert not (tmp_path / "none.db").exists()
    assert cli.main(["--db", str(tmp_path / "none.db"), "scan", str(image)]) == 0
    assert "signature not checked" in capsys.readouterr().out


@pytest.mark.parametrize("decoder", ["auto", "zxing", "pyzbar", "zbar"])
def test_decoder_choice(tmp_path: Path, decoder: str, capsys: pytest.CaptureFixture[str]) -> None:
    image = _write(tmp_path / "c.png", codes.make_payload(codes.new_number(5), b"k"))
    assert cli.main(["--db", str(tmp_path / "x.db"), "scan", str(image), "--decoder", decoder]) == 0


def test_unknown_decoder_is_bad_usage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    image = _write(tmp_path / "c.png", "hello")
    assert cli.main(["--db", str(tmp_path / "x.db"), "scan", str(image), "--decoder", "magic"]) == 2
    assert "unknown decoder" in capsys.readouterr().err
