"""A sentence for every bad input: numbers out of range, texts too long or with control characters,
an --out that is a folder or cannot be written, huge images; batch reprint and --numbers."""

from __future__ import annotations

import csv
import json
import sqlite3
import struct
import zlib
from pathlib import Path

import pytest

from cards import codes
from tests.faults.conftest import OWNER_PIN, Run, fingerprint, one_line
from tests.faults.test_storage import immutable


@pytest.mark.parametrize("argv, words", [
    (["batch", "void", "99999999999999999999", "--pin", OWNER_PIN], "batch must be 1 to 2147483647"),
    (["batch", "reprint", "99999999999999999999", "--out", "x.pdf", "--pin", OWNER_PIN],
     "batch must be 1 to 2147483647"),
    (["complaint", "resolve", "99999999999999999999", "--pin", OWNER_PIN], "complaint must be 1 to 2147483647"),
    (["batch", "create", "--count", "100001", "--pin", OWNER_PIN], "--count must be 1 to 100000"),
])
def test_numbers_out_of_range_are_usage_errors(shop: Path, cli_run: Run, argv: list[str], words: str) -> None:
    before = fingerprint(shop)
    code, _, err = cli_run(*argv, db=shop)
    line = one_line(err)
    assert code == 2 and words in line, (code, err)
    assert fingerprint(shop) == before


def test_init_cooldown_out_of_range(tmp_path: Path, cli_run: Run) -> None:
    code, _, err = cli_run("init", "--shop", "X", "--owner-pin", OWNER_PIN, "--cooldown", "9000000000000000000",
                           db=tmp_path / "s.db")
    assert code == 2 and "--cooldown must be 0 to" in one_line(err)
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def code(shop: Path, cli_run: Run) -> str:
    status, out, _ = cli_run("batch", "create", "--count", "2", "--pin", OWNER_PIN, "--json", db=shop)
    assert status == 0
    return str(json.loads(out)["codes"][0])


@pytest.mark.parametrize("argv, words", [
    (["stamp", "{code}", "--station", "s" * 61], "station is too long (at most 60 characters)"),
    (["stamp", "{code}", "--staff", "x" * 61], "staff is too long (at most 60 characters)"),
    (["complaint", "add", "--topic", "other", "--text", "x" * 2001], "text is too long (at most 2000"),
    (["complaint", "add", "--topic", "other", "--contact", "c" * 201], "contact is too long (at most 200"),
    (["complaint", "add", "--topic", "other", "--text", "a\x00b"], "text contains control characters"),
    (["complaint", "add", "--topic", "other", "--contact", "x\x1b[2J"], "contact contains control characters"),
    (["card", "block", "{code}", "--reason", "r" * 301, "--pin", OWNER_PIN], "reason is too long (at most 300"),
    (["complaint", "add", "--topic", "other", "--station", "ž" * 61], "station is too long"),
])
def test_texts_are_checked_before_writing(shop: Path, cli_run: Run, code: str, argv: list[str],
                                          words: str) -> None:
    before = fingerprint(shop)
    status, _, err = cli_run(*[a.replace("{code}", code) for a in argv], db=shop)
    assert status == 3 and words in one_line(err), err
    assert fingerprint(shop) == before


def test_complaint_list_prints_control_characters_escaped(shop: Path, cli_run: Run) -> None:
    status, _, err = cli_run("complaint", "add", "--topic", "other", "--text", "line one\nC-FAKE1  resolved",
                             db=shop)
    assert status == 0, err
    status, out, _ = cli_run("complaint", "list", db=shop)
    assert status == 0 and len(out.strip().splitlines()) == 1 and "line one\\nC-FAKE1" in out


def test_out_that_is_a_folder_or_unwritable_is_refused_before_anything_is_written(
        shop: Path, tmp_path: Path, cli_run: Run) -> None:
    before = fingerprint(shop)
    status, _, err = cli_run("batch", "create", "--count", "3", "--pin", OWNER_PIN, "--out", str(tmp_path), db=shop)
    assert status == 3 and "is a folder" in one_line(err)
    locked = tmp_path / "locked"
    locked.mkdir()
    with immutable(locked):
        status, _, err = cli_run("batch", "create", "--count", "3", "--pin", OWNER_PIN,
                                 "--out", str(locked / "b.pdf"), db=shop)
        assert status == 3 and "cannot be written" in one_line(err)
        status, _, err = cli_run("batch", "create", "--count", "3", "--pin", OWNER_PIN,
                                 "--numbers", str(locked / "n.csv"), db=shop)
        assert status == 3 and "cannot be written" in one_line(err)
    assert fingerprint(shop) == before and list(locked.iterdir()) == []


def test_batch_create_prints_numbers_writes_csv_and_reprints_the_same_cards(shop: Path, tmp_path: Path,
                                                                           cli_run: Run) -> None:
    out, numbers = tmp_path / "b.pdf", tmp_path / "n.csv"
    status, text, err = cli_run("batch", "create", "--count", "12", "--prestamps", "3", "--pin", OWNER_PIN,
                                "--out", str(out), "--numbers", str(numbers), db=shop)
    assert status == 0, err
    connection = sqlite3.connect(shop)
    stored = [codes.format_number(n) for (n,) in connection.execute("SELECT number FROM cards ORDER BY id")]
    connection.close()
    assert all(number in text for number in stored)  # printed without --json too
    rows = list(csv.reader(numbers.read_text(encoding="utf-8").splitlines()))
    assert rows[0] == ["number", "qr_payload", "head_start"]
    assert [r[0] for r in rows[1:]] == stored and {r[2] for r in rows[1:]} == {"3"}
    assert all(r[1].startswith("SC1:") and r[1].split(":")[1] == codes.parse_number(r[0]) for r in rows[1:])
    again = tmp_path / "again.pdf"
    status, _, err = cli_run("batch", "reprint", "1", "--out", str(again), "--pin", OWNER_PIN, db=shop)
    assert status == 0, err
    assert again.read_bytes() == out.read_bytes()  # the same cards, the same layout, the same bytes
    status, _, err = cli_run("batch", "reprint", "7", "--out", str(again), "--pin", OWNER_PIN, db=shop)
    assert status == 3 and "there is no batch 7" in one_line(err)


def _png_header_only(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = zlib.compress(b"".join(b"\0" + b"\0" * width for _ in range(64)), 9)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", rows) + chunk(b"IEND", b""))


def test_scan_refuses_a_huge_image_before_decoding_it(tmp_path: Path, cli_run: Run) -> None:
    import resource

    huge = tmp_path / "huge.png"
    huge.write_bytes(_png_header_only(30_000, 30_000))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    status, out, err = cli_run("scan", str(huge), "--json", db=tmp_path / "none.db")
    assert status == 3 and json.loads(out)["results"][0]["kind"] == "too_large" and "50-megapixel" in err
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak < 200_000  # KB: never decoded


def test_the_folder_camera_skips_a_huge_image(tmp_path: Path) -> None:
    from cards import camera

    (tmp_path / "a.png").write_bytes(_png_header_only(20_000, 20_000))
    source = camera.open_source(tmp_path, fps=None, loop=False)
    source.open()
    frame = source.read()
    source.close()
    assert frame is not None and frame.size <= 12
