"""Shared test data and tools for printing tests: shops in three languages, PDF to PNG/text."""

from __future__ import annotations

import datetime as dt
import html
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from PIL import Image
from pyzbar import pyzbar

from cards import codes, rules
from printing.model import Action, CardFace, ReceiptData, SheetShop

SECRET = b"printing-tests-secret-0123456789"

SHOPS = {
    "en": (SheetShop(name="Corner Coffee", address="12 High Street, Leeds LS1 4AP",
                     phone="+44 113 496 0000", email="hello@corner.coffee",
                     url="https://corner.coffee/complaints", language="en"),
           "10th coffee free"),
    "cs": (SheetShop(name="Kavárna Na Rohu", address="Dlouhá 12, 110 00 Praha 1",
                     phone="+420 777 123 456", email="stiznosti@narohu.cz",
                     url="https://narohu.cz/stiznost", language="cs"),
           "Káva zdarma"),
    "ru": (SheetShop(name="Кофейня Утро", address="ул. Тверская, 7, Москва",
                     phone="+7 495 123-45-67", email="otzyv@utro.ru",
                     url="https://utro.ru/zhaloba", language="ru"),
           "Бесплатный кофе"),
}


def program(reward: str, prestamps: int = 0) -> rules.Program:
    return rules.Program(stamps_required=10, prestamps=prestamps, reward=reward)


URL_BASE = "https://kavarna-u-kocoura.cz"  # a typical card page address (a URL card's QR)


def faces(count: int, prestamps: int = 0, seed: int = 1, card_url: str = "") -> list[CardFace]:
    numbers = [codes.new_number(seed * 1_000_003 + i * 7_919_777) for i in range(count)]
    return [CardFace(n, codes.card_url(card_url, codes.make_payload(n, SECRET)), prestamps) for n in numbers]


def receipt_data(lang: str, action: Action = Action.STAMP) -> ReceiptData:
    shop, reward = SHOPS[lang]
    return ReceiptData(shop=shop, when=dt.datetime(2024, 5, 1, 14, 32), station="Till 1",
                       number=codes.new_number(42), action=action, stamps=7, stamps_required=10,
                       tier="Silver", reference="R-4821", count=2, reward=reward)


def pdf_to_pngs(pdf: bytes, folder: Path, dpi: int = 150) -> list[Path]:
    source = folder / "doc.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(source), str(folder / "page")],
                   check=True)
    return sorted(folder.glob("page*.png"))


def pdf_text(pdf: bytes, folder: Path) -> str:
    source = folder / "text.pdf"
    source.write_bytes(pdf)
    done = subprocess.run(["pdftotext", "-layout", str(source), "-"], check=True,
                          capture_output=True)
    return done.stdout.decode("utf-8")


