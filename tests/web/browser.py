"""The card page in a real browser: a demo shop, a real ``stampcard web`` (uvicorn) on a free port,
and Debian's chromium driven by Playwright. Used by tests/web/test_browser.py and
scripts/web_screenshots.py."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cards import rules
from cards import settings as rule_set
from db import engine, ops, privacy
from db import settings as db_settings

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SIZES = ((360, 740), (1280, 800))
PIN = "2468"


@dataclass(frozen=True)
class Demo:
    db: Path
    card: str  # a card with its head start and three visits
    fresh: str  # a card never used


def make_demo(folder: Path, *, now: dt.datetime, language: str = "cs", card_url: str = "https://kocour.cz") -> Demo:
    """A café with a program (10 stamps, 2 on us), a card page address and two cards."""
    path = folder / "shop.db"
    database = engine.open_database(engine.sqlite_url(path))
    try:
        with database.sessions.begin() as session:
            db_settings.init_shop(session, rule_set.ShopSettings(
                shop="Kavárna U Kocoura", reward="Káva zdarma", stamps=10, prestamps=2, language=language,
                timezone="Europe/Prague", complaints_phone="+420 777 123 456",
                complaints_email="stiznosti@kocour.cz", complaints_url="https://kocour.cz/ozvete-se",
                card_url=card_url), owner_pin=PIN)
            batch = ops.create_batch(session, count=2, prestamps=2, now=now - dt.timedelta(days=60))
        card, fresh = batch.codes
        for days_ago in (16, 9, 2):  # a visit a week
            with database.sessions.begin() as session:
                ops.stamp(session, card, now=now - dt.timedelta(days=days_ago, hours=3), count=1)
        with database.sessions.begin() as session:
            privacy.set_customer(session, card, name="Jana Nováková", consent=True, now=now)
    finally:
        database.close()
    return Demo(path, card, fresh)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def served(db: Path) -> Iterator[str]:
    """``stampcard web`` on ``db`` on a free localhost port; yields its base address."""
    port = free_port()
    env = {**os.environ, "STAMPCARD_DB": str(db)}
    log = db.parent / "web.log"
    with log.open("wb") as sink:
        process = subprocess.Popen([sys.executable, "-m", "kiosk.cli", "web", "--port", str(port)], env=env,
                                   stdout=subprocess.DEVNULL, stderr=sink)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(base + "/static/card.css", timeout=2):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"stampcard web did not start: {log.read_text()[-2000:]}") from None
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def have_chromium() -> bool:
    return Path(CHROMIUM).exists() or shutil.which("chromium") is not None
