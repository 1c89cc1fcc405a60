"""Reports count the shop's local days (``shop.timezone``), on SQLite and on PostgreSQL.

Europe/Prague is UTC+1 in winter and UTC+2 in summer: a visit at 00:30 local time is
23:30 or 22:30 UTC the day before. In 2026 the clocks go forward on 29 March (a 23-hour
day) and back on 25 October (a 25-hour day).
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Iterator

import pytest

from db import engine, localdays, ops
from db.models import Shop
from tests.helpers import backends

UTC = dt.timezone.utc
PRAGUE = "Europe/Prague"


def at(text: str) -> dt.datetime:
    """An aware UTC time from ``YYYY-MM-DD HH:MM``."""
    return dt.datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=UTC)


def set_zone(database: engine.Database, name: str) -> None:
    with database.sessions.begin() as session:
        shop = session.get(Shop, 1)
        assert shop is not None
        shop.timezone = name


def stamp_at(database: engine.Database, moments: list[str], count: int = 1) -> list[str]:
    """One new card stamped once at each moment (UTC); returns the cards' numbers."""
    with database.sessions.begin() as session:
        batch = ops.create_batch(session, count=len(moments), now=at("2026-01-01 12:00"))
    with database.sessions.begin() as session:
        for number, moment in zip(batch.numbers, moments):
            ops.stamp(session, number, count=count, now=at(moment))
    return list(batch.numbers)


def days_of(report: ops.Report) -> dict[str, int]:
    return {day: visits for day, visits, _stamps, _rewards in report.per_day}


@backends.both
def test_a_visit_after_local_midnight_counts_on_the_local_day(shop_db: engine.Database) -> None:
    set_zone(shop_db, PRAGUE)
    stamp_at(shop_db, ["2026-11-23 22:59",   # 23:59 on the 23rd in Prague
                       "2026-11-23 23:30",   # 00:30 on the 24th in Prague (the 23rd in UTC)
                       "2026-11-24 12:00"])
    now = at("2026-11-24 20:00")
    with shop_db.sessions.begin() as session:
        since_24 = ops.report(session, since=dt.date(2026, 11, 24), now=now)
        since_23 = ops.report(session, since=dt.date(2026, 11, 23), now=now)
        one_day = ops.report(session, days=1, now=now)
        everything = ops.report(session, now=now)
    assert days_of(since_24) == {"2026-11-24": 2} and since_24.visits == 2 and since_24.stamps == 2
    assert days_of(since_23) == {"2026-11-23": 1, "2026-11-24": 2}
    assert one_day.since == dt.date(2026, 11, 24) and days_of(one_day) == {"2026-11-24": 2}
    assert days_of(everything) == days_of(since_23) and everything.today == dt.date(2026, 11, 24)


@backends.both
def test_the_same_visits_in_utc_days(shop_db: engine.Database) -> None:
    set_zone(shop_db, "UTC")
    stamp_at(shop_db, ["2026-11-23 22:59", "2026-11-23 23:30", "2026-11-24 12:00"])
    with shop_db.sessions.begin() as session:
        report = ops.report(session, since=dt.date(2026, 11, 23), now=at("2026-11-24 20:00"))
    assert days_of(report) == {"2026-11-23": 2, "2026-11-24": 1}


@backends.both
def test_days_of_a_dst_change_have_23_and_25_hours(shop_db: engine.Database) -> None:
    set_zone(shop_db, PRAGUE)
    stamp_at(shop_db, [
        "2026-03-28 22:30",  # 23:30 CET on 28 March
        "2026-03-28 23:30",  # 00:30 CET on 29 March (the day that loses an hour)
        "2026-03-29 21:30",  # 23:30 CEST on 29 March
        "2026-03-29 22:30",  # 00:30 CEST on 30 March
        "2026-10-24 22:30",  # 00:30 CEST on 25 October (the day that gains an hour)
        "2026-10-25 00:30",  # 02:30 CEST, the first time round
        "2026-10-25 01:30",  # 02:30 CET, the second time round
        "2026-10-25 22:30",  # 23:30 CET on 25 October
        "2026-10-25 23:30",  # 00:30 CET on 26 October
    ])
    with shop_db.sessions.begin() as session:
        report = ops.report(session, since=dt.date(2026, 3, 28), now=at("2026-10-26 12:00"))
    assert days_of(report) == {"2026-03-28": 1, "2026-03-29": 2, "2026-03-30": 1,
                               "2026-10-25": 4, "2026-10-26": 1}
    starts = localdays.day_starts(dt.date(2026, 3, 29), dt.date(2026, 3, 30), localdays.zone(PRAGUE))
    assert starts[1] - starts[0] == dt.timedelta(hours=23)
    starts = localdays.day_starts(dt.date(2026, 10, 25), dt.date(2026, 10, 26), localdays.zone(PRAGUE))
    assert starts[1] - starts[0] == dt.timedelta(hours=25)


