"""Program rules: how many stamps, head start, tiers, cooldown, cap per visit.

Pure functions of plain values. The database layer asks these functions what
to write; the kiosk asks them what to show. Nothing here reads a clock: the
current time is always passed in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from cards import refusals
from cards.refusals import Kind, Refused

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


MAX_COOLDOWN_MINUTES = 7 * 24 * 60  # a week
MAX_BATCH = 100_000
MAX_TIER_REWARDS = 10_000  # a tier's threshold, in rewards redeemed
TIER_NAME_LENGTH = 20
REWARD_LENGTH = 80
PIN_DIGITS = (4, 8)


def validate_program(program: Program) -> Program:
    """Return ``program`` if its numbers make sense, else refuse naming the field and its range."""
    refusals.check_range("stamps", program.stamps_required, MIN_STAMPS, MAX_STAMPS)
    refusals.check_range("prestamps", program.prestamps, 0, program.stamps_required - 1)
    if not program.reward.strip():
        raise Refused(Kind.EMPTY, field="reward")
    if len(program.reward) > REWARD_LENGTH:
        raise Refused(Kind.TOO_LONG, field="reward", limit=REWARD_LENGTH)
    refusals.check_range("cooldown", program.cooldown_minutes, 0, MAX_COOLDOWN_MINUTES)
    refusals.check_range("cap", program.max_per_visit, 1, MAX_STAMPS)
    names = [t.name for t in program.tiers]
    if (len(set(names)) != len(names) or any(not t.name.strip() or len(t.name) > TIER_NAME_LENGTH
                                             or not 1 <= t.min_rewards <= MAX_TIER_REWARDS or not 0 <= t.bonus <= MAX_STAMPS
                                             for t in program.tiers)):
        raise Refused(Kind.BAD_TIERS)
    return program


def validate_prestamps(program: Program, prestamps: int) -> int:
    """Head-start stamps for a batch: 0..stamps_required-1."""
    return refusals.check_range("prestamps", prestamps, 0, program.stamps_required - 1)


def check_pin_format(pin: str) -> str:
    """A PIN is 4 to 8 ASCII digits (the keypad has no others); refuse anything else."""
    low, high = PIN_DIGITS
    if not (pin.isascii() and pin.isdigit() and low <= len(pin) <= high):
        raise Refused(Kind.BAD_PIN_FORMAT, low=low, high=high)
    return pin


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


def within(then: dt.datetime, now: dt.datetime, window: dt.timedelta) -> bool:
    """True when ``then`` lies in the ``window`` before ``now``.

    A time in the future (the clock was set back since, or another station's clock
    runs ahead) is outside every window: otherwise a card would stay in cooldown, or
    a change stay undoable, until real time caught up, months perhaps, which is longer
    than the rule's own length.
    """
    return dt.timedelta(0) <= now - then < window


def minutes_since(then: dt.datetime, now: dt.datetime) -> int:
    """Whole minutes between two aware datetimes (never negative)."""
    return max(0, int((now - then).total_seconds() // 60))


def cooldown_from(last_stamp_at: dt.datetime, now: dt.datetime) -> dt.datetime:
    """When the cooldown of a card's last stamp starts, for a stamp asked for ``now``.

    A last stamp "in the future" (another station's clock runs ahead, or this one's
    behind) counts as now: the cooldown holds, never "no cooldown". It lasts until this
    station's clock passes that stamp's time plus the cooldown, so a clock ahead by D
    lengthens that card's cooldown by D at a station whose clock is right (``--force``
    stamps anyway). The README says how far clocks may drift.
    """
    return min(last_stamp_at, now)


def plan_stamp(program: Program, *, count: int, rewards_redeemed: int,
               last_stamp_at: dt.datetime | None, now: dt.datetime,
               force: bool = False) -> StampPlan:
    """Decide a stamping visit or refuse it (bad count, cap, cooldown)."""
    if count < 1:
        raise Refused(Kind.OUT_OF_RANGE, field="count", low=1, high=program.max_per_visit, value=str(count))
    if count > program.max_per_visit:
        raise Refused(Kind.CAP, limit=program.max_per_visit, asked=count)
    if (not force and last_stamp_at is not None and program.cooldown_minutes > 0
            and within(cooldown_from(last_stamp_at, now), now, dt.timedelta(minutes=program.cooldown_minutes))):
        raise Refused(Kind.COOLDOWN, minutes=minutes_since(last_stamp_at, now), limit=program.cooldown_minutes)
    return StampPlan(count, tier_for(program, rewards_redeemed).bonus)


def plan_redeem(program: Program, balance: int) -> int:
    """Return the balance after redeeming one reward; extras carry over."""
    if balance < program.stamps_required:
        raise Refused(Kind.NOT_FULL, stamps=balance, required=program.stamps_required,
                      to_go=program.stamps_required - balance)
    return balance - program.stamps_required


def check_undo(last_at: dt.datetime | None, now: dt.datetime) -> None:
    """Refuse an undo when there is nothing to undo or it is older than 10 minutes."""
    if last_at is None:
        raise Refused(Kind.NOTHING_TO_UNDO)
    if not within(last_at, now, UNDO_WINDOW + dt.timedelta(microseconds=1)):
        raise Refused(Kind.UNDO_TOO_LATE, minutes=minutes_since(last_at, now),
                      limit=int(UNDO_WINDOW.total_seconds() // 60))


def stamps_to_go(required: int, balance: int) -> int:
    """Stamps still missing for a reward of ``required`` stamps (0 when full): the one place this is decided."""
    return max(0, required - balance)


def head_start_shown(batch_prestamps: int, rewards_redeemed: int, balance: int) -> int:
    """How many of a card's slots show the shop's gift: its own batch's head start, in its first round only.

    The head start belongs to the batch the card was printed in (a batch may differ
    from the program's default), and once a reward was taken the slots are a new round.
    """
    return min(batch_prestamps, balance) if rewards_redeemed == 0 else 0


def reward_ready(program: Program, balance: int) -> bool:
    """True when the card holds enough stamps for a reward."""
    return stamps_to_go(program.stamps_required, balance) == 0


def to_go(program: Program, balance: int) -> int:
    """Stamps still missing for the next reward (0 when full)."""
    return stamps_to_go(program.stamps_required, balance)


def is_birthday(birthday: dt.date | None, today: dt.date) -> bool:
    """True on the customer's birthday (29 February counts on 28 February off leap years)."""
    if birthday is None:
        return False
    if birthday.month == 2 and birthday.day == 29 and not _is_leap(today.year):
        return today.month == 2 and today.day == 28
    return (birthday.month, birthday.day) == (today.month, today.day)


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
