"""The card page in a real browser (Debian's chromium, headless, through Playwright) against a real
``stampcard web``: it fits a 360-px phone without sideways scrolling, the form works with its real
cookie and token, and the committed screenshots (scripts/web_screenshots.py) are there."""

from __future__ import annotations

import re
import struct
from collections.abc import Iterator
from pathlib import Path

import pytest

from cards import codes
from tests.conftest import NOW
from tests.web import browser

pytestmark = pytest.mark.skipif(not browser.have_chromium(), reason="needs Debian's chromium (scripts/setup.sh)")
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "web"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, browser.Demo]]:
    demo = browser.make_demo(tmp_path_factory.mktemp("web"), now=NOW)
    with browser.served(demo.db) as base:
        yield base, demo


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as play:
        engine = play.chromium.launch(executable_path=browser.CHROMIUM, args=browser.ARGS)
        yield engine
        engine.close()


def _overflow(page: object) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))  # type: ignore[attr-defined]


def test_under_a_path_of_the_shops_host(tmp_path: Path, chromium: object) -> None:
    """A shop with one host (``--card-url https://kocour.cz/karta``): the QR's upper-case address opens the
    card, its style and font load from under the path, and its links stay under the path."""
    demo = browser.make_demo(tmp_path, now=NOW, card_url="https://kocour.cz/karta")
    with browser.served(demo.db) as base:
        context = chromium.new_context(viewport={"width": 360, "height": 740}, locale="en-GB")  # type: ignore[attr-defined]
        page = context.new_page()
        try:
            qr = codes.card_url("https://kocour.cz/karta", demo.card)
            answer = page.goto(base + qr.split("KOCOUR.CZ", 1)[1])
            assert answer is not None and answer.status == 200
            page.wait_for_load_state("networkidle")
            assert page.evaluate("[...document.fonts].some(f => f.family.includes('DejaVu') && f.status === 'loaded')")
            assert page.evaluate("getComputedStyle(document.querySelector('.slot')).borderRadius") != ""
            page.locator("p.join a").click()
            page.wait_for_load_state()
            assert page.url.startswith(f"{base}/karta/c/") and page.url.endswith("/join")
            assert page.locator("form input[name=email]").count() == 1
        finally:
            context.close()


@pytest.mark.parametrize(("width", "height"), browser.SIZES)
def test_pages_fit_without_sideways_scrolling(site: tuple[str, browser.Demo], chromium: object, width: int,
                                              height: int) -> None:
    base, demo = site
    context = chromium.new_context(viewport={"width": width, "height": height},  # type: ignore[attr-defined]
                                   locale="cs-CZ")
    page = context.new_page()
    try:
        url = codes.card_url(base, demo.card)  # what a phone's camera opens (upper case)
        for address, status in ((url, 200), (f"{base}/c/{demo.fresh.lower()}?lang=ru", 200),
                                (f"{base}/?lang=en", 200), (f"{base}/c/NO-SUCH-CARD", 404),
                                (f"{base}/c/{demo.card}/join", 200), (f"{base}/c/{demo.card}/consent", 200)):
            answer = page.goto(address)
            assert answer is not None and answer.status == status, address
            assert _overflow(page) <= 0, (address, width)
            font = page.evaluate("getComputedStyle(document.body).fontFamily")
            assert "DejaVu Sans" in font
        page.goto(url)
        assert page.locator("h1").inner_text() == "Zbývá 5 razítek"  # 2 on us + 3 visits
        assert page.locator(".slot.gift").count() == 2 and page.locator(".slot.full").count() == 3
    finally:
        context.close()


def test_the_form_in_a_browser(site: tuple[str, browser.Demo], chromium: object) -> None:
    base, demo = site
    context = chromium.new_context(viewport={"width": 360, "height": 740}, locale="en-GB")  # type: ignore[attr-defined]
    page = context.new_page()
    try:
        page.goto(f"{base}/c/{demo.card}")
        assert page.locator("html").get_attribute("lang") == "en"  # Accept-Language from the browser's locale
        page.locator("input[name=topic][value=service]").check()
        page.locator("textarea[name=text]").fill("The queue was long <script>alert(1)</script>")
        page.locator("button[type=submit]").click()
        page.wait_for_load_state()
        reference = page.locator(".reference").inner_text()
        assert re.fullmatch(r"C-[0-9A-Z]{5}", reference)
        assert _overflow(page) <= 0
    finally:
        context.close()


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", path
    width, height = struct.unpack(">II", head[16:24])
    return int(width), int(height)


@pytest.mark.parametrize("name", ["card", "shop", "sent", "join", "not-found"])
@pytest.mark.parametrize(("width", "height"), browser.SIZES)
def test_committed_screenshots_exist(name: str, width: int, height: int) -> None:
    path = SHOTS / f"{name}-{width}x{height}.png"
    assert path.exists(), f"{path} is missing: run scripts/web_screenshots.py"
    assert _png_size(path)[0] == width  # full-page shots: the width of the viewport, any height
