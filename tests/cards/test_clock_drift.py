"""Clocks that drift (issue 18 part 6): a stamp "from the future" still has its cooldown;
a lockout made under a clock running ahead never lasts longer than its length in real time."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cards import refusals, rules
from db import engine, ops
from db.models import Staff
from tests.conftest import NOW, PIN

PROGRAM = rules.Program(stamps_required=10, prestamps=2, cooldown_minutes=5)
MIN = dt.timedelta(minutes=1)


def test_a_stamp_from_another_stations_clock_ahead_counts_as_now() -> None:
    ahead = NOW + dt.timedelta(hours=1)  # the other station's clock runs an hour ahead
    with pytest.raises(refusals.Refused) as err:
        rules.plan_stamp(PROGRAM, count=1, rewards_redeemed=0, last_stamp_at=ahead, now=NOW)
    assert err.value.kind is refusals.Kind.COOLDOWN and err.value.minutes == 0
    assert rules.plan_stamp(PROGRAM, count=1, rewards_redeemed=0, last_stamp_at=ahead, now=NOW, force=True).total == 1
    later = ahead + 5 * MIN  # this station's clock has passed that stamp and its cooldown
    assert rules.plan_stamp(PROGRAM, count=1, rewards_redeemed=0, last_stamp_at=ahead, now=later).total == 1


@given(st.integers(min_value=-10_000_000, max_value=10_000_000), st.integers(min_value=1, max_value=10_080))
def test_the_cooldown_holds_for_any_last_stamp_not_long_enough_ago(offset_s: int, cooldown: int) -> None:
    program = rules.Program(stamps_required=10, prestamps=2, cooldown_minutes=cooldown)
    last = NOW + dt.timedelta(seconds=offset_s)
    refused = NOW - last < dt.timedelta(minutes=cooldown)  # in the future or within the cooldown
    try:
        rules.plan_stamp(program, count=1, rewards_redeemed=0, last_stamp_at=last, now=NOW)
    except refusals.Refused as exc:
        assert exc.kind is refusals.Kind.COOLDOWN and refused
    else:
        assert not refused


def lock_under(shop_db: engine.Database, at: dt.datetime) -> None:
    for _ in range(ops.LOCKOUT_ATTEMPTS):
        with shop_db.sessions.begin() as session:
            with pytest.raises(refusals.Refused):
                ops.verify_pin(session, "0000", now=at)


def test_a_lockout_made_under_a_clock_a_day_ahead_ends_in_real_time(shop_db: engine.Database) -> None:
    lock_under(shop_db, NOW + dt.timedelta(days=1))  # the clock ran a day ahead; it is set right since
    with shop_db.sessions.begin() as session:
        assert session.query(Staff).one().locked_until is not None
        assert ops.verify_pin(session, PIN, now=NOW) == "owner"  # was: locked for 1,445 minutes


def test_a_lockout_under_a_right_clock_holds_its_length(shop_db: engine.Database) -> None:
    lock_under(shop_db, NOW)
    for at in (NOW, NOW + MIN, NOW + ops.LOCKOUT - MIN):
        with shop_db.sessions.begin() as session:
            with pytest.raises(refusals.Refused) as err:
                ops.verify_pin(session, PIN, now=at)
        assert err.value.kind is refusals.Kind.LOCKED
    with shop_db.sessions.begin() as session:
        assert ops.verify_pin(session, PIN, now=NOW + ops.LOCKOUT) == "owner"


@given(st.integers(min_value=-86_400 * 30, max_value=86_400 * 30))
def test_no_lock_lasts_longer_than_lockout(offset_s: int) -> None:
    locked_until = NOW + dt.timedelta(seconds=offset_s)
    holds = ops.lock_holds(locked_until, NOW)
    assert holds == (NOW < locked_until <= NOW + ops.LOCKOUT)
