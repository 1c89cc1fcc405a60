"""Worker processes for the fault tests; run as ``python -m tests.faults.workers MODE ...``.

``zygote batch URL FOLDER COUNT``
    Import everything once, then for every ``go`` line on stdin fork a child that
    issues a COUNT-card batch through ``kiosk.workflows.issue_batch`` (PDF to
    ``FOLDER/<n>.pdf``) and writes ``done <batch>`` when it finished.
``zygote restore DB SOURCE...``
    For every ``go N`` line fork a child that restores ``SOURCE[N]`` over ``DB``.

The zygote writes ``pid <child>`` when it forks and ``dead <child> <status>``
once the child is gone (the test kills it with SIGKILL at a random moment).
Forking a warm process keeps twenty kill rounds within seconds.

``race URL OP CODE [NEW]``
    Open the database, print ``ready``, wait for ``go``, run one operation
    (``redeem``, ``undo``, ``transfer`` to NEW) and print ``won`` or
    ``refused <kind>``: the parallel tests start several and count the winners.
"""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path

from cards import refusals
from db import backup, engine, ops
from db.models import utcnow
from kiosk import workflows


def _say(line: str) -> None:
    os.write(1, (line + "\n").encode())


def _child_batch(url: str, folder: Path, count: int, round_: int) -> None:
    database = engine.open_database(url, migrate_schema=False, create=False)
    made = workflows.issue_batch(database, count=count, prestamps=None, paper="a4",
                                 out=folder / f"{round_}.pdf", folder=folder, station="office", staff="owner")
    _say(f"done {made.batch.id}")


def _child_restore(db: Path, source: Path) -> None:
    backup.restore(db, source, keep_dir=db.parent / "kept")
    _say("done")


def zygote(mode: str, args: list[str]) -> int:
    """Fork one child per ``go`` line; report its pid and its death."""
    round_ = 0
    for line in sys.stdin:
        words = line.split()
        if not words or words[0] != "go":
            continue
        round_ += 1
        pid = os.fork()
        if pid == 0:
            status = 0
            try:
                if mode == "batch":
                    _child_batch(args[0], Path(args[1]), int(args[2]), round_)
                else:
                    _child_restore(Path(args[0]), Path(args[1 + int(words[1])]))
            except BaseException:  # noqa: BLE001 - say what went wrong, then leave without cleanup
                traceback.print_exc()
                status = 1
            finally:
                os._exit(status)
        _say(f"pid {pid}")
        _, status = os.waitpid(pid, 0)
        _say(f"dead {pid} {status}")
    return 0


def race(url: str, op: str, code: str, new: str = "") -> int:
    """One operation, started on a ``go`` line together with the other racers."""
    database = engine.open_database(url, migrate_schema=False, create=False)
    with database.sessions.begin() as session:
        ops.card_view(session, code)  # connected and warm before the start
    _say("ready")
    if sys.stdin.readline().strip() != "go":
        return 2
    try:
        with database.sessions.begin() as session:
            if op == "redeem":
                ops.redeem(session, code, now=utcnow(), station=f"race-{os.getpid()}")
            elif op == "undo":
                ops.undo(session, code, now=utcnow(), station=f"race-{os.getpid()}")
            else:
                ops.transfer(session, code, new, now=utcnow(), station=f"race-{os.getpid()}")
    except refusals.Refused as exc:
        _say(f"refused {exc.kind.value}")
    else:
        _say("won")
    database.close()
    return 0


def main(argv: list[str]) -> int:
    if argv[:1] == ["zygote"]:
        return zygote(argv[1], argv[2:])
    if argv[:1] == ["race"]:
        return race(*argv[1:])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
