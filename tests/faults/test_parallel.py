"""Parallel redeem, undo and transfer of one card from separate processes: exactly one wins."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from db import engine, ops
from db.models import utcnow

ROOT = Path(__file__).resolve().parents[2]
RACERS = 4


def race(url: str, argv_per_racer: list[list[str]]) -> list[str]:
    """Start the racers, wait until all are ready, say ``go`` to all at once; their answers."""
    racers = [subprocess.Popen([sys.executable, "-m", "tests.faults.workers", "race", url, *argv],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT)
              for argv in argv_per_racer]
    for racer in racers:
        assert racer.stdout is not None and racer.stdout.readline().strip() == "ready"
    for racer in racers:
        assert racer.stdin is not None
        racer.stdin.write("go\n")
        racer.stdin.flush()
    answers = []
    for racer in racers:
        out, _ = racer.communicate(timeout=60)
        answers.append(out.strip())
    return answers


@pytest.fixture
def card_db(shop: Path) -> tuple[str, list[str]]:
    database = engine.open_database(engine.sqlite_url(shop))
    with database.sessions.begin() as session:
        batch = ops.create_batch(session, count=RACERS + 1, now=utcnow())
    database.close()
    return engine.sqlite_url(shop), list(batch.codes)


def test_parallel_redeem_of_a_full_card(card_db: tuple[str, list[str]]) -> None:
    url, codes = card_db
    database = engine.open_database(url)
    with database.sessions.begin() as session:
        ops.stamp(session, codes[0], count=5, now=utcnow())
        ops.stamp(session, codes[0], count=3, force=True, now=utcnow())  # 2 + 8 = 10: one reward
    database.close()
    answers = race(url, [["redeem", codes[0]]] * RACERS)
    assert answers.count("won") == 1 and answers.count("refused not_full") == RACERS - 1, answers


def test_parallel_undo_of_one_stamp(card_db: tuple[str, list[str]]) -> None:
    url, codes = card_db
    database = engine.open_database(url)
    with database.sessions.begin() as session:
        ops.stamp(session, codes[0], count=2, now=utcnow())
    database.close()
    answers = race(url, [["undo", codes[0]]] * RACERS)
    assert answers.count("won") == 1 and answers.count("refused already_undone") == RACERS - 1, answers
    database = engine.open_database(url)
    with database.sessions.begin() as session:
        assert ops.card_view(session, codes[0]).stamps == 2
    database.close()


def test_parallel_transfer_of_one_card(card_db: tuple[str, list[str]]) -> None:
    url, codes = card_db
    database = engine.open_database(url)
    with database.sessions.begin() as session:
        ops.stamp(session, codes[0], count=3, now=utcnow())
    database.close()
    answers = race(url, [["transfer", codes[0], new] for new in codes[1:RACERS + 1]])
    assert answers.count("won") == 1 and answers.count("refused transferred") == RACERS - 1, answers
    database = engine.open_database(url)
    with database.sessions.begin() as session:
        balances = sorted(ops.card_view(session, code).stamps for code in codes[1:RACERS + 1])
    database.close()
    assert balances == [2] * (RACERS - 1) + [5]  # one new card got exactly the old balance
