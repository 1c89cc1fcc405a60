from __future__ import annotations

import itertools
import random
from typing import Any

import pytest
import qrcode
import qrcode.util

from cards import codes, refusals

SECRET = b"s" * 32


def test_new_numbers_are_random_and_valid() -> None:
    numbers = {codes.new_number() for _ in range(2000)}
    assert len(numbers) == 2000
    for number in itertools.islice(numbers, 50):
        assert len(number) == 11
        assert codes.parse_number(number) == number


def test_format_and_parse_variants() -> None:
    number = codes.new_number(0x123456789AB)
    grouped = codes.format_number(number)
    assert grouped.count("-") == 2 and len(grouped) == 13
    assert codes.parse_number(grouped.lower()) == number
    assert codes.parse_number(grouped.replace("-", " ")) == number
    assert codes.parse_number(number) == number


def test_crockford_confusables_map() -> None:
    data = "0110000000"
    number = data + codes.check_symbol(data)
    assert codes.parse_number("OIL0000000" + number[-1]) == number
    assert codes.parse_number("oil0-000000" + number[-1].lower()) == number


def test_every_single_typo_and_neighbour_swap_is_caught() -> None:
    rng = random.Random(7)
    for _ in range(200):
        number = codes.new_number(rng.getrandbits(50))
        for i in range(len(number)):
            for ch in codes.ALPHABET:
                if ch != number[i]:
                    typo = number[:i] + ch + number[i + 1:]
                    with pytest.raises(refusals.Refused) as err:
                        codes.parse_number(typo)
                    assert err.value.kind is refusals.Kind.BAD_CHECK
        for i in range(len(number) - 1):
            if number[i] != number[i + 1]:
                swapped = number[:i] + number[i + 1] + number[i] + number[i + 2:]
                with pytest.raises(refusals.Refused):
                    codes.parse_number(swapped)


def test_payload_round_trip_and_qr_fits_version_2_q() -> None:
    number = codes.new_number()
    payload = codes.make_payload(number, SECRET)
    assert len(payload) == codes.PAYLOAD_LENGTH <= 29
    assert qrcode.util.optimal_mode(payload.encode()) == qrcode.util.MODE_ALPHA_NUM
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_Q)
    qr.add_data(payload)
    qr.make(fit=True)
    assert qr.version <= 2
    parsed = codes.parse_code(payload, SECRET)
    assert parsed.number == number and parsed.signed
    assert codes.parse_code(payload.lower(), SECRET).number == number


@pytest.mark.parametrize(
    ("mangle", "reason"),
    [
        (lambda p: "https://example.com/x", refusals.Kind.NOT_OURS),
        (lambda p: "WIFI:S:shop;T:WPA;P:secret;;", refusals.Kind.NOT_OURS),
        (lambda p: "SC2:" + p[4:], refusals.Kind.NOT_OURS),
        (lambda p: p[:-3], refusals.Kind.DAMAGED),
        (lambda p: p[:4] + ("0" if p[4] != "0" else "1") + p[5:], refusals.Kind.DAMAGED),
        (lambda p: p[:-1] + ("0" if p[-1] != "0" else "1"), refusals.Kind.BAD_SIGNATURE),
        (lambda p: p.replace(":", ":", 1)[:16] + "!" + p[17:], refusals.Kind.DAMAGED),
        (lambda p: "", refusals.Kind.NOT_OURS),
        (lambda p: "hello", refusals.Kind.NOT_OURS),
    ],
)
def test_refusals_say_why(mangle: Any, reason: Any) -> None:
    payload = codes.make_payload(codes.new_number(), SECRET)
    with pytest.raises(refusals.Refused) as err:
        codes.parse_code(mangle(payload), SECRET)
    assert err.value.kind is reason


def test_other_shops_secret_is_refused() -> None:
    payload = codes.make_payload(codes.new_number(), b"other shop")
    with pytest.raises(refusals.Refused) as err:
        codes.parse_code(payload, SECRET)
    assert err.value.kind is refusals.Kind.BAD_SIGNATURE


def test_typed_number_with_bad_check() -> None:
    number = codes.new_number()
    wrong = number[:-1] + ("0" if number[-1] != "0" else "1")
    with pytest.raises(refusals.Refused) as err:
        codes.parse_code(codes.format_number(wrong), SECRET)
    assert err.value.kind is refusals.Kind.BAD_CHECK


def test_mask_keeps_last_group() -> None:
    number = codes.new_number()
    masked = codes.mask_number(number)
    assert masked.endswith(number[-3:])
    assert number[:4] not in masked