def decode(png: Path) -> list[str]:
    """Every distinct QR payload on a rendered page, read with pyzbar.

    zbar's scan of a whole page of ten codes now and then misses one (measured:
    5 of 40 thirty-card batches at 150 dpi lost one code, and each lost code
    decoded at once from a crop of its card), so the page is also scanned in
    overlapping tiles about a card in size, as a camera sees one card at a time.
    """
    with Image.open(png) as image:
        found = {f.data.decode("ascii") for f in pyzbar.decode(image) if f.type == "QRCODE"}
        width, height = image.size
        tile_w, tile_h = max(1, width // 2), max(1, height // 4)
        for top in range(0, max(1, height - tile_h // 2), tile_h // 2 or 1):
            for left in range(0, max(1, width - tile_w // 2), tile_w // 2 or 1):
                tile = image.crop((left, top, min(width, left + tile_w), min(height, top + tile_h)))
                found |= {f.data.decode("ascii") for f in pyzbar.decode(tile) if f.type == "QRCODE"}
    return sorted(found)


def escpos_lines(out: bytes) -> list[tuple[bytes, str]]:
    """The printed lines of an ESC/POS document with the character size each is in
    (``"big"``, ``"normal"`` or ``"small"``, as ``printing.escpos_receipt`` names them).

    Follows ESC ! (print mode: double width is bit 0x20, font B bit 0x01) and
    ESC M (font); skips the other commands the receipt uses and the QR's GS ( k.
    """
    lines: list[tuple[bytes, str]] = []
    mode, font = 0, 0
    line = b""
    i = 0
    while i < len(out):
        byte = out[i]
        if out.startswith(b"\x1d(k", i):  # GS ( k pL pH ...: the QR
            length = out[i + 3] + 256 * out[i + 4]
            i += 5 + length
        elif byte == 0x1B:
            command = out[i + 1:i + 2]
            if command == b"!":
                mode = out[i + 2]
            elif command == b"M":
                font = out[i + 2]
            i += 2 if command == b"@" else 3
        elif byte == 0x1D:  # GS ! n (size), GS V n (cut)
            if out[i + 1:i + 2] == b"!":
                mode = (mode & ~0x30) | (0x20 if out[i + 2] & 0xF0 else 0)
            i += 3
        elif byte == 0x0A:
            size = "big" if mode & 0x20 else "small" if (font or mode & 0x01) else "normal"
            lines.append((line, size))
            line = b""
            i += 1
        else:
            line += bytes([byte])
            i += 1
    return lines


LONGEST = {  # the longest plausible texts: 60-character names, 80-character rewards and web addresses
    "cs": SheetShop(name="Cukrárna a kavárna Na Náměstí Svobody Přeštice pobočka Plzeň",
                    address="Náměstí Svobody 1234/56, 334 01 Přeštice",
                    phone="+420 377 123 456, linka 1234",
                    email="reklamace.zakaznici@cukrarna-namesti-svobody-prestice.cz.eu",
                    url="https://www.cukrarna-namesti-svobody-prestice.cz/reklamace/formular-zakaznika-cz",
                    language="cs"),
    "ru": SheetShop(name="Кондитерская и кофейня «На площади Свободы» Казань, филиал 2",
                    address="ул. Площадь Свободы, д. 12, корп. 3, Казань",
                    phone="+7 (843) 123-45-67 доб. 1234",
                    email="zhaloby.pokupatelei@konditerskaya-ploshchad-svobody-kazan.ru",
                    url="https://konditerskaya-ploshchad-svobody-kazan.ru/obratnaya-svyaz/zhaloba?filial2",
                    language="ru"),
    "en": SheetShop(name="The Old Market Square Coffee House & Bakery of Leeds, Branch",
                    address="Unit 12, The Old Market Square, Leeds LS1 6DT",
                    phone="+44 113 496 0000 ext. 1234",
                    email="customer.complaints@old-market-square-coffee-house-leeds.uk",
                    url="https://www.old-market-square-coffee-house-leeds.co.uk/contact/complaints-form/x",
                    language="en"),
}
LONGEST_REWARDS = {
    "cs": "Desátá káva zdarma a k tomu domácí zákusek podle vlastního výběru z naší vitríny",
    "ru": "Десятый кофе бесплатно и домашний десерт на ваш выбор из нашей витрины с тортами",
    "en": "Your tenth coffee is on us, plus a homemade cake of your choice from the counter",
}


def longest_receipt(lang: str, action: Action = Action.REDEEM) -> ReceiptData:
    return ReceiptData(shop=LONGEST[lang], when=dt.datetime(2024, 5, 1, 14, 32),
                       station="Pokladna u okna 2", number=codes.new_number(42), action=action,
                       stamps=7, stamps_required=10, tier="Gold", reference="R-4821", count=-3,
                       reward=LONGEST_REWARDS[lang], from_number=codes.new_number(43))


@dataclass(frozen=True)
class Word:
    """A word of a rendered PDF, in PDF points with y growing upwards (as the layout code uses)."""

    page: int
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')


def pdf_words(pdf: bytes, folder: Path) -> list[Word]:
    """Every word's box, read back from the PDF with ``pdftotext -bbox`` (poppler)."""
    source = folder / "words.pdf"
    source.write_bytes(pdf)
    done = subprocess.run(["pdftotext", "-bbox", str(source), "-"], check=True, capture_output=True)
    words: list[Word] = []
    page, height = 0, 0.0
    for line in done.stdout.decode("utf-8").splitlines():
        if match := _PAGE.search(line):
            page += 1
            height = float(match[2])
        elif match := _WORD.search(line):
            x0, top, x1, bottom = (float(v) for v in match.groups()[:4])
            words.append(Word(page, html.unescape(match[5]), x0, height - bottom, x1, height - top))
    return words


# ESC t n: the code pages of Epson's table that a receipt may switch to, as Python codecs
_CODE_PAGES = {0: "cp437", 2: "cp850", 16: "cp1252", 17: "cp866", 18: "cp852", 46: "cp1251"}


def escpos_text(out: bytes) -> str:
    """The text a printer shows for ESC/POS bytes: each run decoded in the code page selected before it."""
    first, *runs = out.split(b"\x1bt")
    text = first.decode("cp437", "replace")  # a printer starts in PC437
    for run in runs:
        assert run[0] in _CODE_PAGES, f"unknown code page {run[0]}"
        text += run[1:].decode(_CODE_PAGES[run[0]], "replace")
    return text
