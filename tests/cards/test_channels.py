"""Channels, consent words, the messaging settings and the signed link tokens: parsers under property tests."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cards import channels, tokens
from cards.refusals import Kind, Refused

SECRET = b"s" * 32


@pytest.mark.parametrize(("text", "expected"), [
    ("email", ("email",)), ("SMS, email", ("email", "sms")), ("all", ("email", "sms")), (" sms ,sms", ("sms",))])
def test_parse_channels(text: str, expected: tuple[str, ...]) -> None:
    assert channels.parse_channels(text) == expected


@given(st.text(max_size=30))
def test_property_parse_channels_gives_known_channels_or_refuses(text: str) -> None:
    try:
        found = channels.parse_channels(text)
    except Refused as exc:
        assert exc.kind is Kind.BAD_CHOICE and exc.field == "consent"
    else:
        assert found and set(found) <= set(channels.CHANNELS) and list(found) == sorted(found, key=channels.CHANNELS.index)


@pytest.mark.parametrize("good", ["", "smtp://mail.example.cz", "smtps://u:p%40ss@mail.example.cz:465",
                                  "smtp+starttls://user@mail.example.cz:587"])
def test_good_smtp_urls(good: str) -> None:
    assert channels.check_smtp(good) == good


@pytest.mark.parametrize("bad", ["http://mail.example.cz", "smtp://", "smtp://host:port", "mail.example.cz",
                                 "smtp://host/path"])
def test_bad_smtp_urls(bad: str) -> None:
    with pytest.raises(Refused) as refused:
        channels.check_smtp(bad)
    assert refused.value.kind is Kind.BAD_FORMAT and "p%40ss" not in refused.value.value


def test_sender_and_gateway() -> None:
    assert channels.check_sender("Kavárna U Kocoura <kavarna@kocour.cz>") == "Kavárna U Kocoura <kavarna@kocour.cz>"
    assert channels.check_sender("kavarna@kocour.cz") == "kavarna@kocour.cz"
    for bad in ("Kavárna", "<nobody>", "a@b"):
        with pytest.raises(Refused):
            channels.check_sender(bad)
    assert channels.check_gateway("https://sms.example/send?to={to}&text={text}")
    with pytest.raises(Refused):
        channels.check_gateway("https://sms.example/send?to={to}")


@settings(max_examples=200)
@given(st.text(max_size=80))
def test_property_settings_checks_refuse_cleanly(text: str) -> None:
    for check in (channels.check_smtp, channels.check_sender, channels.check_outbox, channels.check_gateway):
        try:
            check(text)
        except Refused:
            pass


@given(purpose=st.sampled_from([tokens.UNSUBSCRIBE, tokens.CONFIRM]), customer=st.integers(0, 2**31),
       channel=st.sampled_from(channels.CHANNELS), junk=st.text(max_size=60))
def test_property_tokens_round_trip_and_refuse_tampering(purpose: str, customer: int, channel: str, junk: str) -> None:
    token = tokens.make(SECRET, purpose, customer, channel)
    assert tokens.read(SECRET, token, purpose) == tokens.Token(purpose, customer, channel)
    other = tokens.CONFIRM if purpose == tokens.UNSUBSCRIBE else tokens.UNSUBSCRIBE
    assert tokens.read(SECRET, token, other) is None
    assert tokens.read(b"x" * 32, token, purpose) is None
    assert tokens.read(SECRET, token.replace(f".{customer}.", f".{customer + 1}."), purpose) is None
    if junk.strip() != token:
        assert tokens.read(SECRET, junk, purpose) is None
