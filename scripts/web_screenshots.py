#!/usr/bin/env python3
"""Save PNGs of the customers' card page into docs/screenshots/web/ (tests/web/test_browser.py checks them).

A demo café (Czech, 10 stamps with 2 on us, a card page address), a real ``stampcard web``
on a free localhost port, and Debian's chromium (headless, driven by Playwright) at
360x740 (a phone) and 1280x800, full-page shots of: the card page, the shop page (where a
poster's QR leads), the page after sending a message, the join form and the "card not found" page::

    python scripts/web_screenshots.py [--out docs/screenshots/web] [--language cs]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from cards import codes  # noqa: E402
from tests.web import browser  # noqa: E402

LOCALES = {"cs": "cs-CZ", "en": "en-GB", "ru": "ru-RU"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots" / "web")
    parser.add_argument("--language", choices=sorted(LOCALES), default="cs")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    with tempfile.TemporaryDirectory() as folder:
        demo = browser.make_demo(Path(folder), now=now, language=args.language)
        with browser.served(demo.db) as base, sync_playwright() as play:
            chromium = play.chromium.launch(executable_path=browser.CHROMIUM, args=browser.ARGS)
            for width, height in browser.SIZES:
                context = chromium.new_context(viewport={"width": width, "height": height},
                                               locale=LOCALES[args.language])
                page = context.new_page()
                size = f"{width}x{height}"
                page.goto(codes.card_url(base, demo.card))
                page.screenshot(path=args.out / f"card-{size}.png", full_page=True)
                page.goto(base + "/")
                page.screenshot(path=args.out / f"shop-{size}.png", full_page=True)
                page.goto(codes.card_url(base, demo.card))
                page.locator("input[name=topic]").last.check()
                page.locator("textarea[name=text]").fill("Skvělé croissanty, díky!")
                page.locator("button[type=submit]").click()
                page.wait_for_load_state()
                page.screenshot(path=args.out / f"sent-{size}.png", full_page=True)
                page.goto(f"{base}/c/{demo.card}/join")  # the consent pages (kiosk/web/consent.py)
                page.screenshot(path=args.out / f"join-{size}.png", full_page=True)
                page.goto(base + "/c/K7Q2-9XJ4-MN3")
                page.screenshot(path=args.out / f"not-found-{size}.png", full_page=True)
                context.close()
            chromium.close()
    for path in sorted(args.out.glob("*.png")):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
