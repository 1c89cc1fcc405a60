"""A throwaway PostgreSQL server for tests: started as the ``postgres`` user on a
Unix socket in a temp folder (no TCP), removed afterwards.

PostgreSQL refuses to run as root, so when the tests run as root every server
command goes through ``runuser -u postgres --``. Any installed version under
``/usr/lib/postgresql/*/bin`` will do (Debian's ``postgresql`` package), or the
folder named by ``STAMPCARD_PG_BIN``.

Usage::

    with postgres.running_server() as server:
        url = server.create_database("stampcard")   # postgresql+psycopg://...

``PostgresUnavailable`` says, in one sentence, why a server cannot be started;
fixtures turn it into a skip.
"""

from __future__ import annotations

import atexit
import glob
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

SERVER_USER = "postgres"
START_TIMEOUT_S = 60


class PostgresUnavailable(Exception):
    """No PostgreSQL server can be started here; the message says why."""


def find_bin_dir() -> Path:
    """The folder holding ``initdb`` and ``pg_ctl`` (newest installed version first)."""
    override = os.environ.get("STAMPCARD_PG_BIN")
    candidates = [override] if override else []

    def version(path: str) -> tuple[int, ...]:
        part = Path(path).parent.name
        return tuple(int(p) for p in part.split(".") if p.isdigit()) or (0,)

    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=version, reverse=True)
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.append(str(Path(on_path).parent))
    for folder in candidates:
        if (Path(folder) / "initdb").is_file() and (Path(folder) / "pg_ctl").is_file():
            return Path(folder)
    raise PostgresUnavailable("PostgreSQL is not installed (no initdb/pg_ctl under /usr/lib/postgresql/*/bin)")


class PostgresServer:
    """One running throwaway server; databases are made with ``create_database``."""

    def __init__(self, bin_dir: Path, base: Path, as_user: str | None) -> None:
        self.bin_dir = bin_dir
        self.base = base
        self.data_dir = base / "data"
        self.socket_dir = base  # short path: a Unix socket path must fit in ~107 bytes
        self.as_user = as_user
        self.running = False
        self._names = itertools.count(1)

    def _command(self, *args: str) -> list[str]:
        prefix = ["runuser", "-u", self.as_user, "--"] if self.as_user else []
        return [*prefix, *args]

    def _run(self, *args: str, timeout: float = START_TIMEOUT_S) -> subprocess.CompletedProcess[str]:
        return subprocess.run(self._command(*args), capture_output=True, text=True, timeout=timeout,
                              cwd=self.base, check=False)

    def start(self) -> None:
        """initdb (trust auth, UTF-8) and start the server on the socket only; fsync off for speed."""
        done = self._run(str(self.bin_dir / "initdb"), "-D", str(self.data_dir), "-U", SERVER_USER,
                         "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync")
        if done.returncode != 0:
            raise PostgresUnavailable(f"initdb failed: {(done.stderr or done.stdout).strip()[-500:]}")
        options = (f"-c listen_addresses='' -k {self.socket_dir} -c fsync=off -c synchronous_commit=off "
                   "-c full_page_writes=off -c max_connections=50 -c shared_buffers=32MB")
        done = self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-l",
                         str(self.base / "server.log"), "-o", options, "-w", "-t", str(START_TIMEOUT_S), "start")
        if done.returncode != 0:
            log = (self.base / "server.log")
            tail = log.read_text(errors="replace")[-500:] if log.exists() else done.stderr
            raise PostgresUnavailable(f"the PostgreSQL server did not start: {tail.strip()}")
        self.running = True

    def stop(self) -> None:
        """Stop the server at once (nothing in it is worth a clean shutdown)."""
        if self.running:
            self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-m", "immediate", "-w", "stop")
            self.running = False

    def url(self, database: str) -> str:
        """The SQLAlchemy URL of a database on this server, over the Unix socket."""
        return f"postgresql+psycopg://{SERVER_USER}@/{database}?host={quote(str(self.socket_dir), safe='/')}"

    def admin(self, sql: str) -> None:
        """Run one statement (CREATE/DROP DATABASE) outside a transaction, as the superuser."""
        import psycopg

        with psycopg.connect(host=str(self.socket_dir), user=SERVER_USER, dbname="postgres",
                             autocommit=True) as connection:
            connection.execute(sql)

    def create_database(self, name: str | None = None, *, template: str | None = None) -> str:
        """Create an empty database (or a copy of ``template``) and return its URL."""
        name = name or f"test_{next(self._names)}"
        self.admin(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return self.url(name)

    def drop_database(self, name: str) -> None:
        """Drop a database, closing whatever connections are left on it."""
        self.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _server_user() -> str | None:
    """``postgres`` when running as root (the server refuses root); else run as ourselves."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(SERVER_USER)
    except KeyError:
        raise PostgresUnavailable(f"running as root and there is no {SERVER_USER!r} user to run the server") from None
    if shutil.which("runuser") is None:
        raise PostgresUnavailable("running as root and `runuser` is missing")
    return SERVER_USER


@contextmanager
def running_server() -> Iterator[PostgresServer]:
    """Start a throwaway server in a new temp folder; stop it and remove the folder on exit."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise PostgresUnavailable("the psycopg driver is not installed (pip install 'psycopg[binary]')") from None
    bin_dir = find_bin_dir()
    user = _server_user()
    base = Path(tempfile.mkdtemp(prefix="sc-pg-"))
    if user is not None:
        entry = pwd.getpwnam(user)
        os.chown(base, entry.pw_uid, entry.pw_gid)
    server = PostgresServer(bin_dir, base, user)
    atexit.register(server.stop)  # also when the test run is interrupted
    try:
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(base, ignore_errors=True)
