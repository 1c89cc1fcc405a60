"""The table of limits (``cards.settings.NUMBERS``) is exactly what ``validate`` accepts: a property test."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings, strategies as st

from cards import rules
from cards import settings as rule_set
from cards.refusals import Kind, Refused

BASE = rule_set.ShopSettings(shop="Kocour", reward="Free coffee", stamps=10, prestamps=2)
FIELDS = {"stamps": "stamps", "cooldown": "cooldown", "cap": "cap", "retention_months": "retention_months"}


def accepted(**changes: object) -> bool:
    try:
        rule_set.validate(dataclasses.replace(BASE, **changes))  # type: ignore[arg-type]
    except Refused as exc:
        assert exc.kind in (Kind.OUT_OF_RANGE, Kind.BAD_TIERS)
        return False
    return True


@pytest.mark.parametrize("field", sorted(FIELDS))
@given(value=st.integers(min_value=-100, max_value=20_000))
@settings(max_examples=60, deadline=None)
def test_a_number_is_accepted_exactly_within_its_bounds(field: str, value: int) -> None:
    limits = rule_set.NUMBERS[field]
    extra = {"prestamps": 0} if field == "stamps" else {}
    assert accepted(**{field: value}, **extra) == (limits.low <= value <= limits.high)


@given(stamps=st.integers(rules.MIN_STAMPS, rules.MAX_STAMPS), prestamps=st.integers(-5, 60))
@settings(max_examples=80, deadline=None)
def test_head_start_bounds_follow_the_stamps(stamps: int, prestamps: int) -> None:
    limits = rule_set.bounds("prestamps", stamps=stamps)
    assert limits.high == stamps - 1
    assert accepted(stamps=stamps, prestamps=prestamps) == (limits.low <= prestamps <= limits.high)


@given(threshold=st.integers(-5, 20_000), bonus=st.integers(-5, 80))
@settings(max_examples=80, deadline=None)
def test_a_tier_is_accepted_exactly_within_its_bounds(threshold: int, bonus: int) -> None:
    tiers = (rules.Tier("Silver", threshold, bonus),)
    fits = rule_set.NUMBERS["tier_from"].low <= threshold <= rule_set.NUMBERS["tier_from"].high and \
        rule_set.NUMBERS["tier_bonus"].low <= bonus <= rule_set.NUMBERS["tier_bonus"].high
    assert accepted(tiers=tiers) == fits
    try:
        rules.validate_program(rules.Program(10, 2, "Free coffee", tiers))
        domain = True
    except Refused:
        domain = False
    assert domain == fits  # the domain's own check agrees with the table


def test_text_lengths_are_the_checks_lengths() -> None:
    for field, limit in (("shop", rule_set.TEXTS["shop"]), ("reward", rule_set.TEXTS["reward"])):
        rule_set.check_field(field, "x" * limit)
        with pytest.raises(Refused):
            rule_set.check_field(field, "x" * (limit + 1))
