"""Four OS processes stamp one card at once; no stamp is lost or doubled.

Each worker (``tests/helpers/workers.py stamp``) opens its own engine, says
``ready``, and on ``go`` stamps the card 50 times with ``force=True``, one
transaction per stamp. On SQLite the writers queue on ``BEGIN IMMEDIATE``; on
PostgreSQL on the card row's ``SELECT ... FOR UPDATE``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from db import engine, ops
from db.models import Card, Event, Visit
from tests.conftest import NOW
from tests.helpers import backends

WORKERS = Path(__file__).resolve().parents[1] / "helpers" / "workers.py"
PROCESSES, STAMPS_EACH, HEAD_START = 4, 50, 2


@backends.both
def test_four_processes_stamp_one_card(shop_db: engine.Database) -> None:
    with shop_db.sessions.begin() as session:
        batch = ops.create_batch(session, count=3, prestamps=HEAD_START, now=NOW)
    code = batch.codes[1]
    procs = [subprocess.Popen([sys.executable, str(WORKERS), "stamp", shop_db.url, code, str(STAMPS_EACH)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(PROCESSES)]
    try:
        for proc in procs:
            assert proc.stdout is not None
            line = proc.stdout.readline().strip()
            assert line == "ready", proc.communicate()[1]
        for proc in procs:  # start them together
            assert proc.stdin is not None
            proc.stdin.write("go\n")
            proc.stdin.flush()
        results = [proc.communicate(timeout=120) for proc in procs]
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    for proc, (out, err) in zip(procs, results):
        assert proc.returncode == 0, err
        assert out.strip() == f"done {STAMPS_EACH}"

    total = PROCESSES * STAMPS_EACH
    with shop_db.sessions.begin() as session:
        card = session.scalars(select(Card).where(Card.number == batch.numbers[1])).one()
        stamp_events = session.scalar(select(func.count()).select_from(Event)
                                      .where(Event.card_id == card.id, Event.kind == "stamp"))
        ledger = session.scalar(select(func.sum(Event.delta)).where(Event.card_id == card.id))
        visits = session.scalar(select(func.count()).select_from(Visit).where(Visit.card_id == card.id))
        activations = session.scalar(select(func.count()).select_from(Event)
                                     .where(Event.card_id == card.id, Event.kind == "activation"))
        stations = session.scalar(select(func.count(func.distinct(Event.station)))
                                  .where(Event.card_id == card.id, Event.kind == "stamp"))
        others = session.scalar(select(func.sum(Card.stamps)).where(Card.id != card.id))
    assert card.stamps == HEAD_START + total == ledger
    assert stamp_events == total == visits == card.visits
    assert activations == 1 and card.status == "active"
    assert stations == PROCESSES
    assert others == 2 * HEAD_START  # the neighbours were not touched
