"""Printouts fit any shop: the longest plausible texts in Czech, Russian and English.

Character boxes are read back from the rendered PDFs (``pdftotext -bbox``):
every word lies inside its card (and its safe margin) and outside the QR's
quiet zone, no two words overlap, the sheet label stays clear of the cut
marks, and every QR still decodes from a 150 dpi render. Texts that would not
fit even at their smallest size are refused by ``printing.fit`` with the field
and the number of characters that fit.
"""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.units import mm

from cards import codes, rules
from cards.refusals import Kind, Refused
from printing import boxes, cards_pdf, escpos_receipt, fit, qr, receipt
from printing.model import Action, SheetShop
from tests.printing import helpers

LANGS = ("cs", "ru", "en")
TOLERANCE = 0.3  # points: rounding in poppler's boxes


def _program(lang: str, prestamps: int = 2) -> rules.Program:
    return helpers.program(helpers.LONGEST_REWARDS[lang], prestamps)


def _inside(word: helpers.Word, x0: float, y0: float, x1: float, y1: float) -> bool:
    return (word.x0 >= x0 - TOLERANCE and word.y0 >= y0 - TOLERANCE
            and word.x1 <= x1 + TOLERANCE and word.y1 <= y1 + TOLERANCE)


def _overlap(a: helpers.Word, b: helpers.Word) -> bool:
    return (min(a.x1, b.x1) - max(a.x0, b.x0) > TOLERANCE
            and min(a.y1, b.y1) - max(a.y0, b.y0) > TOLERANCE)


def _crosses(word: helpers.Word, segment: cards_pdf.CutSegment) -> bool:
    x0, y0, x1, y1 = segment
    return (min(x0, x1) <= word.x1 and max(x0, x1) >= word.x0
            and min(y0, y1) <= word.y1 and max(y0, y1) >= word.y0)


# --- the check before saving ---

@pytest.mark.parametrize("lang", LANGS)
def test_the_longest_plausible_texts_are_accepted(lang: str) -> None:
    shop = helpers.LONGEST[lang]
    assert (len(shop.name), len(helpers.LONGEST_REWARDS[lang]), len(shop.url)) == (60, 80, 80)
    assert len(shop.email) >= 59
    assert fit.check_shop_texts(shop.name, helpers.LONGEST_REWARDS[lang], shop.phone, shop.email,
                                shop.url, lang, address=shop.address) == []


@pytest.mark.parametrize(("field", "text"), [
    ("shop", "Cukrárna a kavárna Na Náměstí Svobody Přeštice, pobočka Plzeň, a také cukrárna v Klatovech"),
    ("shop", "Кондитерская и кофейня «На площади Свободы», Казань, филиал номер два, и ещё кафе"),
    ("email", "reklamace.zakaznici.pobocka.plzen.a.klatovy@cukrarna-a-kavarna-namesti-svobody-prestice-plzen.cz"),
    ("url", "https://www.cukrarna-namesti-svobody-prestice.cz/reklamace/formular-zakaznika/"
                       "pobocka-plzen?jazyk=cs"),
    ("phone", "+420 377 123 456, linka 1234, nebo +420 377 654 321, linka 4321, po–pá 8–16, so 9–12, v neděli a ve svátky zavřeno"),
    ("address", "Náměstí Svobody 1234/56, 334 01 Přeštice, vchod ze dvora, druhé patro, dveře vlevo, zvonit na Nováka, prosím dvakrát a počkat"),
])
def test_a_text_too_long_is_refused_naming_the_field_and_its_limit(field: str, text: str) -> None:
    values = {"name": "Kavárna", "reward": "Káva zdarma", "phone": "", "email": "", "url": "", "address": ""}
    values["name" if field == "shop" else field] = text
    address = values.pop("address")
    refused = fit.check_shop_texts(**values, language="cs", address=address)
    assert [(r.kind, r.field) for r in refused] == [(Kind.TEXT_TOO_LONG, field)]
    limit = refused[0].limit
    assert limit is not None and 20 <= limit < len(text)
    assert fit.field_limit(field, text[:limit]) is None  # what the refusal allows does fit
    with pytest.raises(Refused) as raised:
        fit.require_shop_texts(**values, language="cs", address=address)
    assert raised.value.field == field and raised.value.limit == limit


