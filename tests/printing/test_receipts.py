"""Receipts: PDF text in three languages, page height fits, the complaint QR decodes; ESC/POS bytes."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from reportlab.lib.units import mm

from cards import codes
from printing import escpos_receipt, receipt, texts
from printing.errors import LayoutError
from printing.model import Action
from tests.printing import helpers


def _media_box(pdf: bytes) -> tuple[float, float]:
    match = re.search(rb"/MediaBox \[ 0 0 ([\d.]+) ([\d.]+) \]", pdf)
    assert match
    return float(match[1]), float(match[2])


@pytest.mark.parametrize("lang", ["en", "cs", "ru"])
@pytest.mark.parametrize("width", [80, 58])
def test_receipt_pdf_carries_the_complaint_contacts(tmp_path: Path, lang: str, width: int) -> None:
    data = helpers.receipt_data(lang, Action.REDEEM)
    pdf = receipt.render_receipt_pdf(data, width=width)
    text = helpers.pdf_text(pdf, tmp_path)
    shop, reward = helpers.SHOPS[lang]
    for wanted in (shop.name, reward, shop.phone, shop.email, shop.url, data.reference,
                   codes.mask_number(data.number), receipt.headline(data), texts.tier_name(lang, "Silver")):
        assert wanted in text, wanted
    assert codes.format_number(data.number)[:9] not in text  # masked but the last group
    page_w, page_h = _media_box(pdf)
    assert page_w == pytest.approx(width * mm, abs=0.01)
    assert 90 * mm < page_h < 200 * mm


def test_receipt_pdf_qr_is_the_complaint_address(tmp_path: Path) -> None:
    data = helpers.receipt_data("en")
    pages = helpers.pdf_to_pngs(receipt.render_receipt_pdf(data, width=58), tmp_path, dpi=200)
    assert helpers.decode(pages[0]) == [data.shop.url]


@pytest.mark.parametrize(("action", "expected"), [
    (Action.STAMP, "Stamp +2"), (Action.REDEEM, "Reward redeemed"),
    (Action.TRANSFER, "Card transferred"), (Action.COMPLAINT, "Complaint registered"),
])
def test_headline_says_what_happened(action: Action, expected: str) -> None:
    assert receipt.headline(helpers.receipt_data("en", action)) == expected


def test_progress_wording(tmp_path: Path) -> None:
    data = helpers.receipt_data("en")
    assert "7 of 10, 3 to go" in helpers.pdf_text(receipt.render_receipt_pdf(data), tmp_path)
    full = dataclasses.replace(data, stamps=10)  # a full card says so on paper too
    assert texts.progress("en", 10, 10) in helpers.pdf_text(receipt.render_receipt_pdf(full), tmp_path)
    assert texts.progress("en", 7, 10) == "7 of 10, 3 to go"
    assert texts.progress("cs", 7, 10) == "7 z 10, zbývá 3"
    assert texts.progress("ru", 10, 10) == "10 из 10, награда ждёт!"
    assert [texts.text("ru", "moved", n=n) for n in (1, 3, 5, 21, 12)] == [
        f"Перенесено на эту карту: {n} {word}" for n, word in
        ((1, "штамп"), (3, "штампа"), (5, "штампов"), (21, "штамп"), (12, "штампов"))]


def test_receipt_without_contacts_still_prints(tmp_path: Path) -> None:
    data = helpers.receipt_data("en")
    bare = dataclasses.replace(data, shop=dataclasses.replace(data.shop, phone="", email="", url="",
                                                              address=""))
    text = helpers.pdf_text(receipt.render_receipt_pdf(bare), tmp_path)
    for wanted in (data.shop.name, receipt.headline(data), "7 of 10, 3 to go", data.reference):
        assert wanted in text, wanted
    for gone in (data.shop.phone, data.shop.email, data.shop.url, data.shop.address):
        assert gone not in text, gone
    assert b"\x1d(k" not in escpos_receipt.render_receipt_escpos(bare)


@pytest.mark.parametrize("width", [80, 58])
def test_escpos_holds_text_and_a_native_qr_command(width: int) -> None:
    data = helpers.receipt_data("en")
    out = escpos_receipt.render_receipt_escpos(data, width=width)
    assert out.startswith(b"\x1b@")
    for wanted in (b"Corner Coffee", b"Stamp +2", b"7 of 10, 3 to go", b"Silver", b"R-4821",
                   b"+44 113 496 0000", b"hello@corner.coffee", b"****-****-"):
        assert wanted in out, wanted
    url = data.shop.url.encode()
    store = b"\x1d(k" + (len(url) + 3).to_bytes(2, "little") + b"1P0" + url
    assert store in out
    assert b"\x1d(k\x03\x001Q0" in out  # print the stored symbol
    assert out.endswith(b"\x1dV\x00")  # and cut
    for line, size in helpers.escpos_lines(out):
        assert len(line) <= escpos_receipt.columns(size, width), (line, size)


@pytest.mark.parametrize("lang", ["cs", "ru"])
def test_escpos_czech_and_russian_print_as_written(lang: str) -> None:
    data = helpers.receipt_data(lang)
    shown = helpers.escpos_text(escpos_receipt.render_receipt_escpos(data))
    shop, _ = helpers.SHOPS[lang]
    for wanted in (shop.name, receipt.headline(data), texts.progress(lang, data.stamps, data.stamps_required),
                   texts.tier_name(lang, "Silver")):
        assert wanted in shown, (wanted, shown)


def test_bad_width() -> None:
    with pytest.raises(LayoutError):
        receipt.render_receipt_pdf(helpers.receipt_data("en"), width=76)
    with pytest.raises(LayoutError):
        escpos_receipt.render_receipt_escpos(helpers.receipt_data("en"), width=76)


def test_complaint_slip_without_card(tmp_path: Path) -> None:
    data = dataclasses.replace(helpers.receipt_data("cs", Action.COMPLAINT), number="",
                               stamps=0, stamps_required=0, tier="")
    text = helpers.pdf_text(receipt.render_receipt_pdf(data), tmp_path)
    assert "Stížnost zaevidována" in text and "stiznosti@narohu.cz" in text
    assert "Karta" not in text and " z 0" not in text
    assert escpos_receipt.render_receipt_escpos(data)


def test_grouped_number_is_masked_too() -> None:
    assert receipt.masked("K7Q2-9XJ4-MN3") == receipt.masked("K7Q29XJ4MN3") == "••••-••••-MN3"


def test_default_tier_names_follow_the_shop_language() -> None:
    from printing import texts

    assert texts.tier_name("cs", "Member") == "Člen"
    assert texts.tier_name("ru", "Gold") == "Золото"
    assert texts.tier_name("en", "Silver") == "Silver"
    assert texts.tier_name("cs", "Platinum VIP") == "Platinum VIP"
