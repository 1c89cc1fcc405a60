"""Program rules: how many stamps, head start, tiers, cooldown, cap per visit.

Pure functions of plain values. The database layer asks these functions what
to write; the kiosk asks them what to show. Nothing here reads a clock: the
current time is always passed in.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field

MIN_STAMPS, MAX_STAMPS = 2, 50
UNDO_WINDOW = dt.timedelta(minutes=10)


@dataclass(frozen=True)
class Tier:
    """A level reached by lifetime rewards; ``bonus`` stamps are added per visit."""

    name: str
    min_rewards: int
    bonus: int = 0


BASE_TIER = Tier("Member", 0, 0)
DEFAULT_TIERS: tuple[Tier, ...] = (Tier("Silver", 1, 0), Tier("Gold", 5, 1))


@dataclass(frozen=True)
class Program:
    """The shop's loyalty program."""

    stamps_required: int = 10
    prestamps: int = 0
    reward: str = "Free coffee"
    tiers: tuple[Tier, ...] = field(default=DEFAULT_TIERS)
    cooldown_minutes: int = 10
    max_per_visit: int = 5


class RuleKind(enum.Enum):
    """Which rule refused an operation."""

    INVALID = "invalid"
    COOLDOWN = "cooldown"
    CAP = "cap"
    NOT_FULL = "not_full"
    NOTHING_TO_UNDO = "nothing_to_undo"
    UNDO_TOO_LATE = "undo_too_late"


class RuleError(ValueError):
    """An operation refused by a program rule; ``kind`` says which rule."""

    def __init__(self, kind: RuleKind, message: str, minutes_ago: int | None = None) -> None:
        self.kind = kind
        self.minutes_ago = minutes_ago
        super().__init__(message)


def validate_program(program: Program) -> Program:
    """Return ``program`` if its numbers make sense, else raise ``RuleError``."""
    if not MIN_STAMPS <= program.stamps_required <= MAX_STAMPS:
        raise RuleError(RuleKind.INVALID, f"stamps required must be {MIN_STAMPS}..{MAX_STAMPS}")
    if not 0 <= program.prestamps <= program.stamps_required - 1:
        raise RuleError(RuleKind.INVALID,
                        f"head-start stamps must be 0..{program.stamps_required - 1}")
    if not program.reward.strip():
        raise RuleError(RuleKind.INVALID, "the reward needs a text, e.g. 'Free coffee'")
    if program.cooldown_minutes < 0:
        raise RuleError(RuleKind.INVALID, "cooldown cannot be negative")
    if not 1 <= program.max_per_visit <= MAX_STAMPS:
        raise RuleError(RuleKind.INVALID, f"stamps per visit must be 1..{MAX_STAMPS}")
    names = [t.name for t in program.tiers]
    if len(set(names)) != len(names) or any(t.min_rewards < 1 or t.bonus < 0 for t in program.tiers):
        raise RuleError(RuleKind.INVALID, "tiers need distinct names, a threshold >= 1, bonus >= 0")
    return program


def validate_prestamps(program: Program, prestamps: int) -> int:
    """Head-start stamps for a batch: 0..stamps_required-1."""
    if not 0 <= prestamps <= program.stamps_required - 1:
        raise RuleError(RuleKind.INVALID,
                        f"head-start stamps must be 0..{program.stamps_required - 1}")
    return prestamps


def tier_for(program: Program, rewards_redeemed: int) -> Tier:
    """The highest tier whose threshold the lifetime rewards reach."""
    reached = [t for t in program.tiers if rewards_redeemed >= t.min_rewards]
    return max(reached, key=lambda t: t.min_rewards) if reached else BASE_TIER


def next_tier(program: Program, rewards_redeemed: int) -> Tier | None:
    """The next tier to reach, or None at the top."""
    ahead = [t for t in program.tiers if t.min_rewards > rewards_redeemed]
    return min(ahead, key=lambda t: t.min_rewards) if ahead else None


@dataclass(frozen=True)
class StampPlan:
    """What one stamping visit adds: the cashier's count plus the tier bonus."""

    requested: int
    bonus: int

    @property
    def total(self) -> int:
        return self.requested + self.bonus


def minutes_since(then: dt.datetime, now: dt.datetime) -> int:
    """Whole minutes between two aware datetimes (never negative)."""
    return max(0, int((now - then).total_seconds() // 60))


def plan_stamp(program: Program, *, count: int, rewards_redeemed: int,
               last_stamp_at: dt.datetime | None, now: dt.datetime,
               force: bool = False) -> StampPlan:
    """Decide a stamping visit or refuse it (bad count, cap, cooldown)."""
    if count < 1:
        raise RuleError(RuleKind.INVALID, "add at least one stamp")
    if count > program.max_per_visit:
        raise RuleError(RuleKind.CAP,
                        f"at most {program.max_per_visit} stamps per visit (asked {count})")
    if (not force and last_stamp_at is not None and program.cooldown_minutes > 0
            and now - last_stamp_at < dt.timedelta(minutes=program.cooldown_minutes)):
        ago = minutes_since(last_stamp_at, now)
        raise RuleError(RuleKind.COOLDOWN,
                        f"stamped {ago} min ago (cooldown {program.cooldown_minutes} min); "
                        "add --force to stamp again", minutes_ago=ago)
    return StampPlan(count, tier_for(program, rewards_redeemed).bonus)


def plan_redeem(program: Program, balance: int) -> int:
    """Return the balance after redeeming one reward; extras carry over."""
    if balance < program.stamps_required:
        missing = program.stamps_required - balance
        raise RuleError(RuleKind.NOT_FULL,
                        f"card not full yet: {balance} of {program.stamps_required}, {missing} to go")
    return balance - program.stamps_required


def check_undo(last_at: dt.datetime | None, now: dt.datetime) -> None:
    """Refuse an undo when there is nothing to undo or it is older than 10 minutes."""
    if last_at is None:
        raise RuleError(RuleKind.NOTHING_TO_UNDO, "nothing to undo on this card")
    if now - last_at > UNDO_WINDOW:
        raise RuleError(RuleKind.UNDO_TOO_LATE,
                        f"the last change was {minutes_since(last_at, now)} min ago; "
                        "undo works within 10 minutes")


def reward_ready(program: Program, balance: int) -> bool:
    """True when the card holds enough stamps for a reward."""
    return balance >= program.stamps_required


def to_go(program: Program, balance: int) -> int:
    """Stamps still missing for the next reward (0 when full)."""
    return max(0, program.stamps_required - balance)


def is_birthday(birthday: dt.date | None, today: dt.date) -> bool:
    """True on the customer's birthday (29 February counts on 28 February off leap years)."""
    if birthday is None:
        return False
    if birthday.month == 2 and birthday.day == 29 and not _is_leap(today.year):
        return today.month == 2 and today.day == 28
    return (birthday.month, birthday.day) == (today.month, today.day)


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