def test_empty_texts_and_short_ones_pass() -> None:
    assert fit.check_shop_texts("Kavárna", "Káva zdarma", "", "", "", "cs") == []
    with pytest.raises(ValueError):
        fit.field_limit("logo", "x")


def test_shrink_first_then_wrap_then_cut() -> None:
    style = cards_pdf.NAME
    room = cards_pdf.name_box(cards_pdf._layout_for("a4"))[0]
    short = boxes.fit("Kavárna Na Rohu", style, room)
    assert short.lines == ("Kavárna Na Rohu",) and short.size == style.size
    shrunk = boxes.fit("Cukrárna a kavárna Na Náměstí", style, room)
    assert len(shrunk.lines) == 1 and style.shrink_to is not None and style.shrink_to <= shrunk.size < style.size
    wrapped = boxes.fit(helpers.LONGEST["cs"].name, style, room)
    assert len(wrapped.lines) == 2 and wrapped.complete and wrapped.size >= style.min_size
    assert " ".join(wrapped.lines) == helpers.LONGEST["cs"].name
    cut = boxes.fit(helpers.LONGEST["cs"].name * 2, style, room)
    assert not cut.complete and len(cut.lines) == 2 and cut.lines[-1].endswith(boxes.ELLIPSIS)
    assert all(style.width(line, cut.size) <= room for line in cut.lines)


# --- card sheets ---

@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("paper", ["a4", "letter", "card"])
@pytest.mark.parametrize("url", [False, True], ids=["short", "url"])
def test_long_texts_stay_on_their_card_and_off_the_qr(tmp_path: Path, lang: str, paper: str, url: bool) -> None:
    shop = helpers.LONGEST[lang]
    batch = helpers.faces(10 if paper != "card" else 2, prestamps=2, card_url=helpers.URL_BASE if url else "")
    pdf = cards_pdf.render_card_sheet(shop, _program(lang), batch, paper=paper, batch=7)
    words = helpers.pdf_words(pdf, tmp_path)
    assert words and not [w for w in words if boxes.ELLIPSIS in w.text]
    card_w, card_h = cards_pdf.card_size(paper)
    qx0, qy0, qx1, qy1 = cards_pdf.qr_box(paper, url=url)
    origins = cards_pdf.card_origins(paper)
    page_w, page_h = cards_pdf.PAPERS[paper]
    marks = cards_pdf.cut_marks(page_w, page_h) if paper != "card" else []
    on_cards: dict[tuple[int, int], list[helpers.Word]] = {}
    for word in words:
        cx, cy = (word.x0 + word.x1) / 2, (word.y0 + word.y1) / 2
        slot = next((i for i, (x, y) in enumerate(origins)
                     if x <= cx <= x + card_w and y <= cy <= y + card_h), None)
        if slot is None:  # the sheet label: outside every card, clear of every cut mark
            assert paper != "card", word
            assert not any(_crosses(word, m) for m in marks), word
            assert not any(_overlap(word, helpers.Word(0, "", x, y, x + card_w, y + card_h))
                           for x, y in origins), word
            continue
        x, y = origins[slot]
        assert _inside(word, x + cards_pdf.MARGIN, y + cards_pdf.MARGIN,
                       x + card_w - cards_pdf.MARGIN, y + card_h - cards_pdf.MARGIN), word
        assert not _overlap(word, helpers.Word(0, "", x + qx0, y + qy0, x + qx1, y + qy1)), word
        on_cards.setdefault((word.page, slot), []).append(word)
    assert len(on_cards) == len(batch)
    for card_words in on_cards.values():
        for a, b in itertools.combinations(card_words, 2):
            assert not _overlap(a, b), (a, b)
        text = " ".join(w.text for w in card_words)
        for part in (*shop.name.split(), *helpers.LONGEST_REWARDS[lang].split(), shop.email):
            assert part in text, part
    pages = helpers.pdf_to_pngs(pdf, tmp_path, dpi=150)
    found = [payload for page in pages for payload in helpers.decode(page)]
    assert sorted(found) == sorted(face.payload for face in batch)


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_sheet_label_is_in_the_shops_language_and_clear_of_cut_marks(tmp_path: Path, paper: str) -> None:
    shop, reward = helpers.SHOPS["cs"]
    pdf = cards_pdf.render_card_sheet(shop, helpers.program(reward), helpers.faces(12), paper=paper,
                                      batch=3)
    words = helpers.pdf_words(pdf, tmp_path)
    text = " ".join(w.text for w in words)
    assert "Dávka 3 · strana 1" in text and "strana 2" in text
    assert "Batch" not in text and "page" not in text
    marks = cards_pdf.cut_marks(*cards_pdf.PAPERS[paper])
    label = [w for w in words if w.text in ("Dávka", "strana")]
    assert len(label) == 4
    for word in words:
        assert not any(_crosses(word, m) for m in marks), word