@backends.both
def test_a_window_leaves_older_days_out_and_counts_undo_and_rewards(shop_db: engine.Database) -> None:
    set_zone(shop_db, PRAGUE)
    old, new = stamp_at(shop_db, ["2026-10-01 10:00", "2026-11-20 10:00"], count=5)
    now = at("2026-11-24 10:00")
    with shop_db.sessions.begin() as session:
        ops.stamp(session, new, count=5, now=at("2026-11-21 10:00"))
        ops.redeem(session, new, now=at("2026-11-21 10:05"))
        ops.stamp(session, old, count=2, now=at("2026-11-22 10:00"))
        ops.undo(session, old, now=at("2026-11-22 10:01"))
    with shop_db.sessions.begin() as session:
        week = ops.report(session, days=7, now=now)
        everything = ops.report(session, now=now)
    assert week.since == dt.date(2026, 11, 18)
    assert [d[0] for d in week.per_day] == ["2026-11-20", "2026-11-21", "2026-11-22"]
    # the undone visit no longer counts as a visit; its stamps come back off the day
    assert (week.visits, week.stamps, week.rewards_redeemed, week.returning_customers) == (2, 10, 1, 1)
    assert week.per_day[-1] == ("2026-11-22", 0, 0, 0)
    assert (everything.visits, everything.stamps, everything.returning_customers) == (3, 15, 1)
    assert everything.per_day[0][0] == "2026-10-01"


@backends.both
def test_a_visit_dated_in_the_future_counts_today(shop_db: engine.Database) -> None:
    set_zone(shop_db, PRAGUE)
    stamp_at(shop_db, ["2026-11-24 10:00", "2026-12-30 10:00"])  # the second one's clock ran ahead
    with shop_db.sessions.begin() as session:
        report = ops.report(session, days=7, now=at("2026-11-24 12:00"))
    assert days_of(report) == {"2026-11-24": 2}


@pytest.fixture
def system_zone_prague() -> Iterator[None]:
    before = os.environ.get("TZ")
    os.environ["TZ"] = PRAGUE
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        time.tzset()


def test_no_zone_set_means_the_systems(shop_db: engine.Database, system_zone_prague: None) -> None:
    set_zone(shop_db, "")
    stamp_at(shop_db, ["2026-10-24 22:30", "2026-10-25 23:30"])
    with shop_db.sessions.begin() as session:
        report = ops.report(session, since=dt.date(2026, 10, 24), now=at("2026-10-26 12:00"))
    assert days_of(report) == {"2026-10-25": 1, "2026-10-26": 1}


def test_cli_report_since_counts_local_days(shop_db: engine.Database, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from kiosk import cli

    set_zone(shop_db, PRAGUE)
    stamp_at(shop_db, ["2026-11-23 23:30"])
    code = cli.main(["report", "--since", "2026-11-24", "--json", "--db", shop_db.url])
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data["visits"] == 1 and data["per_day"][0]["day"] == "2026-11-24"


@pytest.mark.parametrize("zone_name", ["Europe/Prague", "Europe/London", "America/Los_Angeles",
                                       "Pacific/Kiritimati", "Pacific/Chatham", "Australia/Lord_Howe"])
def test_every_visit_counts_on_its_local_day(shop_db: engine.Database, zone_name: str) -> None:
    """Random visits around the year's DST changes, counted as Python's zoneinfo would."""
    import random

    rng = random.Random(zone_name)
    set_zone(shop_db, zone_name)
    zone = localdays.zone(zone_name)
    assert zone is not None
    moments = sorted(at("2026-03-20 00:00") + dt.timedelta(minutes=rng.randrange(0, 60 * 24 * 230))
                     for _ in range(120))
    stamp_at(shop_db, [m.strftime("%Y-%m-%d %H:%M") for m in moments])
    now = at("2026-11-24 12:00")
    expected: dict[str, int] = {}
    for moment in moments:
        day = moment.astimezone(zone).date().isoformat()
        expected[day] = expected.get(day, 0) + 1
    since = dt.date(2026, 4, 10)
    with shop_db.sessions.begin() as session:
        everything = ops.report(session, now=now)
        window = ops.report(session, since=since, now=now)
    assert days_of(everything) == expected
    assert days_of(window) == {d: n for d, n in expected.items() if d >= since.isoformat()}


@backends.both
def test_all_time_over_years_of_history(shop_db: engine.Database) -> None:
    """More local midnights than one statement may compare (SQLite parses at most 1,000 levels of OR)."""
    set_zone(shop_db, PRAGUE)
    zone = localdays.zone(PRAGUE)
    moments = [at("2023-01-01 23:30") + dt.timedelta(days=4 * i, hours=i % 5) for i in range(300)]
    stamp_at(shop_db, [m.strftime("%Y-%m-%d %H:%M") for m in moments])
    with shop_db.sessions.begin() as session:
        report = ops.report(session, now=at("2026-11-24 12:00"))
    expected = {m.astimezone(zone).date().isoformat(): 1 for m in moments}
    assert days_of(report) == expected and report.visits == 300
