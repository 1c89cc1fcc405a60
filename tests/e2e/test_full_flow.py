"""The whole product end to end: print a batch, scan a photographed card, stamp,
redeem, print a receipt, all through the `stampcard` command on one SQLite file."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import cv2
import numpy as np
import pytest

from cards import decode
from tests.e2e.test_cli import Cli, run  # noqa: F401  (fixture)
from tests.printing.helpers import escpos_text

pytestmark = pytest.mark.skipif(shutil.which("pdftoppm") is None or shutil.which("pdftotext") is None,
                                reason="poppler-utils (pdftoppm, pdftotext) is not installed")


def render(pdf: Path, out_stem: Path, dpi: int = 150) -> list[Path]:
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(out_stem)], check=True, timeout=60)
    return sorted(out_stem.parent.glob(out_stem.name + "*.png"))


def camera_frame(card_png: Path, out: Path) -> Path:
    """Photograph a printed card: tilt it, put it on a counter, blur and compress like a webcam."""
    card = cv2.imread(str(card_png))
    assert card is not None, card_png
    h, w = card.shape[:2]
    frame = np.full((720, 1280, 3), (70, 90, 110), np.uint8)
    source = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32)
    target = np.array([[420, 170], [930, 230], [890, 560], [380, 500]], np.float32)
    warped = cv2.warpPerspective(card, cv2.getPerspectiveTransform(source, target), (1280, 720),
                                 dst=frame, borderMode=cv2.BORDER_TRANSPARENT)
    warped = cv2.GaussianBlur(warped, (0, 0), 1.2)
    cv2.imwrite(str(out), (warped * 0.8).astype(np.uint8), [cv2.IMWRITE_JPEG_QUALITY, 80])
    return out


def text_of(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def test_print_scan_stamp_redeem_receipt(run: Cli, tmp_path: Path) -> None:  # noqa: F811
    sheet = tmp_path / "sheet.pdf"
    batch = run.ok("batch", "create", "--count", "10", "--prestamps", "2", "--out", str(sheet))
    assert batch["pdf"] == str(sheet) and sheet.stat().st_size > 0
    (page,) = render(sheet, tmp_path / "sheet")
    image = cv2.imread(str(page), cv2.IMREAD_GRAYSCALE)
    assert image is not None, page
    found = decode.read_payloads(image)
    assert sorted(found) == sorted(batch["codes"])

    single = tmp_path / "cards.pdf"
    mine = run.ok("batch", "create", "--count", "2", "--paper", "card", "--out", str(single))
    first_page = render(single, tmp_path / "card")[0]
    frame = camera_frame(first_page, tmp_path / "frame.jpg")
    (scanned,) = run.ok("scan", str(frame))["results"]
    assert scanned["code"] in mine["codes"]
    code = scanned["code"]

    shown = run.ok("card", "show", code)
    assert shown["activated"] and shown["stamps"] == 2
    for _ in range(8):
        run.ok("stamp", code, "--force")
    assert run.ok("card", "show", code)["reward_ready"]
    assert run.ok("redeem", code)["stamps"] == 0

    receipt, escpos = tmp_path / "receipt.pdf", tmp_path / "receipt.bin"
    printed = run.ok("receipt", code, "--out", str(receipt), "--escpos", str(escpos))
    text = text_of(receipt)
    for needle in ("Kavárna U Kocoura", "Káva zdarma", "+420 777 123 456", "stiznosti@kocour.cz",
                   printed["reference"], shown["number"][-3:]):
        assert needle in text, needle
    assert shown["number"][:4] not in text  # masked but for the last group
    on_paper = escpos_text(escpos.read_bytes())  # decoded in the code pages the bytes select
    for needle in ("Kavárna U Kocoura", "Káva zdarma", printed["reference"], "kocour.cz/ozvete-se"):
        assert needle in on_paper, needle
    report = run.ok("report")
    assert report["visits"] == 8 and report["rewards_redeemed"] == 1
