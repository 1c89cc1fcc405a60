"""Card page addresses around the QR payload (issue 19): make, read back, refuse, and the QR size."""

from __future__ import annotations

import pytest
import qrcode
import qrcode.util
from hypothesis import given, settings
from hypothesis import strategies as st

from cards import codes, refusals
from cards import settings as rule_set
from db import engine

SECRET = b"s" * 32
NUMBER = codes.new_number(0x123456789AB)
PAYLOAD = codes.make_payload(NUMBER, SECRET)


def _qr_version(text: str) -> int:
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_Q)
    qr.add_data(text)
    qr.make(fit=True)
    return int(qr.version)


def test_card_url_is_upper_case_alphanumeric_and_fits_version_4_q() -> None:
    url = codes.card_url("https://shop.example", PAYLOAD)
    assert url == f"HTTPS://SHOP.EXAMPLE/C/{PAYLOAD}"
    assert qrcode.util.optimal_mode(url.encode()) == qrcode.util.MODE_ALPHA_NUM
    assert _qr_version(url) <= 4
    longest = "https://" + "k" * (codes.CARD_URL_LENGTH - len("https://") - 3) + ".cz"
    assert rule_set.check_card_url(longest) == longest
    assert _qr_version(codes.card_url(longest, PAYLOAD)) == 4
    assert codes.card_url("", PAYLOAD) == PAYLOAD


@pytest.mark.parametrize("base", ["https://shop.example", "http://10.0.0.5:8080", "https://kocour.cz/karta"])
def test_both_forms_parse_to_the_same_card(base: str) -> None:
    url = codes.card_url(base, PAYLOAD)
    for text in (url, url.lower(), f"  {url}\n", PAYLOAD, codes.format_number(NUMBER)):
        assert codes.parse_code(text, SECRET).number == NUMBER
    assert codes.parse_code(url, SECRET).signed
    assert codes.parse_payload(url, SECRET) == NUMBER
    assert codes.looks_like_payload(url)
    typed = f"{base}/c/{codes.format_number(NUMBER).lower()}"  # the number in an address: unsigned, like typing it
    parsed = codes.parse_code(typed, SECRET)
    assert parsed.number == NUMBER and not parsed.signed


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("https://shop.example/", refusals.Kind.NOT_OURS),
        ("https://shop.example/menu", refusals.Kind.NOT_OURS),
        (f"https://shop.example/c/{PAYLOAD}?utm=x", refusals.Kind.NOT_OURS),
        (f"https://shop.example/x/{PAYLOAD}", refusals.Kind.NOT_OURS),
        (f"ftp://shop.example/c/{PAYLOAD}", refusals.Kind.NOT_OURS),
        (f"https://shop.example/c/{PAYLOAD[:-1]}", refusals.Kind.DAMAGED),
        (f"https://shop.example/c/{codes.make_payload(NUMBER, b'other shop')}", refusals.Kind.BAD_SIGNATURE),
    ],
)
def test_other_addresses_are_refused_with_a_reason(text: str, reason: refusals.Kind) -> None:
    with pytest.raises(refusals.Refused) as err:
        codes.parse_code(text, SECRET)
    assert err.value.kind is reason


@pytest.mark.parametrize(
    ("value", "expected"),
    [("", ""), ("shop.example", "https://shop.example"), ("HTTPS://Shop.Example/", "https://Shop.Example"),
     ("http://127.0.0.1:8080", "http://127.0.0.1:8080"), ("https://kocour.cz/karta", "https://kocour.cz/karta")],
)
def test_card_url_setting_is_cleaned(value: str, expected: str) -> None:
    assert rule_set.check_card_url(value) == expected


@pytest.mark.parametrize(
    ("value", "kind"),
    [("https://shop.example/?a=1", refusals.Kind.BAD_FORMAT), ("https://shop.example/a_b", refusals.Kind.BAD_FORMAT),
     ("https://kavárna.cz", refusals.Kind.BAD_FORMAT), ("ftp://shop.example", refusals.Kind.BAD_FORMAT),
     ("https://" + "a" * 40 + ".cz", refusals.Kind.TOO_LONG), ("not a url", refusals.Kind.BAD_FORMAT)],
)
def test_card_url_setting_refuses(value: str, kind: refusals.Kind) -> None:
    with pytest.raises(refusals.Refused) as err:
        rule_set.check_card_url(value)
    assert err.value.kind is kind and err.value.field == "card_url"


_HOST = st.from_regex(r"\A[a-z0-9]{1,8}(\.[a-z0-9]{1,6}){1,2}\Z")  # with scheme and path: <= 38


@settings(max_examples=300, deadline=None)
@given(host=_HOST, path=st.sampled_from(["", "/c", "/karta", "/a/b"]), scheme=st.sampled_from(["http", "https"]),
       bits=st.integers(0, 2**50 - 1), case=st.sampled_from([str.upper, str.lower, str]))
def test_property_every_card_url_reads_back(host: str, path: str, scheme: str, bits: int, case: object) -> None:
    base = rule_set.check_card_url(f"{scheme}://{host}{path}")
    number = codes.new_number(bits)
    url = codes.card_url(base, codes.make_payload(number, SECRET))
    assert set(url) <= codes.QR_ALPHANUMERIC
    assert codes.parse_code(case(url), SECRET) == codes.ParsedCode(number, signed=True)  # type: ignore[operator]


@settings(max_examples=500, deadline=None)
@given(text=st.text(max_size=90), prefix=st.sampled_from(["", "https://shop.example/c/", "HTTP://A.B/C/", "http://"]))
def test_property_parser_refuses_or_accepts_never_crashes(text: str, prefix: str) -> None:
    try:
        parsed = codes.parse_code(prefix + text, SECRET)
    except refusals.Refused:
        return
    assert codes.parse_number(parsed.number) == parsed.number
    if parsed.signed:
        assert codes.make_payload(parsed.number, SECRET) in (prefix + text).upper()


@pytest.mark.parametrize("layout", ["us", "ru", "cz", "de", "fr"])
def test_a_usb_scanner_types_card_urls_on_every_layout(layout: str) -> None:
    from cards import wedge
    from tests.cards.test_wedge import as_layout, type_burst

    url = codes.card_url("https://kavarna-u-kocoura.cz/karta", PAYLOAD)
    typed = as_layout(url, layout)
    got = type_burst(wedge.WedgeParser(secret=SECRET), typed)
    assert got == [url]
    assert codes.parse_code(got[0], SECRET).number == NUMBER


def test_a_card_url_lookup_is_one_query(shop_db: engine.Database) -> None:
    from db import ops
    from tests.conftest import NOW
    from tests.db.test_hot_paths import in_one_transaction

    with shop_db.sessions.begin() as session:
        batch = ops.create_batch(session, count=2, now=NOW)
    url = codes.card_url("https://shop.example", batch.codes[0])
    assert len(in_one_transaction(shop_db, lambda s: ops.card_view(s, url))) == \
        len(in_one_transaction(shop_db, lambda s: ops.card_view(s, batch.codes[0])))
