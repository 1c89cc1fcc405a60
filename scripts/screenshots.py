#!/usr/bin/env python3
"""Save a PNG of every kiosk screen at 1920x1080 and at 800x480 into docs/screenshots/.

Runs offscreen on a throwaway database filled with a believable month of a
small café (cards, visits, rewards, complaints, staff), so the screens show
real data. Usage::

    python scripts/screenshots.py [--out docs/screenshots] [--sizes 1920x1080,800x480] [--language en]

The customer screens come from ``kiosk.app.window.MainWindow``; the owner
screens are opened through it the way the owner PIN would open them. A
gallery page (``docs/screenshots/README.md``) is written alongside.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from cards import rules  # noqa: E402
from db import engine, ops  # noqa: E402
from db import settings as db_settings  # noqa: E402

if TYPE_CHECKING:
    from kiosk.app.services import Services

PIN = "2468"
# The longest shop name and reward the settings allow (80 characters each), as tests/kiosk/test_layout.py uses.
LONGEST = {
    "cs": ("Kavárna a cukrárna U Zlatého Kocoura – Žluťoučký kůň, Příběhy z Dlouhé ulice 105",
           "Velké cappuccino zdarma a k němu čerstvý máslový croissant nebo zákusek k výběru"),
    "ru": ("Кофейня и кондитерская «Золотой кот» – свежая выпечка каждое утро, ул. Длинная 1",
           "Большой капучино бесплатно и к нему свежий круассан или пирожное на ваш выбор!!!"),
}


def fill(database: engine.Database, now: dt.datetime) -> list[str]:
    """A month of a small café; returns a few card payloads to show."""
    rng = random.Random(7)
    with database.sessions.begin() as session:
        ops.init_shop(session, name="Kavárna U Kocoura", program=rules.Program(10, 2, "Free coffee"),
                      owner_pin=PIN, address="Dlouhá 1, Praha", phone="+420 777 123 456",
                      email="stiznosti@kocour.cz", url="https://kocour.cz/feedback")
        ops.add_staff(session, name="Petra", role="cashier", pin="1357")
        ops.add_staff(session, name="Tomáš", role="cashier", pin="2580")
        first = ops.create_batch(session, count=40, now=now - dt.timedelta(days=34))
        ops.create_batch(session, count=100, prestamps=3, now=now - dt.timedelta(days=9))
        lost = ops.create_batch(session, count=20, now=now - dt.timedelta(days=5))
        ops.void_batch(session, lost.id, now=now - dt.timedelta(days=4))
        for i, number in enumerate(first.numbers[:28]):
            every = 2 + i % 5
            for day in range(30, -1, -every):
                at = now - dt.timedelta(days=day, hours=rng.randint(0, 8), minutes=rng.randint(0, 59))
                ops.stamp(session, number, count=1 + (i + day) % 2, now=at, force=True)
                if ops.card_view(session, number).reward_ready and rng.random() < 0.7:
                    ops.redeem(session, number, now=at + dt.timedelta(minutes=1))
        names = [("Jana Nováková", "777 111 222", dt.date(1990, 12, 24)), ("Pavel Dvořák", "603 555 019", None),
                 ("Olga Smirnova", "721 400 300", dt.date(1985, 3, 8))]
        for number, (name, phone, birthday) in zip(first.numbers[1:4], names):
            ops.set_customer(session, number, name=name, phone=phone, birthday=birthday)
        complaints = [("waiting_time", "Waited 15 minutes for a cappuccino at nine in the morning.", "jana@example.cz", 6),
                      ("product", "The croissant was yesterday's.", "", 3),
                      ("service", "Very friendly barista, but the card reader did not see my card.", "603 555 019", 1),
                      ("cleanliness", "Tables outside were sticky.", "", 12)]
        for topic, text, contact, days in complaints:
            ops.add_complaint(session, topic=topic, text=text, contact=contact,
                              now=now - dt.timedelta(days=days, hours=2))
        oldest = ops.list_complaints(session)[-1]
        ops.resolve_complaint(session, oldest.reference, resolution="Cleaned, and a second cloth for the terrace.",
                              now=now - dt.timedelta(days=11))
        ready = next(c for c in ops.batch_cards(session, first.id).codes[4:] if ops.card_view(session, c).to_go > 2)
        while ops.card_view(session, ready).to_go:
            ops.stamp(session, ready, count=min(5, ops.card_view(session, ready).to_go), force=True,
                      now=now - dt.timedelta(hours=1))
        return [ops.batch_cards(session, first.id).codes[1], ops.batch_cards(session, lost.id).codes[0], ready]


def settle(ms: int = 60) -> None:
    """Let Qt deliver posted events (layouts, language changes, timers)."""
    for _ in range(3):
        QApplication.processEvents()
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    QApplication.processEvents()


def make_window(services: Services, size: tuple[int, int]) -> Any:  # the MainWindow, its pages poked by name
    from kiosk.app.window import MainWindow

    window = MainWindow(services, start_camera=False)
    window.resize(*size)
    window.show()
    settle()
    return window


def screens(window: Any, services: Services, payloads: list[str]) -> list[tuple[str, Callable[[], QWidget]]]:
    """(name, action that shows the screen and returns the widget to grab).

    The window's pages are reached by name, so the window and the actions' results are ``Any``."""
    from kiosk.app import tasks
    from kiosk.app import widgets

    def owner(tab: str) -> Callable[[], QWidget]:
        def show() -> Any:
            if window.owner is None:
                window.on_pin_accepted("owner")
            window.owner.show_tab(tab)
            return window
        return show

    def print_preview() -> Any:
        owner("print")()
        page = window.owner.pages["print"]
        page.runner = tasks.TaskRunner(threaded=False)
        page.count.set_value(30)
        settle()
        page.make.click()
        return window

    def complaint_detail() -> Any:
        owner("complaints")()
        page = window.owner.pages["complaints"]
        page.show_detail(page.items[0])
        return window

    def cards_transfer() -> Any:
        owner("cards")()
        page = window.owner.pages["cards"]
        page.section.buttons["transfer"].click()
        page.old_finder.query.set_value("Jana")
        page.old_finder.search("Jana")
        page.old_finder.rows.itemAt(0).widget().click()
        return window

    def confirm_void() -> Any:
        owner("cards")()
        page = window.owner.pages["cards"]
        page.section.buttons["void"].click()
        page.batch_rows.itemAt(0).widget().click()
        page.void_button.click()
        return window

    def keyboard() -> Any:
        owner("program")()
        window.owner.pages["program"].reward.click()
        return window

    def number_pad() -> Any:
        owner("staff")()
        page = window.owner.pages["staff"]
        page.rows.itemAt(1).widget().click()
        page.new_pin.click()
        return window

    def close_overlays() -> None:
        for overlay in window.findChildren(widgets.Overlay):
            if overlay.isVisible():
                overlay.dismiss()

    def reset(show: Callable[[], QWidget]) -> Callable[[], QWidget]:
        def run() -> Any:
            close_overlays()
            return show()
        return run

    def pin() -> Any:
        if window.owner is not None:
            window.on_owner_closed()
        window.open_owner()
        return window

    payload, void_card, full_card = payloads

    def entry_typo() -> Any:
        window.show_entry()
        window.entry.field.setText("K7Q2-9XJ4-MN4")
        window.entry.submit()
        return window

    def card_stamped() -> Any:
        window.show_card(payload)
        window.card.add_stamps(2, force=True)
        return window

    def card_undone() -> Any:
        window.show_card(payload)
        window.card.undo()
        return window

    def card_redeemed() -> Any:
        window.show_card(full_card)
        window.card.redeem_button.click()
        window.card.celebration.hide()
        return window

    def complaint_waiting() -> Any:
        window.show_complaint()
        window.complaint.topic_buttons["product"].click()
        for char in "Cold soup":
            window.complaint.keyboard.press(char)
        window.show_card(payload)  # a scan while typing: the card waits
        return window

    def void_then_owner() -> Any:
        if window.owner is not None:
            window.on_owner_closed()
        window.show_card(void_card)
        window.message.action_button.click()
        window.on_pin_accepted("owner")
        return window

    def pin_wrong() -> Any:
        pin()
        window.pin.pad.press("1111")
        window.pin.pad.submit()
        return window

    shots: list[tuple[str, Callable[[], QWidget]]] = [
        ("idle", lambda: (window.show_idle(), window)[1]),
        ("entry", lambda: (window.show_entry(), window)[1]),
        ("entry-typo", entry_typo),
        ("card", lambda: (window.show_card(payload), window)[1]),
        ("card-stamped", card_stamped),
        ("card-undone", card_undone),
        ("card-redeemed", card_redeemed),
        ("message-void", lambda: (window.show_card(void_card), window)[1]),
        ("complaint", lambda: (window.show_complaint(), window)[1]),
        ("complaint-card-waiting", complaint_waiting),
        ("owner-pin", pin),
        ("owner-pin-wrong", pin_wrong),
        ("owner-program", owner("program")),
        ("owner-keyboard", keyboard),
        ("owner-print", print_preview),
        ("owner-reports", owner("reports")),
        ("owner-complaints", owner("complaints")),
        ("owner-complaint-detail", complaint_detail),
        ("owner-cards-void-confirm", confirm_void),
        ("owner-cards-transfer", cards_transfer),
        ("owner-staff", owner("staff")),
        ("owner-staff-pin-pad", number_pad),
        ("owner-backup", owner("backup")),
        ("owner-devices", owner("devices")),
        ("owner-export", owner("export")),
        ("owner-language", owner("language")),
        ("owner-void-card-transfer", void_then_owner),
    ]
    return [(name, reset(show)) for name, show in shots]


def grab(widget: QWidget, screen: bool) -> Any:
    """The widget as Qt paints it, or (``screen``) the screen's pixels where the window is, as the X server shows them."""
    if not screen:
        return widget.grab()
    window = widget.window()
    window.raise_()
    settle(150)
    shown = QApplication.primaryScreen()
    return shown.grabWindow(0, window.x(), window.y(), window.width(), window.height())