def test_russian_sheet_label_and_a_long_name_is_shortened_not_spilled(tmp_path: Path) -> None:
    shop = dataclasses.replace(helpers.LONGEST["ru"], name=helpers.LONGEST["ru"].name + " и ещё одно кафе")
    pdf = cards_pdf.render_card_sheet(shop, _program("ru"), helpers.faces(1), batch=12)
    text = helpers.pdf_text(pdf, tmp_path)
    assert "Партия 12 · стр. 1" in text


def test_pdf_carries_creation_time_author_and_batch_title(tmp_path: Path) -> None:
    import datetime as dt
    import subprocess

    shop, reward = helpers.SHOPS["cs"]
    created = dt.datetime(2026, 5, 1, 14, 32, 5, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    pdf = cards_pdf.render_card_sheet(shop, helpers.program(reward), helpers.faces(2), batch=12,
                                      created=created)
    assert pdf == cards_pdf.render_card_sheet(shop, helpers.program(reward), helpers.faces(2), batch=12,
                                              created=created)  # still the same bytes for the same input
    assert b"D:20260501143205+02'00'" in pdf and b"D:2000" not in pdf
    source = tmp_path / "sheet.pdf"
    source.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(source)], check=True, capture_output=True).stdout.decode()
    assert "Title:           Dávka 12" in info
    assert f"Author:          {shop.name}" in info
    data = helpers.receipt_data("ru")
    slip = receipt.render_receipt_pdf(data, created=dt.datetime(2026, 5, 1, 9, 0))
    assert b"D:20260501090000" in slip
    assert b"D:20240501143200" in receipt.render_receipt_pdf(data)  # default: the receipt's time


# --- receipts ---

@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("width", [80, 58])
def test_long_texts_stay_on_the_receipt_without_overlapping(tmp_path: Path, lang: str, width: int) -> None:
    data = helpers.longest_receipt(lang)
    pdf = receipt.render_receipt_pdf(data, width=width)
    words = helpers.pdf_words(pdf, tmp_path)
    assert words and not [w for w in words if boxes.ELLIPSIS in w.text]
    roll = receipt.ROLLS[width]
    for word in words:
        assert _inside(word, roll.margin, 0, roll.width - roll.margin, 10_000), word
    for a, b in itertools.combinations(words, 2):
        assert not _overlap(a, b), (a, b)
    text = " ".join(w.text for w in words)
    for part in (*data.shop.name.split(), *data.reward.split(), *data.shop.phone.split()):
        assert part in text, part
    joined = "".join(w.text for w in words)
    assert data.shop.email in joined and data.shop.url in joined
    pages = helpers.pdf_to_pngs(pdf, tmp_path, dpi=150)
    assert helpers.decode(pages[0]) == [data.shop.url]
    # the QR as zbar found it, grown by its quiet zone: no word in it
    from PIL import Image
    from pyzbar import pyzbar

    with Image.open(pages[0]) as image:
        page_h = image.height * 72 / 150
        (symbol,) = pyzbar.decode(image)
    left, top, w, h = (v * 72 / 150 for v in symbol.rect)
    quiet = 4 * roll.qr_width / qr.matrix(data.shop.url, level="M").size
    box = helpers.Word(0, "", left - quiet, page_h - top - h - quiet, left + w + quiet, page_h - top + quiet)
    assert not [word for word in words if _overlap(word, box)]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("width", [80, 58])
