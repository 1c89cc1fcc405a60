from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from cards import refusals, rules

NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.timezone.utc)
PROGRAM = rules.Program(stamps_required=10, prestamps=2)


@pytest.mark.parametrize(
    "changes",
    [{"stamps_required": 1}, {"stamps_required": 51}, {"prestamps": 10}, {"prestamps": -1},
     {"reward": "  "}, {"max_per_visit": 0}, {"cooldown_minutes": -1}],
)
def test_invalid_programs(changes: Any) -> None:
    program = rules.Program(**{**PROGRAM.__dict__, **changes})
    with pytest.raises(refusals.Refused):
        rules.validate_program(program)


@pytest.mark.parametrize(("redeemed", "name"), [(0, "Member"), (1, "Silver"), (4, "Silver"), (5, "Gold"), (99, "Gold")])
def test_tiers(redeemed: int, name: str) -> None:
    assert rules.tier_for(PROGRAM, redeemed).name == name


def test_gold_adds_bonus_stamp() -> None:
    plan = rules.plan_stamp(PROGRAM, count=2, rewards_redeemed=5, last_stamp_at=None, now=NOW)
    assert plan.total == 3


def test_cooldown_needs_force() -> None:
    last = NOW - dt.timedelta(minutes=4)
    with pytest.raises(refusals.Refused) as err:
        rules.plan_stamp(PROGRAM, count=1, rewards_redeemed=0, last_stamp_at=last, now=NOW)
    assert err.value.kind is refusals.Kind.COOLDOWN and err.value.minutes == 4
    assert rules.plan_stamp(PROGRAM, count=1, rewards_redeemed=0, last_stamp_at=last, now=NOW, force=True).total == 1
    later = NOW - dt.timedelta(minutes=10)
    assert rules.plan_stamp(PROGRAM, count=1, rewards_redeemed=0, last_stamp_at=later, now=NOW).total == 1


def test_cap_per_visit() -> None:
    with pytest.raises(refusals.Refused) as err:
        rules.plan_stamp(PROGRAM, count=6, rewards_redeemed=0, last_stamp_at=None, now=NOW, force=True)
    assert err.value.kind is refusals.Kind.CAP


def test_redeem_carries_extras() -> None:
    assert rules.plan_redeem(PROGRAM, 10) == 0
    assert rules.plan_redeem(PROGRAM, 12) == 2
    with pytest.raises(refusals.Refused) as err:
        rules.plan_redeem(PROGRAM, 9)
    assert err.value.kind is refusals.Kind.NOT_FULL


def test_undo_window() -> None:
    rules.check_undo(NOW - dt.timedelta(minutes=9), NOW)
    with pytest.raises(refusals.Refused):
        rules.check_undo(NOW - dt.timedelta(minutes=11), NOW)
    with pytest.raises(refusals.Refused):
        rules.check_undo(None, NOW)


def test_birthday() -> None:
    assert rules.is_birthday(dt.date(1990, 11, 23), NOW.date())
    assert not rules.is_birthday(None, NOW.date())
    assert rules.is_birthday(dt.date(2000, 2, 29), dt.date(2027, 2, 28))
