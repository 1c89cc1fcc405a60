"""The signing keys' rule (cards/keys.py): who signed a code, and whether it is accepted where it is read."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cards import codes, keys
from cards.refusals import Kind, Refused

NOW = dt.datetime(2026, 12, 6, 7, 0, tzinfo=dt.timezone.utc)
NUMBER = codes.new_number(randbits=0x2_5A5A_5A5A_5A5A)


def ring_of(*secrets: bytes) -> keys.Keyring:
    ring = keys.Keyring.single(secrets[0])
    for secret in secrets[1:]:
        ring = ring.rotated(secret, NOW)
    return ring


OLD, NEW = b"o" * 32, b"n" * 32
RING = ring_of(OLD, NEW)


def test_a_rotation_retires_the_current_key_and_adds_the_next() -> None:
    assert [(k.id, k.current) for k in RING.keys] == [(1, False), (2, True)]
    assert RING.current.secret == NEW and RING.secrets == (NEW, OLD)
    assert RING.keys[0].retired_at == NOW
    with pytest.raises(ValueError):
        RING.rotated(OLD, NOW)  # a new key must be new


@pytest.mark.parametrize("bad", [(), ((1, b"x", None, NOW),), ((1, b"x", None, None), (2, b"y", None, None)),
                                 ((2, b"x", None, NOW), (1, b"y", None, None)), ((1, b"", None, None),)])
def test_a_keyring_holds_one_current_key_the_newest(bad: tuple[tuple[int, bytes, None, dt.datetime | None], ...]
                                                     ) -> None:
    with pytest.raises(ValueError):
        keys.Keyring(tuple(keys.SigningKey(*k) for k in bad))


def test_a_card_known_here_verifies_against_its_batchs_key() -> None:
    old_card = codes.make_payload(NUMBER, OLD)
    assert keys.check(old_card, RING, known=True, batch_key=1).number == NUMBER
    new_card = codes.make_payload(NUMBER, NEW)
    assert keys.check(new_card, RING, known=True, batch_key=2).key == RING.current
    with pytest.raises(Refused) as err:  # a real number of a new batch, signed with the old key: a copy
        keys.check(old_card, RING, known=True, batch_key=2)
    assert err.value.kind is Kind.BAD_SIGNATURE


def test_a_batch_that_names_no_key_takes_any_of_the_shops() -> None:
    for secret in (OLD, NEW):
        assert keys.check(codes.make_payload(NUMBER, secret), RING, known=True, batch_key=None).number == NUMBER


def test_an_unknown_card_needs_the_current_key() -> None:
    assert keys.check(codes.make_payload(NUMBER, NEW), RING, known=False).number == NUMBER
    for chain in (False, True):
        with pytest.raises(Refused) as err:
            keys.check(codes.make_payload(NUMBER, OLD), RING, known=False, chain=chain)
        assert (err.value.kind, err.value.number, err.value.field) == (Kind.RETIRED_KEY, NUMBER,
                                                                       "chain" if chain else "")


def test_a_signature_under_no_key_is_forged_or_says_sync_at_a_chain_station() -> None:
    forged = codes.make_payload(NUMBER, b"another shop")
    with pytest.raises(Refused) as err:
        keys.check(forged, RING, known=False)
    assert (err.value.kind, err.value.field) == (Kind.BAD_SIGNATURE, "")
    with pytest.raises(Refused) as err:
        keys.check(forged, RING, known=False, chain=True)
    assert (err.value.kind, err.value.field) == (Kind.BAD_SIGNATURE, "chain")


def test_a_batch_whose_key_has_not_arrived_says_sync() -> None:
    newer = codes.make_payload(NUMBER, b"k3" * 16)
    with pytest.raises(Refused) as err:
        keys.check(newer, RING, known=True, batch_key=3, chain=True)
    assert (err.value.kind, err.value.number) == (Kind.UNKNOWN_KEY, NUMBER)


def test_a_typed_number_carries_no_signature_and_the_database_decides() -> None:
    code = keys.check(codes.format_number(NUMBER), RING, known=False)
    assert (code.number, code.signed, code.key) == (NUMBER, False, None)


def test_the_payload_format_is_unchanged_and_card_page_addresses_work() -> None:
    payload = codes.make_payload(NUMBER, OLD)
    assert len(payload) == codes.PAYLOAD_LENGTH and payload.startswith("SC1:")
    url = codes.card_url("https://shop.example", payload)
    assert keys.check(url, RING, known=True, batch_key=1).key == RING.keys[0]
    assert codes.parse_payload(url, RING.secrets) == NUMBER  # several secrets: any of them verifies


@given(st.lists(st.binary(min_size=1, max_size=40), min_size=1, max_size=6, unique=True),
       st.integers(min_value=0, max_value=(1 << 50) - 1), st.data())
def test_the_rule_over_any_key_list(secrets: list[bytes], bits: int, data: st.DataObject) -> None:
    ring = ring_of(*secrets)
    number = codes.new_number(randbits=bits)
    signer = data.draw(st.integers(min_value=0, max_value=len(secrets) - 1))
    payload = codes.make_payload(number, secrets[signer])
    read = keys.read_code(payload, ring)
    assert read.number == number and read.key is not None
    assert read.key.secret == secrets[signer] or codes.make_payload(number, read.key.secret) == payload
    # known here, in the batch of the key that signed it, or in a batch that names none: accepted
    keys.admit(read, ring, known=True, batch_key=read.key.id)
    keys.admit(read, ring, known=True, batch_key=None)
    # not known here: accepted exactly when signed with the current key
    if read.key.current:
        keys.admit(read, ring, known=False, chain=True)
    else:
        with pytest.raises(Refused) as err:
            keys.admit(read, ring, known=False, chain=True)
        assert err.value.kind is Kind.RETIRED_KEY
    # whatever key a batch names, a code is accepted for it only when that key (or one with its signature) signed
    other = data.draw(st.integers(min_value=1, max_value=len(secrets) + 1))
    outcome: Kind | None = None
    try:
        keys.admit(read, ring, known=True, batch_key=other)
    except Refused as exc:
        outcome = exc.kind
    named = ring.get(other)
    same = named is not None and codes.make_payload(number, named.secret) == payload
    assert (outcome is None) == (other == read.key.id or same)


@given(st.text(max_size=60))
def test_reading_any_text_refuses_or_names_a_number(text: str) -> None:
    try:
        read = keys.read_code(text, RING)
    except Refused as exc:
        assert exc.kind in (Kind.NOT_OURS, Kind.DAMAGED, Kind.BAD_CHECK)
    else:
        assert len(read.number) == codes.NUMBER_LENGTH


def test_a_scanner_burst_of_a_card_under_any_key_is_taken() -> None:
    from cards import wedge

    parser = wedge.WedgeParser(secret=RING.secrets)
    for secret in (OLD, NEW):
        payload = codes.make_payload(NUMBER, secret)
        t, got = 10.0, None
        for ch in payload + "\r":
            got = parser.feed(ch, t)
            t += 0.004
        assert got == payload