@pytest.mark.parametrize("action", [Action.REDEEM, Action.UNDO, Action.TRANSFER])
def test_escpos_lines_fit_their_columns(lang: str, width: int, action: Action) -> None:
    data = helpers.longest_receipt(lang, action)
    out = escpos_receipt.render_receipt_escpos(data, width=width)
    lines = helpers.escpos_lines(out)
    for line, size in lines:
        assert len(line) <= escpos_receipt.columns(size, width), (line, size)
    if lang == "en":
        joined = b"".join(line for line, _ in lines)
        for wanted in (data.shop.name, data.shop.email, data.shop.url, data.shop.phone):
            assert wanted.replace(" ", "").encode() in joined.replace(b" ", b""), wanted


def test_escpos_shrinks_to_font_b_before_wrapping() -> None:
    url = "https://www.cukrarna-namesti-svobody-prestice.cz/reklamace"
    assert escpos_receipt.fit_text(url, 80, breaks=boxes.URL_BREAKS, anywhere=True).mode == "small"
    set_ = escpos_receipt.fit_text(helpers.LONGEST["cs"].url, 58, breaks=boxes.URL_BREAKS, anywhere=True)
    assert set_.complete and len(set_.lines) == 2 and "".join(set_.lines) == helpers.LONGEST["cs"].url
    name = escpos_receipt.fit_text("Corner Coffee", 58, big=True)
    assert name.mode == "big" and name.lines == ("Corner Coffee",)
    assert not escpos_receipt.fit_text("x" * 200, 58).complete


# --- every receipt in the shop's language ---

@pytest.mark.parametrize(("lang", "count", "expected"), [
    ("en", -3, "3 stamps taken back"), ("cs", -3, "Storno: −3 razítka"), ("ru", -3, "Отмена: −3 штампа"),
    ("en", 10, "Reward cancelled, 10 stamps back"), ("cs", 10, "Storno odměny: +10 razítek"),
    ("ru", 1, "Отмена награды: +1 штамп"), ("cs", 0, "Poslední změna stornována"),
])
def test_undo_receipt_says_what_was_taken_back(lang: str, count: int, expected: str) -> None:
    shop, _reward = helpers.SHOPS[lang]
    data = dataclasses.replace(helpers.receipt_data(lang, Action.UNDO), count=count, stamps=3)
    assert receipt.headline(data) == expected


@pytest.mark.parametrize("lang", LANGS)
def test_summary_line_is_all_in_the_shops_language(tmp_path: Path, lang: str) -> None:
    data = dataclasses.replace(helpers.receipt_data(lang, Action.UNDO), count=-3, stamps=3)
    line = receipt.summary(data)
    expected = {"en": "3 stamps taken back · 3 of 10, 7 to go", "cs": "Storno: −3 razítka · 3 z 10, zbývá 7",
                "ru": "Отмена: −3 штампа · 3 из 10, осталось 7"}[lang]
    assert line == expected
    status = dataclasses.replace(data, action=Action.STATUS)
    assert " of " not in receipt.summary(status) or lang == "en"
    text = helpers.pdf_text(receipt.render_receipt_pdf(data, width=58), tmp_path)
    assert receipt.headline(data) in text


