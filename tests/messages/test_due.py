"""Who is due which message: the pure rules of messages/due.py, with a property test."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from messages import due

UTC = dt.timezone.utc
NOW = dt.datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def days_ago(*days: float) -> tuple[dt.datetime, ...]:
    return tuple(sorted(NOW - dt.timedelta(days=d) for d in days))


def person(**fields: object) -> due.Customer:
    values: dict[str, object] = {"id": 1, "number": "K7Q29XJ4MN3", "email": "jana@example.cz"}
    values.update(fields)
    return due.Customer(**values)  # type: ignore[arg-type]


def kinds(customer: due.Customer, **kw: object) -> list[tuple[str, str]]:
    return [(d.kind, d.period) for d in due.due([customer], now=NOW, zone=UTC, **kw)]  # type: ignore[arg-type]


def test_birthday_from_seven_days_before_to_the_day_once_a_year() -> None:
    assert kinds(person(birthday=dt.date(1990, 11, 30))) == [("birthday", "2026")]
    assert kinds(person(birthday=dt.date(1990, 11, 23))) == [("birthday", "2026")]
    assert kinds(person(birthday=dt.date(1990, 12, 1))) == []  # 8 days ahead
    assert kinds(person(birthday=dt.date(1990, 11, 22))) == []  # yesterday
    history = due.History(frozenset({(1, "birthday", "2026")}))
    assert kinds(person(birthday=dt.date(1990, 11, 30)), history=history) == []


def test_a_new_year_birthday_is_greeted_in_late_december() -> None:
    late = dt.datetime(2026, 12, 28, 10, 0, tzinfo=UTC)
    found = due.due([person(birthday=dt.date(2000, 1, 2))], now=late, zone=UTC)
    assert [(d.kind, d.period) for d in found] == [("birthday", "2027")]


def test_winback_after_six_weeks_with_three_visits_in_six_months() -> None:
    assert kinds(person(visits=days_ago(100, 70, 43))) == [("winback", (NOW - dt.timedelta(days=43)).date().isoformat())]
    assert kinds(person(visits=days_ago(100, 41))) == []  # 2 visits only... and 41 days
    assert kinds(person(visits=days_ago(300, 250, 200, 43))) == []  # one visit in 6 months


def test_winback_sooner_when_the_gap_passes_twice_the_customers_own() -> None:
    weekly = days_ago(36, 29, 22, 15)  # every 7 days, last 15 days ago: 15 > 2 x 7
    assert [k for k, _ in kinds(person(visits=weekly))] == ["winback"]
    assert kinds(person(visits=days_ago(27, 20, 13, 6))) == []  # 6 days: the usual rhythm
    daily = days_ago(*range(12, 2, -1))  # a daily visitor gone 3 days: not before 14 days
    assert kinds(person(visits=daily)) == []


def test_almost_needs_two_or_fewer_to_go_and_two_weeks_away() -> None:
    assert kinds(person(visits=days_ago(14), to_go=2)) == [("almost", (NOW - dt.timedelta(days=14)).date().isoformat())]
    assert kinds(person(visits=days_ago(13), to_go=1)) == []
    assert kinds(person(visits=days_ago(20), to_go=3)) == []
    assert kinds(person(visits=days_ago(20), to_go=0)) == []  # the reward is there: no nudge


def test_thanks_the_day_after_a_reward() -> None:
    yesterday = NOW - dt.timedelta(days=1)
    assert kinds(person(rewards=(yesterday,), visits=(yesterday,))) == [("thanks", yesterday.date().isoformat())]
    assert kinds(person(rewards=(NOW - dt.timedelta(hours=1),))) == []  # the same day


def test_one_message_a_run_and_the_monthly_cap() -> None:
    both = person(birthday=dt.date(1990, 11, 25), visits=days_ago(100, 70, 50), to_go=1)
    assert [k for k, _ in kinds(both)] == ["birthday"]
    assert kinds(both, history=due.History(this_month={1: 2})) == []
    assert [k for k, _ in kinds(both, history=due.History(this_month={1: 1}))] == ["birthday"]


def test_no_channel_no_message_and_email_before_sms() -> None:
    assert kinds(person(email="", birthday=dt.date(1990, 11, 25))) == []
    found = due.due([person(phone="+420777", birthday=dt.date(1990, 11, 25))], now=NOW, zone=UTC)
    assert found[0].channel == "email"
    found = due.due([person(email="", phone="+420777", birthday=dt.date(1990, 11, 25))], now=NOW, zone=UTC)
    assert found[0].channel == "sms"


def test_announce_to_all_or_one_tier_once_per_text() -> None:
    gold, silver = person(id=1, tier="Gold"), person(id=2, tier="Silver")
    offer = due.Announcement("Private sale on Friday", tier="gold")
    found = due.due([gold, silver], now=NOW, zone=UTC, announcement=offer)
    assert [(d.customer, d.kind) for d in found] == [(1, "announce")]
    everyone = due.Announcement("New cakes")
    assert len(due.due([gold, silver], now=NOW, zone=UTC, announcement=everyone)) == 2
    logged = due.History(frozenset({(1, "announce", everyone.period)}))
    assert [d.customer for d in due.due([gold, silver], now=NOW, zone=UTC, announcement=everyone,
                                        history=logged)] == [2]


@pytest.mark.parametrize(("hour", "quiet"), [(7, True), (8, False), (20, False), (21, True), (23, True), (0, True)])
def test_quiet_hours(hour: int, quiet: bool) -> None:
    assert due.quiet(NOW.replace(hour=hour), UTC) is quiet


visit_days = st.lists(st.floats(min_value=0, max_value=400, allow_nan=False), max_size=12)


@settings(max_examples=200, deadline=None)
@given(visits=visit_days, rewards=visit_days, to_go=st.integers(0, 10),
       birthday=st.one_of(st.none(), st.dates(dt.date(1920, 1, 1), dt.date(2020, 12, 31))),
       this_month=st.integers(0, 3), logged_kinds=st.sets(st.sampled_from(due.AUTOMATIC)))
def test_property_at_most_one_new_message_within_the_cap(visits: list[float], rewards: list[float], to_go: int,
                                                         birthday: dt.date | None, this_month: int,
                                                         logged_kinds: set[str]) -> None:
    customer = person(visits=days_ago(*visits), rewards=days_ago(*rewards), to_go=to_go, birthday=birthday)
    periods = {k: due.period_for(k, customer, now=NOW, zone=UTC) for k in due.AUTOMATIC}
    logged = frozenset((1, k, periods[k]) for k in logged_kinds)
    found = due.due([customer], now=NOW, zone=UTC, history=due.History(logged, {1: this_month}))
    assert len(found) <= 1
    if this_month >= due.Policy().monthly_cap:
        assert found == []
    for item in found:
        assert (item.customer, item.kind, item.period) not in logged and item.period == periods[item.kind]
        assert all(not periods[k] or (1, k, periods[k]) in logged
                   for k in due.AUTOMATIC[:due.AUTOMATIC.index(item.kind)])  # a preferred kind was not skipped
    # a period names one occasion: the same records a day later give the same period or none
    later = {k: due.period_for(k, customer, now=NOW + dt.timedelta(days=1), zone=UTC) for k in due.AUTOMATIC}
    for kind in ("winback", "almost", "thanks"):
        assert later[kind] in ("", periods[kind]) or not periods[kind]
