"""Who is due which message: a pure function of plain customer records, the day and the policy.

Kinds (issue 19):

* ``birthday``: from ``birthday_days`` (7) before the birthday to the day itself, once a year;
* ``winback``: at least 3 visits in the last 6 months and none for 6 weeks, or sooner when
  the current gap passes twice the customer's own median gap (never before 14 days);
* ``almost``: 2 stamps or fewer to go and no visit for 14 days;
* ``thanks``: the day after a reward (up to 3 days late, if the kiosk was off);
* ``announce``: the owner's own text, to every consenting customer or to one tier.

Each message has a *period*, so that (customer, kind, period) names it once for ever: the
birthday's year, the date of the last visit a winback or almost answers, the reward's
date, the announcement text's digest. A customer gets at most one message a run and at
most ``monthly_cap`` (2) a calendar month; quiet hours hold sending (not choosing).
Only customers with an address on a consenting channel are records at all
(``db.messaging`` leaves out the rest), and e-mail is preferred over SMS.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from cards import channels, clock

BIRTHDAY, WINBACK, ALMOST, THANKS, ANNOUNCE = "birthday", "winback", "almost", "thanks", "announce"
KINDS: tuple[str, ...] = (BIRTHDAY, WINBACK, ALMOST, THANKS, ANNOUNCE)
AUTOMATIC: tuple[str, ...] = (BIRTHDAY, THANKS, ALMOST, WINBACK)  # also the order of preference in one run


@dataclass(frozen=True)
class Policy:
    """The numbers of the rules above (the defaults are the issue's)."""

    birthday_days: int = 7
    winback_visits: int = 3
    winback_window: dt.timedelta = dt.timedelta(days=182)
    winback_gap: dt.timedelta = dt.timedelta(weeks=6)
    winback_factor: float = 2.0
    winback_min_gap: dt.timedelta = dt.timedelta(days=14)
    almost_to_go: int = 2
    almost_gap: dt.timedelta = dt.timedelta(days=14)
    thanks_late_days: int = 3
    monthly_cap: int = 2
    quiet_from: dt.time = dt.time(21, 0)
    quiet_until: dt.time = dt.time(8, 0)


Customer = channels.Recipient  # the plain record the rules read (built by ``db.messaging``)


@dataclass(frozen=True)
class Announcement:
    """The owner's own text, to everyone who agreed or to one tier (a closed offer)."""

    text: str
    tier: str = ""

    @property
    def period(self) -> str:
        """The same text is sent once: its digest names it."""
        return hashlib.sha256(f"{self.tier}\n{self.text}".encode()).hexdigest()[:16]


@dataclass(frozen=True)
class History:
    """What was already sent: every (customer, kind, period) logged, and this month's count per customer."""

    logged: frozenset[tuple[int, str, str]] = frozenset()
    this_month: Mapping[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Due:
    """One message to send: to whom (customer, card), what (kind, period) and how (channel)."""

    customer: int
    number: str
    kind: str
    period: str
    channel: str


def local_date(when: dt.datetime, zone: dt.tzinfo | None) -> dt.date:
    """The shop's local day of an aware time (``zone`` None: the system's; ``cards.clock``, the one clock)."""
    return clock.local_date(when, zone)


def birthday_in(year: int, birthday: dt.date) -> dt.date:
    """The birthday's date in ``year`` (29 February is 28 February in other years)."""
    try:
        return birthday.replace(year=year)
    except ValueError:
        return dt.date(year, 2, 28)


def _birthday(customer: Customer, today: dt.date, policy: Policy) -> str:
    if customer.birthday is None:
        return ""
    for year in (today.year, today.year + 1):  # a birthday on 2 January is announced in late December
        day = birthday_in(year, customer.birthday)
        if 0 <= (day - today).days <= policy.birthday_days:
            return str(year)
    return ""


def median_gap(visits: tuple[dt.datetime, ...]) -> dt.timedelta | None:
    """The median time between the customer's consecutive visits (None with fewer than 2 gaps)."""
    gaps = [(b - a).total_seconds() for a, b in zip(visits, visits[1:])]
    if len(gaps) < 2:
        return None
    return dt.timedelta(seconds=statistics.median(gaps))


def _winback(customer: Customer, now: dt.datetime, zone: dt.tzinfo | None, policy: Policy) -> str:
    if not customer.visits:
        return ""
    last = customer.visits[-1]
    recent = [v for v in customer.visits if v >= now - policy.winback_window]
    gap = now - last
    if len(recent) < policy.winback_visits or gap < policy.winback_min_gap:
        return ""
    usual = median_gap(customer.visits)
    if gap >= policy.winback_gap or (usual is not None and gap > usual * policy.winback_factor):
        return local_date(last, zone).isoformat()
    return ""


def _almost(customer: Customer, now: dt.datetime, zone: dt.tzinfo | None, policy: Policy) -> str:
    if not customer.visits or not 0 < customer.to_go <= policy.almost_to_go:
        return ""
    last = customer.visits[-1]
    return local_date(last, zone).isoformat() if now - last >= policy.almost_gap else ""


def _thanks(customer: Customer, today: dt.date, zone: dt.tzinfo | None, policy: Policy) -> str:
    if not customer.rewards:
        return ""
    day = local_date(customer.rewards[-1], zone)
    return day.isoformat() if 1 <= (today - day).days <= policy.thanks_late_days else ""


def period_for(kind: str, customer: Customer, *, now: dt.datetime, zone: dt.tzinfo | None,
               policy: Policy = Policy()) -> str:
    """The period for which ``customer`` is due a message of an automatic ``kind`` now ("" = not due)."""
    today = local_date(now, zone)
    if kind == BIRTHDAY:
        return _birthday(customer, today, policy)
    if kind == WINBACK:
        return _winback(customer, now, zone, policy)
    if kind == ALMOST:
        return _almost(customer, now, zone, policy)
    if kind == THANKS:
        return _thanks(customer, today, zone, policy)
    raise ValueError(f"not an automatic kind: {kind!r}")


def due(customers: Iterable[Customer], *, now: dt.datetime, zone: dt.tzinfo | None, history: History = History(),
        kinds: tuple[str, ...] = AUTOMATIC, announcement: Announcement | None = None,
        policy: Policy = Policy()) -> list[Due]:
    """The messages due now, at most one per customer, none already logged, within the monthly cap.

    With an ``announcement``, only it (to the consenting customers of its tier, or all);
    otherwise the automatic ``kinds``, preferred in ``AUTOMATIC`` order.
    """
    out: list[Due] = []
    wanted = [k for k in AUTOMATIC if k in kinds]
    for customer in customers:
        channel = customer.channel
        if not channel or history.this_month.get(customer.id, 0) >= policy.monthly_cap:
            continue
        if announcement is not None:
            if announcement.tier and customer.tier.casefold() != announcement.tier.casefold():
                continue
            if (customer.id, ANNOUNCE, announcement.period) not in history.logged:
                out.append(Due(customer.id, customer.number, ANNOUNCE, announcement.period, channel))
            continue
        for kind in wanted:
            period = period_for(kind, customer, now=now, zone=zone, policy=policy)
            if period and (customer.id, kind, period) not in history.logged:
                out.append(Due(customer.id, customer.number, kind, period, channel))
                break
    return out


def quiet(now: dt.datetime, zone: dt.tzinfo | None, policy: Policy = Policy()) -> bool:
    """True in the quiet hours (the shop's local time): nothing is sent, it waits for the morning."""
    wall = clock.local(now, zone).time()
    start, end = policy.quiet_from, policy.quiet_until
    return (start <= wall or wall < end) if start > end else start <= wall < end