def wizard_shot(size: tuple[int, int], folder: Path, out: Path, longest: bool = False, screen: bool = False) -> None:
    """The first-run wizard needs a database without a shop."""
    from kiosk.app.services import Services

    database = engine.open_database(engine.sqlite_url(folder / "empty.db"))
    services = Services(database, station="counter", data_dir=folder / "empty-data")
    window = make_window(services, size)
    if longest:
        window.wizard.name_edit.setText(LONGEST["cs"][0])
    settle()
    grab(window, screen).save(str(out / "wizard.png"))
    window.close()
    window.deleteLater()
    database.close()


def write_gallery(out: Path, sizes: list[tuple[int, int]], names: list[str]) -> None:
    lines = ["# Screenshots", "",
             "Made by `scripts/screenshots.py` (offscreen, sample data of a small café). "
             "Every screen at the sizes the kiosk is built for: a 1920x1080 monitor, a "
             "1280x800 panel and an 800x480 touch display.", ""]
    for name in names:
        lines.append(f"## {name}")
        lines.append("")
        lines.append(" ".join(f"![{name} {w}x{h}]({w}x{h}/{name}.png)" for w, h in sizes))
        lines.append("")
    (out / "README.md").write_text("\n".join(lines), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--sizes", default="1920x1080,1280x800,800x480")
    parser.add_argument("--language", default="en", choices=["en", "cs", "ru"])
    parser.add_argument("--longest", action="store_true",
                        help="the longest shop name and reward the settings allow (80 characters) in the language")
    parser.add_argument("--screen", action="store_true",
                        help="grab what the screen shows (run under Xvfb with QT_QPA_PLATFORM=xcb), not the widget")
    args = parser.parse_args(argv)
    sizes = [(int(s.split("x")[0]), int(s.split("x")[1])) for s in args.sizes.split(",")]

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    QCoreApplication.setApplicationName("stampcard")
    try:
        from kiosk.app import main as kiosk_main
        kiosk_main.load_fonts(app)
    except (ImportError, AttributeError):
        pass
    from kiosk.app import i18n
    from kiosk.app.services import Services

    names: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
        for w, h in sizes:
            out = args.out / f"{w}x{h}"
            out.mkdir(parents=True, exist_ok=True)
            data = folder / f"data-{w}"
            database = engine.open_database(engine.sqlite_url(data / "stampcard.db"))
            payloads = fill(database, now)
            with database.sessions.begin() as session:
                db_settings.update(session, language=args.language)
                if args.longest:
                    shop, reward = LONGEST.get(args.language, LONGEST["cs"])
                    db_settings.update(session, shop=shop, reward=reward)
            services = Services(database, station="counter", data_dir=data)
            (services.backups_dir).mkdir(parents=True, exist_ok=True)
            from db import backup
            backup.backup(data / "stampcard.db", services.backups_dir / "auto-20261120-2300.db")
            window = make_window(services, (w, h))
            i18n.install_language(app, args.language)
            names = []
            for name, show in screens(window, services, payloads):
                widget = show()
                settle()
                grab(widget, args.screen).save(str(out / f"{name}.png"))
                names.append(name)
                print(f"{w}x{h}/{name}.png")
            window.close()
            window.deleteLater()
            settle()
            wizard_shot((w, h), folder / f"wizard-{w}", out, args.longest, args.screen)
            print(f"{w}x{h}/wizard.png")
            database.close()
        names.append("wizard")
    write_gallery(args.out, sizes, names)
    return 0


if __name__ == "__main__":
    sys.exit(main())
