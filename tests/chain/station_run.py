"""One station at the counter, as its own process: stamp, redeem and undo at random.

``python -m tests.chain.station_run DB NAME SEED OPS CODE...`` works on the
station's SQLite file with the real ops (what the kiosk's buttons call), tries
to sync now and then, and prints one JSON line: the stamps it made and the
rewards it gave, net of its undos, and how many syncs failed. A station only
redeems the cards whose index modulo 3 is its ``SEED % 3`` (so two stations
never redeem the same card while apart: that is the conflict test's case).
"""

from __future__ import annotations

import json
import random
import sys

from cards.refusals import Refused
from db import engine, ops, sync
from db.models import utcnow


def main(argv: list[str]) -> int:
    path, name, seed, count, *cards = argv
    rng = random.Random(int(seed))
    database = engine.open_database(engine.sqlite_url(__import__("pathlib").Path(path)))
    stamped = redeemed = failures = synced = 0
    last: dict[str, tuple[str, int]] = {}  # card -> (kind, delta) of this station's last change
    for step in range(int(count)):
        index = rng.randrange(len(cards))
        code = cards[index]
        roll = rng.random()
        try:
            with database.sessions.begin() as session:
                if roll < 0.15 and index % 3 == int(seed) % 3:
                    result = ops.redeem(session, code, now=utcnow(), station=name)
                    redeemed += 1
                    last[code] = ("redeem", 0)
                elif roll < 0.25 and code in last:
                    result = ops.undo(session, code, now=utcnow(), station=name)
                    kind, added = last.pop(code)
                    if kind == "redeem":
                        redeemed -= 1
                    else:
                        stamped -= added
                else:
                    result = ops.stamp(session, code, count=rng.randint(1, 3), force=True, now=utcnow(), station=name)
                    stamped += result.added
                    last[code] = ("stamp", result.added)
        except Refused:
            pass
        if step % 10 == 9:
            try:
                sync.sync_once(database)
                synced += 1
            except sync.HubUnreachable:
                failures += 1
    database.close()
    print(json.dumps({"stamped": stamped, "redeemed": redeemed, "sync_failures": failures, "synced": synced}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
