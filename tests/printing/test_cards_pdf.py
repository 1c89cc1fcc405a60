"""Card sheets: every QR decodes to a card of the batch; texts are embedded in every language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from reportlab.lib.units import mm

from cards import codes
from printing import cards_pdf, qr
from printing.errors import LayoutError
from tests.printing import helpers


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_batch_round_trip_every_code_decodes_once(tmp_path: Path, paper: str) -> None:
    shop, reward = helpers.SHOPS["en"]
    batch = helpers.faces(30, prestamps=2)
    pdf = cards_pdf.render_card_sheet(shop, helpers.program(reward, 2), batch, paper=paper,
                                      batch=1)
    pages = helpers.pdf_to_pngs(pdf, tmp_path, dpi=150)
    assert len(pages) == 3
    found: list[str] = []
    for page in pages:
        on_page = helpers.decode(page)
        assert len(on_page) == 10, page.name
        found += on_page
    assert len(found) == 30 and len(set(found)) == 30
    expected = {face.number for face in batch}
    for payload in found:
        parsed = codes.parse_code(payload, helpers.SECRET)
        assert parsed.signed and parsed.number in expected


def test_one_card_a_page(tmp_path: Path) -> None:
    shop, reward = helpers.SHOPS["en"]
    batch = helpers.faces(3)
    pdf = cards_pdf.render_card_sheet(shop, helpers.program(reward), batch, paper="card")
    pages = helpers.pdf_to_pngs(pdf, tmp_path, dpi=150)
    assert [helpers.decode(p) for p in pages] == [[face.payload] for face in batch]


@pytest.mark.parametrize("lang", ["en", "cs", "ru"])
def test_sheet_text_is_real_text_in_the_shops_language(tmp_path: Path, lang: str) -> None:
    shop, reward = helpers.SHOPS[lang]
    batch = helpers.faces(2)
    text = helpers.pdf_text(cards_pdf.render_card_sheet(shop, helpers.program(reward), batch),
                            tmp_path)
    for wanted in (shop.name, reward, shop.phone, shop.email, "corner.coffee/complaints"
                   if lang == "en" else shop.url.split("//")[1],
                   codes.format_number(batch[0].number)):
        assert wanted in text, wanted


def test_qr_is_vector_art_with_a_quiet_zone() -> None:
    shop, reward = helpers.SHOPS["en"]
    pdf = cards_pdf.render_card_sheet(shop, helpers.program(reward), helpers.faces(1), paper="card")
    assert b"/Subtype /Image" not in pdf  # no raster images without a logo
    layout = cards_pdf._Layout(*cards_pdf.CR80)
    quiet = qr.QUIET_ZONE * cards_pdf.QR_MODULE
    assert layout.qr_size >= 18 * mm
    assert layout.qr_x - quiet >= 0 and layout.qr_x + layout.qr_size + quiet <= layout.width
    assert layout.qr_y - quiet >= layout.number_y + 2 * mm  # the number stays outside
    # the header tagline (baseline 8.8 mm under the safe margin) stays above the quiet zone
    assert layout.qr_y + layout.qr_size + quiet <= layout.height - 4 * mm - 9.8 * mm
    assert layout.left_width > 40 * mm


def test_same_input_same_bytes() -> None:
    shop, reward = helpers.SHOPS["cs"]
    batch = helpers.faces(12, prestamps=1)
    first = cards_pdf.render_card_sheet(shop, helpers.program(reward, 1), batch)
    assert first == cards_pdf.render_card_sheet(shop, helpers.program(reward, 1), batch)
    assert re.search(rb"/Count 2\b", first)


def test_logo_from_a_file(tmp_path: Path) -> None:
    from PIL import Image
    logo = tmp_path / "logo.png"
    Image.new("RGB", (64, 64), (120, 60, 30)).save(logo)
    shop, reward = helpers.SHOPS["en"]
    shop = type(shop)(**{**shop.__dict__, "logo_path": logo})
    pdf = cards_pdf.render_card_sheet(shop, helpers.program(reward), helpers.faces(10))
    assert pdf.count(b"/Subtype /Image") == 1  # drawn once, shared by all ten cards


def test_bad_input_is_a_layout_error(tmp_path: Path) -> None:
    shop, reward = helpers.SHOPS["en"]
    with pytest.raises(LayoutError):
        cards_pdf.render_card_sheet(shop, helpers.program(reward), [], paper="a4")
    with pytest.raises(LayoutError):
        cards_pdf.render_card_sheet(shop, helpers.program(reward), helpers.faces(1), paper="a3")
    broken = type(shop)(**{**shop.__dict__, "logo_path": tmp_path / "missing.png"})
    with pytest.raises(LayoutError):
        cards_pdf.render_card_sheet(broken, helpers.program(reward), helpers.faces(1))


def test_progress_is_reported_per_page() -> None:
    shop, reward = helpers.SHOPS["en"]
    seen: list[int] = []
    cards_pdf.render_card_sheet(shop, helpers.program(reward), helpers.faces(25),
                                progress=seen.append)
    assert seen == [10, 20, 25]
