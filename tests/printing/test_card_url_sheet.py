"""Cards whose QR is the card page's address: the same texts (in the URL card layout, with a larger QR),
every code decodes (at 150 dpi) to the address."""

from __future__ import annotations

from pathlib import Path

from cards import codes
from printing import cards_pdf
from printing.model import CardFace
from tests.printing import helpers


def test_url_cards_decode_to_the_address(tmp_path: Path) -> None:
    shop, reward = helpers.SHOPS["cs"]
    bare = helpers.faces(10, prestamps=2)
    addressed = [CardFace(f.number, codes.card_url("https://kavarna-na-rohu.cz", f.payload), f.prestamps)
                 for f in bare]
    pdf = cards_pdf.render_card_sheet(shop, helpers.program(reward, 2), addressed, paper="a4")
    found = helpers.decode(helpers.pdf_to_pngs(pdf, tmp_path, dpi=150)[0])
    assert sorted(found) == sorted(f.payload for f in addressed)
    for text in found:
        assert text.startswith("HTTPS://KAVARNA-NA-ROHU.CZ/C/SC1:")
        assert codes.parse_code(text, helpers.SECRET).signed
    # the rest of the card says the same: the same words, the same page count (the name moves left of the QR)
    plain = cards_pdf.render_card_sheet(shop, helpers.program(reward, 2), bare, paper="a4")
    assert sorted(helpers.pdf_text(pdf, tmp_path).split()) == sorted(helpers.pdf_text(plain, tmp_path).split())
