"""Every word on screen in the shop's language.

* ``pyside6-lupdate`` run over the whole ``kiosk/`` package into a copy of each
  ``.ts`` file finds no string without a finished Czech and Russian translation
  (a string that Qt's tools cannot see would not be in the file at all: the other
  test catches those on screen).
* Every refusal kind, shown on the kiosk's screen in Czech and in Russian, is
  not the English sentence and carries no English words.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtWidgets import QApplication

from cards import codes
from cards.refusals import Kind, Refused
from kiosk.app import i18n, refusal_text

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[2]
LUPDATE = Path(sys.executable).with_name("pyside6-lupdate")


def kiosk_sources() -> list[str]:
    return sorted(str(p) for p in (ROOT / "kiosk").rglob("*.py") if "__pycache__" not in p.parts)


@pytest.mark.parametrize("code", ["cs", "ru"])
def test_lupdate_finds_nothing_untranslated(tmp_path: Path, code: str) -> None:
    ts = tmp_path / f"stampcard_{code}.ts"
    shutil.copy(i18n.I18N_DIR / f"stampcard_{code}.ts", ts)
    lupdate = str(LUPDATE) if LUPDATE.exists() else "pyside6-lupdate"
    subprocess.run([lupdate, "-silent", "-no-obsolete", "-locations", "none", "-source-language", "en",
                    "-target-language", code, *kiosk_sources(), "-ts", str(ts)], check=True, timeout=120)
    messages = [(context.findtext("name"), message) for context in ET.parse(ts).getroot().iter("context")
                for message in context.iter("message")]
    assert len(messages) > 300
    missing = []
    for context, message in messages:
        translation = message.find("translation")
        assert translation is not None
        forms = [f.text for f in translation.iter("numerusform")] or [translation.text]
        if translation.get("type") in ("unfinished", "vanished", "obsolete") or not all(forms):
            missing.append(f"{context}: {message.findtext('source')!r}")
    assert missing == [], f"{len(missing)} strings without a {code} translation:\n" + "\n".join(missing)


def sample(kind: Kind) -> Refused:
    """A refusal of ``kind`` with every field a sentence may use."""
    field = {Kind.UNKNOWN_STAFF: "Petra", Kind.STAFF_EXISTS: "Petra", Kind.STATION_TAKEN: "pult-2",
             Kind.BAD_FILE: "/srv/zaloha.db", Kind.NO_DATABASE: "/srv/stampcard.db", Kind.FOLDER_GIVEN: "/srv",
             Kind.NO_FOLDER: "/media/usb/zaloha.db", Kind.CANNOT_WRITE: "/srv/zaloha.db", Kind.DISK_DEVICE: "/dev/sdb",
             Kind.FOREIGN_FILE: "/srv/fotka.db"}.get(kind, "stamps")
    return Refused(kind, number=codes.new_number(randbits=12345), batch=7, field=field, value="42",
                   low=1, high=9, limit=3, asked=5, minutes=4, tries_left=2, stamps=6, required=10, to_go=4,
                   until=dt.datetime(2026, 11, 23, 14, 35, tzinfo=dt.timezone.utc), reference="K7Q2")


ENGLISH_WORDS = re.compile(r"\b(the|this|that|card|cards|please|not|is|are|was|with|stamps?|staff|"
                           r"minutes?|tries|left|locked|until|already|there|cannot|must|between|and)\b",
                           re.IGNORECASE)


@pytest.mark.parametrize("code", ["cs", "ru"])
def test_every_refusal_is_shown_in_the_shops_language(qapp: Any, window: Any, code: str) -> None:
    english = {kind: refusal_text.sentence(sample(kind)) for kind in Kind}
    assert i18n.install_language(qapp, code)
    QApplication.processEvents()
    wrong = []
    for kind in Kind:
        window.show_idle()
        window.on_refused(sample(kind), "")
        assert window.current_screen() == "message_screen"
        shown = window.message.headline.text()
        if not shown or shown == english[kind] or ENGLISH_WORDS.search(shown):
            wrong.append(f"{kind.name}: {shown!r}")
    assert wrong == [], "\n".join(wrong)


@pytest.mark.parametrize("code", ["cs", "ru"])
def test_lockout_says_tries_left_and_the_local_time_it_ends(qapp: Any, code: str) -> None:
    assert i18n.install_language(qapp, code)
    until = dt.datetime(2026, 11, 23, 14, 35, tzinfo=dt.timezone.utc)  # the refusal carries the shop's wall time
    locked = refusal_text.sentence(Refused(Kind.LOCKED, until=until.astimezone(ZoneInfo("Pacific/Auckland")),
                                           minutes=5, tries_left=0))
    assert "03:35" in locked  # 14:35 UTC is 03:35 the next day in Auckland (NZDT), whatever the machine's zone
    assert {"cs": "pokus", "ru": "попыт"}[code] in locked  # no tries left
    wrong = refusal_text.sentence(Refused(Kind.WRONG_PIN, tries_left=2))
    assert "2" in wrong
