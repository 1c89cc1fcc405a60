"""The one clock for people's times (cards.clock): an instant, the shop's zone, the shop's wall time."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cards import clock

ZONES = ["Pacific/Auckland", "Europe/Prague", "America/St_Johns", "Asia/Kathmandu", "UTC", "Australia/Lord_Howe"]
instants = st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2090, 1, 1),
                        timezones=st.just(dt.timezone.utc))


@given(instants, st.sampled_from(ZONES))
def test_local_is_the_same_instant_on_the_shops_wall(instant: dt.datetime, name: str) -> None:
    local = clock.local(instant, name)
    assert local == instant  # the same instant ...
    assert local.replace(tzinfo=None) == instant.astimezone(zoneinfo.ZoneInfo(name)).replace(tzinfo=None)  # ... its wall
    assert clock.local(instant, zoneinfo.ZoneInfo(name)) == local


@given(instants, st.sampled_from(ZONES))
def test_an_instant_falls_in_its_local_day(instant: dt.datetime, name: str) -> None:
    day = clock.local_date(instant, name)
    start, end = clock.day_starts(day, day + dt.timedelta(days=1), name)
    assert start <= instant < end
    assert dt.timedelta(hours=22) <= end - start <= dt.timedelta(hours=26)


@given(st.datetimes(min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 31)),
       st.sampled_from(["en", "cs", "ru", "cs-CZ", "de", ""]))
def test_formats_give_back_the_day_and_minute(when: dt.datetime, language: str) -> None:
    text = clock.datetime_text(when, language)
    day, _, hm = text.rpartition(" ")
    assert hm == f"{when.hour:02d}:{when.minute:02d}" == clock.time_text(when)
    assert day == clock.date_text(when, language)
    numbers = [int(n) for n in day.replace(".", " ").replace("-", " ").split()]
    assert sorted(numbers) == sorted([when.year, when.month, when.day])


def test_the_systems_zone_is_the_empty_setting() -> None:
    instant = dt.datetime(2026, 7, 1, 12, 0, tzinfo=dt.timezone.utc)
    assert clock.local(instant, "") == instant and clock.local(instant, "").utcoffset() == instant.astimezone().utcoffset()
    assert clock.zone("") is None and clock.zone("Not/AZone") is None


def test_a_naive_time_is_no_instant() -> None:
    with pytest.raises(ValueError):
        clock.local(dt.datetime(2026, 7, 1, 12, 0), "Pacific/Auckland")


def test_each_language_writes_its_own_way() -> None:
    when = dt.datetime(2026, 3, 5, 9, 7)
    assert [clock.datetime_text(when, lang) for lang in ("en", "cs", "ru")] == \
        ["2026-03-05 09:07", "5. 3. 2026 09:07", "05.03.2026 09:07"]
    assert clock.shown(None, "Pacific/Auckland") == ""
    assert clock.shown(dt.datetime(2026, 12, 6, 4, 2, tzinfo=dt.timezone.utc), "Pacific/Auckland") == "2026-12-06 17:02"
