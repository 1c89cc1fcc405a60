"""Worker processes for the concurrency and crash tests; run as a script.

``python workers.py stamp URL CODE N``
    Open the database, print ``ready``, wait for a ``go`` line on stdin, then
    stamp CODE N times (``force=True``), one transaction each; print ``done N``.

``python workers.py zygote URL CODE``
    Import everything once, then for every ``go`` line on stdin fork a child that
    stamps CODE in a loop, one transaction each, and writes ``uid <event uid>``
    only after the commit. The zygote writes ``pid <child>`` when it forks and
    ``dead <child>`` once the child has died (the test kills it with SIGKILL).
    Forking a warm process keeps twenty kill rounds within a few seconds, where
    twenty fresh interpreters would spend most of the time importing.

Lines go out with one ``os.write`` each: a pipe write of a few bytes is atomic,
so a killed child never leaves half a line.
"""

from __future__ import annotations

import os
import sys

from db import engine, ops
from db.models import utcnow


def _say(line: str) -> None:
    os.write(1, (line + "\n").encode())


def stamp_n(url: str, code: str, count: int) -> int:
    """Stamp ``code`` ``count`` times after a ``go`` on stdin; one transaction per stamp."""
    database = engine.open_database(url, migrate_schema=False)
    with database.engine.connect():
        pass  # connect (and set the pragmas) before the start line
    _say("ready")
    if sys.stdin.readline().strip() != "go":
        return 2
    for _ in range(count):
        with database.sessions.begin() as session:
            ops.stamp(session, code, force=True, now=utcnow(), station=f"worker-{os.getpid()}")
    database.close()
    _say(f"done {count}")
    return 0


def _stamp_forever(url: str, code: str) -> None:
    database = engine.open_database(url, migrate_schema=False)
    while True:
        with database.sessions.begin() as session:
            uid = ops.stamp(session, code, force=True, now=utcnow(), station="crash").event_uid
        _say(f"uid {uid}")  # after the commit: only what is durable is reported


def zygote(url: str, code: str) -> int:
    """Fork one stamping child per ``go`` line; report its pid and its death."""
    for line in sys.stdin:
        if line.strip() != "go":
            continue
        pid = os.fork()
        if pid == 0:
            try:
                _stamp_forever(url, code)
            finally:
                os._exit(1)
        _say(f"pid {pid}")
        _, status = os.waitpid(pid, 0)
        _say(f"dead {pid} {status}")
    return 0


def main(argv: list[str]) -> int:
    if argv[:1] == ["stamp"] and len(argv) == 4:
        return stamp_n(argv[1], argv[2], int(argv[3]))
    if argv[:1] == ["zygote"] and len(argv) == 3:
        return zygote(argv[1], argv[2])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
