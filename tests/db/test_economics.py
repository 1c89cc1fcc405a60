"""`report economics`: what the program earns, from the shop's own ledger (db/economics.py)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from db import economics, engine, ops
from db.models import Card
from kiosk import cli
from tests.helpers import backends

UTC = dt.timezone.utc
NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
ROOT = Path(__file__).resolve().parents[2]


def at(days: float) -> dt.datetime:
    return NOW - dt.timedelta(days=days)


@backends.both
def test_completion_by_batch_days_to_complete_owed_cycle_and_lapsed(shop_db: engine.Database) -> None:
    """Two batches of 2 cards: a head start of 2 (needs 8 paid stamps), none (needs 10)."""
    with shop_db.sessions.begin() as session:
        head = ops.create_batch(session, count=2, now=at(100))
        blank = ops.create_batch(session, count=2, prestamps=0, now=at(100))
    fast, idle = head.codes
    slow, never = blank.codes
    with shop_db.sessions.begin() as session:
        for i in range(4):  # 4 visits of 2 stamps, every 5 days: 8 paid + 2 = a reward on day 15
            ops.stamp(session, fast, count=2, now=at(80 - 5 * i))
        ops.redeem(session, fast, now=at(65))
        for i in range(3):  # 3 visits of 3 stamps every 10 days, last 60 days ago: lapsed, 9 owed
            ops.stamp(session, slow, count=3, now=at(80 - 10 * i))
        ops.scan(session, idle, now=at(50))  # seen once, never stamped: 2 head-start stamps owed
    with shop_db.sessions.begin() as session:
        figures = economics.economics(session, now=NOW, what_if_stamps=10, what_if_head_start=0)
    assert [(b.batch, b.head_start, b.issued, b.cards, b.completed, b.completion_rate) for b in figures.batches] == [
        (head.id, 2, 2, 2, 1, 0.5), (blank.id, 0, 2, 1, 0, 0.0)]
    assert figures.head_start_effect == {"with_head_start": 0.5, "without_head_start": 0.0}
    assert figures.median_days_to_complete == 15.0
    assert figures.outstanding_stamps == 0 + 2 + 9
    assert figures.rewards_owed == 1.1
    assert figures.redemption_rate == 1.0
    assert figures.repeat_cycle_days == 5.0  # gaps 5, 5, 5, 10, 10
    assert dict(figures.visit_gaps)["4-7"] == 3 and dict(figures.visit_gaps)["8-14"] == 2
    assert figures.lapsed == 2  # both stamped cards: last visits 65 and 60 days ago
    assert figures.what_if is not None
    assert (figures.what_if.completion_rate, figures.what_if.completion_rate_now) == (0.0, round(1 / 3, 4))
    assert (figures.what_if.rewards, figures.what_if.rewards_now, figures.what_if.cards_keeping_old_rule) == (0, 1, 3)


@settings(max_examples=25, deadline=None)
@given(paid=st.lists(st.integers(0, 40), min_size=1, max_size=8), stamps=st.integers(2, 20),
       head=st.integers(0, 19))
def test_property_what_if_with_todays_rule_is_today(tmp_path_factory: pytest.TempPathFactory, paid: list[int],
                                                    stamps: int, head: int) -> None:
    """With the rule the shop has, the what-if says what happened; more stamps needed never completes more."""
    from cards import rules

    head = min(head, stamps - 1)
    database = engine.open_database(engine.sqlite_url(tmp_path_factory.mktemp("e") / "e.db"))
    try:
        with database.sessions.begin() as session:
            ops.init_shop(session, name="X", program=rules.Program(stamps, head, "Coffee", cooldown_minutes=0,
                                                                   max_per_visit=50), owner_pin="2468")
            batch = ops.create_batch(session, count=len(paid), now=at(50))
        for code, count in zip(batch.codes, paid):
            with database.sessions.begin() as session:
                ops.scan(session, code, now=at(40))
                for day in range(count // 5 + (count % 5 > 0)):
                    ops.stamp(session, code, count=min(5, count - 5 * day), now=at(39 - day), force=True)
        with database.sessions.begin() as session:
            now = economics.economics(session, now=NOW, what_if_stamps=stamps, what_if_head_start=head)
            harder = economics.economics(session, now=NOW, what_if_stamps=min(50, stamps + 1), what_if_head_start=head)
        assert now.what_if is not None and harder.what_if is not None
        assert now.what_if.completion_rate == now.what_if.completion_rate_now
        expected = sum(1 for p in paid if p >= stamps - head) / len(paid)
        assert now.what_if.completion_rate == round(expected, 4)
        assert harder.what_if.completion_rate <= now.what_if.completion_rate
        for b in now.batches:
            assert 0 <= b.completed <= b.cards <= b.issued and 0.0 <= b.completion_rate <= 1.0
    finally:
        database.close()


def test_on_the_screenshot_cafes_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`report economics --json` on the café that scripts/screenshots.py fills (the issue's "done when")."""
    spec = importlib.util.spec_from_file_location("screenshots", ROOT / "scripts" / "screenshots.py")
    assert spec is not None and spec.loader is not None
    screenshots = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(screenshots)
    db = tmp_path / "cafe.db"
    database = engine.open_database(engine.sqlite_url(db), create=True)
    now = dt.datetime.now(UTC)
    screenshots.fill(database, now)
    with database.sessions.begin() as session:
        owed = session.scalar(select(func.sum(Card.stamps)).where(Card.status == "active", Card.batch_id == 1))
    database.close()
    capsys.readouterr()
    assert cli.main(["report", "economics", "--db", str(db), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    first = data["batches"][0]
    assert (first["batch"], first["head_start"], first["cards"]) == (1, 2, 28)
    assert 0 < first["completed"] <= first["cards"] and first["completion_rate"] == round(
        first["completed"] / first["cards"], 4)
    assert data["median_days_to_complete"] is not None and 0 < data["median_days_to_complete"] < 31
    assert data["outstanding_stamps"] == owed
    assert data["repeat_cycle_days"] is not None and 1.5 <= data["repeat_cycle_days"] <= 6.5  # every 2..6 days
    assert data["lapsed"] >= 0 and set(data) >= {"batches", "median_days_to_complete", "outstanding_stamps",
                                                 "repeat_cycle_days", "lapsed"}
