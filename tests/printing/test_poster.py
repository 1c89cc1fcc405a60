"""The poster (issue 19 part 4): its QR decodes (cards/decode.py) to the card page or the complaint page, and
pdftotext finds the program, the head start and the contacts in the shop's language, at every size."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import pytest

from cards import decode, rules
from kiosk import cli
from printing import poster
from printing.errors import LayoutError
from tests.e2e.test_cli import Cli, run  # noqa: F401 - the fixture
from tests.printing import helpers

WORDS = {"en": ("Collect 10 stamps", "The first 2 are on us!", "Scan: your stamps on your phone"),
         "cs": ("Sbírejte 10 razítek", "První 2 máte od nás!", "Naskenujte: razítka ve vašem telefonu"),
         "ru": ("Соберите 10 штампов", "Первые 2 — от нас!", "Сканируйте: штампы в вашем телефоне")}


def _qr_texts(pdf: bytes, folder: Path, dpi: int = 60) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("page*.png"):
        old.unlink()
    pages = helpers.pdf_to_pngs(pdf, folder, dpi=dpi)
    assert len(pages) == 1
    image = cv2.imread(str(pages[0]), cv2.IMREAD_GRAYSCALE)
    assert image is not None, pages[0]
    return decode.read_payloads(image, effort="thorough")


@pytest.mark.parametrize("lang", ["en", "cs", "ru"])
@pytest.mark.parametrize("size", ["a3", "a4", "a5"])
def test_poster_qr_and_texts(tmp_path: Path, lang: str, size: str) -> None:
    shop, reward = helpers.SHOPS[lang]
    target = poster.poster_target("https://kocour.cz", shop.url)
    pdf = poster.render_poster(shop, helpers.program(reward, 2), target, size=size)
    assert pdf == poster.render_poster(shop, helpers.program(reward, 2), target, size=size)  # deterministic
    assert _qr_texts(pdf, tmp_path) == ["https://kocour.cz/"]
    text = " ".join(helpers.pdf_text(pdf, tmp_path).split())
    collect, gift, scan = WORDS[lang]
    for wanted in (shop.name, reward, collect, gift, scan, shop.phone, shop.email, "kocour.cz"):
        assert " ".join(wanted.split()) in text, wanted
    assert shop.url.split("://")[1] in text  # the complaint contacts stay, with the web address


def test_without_card_page_the_qr_leads_to_the_complaint_page(tmp_path: Path) -> None:
    shop, reward = helpers.SHOPS["en"]
    target = poster.poster_target("", shop.url)
    assert not target.card_page
    pdf = poster.render_poster(shop, helpers.program(reward, 0), target)
    assert _qr_texts(pdf, tmp_path) == [shop.url]
    text = helpers.pdf_text(pdf, tmp_path)
    assert "Scan to write to us" in text and "on us" not in text
    bare = poster.render_poster(shop, helpers.program(reward), poster.poster_target("", ""))
    assert _qr_texts(bare, tmp_path / "bare") == [] and "Ask for your card" in helpers.pdf_text(bare, tmp_path)


def test_long_texts_stay_on_the_page(tmp_path: Path) -> None:
    shop, _ = helpers.SHOPS["cs"]
    long_shop = type(shop)(name="Kavárna a cukrárna U Zeleného Kocoura na Starém Městě pražském", phone=shop.phone,
                           email="velmi.dlouha.adresa.pro.stiznosti@kavarna-u-zeleneho-kocoura.cz",
                           url="https://kavarna-u-zeleneho-kocoura.cz/ozvete-se/stiznosti-a-napady", language="cs")
    program = rules.Program(stamps_required=30, prestamps=5, reward="Velká káva a zákusek dle vlastního výběru " * 2)
    pdf = poster.render_poster(long_shop, program, poster.poster_target("https://kavarna-u-zeleneho-kocoura.cz", ""),
                               size="a5")
    assert _qr_texts(pdf, tmp_path, dpi=100) == ["https://kavarna-u-zeleneho-kocoura.cz/"]
    with pytest.raises(LayoutError):
        poster.render_poster(long_shop, program, poster.poster_target("", ""), size="b4")


def test_cli_poster(run: Cli, tmp_path: Path) -> None:  # noqa: F811
    out = tmp_path / "poster.pdf"
    made = run.ok("poster", "--out", str(out), "--size", "a5")  # no owner PIN: it reveals nothing
    assert made == {"pdf": str(out), "size": "a5", "qr": "https://kocour.cz/ozvete-se", "card_page": False}
    run.ok("settings", "set", "--card-url", "https://kocour.cz")
    made = run.ok("poster", "--out", str(out))
    assert made["qr"] == "https://kocour.cz/" and made["card_page"]
    assert _qr_texts(out.read_bytes(), tmp_path) == ["https://kocour.cz/"]
    with pytest.raises(SystemExit) as exited:  # argparse: bad usage
        run("poster", "--out", str(out), "--size", "b5")
    assert exited.value.code == 2