@pytest.mark.parametrize("lang", LANGS)
def test_transfer_receipt_names_the_stamps_and_the_old_card(tmp_path: Path, lang: str) -> None:
    old = codes.new_number(77)
    data = dataclasses.replace(helpers.receipt_data(lang, Action.TRANSFER), count=6, from_number=old)
    text = helpers.pdf_text(receipt.render_receipt_pdf(data), tmp_path)
    moved = {"en": "6 stamps moved to this card", "cs": "Převedeno na tuto kartu: 6 razítek",
             "ru": "Перенесено на эту карту: 6 штампов"}[lang]
    assert moved in text and receipt.masked(old) in text
    assert codes.format_number(old)[:9] not in text
    escpos = escpos_receipt.render_receipt_escpos(dataclasses.replace(data, shop=dataclasses.replace(
        data.shop, language="en")))
    assert b"6 stamps moved to this card" in escpos and receipt.masked(old).replace("•", "*").encode() in escpos


def test_event_kinds_map_to_receipt_actions() -> None:
    from printing import model

    assert model.action_for("undo") is Action.UNDO
    assert model.action_for("transfer") is Action.TRANSFER
    assert model.action_for("activation") is Action.STATUS


def test_default_reward_is_in_the_shops_language() -> None:
    from cards import languages

    assert [languages.default_reward(code) for code in languages.CODES] == [
        "Free coffee", "Káva zdarma", "Бесплатный кофе"]
    assert languages.default_reward("cs-CZ") == "Káva zdarma"
    assert languages.default_reward("de") == "Free coffee"


def test_complaint_slip_in_russian(tmp_path: Path) -> None:
    data = dataclasses.replace(helpers.longest_receipt("ru", Action.COMPLAINT), number="", stamps=0,
                               stamps_required=0, tier="")
    text = " ".join(helpers.pdf_text(receipt.render_receipt_pdf(data, width=58), tmp_path).split())
    assert "Жалоба зарегистрирована" in text and "Назовите номер R-4821" in text
    assert "Card" not in text and "Reference" not in text


def test_card_without_contacts_has_no_complaint_heading(tmp_path: Path) -> None:
    shop = SheetShop(name="Kavárna", language="cs")
    text = helpers.pdf_text(cards_pdf.render_card_sheet(shop, helpers.program("Káva zdarma"),
                                                        helpers.faces(1), paper="card"), tmp_path)
    assert "Kavárna" in text and "Nejste spokojeni" not in text


@pytest.mark.parametrize("url", [False, True], ids=["short", "url"])
def test_quiet_zone_is_clear_on_every_paper(url: bool) -> None:
    for paper in cards_pdf.PAPERS:
        layout = cards_pdf._layout_for(paper, url=url)
        x0, y0, x1, y1 = cards_pdf.qr_box(paper, url=url)
        assert x1 <= layout.width and y1 <= layout.height and y0 >= layout.number_y + 2.3 * mm
        assert cards_pdf.MARGIN + layout.left_width < x0  # the left column stops short of it
        name_w, name_h = cards_pdf.name_box(layout)
        if url:  # the name stands left of the taller QR, down to the reward
            assert layout.name_x + name_w < x0 and name_h <= cards_pdf.BADGE + 1.2 * mm
        else:
            assert layout.height - cards_pdf.MARGIN - name_h > y1


def test_a_url_card_prints_its_qr_with_the_short_codes_modules(tmp_path: Path) -> None:
    """Version 4 with version 2's 0.8 mm modules: a camera sees the same pixels a module."""
    short, url = helpers.faces(1)[0], helpers.faces(1, card_url=helpers.URL_BASE)[0]
    assert url.payload == codes.card_url(helpers.URL_BASE, short.payload)
    assert cards_pdf.qr_symbol_size(short.payload) == pytest.approx(25 * 0.8 * mm)
    assert cards_pdf.qr_symbol_size(url.payload) == pytest.approx(33 * 0.8 * mm)
    shop, reward = helpers.SHOPS["cs"]
    pdf = cards_pdf.render_card_sheet(shop, helpers.program(reward), [short, url], paper="a4")
    assert sorted(helpers.decode(helpers.pdf_to_pngs(pdf, tmp_path, dpi=150)[0])) == sorted([short.payload, url.payload])
    words = helpers.pdf_words(pdf, tmp_path)
    origins = cards_pdf.card_origins("a4")
    for (x, y), is_url in zip(origins, (False, True)):
        qx0, qy0, qx1, qy1 = cards_pdf.qr_box("a4", url=is_url)
        on_card = [w for w in words if x <= w.x0 <= x + cards_pdf.CARD_W and y <= w.y0 <= y + cards_pdf.CARD_H]
        assert shop.name in " ".join(w.text for w in on_card)
        assert not [w for w in on_card if _overlap(w, helpers.Word(0, "", x + qx0, y + qy0, x + qx1, y + qy1))]


