"""USB keyboard-wedge scanners: bursts vs typing, keyboard layouts."""

from __future__ import annotations

import pytest

from cards import codes, refusals, wedge
from cards.wedge import WedgeParser

SECRET = b"w" * 32
NUMBER = codes.new_number(0x2F00D1CE5A7)
PAYLOAD = codes.make_payload(NUMBER, SECRET)


def type_burst(parser: WedgeParser, text: str, start: float = 10.0, gap: float = 0.004,
               enter: bool = True) -> list[str]:
    out = []
    t = start
    for ch in text + ("\r" if enter else ""):
        got = parser.feed(ch, t)
        if got is not None:
            out.append(got)
        t += gap
    return out


def as_layout(text: str, layout: str) -> str:
    """What a US-configured scanner produces for ``text`` on ``layout``."""
    back = {us: got for got, us in wedge.LAYOUTS[layout].items()}
    # Prefer the non-identity variant (e.g. Czech '+' for '1').
    for got, us in wedge.LAYOUTS[layout].items():
        if got != us:
            back[us] = got
    return "".join(back[ch] for ch in text)


def test_scanner_burst_gives_the_payload() -> None:
    assert type_burst(WedgeParser(), PAYLOAD) == [PAYLOAD]


def test_person_typing_gives_nothing() -> None:
    assert type_burst(WedgeParser(), PAYLOAD, gap=0.12) == []


def test_burst_without_enter_gives_nothing_until_enter() -> None:
    parser = WedgeParser()
    assert type_burst(parser, PAYLOAD, enter=False) == []
    assert parser.feed("\n", 10.0 + 26 * 0.004) == PAYLOAD


def test_slow_enter_after_burst_is_not_a_scan() -> None:
    parser = WedgeParser()
    type_burst(parser, PAYLOAD, enter=False)
    assert parser.feed("\r", 11.0) is None


def test_typing_then_scanning() -> None:
    parser = WedgeParser()
    assert type_burst(parser, "hello", start=0, gap=0.15) == []
    assert type_burst(parser, PAYLOAD, start=5) == [PAYLOAD]


def test_short_fast_pair_is_not_a_scan() -> None:
    assert type_burst(WedgeParser(), "ok") == []


def test_pause_inside_a_burst_restarts_it() -> None:
    parser = WedgeParser()
    t = 0.0
    for ch in PAYLOAD[:10]:
        parser.feed(ch, t)
        t += 0.004
    t += 0.5  # the scanner does not pause; a person started typing, then a scan
    assert type_burst(parser, PAYLOAD, start=t) == [PAYLOAD]


@pytest.mark.parametrize("layout", ["ru", "cz", "de", "fr"])
def test_other_keyboard_layouts_map_back(layout: str) -> None:
    typed = as_layout(PAYLOAD, layout)
    assert typed != PAYLOAD
    assert type_burst(WedgeParser(), typed) == [PAYLOAD]
    assert type_burst(WedgeParser(secret=SECRET), typed) == [PAYLOAD]


def test_russian_layout_example() -> None:
    typed = as_layout("SC1:", "ru")
    assert typed == "ЫС1Ж"


def test_czech_layout_digits_colon_and_yz() -> None:
    payload = "SC1:" + "0Y2Z4" + "56789"
    assert as_layout(payload, "cz") == 'SC+"éZěYčřžýáí'
    assert wedge.translate('SC+"éZěYčřžýáí', "cz") == payload
    assert wedge.translate("SC1:0Y", "cz") == "SC1:0Z"  # Czech scanner sending real digits and ':'


def test_caps_lock_is_undone() -> None:
    assert type_burst(WedgeParser(), PAYLOAD.lower()) == [PAYLOAD]


def test_secret_settles_which_layout() -> None:
    # A Czech scanner sending real digits and ':' differs from US only by Y/Z; when those
    # are only in the signature, both readings are well formed and only the secret tells.
    for i in range(500):
        number = codes.new_number(i * 977 + 3)
        payload = codes.make_payload(number, SECRET)
        signature = payload.split(":")[2]
        if ("Y" in signature or "Z" in signature) and not ({"Y", "Z"} & set(number)):
            break
    swapped = payload.translate(str.maketrans("YZ", "ZY"))
    assert type_burst(WedgeParser(), swapped) == [swapped]  # no secret: the US reading wins
    parser = WedgeParser(secret=SECRET)
    assert type_burst(parser, swapped) == [payload]
    assert parser.last_layout == "cz"


def test_unknown_characters_are_refused_not_mapped() -> None:
    typed = PAYLOAD.replace(":", "?", 1)
    got = type_burst(WedgeParser(), typed)
    assert got == [typed]
    with pytest.raises(refusals.Refused) as info:
        codes.parse_code(got[0], SECRET)
    assert info.value.kind is refusals.Kind.NOT_OURS


def test_foreign_code_burst_is_returned_for_refusal() -> None:
    url = "https://example.com/menu"
    got = type_burst(WedgeParser(), url)
    assert got == [url]
    with pytest.raises(refusals.Refused):
        codes.parse_code(got[0], SECRET)


def test_forged_payload_keeps_its_prefix_so_the_refusal_is_exact() -> None:
    forged = codes.make_payload(NUMBER, b"x" * 32)
    got = type_burst(WedgeParser(secret=SECRET), as_layout(forged, "ru"))
    assert got == [forged]
    with pytest.raises(refusals.Refused) as info:
        codes.parse_code(got[0], SECRET)
    assert info.value.kind is refusals.Kind.BAD_SIGNATURE


def test_layout_is_remembered_and_reset_drops_a_half_burst() -> None:
    parser = WedgeParser()
    type_burst(parser, as_layout(PAYLOAD, "ru"))
    assert parser.last_layout == "ru"
    type_burst(parser, PAYLOAD[:12], enter=False, start=20)
    parser.reset()
    assert parser.feed("\r", 20.05) is None


def test_feed_takes_one_character() -> None:
    with pytest.raises(ValueError):
        WedgeParser().feed("ab", 0)