@pytest.mark.parametrize("lang", LANGS)
def test_a_name_too_long_for_a_url_card_only_is_refused(lang: str) -> None:
    """The fit check knows the URL layout: a name that fits above the short code's QR but not
    beside the URL card's (three narrow lines) is refused with a limit that fits both."""
    name = helpers.LONGEST[lang].name + " " + helpers.LONGEST[lang].name[:14]
    assert all(cards_pdf.field_fits("shop", name, paper) for paper in cards_pdf.PAPERS)
    assert not all(cards_pdf.field_fits("shop", name, paper, url=True) for paper in cards_pdf.PAPERS)
    limit = fit.field_limit("shop", name)
    assert limit is not None and len(helpers.LONGEST[lang].name) <= limit < len(name)
    assert all(cards_pdf.field_fits("shop", name[:limit], paper, url=url)
               for paper in cards_pdf.PAPERS for url in (False, True))


def test_fifty_stamps_and_the_longest_texts_still_fit_a_cr80_card(tmp_path: Path) -> None:
    shop = helpers.LONGEST["ru"]
    program = rules.Program(stamps_required=50, prestamps=49, reward=helpers.LONGEST_REWARDS["ru"])
    batch = helpers.faces(1, prestamps=49)
    pdf = cards_pdf.render_card_sheet(shop, program, batch, paper="card")
    words = helpers.pdf_words(pdf, tmp_path)
    card_w, card_h = cards_pdf.card_size("card")
    qx0, qy0, qx1, qy1 = cards_pdf.qr_box("card")
    m = cards_pdf.MARGIN
    for word in words:
        assert _inside(word, m, m, card_w - m, card_h - m), word
        assert not _overlap(word, helpers.Word(0, "", qx0, qy0, qx1, qy1)), word
    for a, b in itertools.combinations(words, 2):
        assert not _overlap(a, b), (a, b)
    assert helpers.decode(helpers.pdf_to_pngs(pdf, tmp_path, dpi=150)[0]) == [batch[0].payload]


WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzáčďéěíňóřšťúůýžАБВГДЕЖЗабвгдежзийклмнопрстуфхцчшщыэюя&-.«»",
                min_size=1, max_size=14)


@settings(max_examples=60, deadline=None)
@given(st.lists(WORDS, min_size=1, max_size=12), st.sampled_from(list(cards_pdf.PAPERS)))
def test_a_name_the_url_layout_accepts_is_set_whole_inside_its_box(words: list[str], paper: str) -> None:
    """Whatever name ``field_fits`` accepts for a URL card is set whole, each line within the box's
    width and the name with the tagline within its height; a name it refuses is never accepted
    by ``printing.fit`` (which asks both layouts)."""
    name = " ".join(words)
    layout = cards_pdf._layout_for(paper, url=True)
    width, height = cards_pdf.name_box(layout)
    fitted = cards_pdf.fit_name(name, layout)
    if cards_pdf.field_fits("shop", name, paper, url=True):
        assert fitted.complete and " ".join(fitted.lines).replace(" ", "") == name.replace(" ", "")
        assert all(cards_pdf.NAME.width(line, fitted.size) <= width + 1e-6 for line in fitted.lines)
        assert cards_pdf._block_height(fitted) <= height + 1e-6
    else:
        assert fit.field_limit("shop", name) is not None
