"""A message that could not go out, and a device search that failed, are said in the shop's language.

The faults are real: an SMTP port nobody listens on (the connection is refused), an SMS
outbox folder that is not there, a file the device search cannot read. The outbox keeps the
reason as data (``messages.transport.SendFailed.stored``); the Messages page and the Devices
page say it in Czech and Russian, the command line in the user's language.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtWidgets import QApplication, QLabel

from db import consent, engine, ops, privacy
from db import settings as db_settings
from kiosk import devices, sentences
from kiosk.app import i18n, refusal_text, tasks, theme
from kiosk.app.owner import devices_page, messages_page
from messages import run, transport
from tests.helpers import mail
from tests.kiosk.conftest import make_services

pytestmark = pytest.mark.gui

ENGLISH = re.compile(r"\b(the|cannot|be|reached|refused|connection|message|folder|is|not|there|could|"
                     r"failed|tried|again|later|look|devices|read|details|log|sent)\b", re.IGNORECASE)
SMTP_DOWN = {"cs": "E-mailový server 127.0.0.1 není dostupný.", "ru": "Почтовый сервер 127.0.0.1 недоступен."}
NO_OUTBOX = {"cs": "tu není", "ru": "нет"}
NO_SEARCH = {"cs": "Zařízení se nepodařilo vyhledat.", "ru": "Не удалось выполнить поиск устройств."}


def _english_left(text: str, *names: str) -> list[str]:
    for name in names:  # card numbers, folders and the server's address are not words to translate
        text = text.replace(name, " ")
    return ENGLISH.findall(text)


@pytest.fixture
def english_after() -> Any:
    yield
    i18n.install_language(QApplication.instance(), "en")


def _a_customer_who_agreed(shop_db: engine.Database, now: dt.datetime, channel: str) -> str:
    with shop_db.sessions.begin() as session:
        code = ops.create_batch(session, count=1, now=now - dt.timedelta(days=30)).codes[0]
        privacy.set_customer(session, code, name="Jana", email="jana@example.cz", phone="+420 777 123 456",
                             consent=True, now=now)
        consent.set_for_card(session, code, give_channels=(channel,), now=now)
    return code


def _outbox_lines(page: messages_page.MessagesPage) -> list[str]:
    return [label.text() for label in page.findChildren(QLabel) if "·" in label.text()]


@pytest.mark.parametrize("language", ["cs", "ru"])
def test_a_closed_smtp_port_is_said_on_the_messages_page(qtbot: Any, shop_db: engine.Database, data_dir: Path,
                                                          english_after: Any, language: str) -> None:
    now = dt.datetime.now(dt.timezone.utc).replace(hour=12)  # outside the quiet hours (the shop is on UTC)
    port = mail.free_port()  # nobody listens there: the connection is refused
    with shop_db.sessions.begin() as session:
        db_settings.update(session, smtp=f"smtp://127.0.0.1:{port}", sender="Kavárna <kavarna@kocour.cz>",
                           timezone="UTC")
    _a_customer_who_agreed(shop_db, now, "email")
    assert i18n.install_language(QApplication.instance(), language)
    page = messages_page.MessagesPage(make_services(shop_db, data_dir), theme.Metrics(800),
                                      tasks.TaskRunner(threaded=False))
    qtbot.addWidget(page)
    outcome = run.send_due(messaging_store(shop_db), now=now, announcement=announcement())
    assert outcome.failed == 1 and outcome.reasons[0].why is transport.Why.SMTP_UNREACHABLE
    assert "Connection refused" in outcome.failures[0][2]  # the log's and --json's English keeps the system's words
    page.refresh()
    lines = _outbox_lines(page)
    assert len(lines) == 1 and SMTP_DOWN[language] in lines[0], lines
    number = lines[0].split()[2]
    assert _english_left(lines[0], number, "127.0.0.1", "SMTP") == [], lines[0]


@pytest.mark.parametrize("language", ["cs", "ru"])
def test_a_missing_sms_folder_is_said_on_the_messages_page(qtbot: Any, shop_db: engine.Database, data_dir: Path,
                                                           tmp_path: Path, english_after: Any,
                                                           language: str) -> None:
    now = dt.datetime.now(dt.timezone.utc).replace(hour=12)  # outside the quiet hours (the shop is on UTC)
    folder = tmp_path / "modem" / "outbox"  # the modem's stick is not plugged in
    with shop_db.sessions.begin() as session:
        db_settings.update(session, sms_outbox=str(folder), timezone="UTC")
    _a_customer_who_agreed(shop_db, now, "sms")
    assert i18n.install_language(QApplication.instance(), language)
    page = messages_page.MessagesPage(make_services(shop_db, data_dir), theme.Metrics(800),
                                      tasks.TaskRunner(threaded=False))
    qtbot.addWidget(page)
    outcome = run.send_due(messaging_store(shop_db), now=now, announcement=announcement())
    assert outcome.failed == 1 and outcome.reasons[0].why is transport.Why.NO_OUTBOX
    page.refresh()
    lines = _outbox_lines(page)
    assert len(lines) == 1 and str(folder) in lines[0] and NO_OUTBOX[language] in lines[0], lines
    assert _english_left(lines[0], lines[0].split()[2], str(folder), "SMS") == [], lines[0]


@pytest.mark.parametrize("language", ["cs", "ru"])
def test_message_send_says_why_in_the_users_language(shop_db: engine.Database, language: str) -> None:
    port = mail.free_port()
    with pytest.raises(transport.SendFailed) as caught:
        with transport.Smtp(f"smtp://127.0.0.1:{port}"):
            pass
    said = sentences.send_failure(caught.value, language)
    assert "127.0.0.1" in said and not said.startswith("the e-mail server"), said
    again = transport.SendFailed.read(caught.value.stored())
    assert (again.why, again.server, again.detail) == (caught.value.why, "127.0.0.1", caught.value.detail)
    assert refusal_text.describe(caught.value) == refusal_text.send_failure(caught.value)


@pytest.mark.parametrize("language", ["cs", "ru"])
def test_a_failed_device_search_is_said_on_the_devices_page(qtbot: Any, shop_db: engine.Database, data_dir: Path,
                                                            tmp_path: Path, english_after: Any,
                                                            language: str) -> None:
    gone = tmp_path / "unplugged" / "index"

    def search(configured: list[str]) -> devices.Devices:
        gone.read_text()  # a real failure of the file system: the folder is not there
        return devices.Devices(cameras=(), printers=(), default_printer="", scanners=())

    assert i18n.install_language(QApplication.instance(), language)
    page = devices_page.DevicesPage(make_services(shop_db, data_dir), theme.Metrics(800),
                                    tasks.TaskRunner(threaded=False), discover=search)
    qtbot.addWidget(page)
    page.refresh()
    note = page.searching_note.text()
    assert NO_SEARCH[language] in note and str(gone) in note, note
    assert _english_left(note, str(gone)) == [], note


def messaging_store(database: engine.Database) -> Any:
    from db import messaging

    return messaging.Store(database)


def announcement() -> Any:
    from messages import due

    return due.Announcement(text="Nový dort")


@given(st.text(max_size=400))
def test_any_stored_reason_reads_back_and_never_raises(stored: str) -> None:
    reason = transport.SendFailed.read(stored)
    assert isinstance(reason.why, transport.Why)
    assert transport.SendFailed.read(reason.stored()).why is reason.why
    assert len(reason.stored()) <= 300


@given(st.sampled_from(list(transport.Why)), st.text(max_size=300), st.text(max_size=300),
       st.integers(0, 999), st.text(max_size=300))
def test_a_reason_stored_reads_back_as_it_was(why: transport.Why, server: str, folder: str, code: int,
                                              detail: str) -> None:
    made = transport.SendFailed(why, server=server[:80], folder=folder[:120], code=code, detail=detail)
    stored = made.stored()
    assert len(stored) <= 300
    again = transport.SendFailed.read(stored)
    assert (again.why, again.server, again.folder, again.code) == (made.why, made.server, made.folder, made.code)
    assert made.detail.startswith(again.detail)


def test_what_the_device_search_could_not_look_at_is_said_in_the_users_language(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "LANG": "ru_RU.UTF-8", "LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": ""}
    done = subprocess.run([sys.executable, "-m", "kiosk.cli", "devices", "--no-probe", "--db", str(tmp_path / "x.db")],
                          capture_output=True, text=True, env=env, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    notes = [line for line in done.stdout.splitlines() if line.startswith("Примечание") or "Note" in line]
    found = devices.discover(probe_cameras=False)
    assert len(notes) == len(found.notes), done.stdout  # every note said, none in English
    assert all(_english_left(line, "V4L2", "CUPS", "lpstat") == [] for line in notes), notes
    if not Path(devices.SYS_VIDEO).is_dir():  # a machine without cameras' folder, as this one may be
        assert any("нет папки устройств V4L2" in line for line in notes), notes


def test_message_send_says_each_failure_and_skip_in_the_users_language(shop_db: engine.Database,
                                                                      tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from tests.conftest import PIN

    now = dt.datetime.now(dt.timezone.utc).replace(hour=12)
    with shop_db.sessions.begin() as session:
        db_settings.update(session, smtp=f"smtp://127.0.0.1:{mail.free_port()}", sender="Kavárna <k@kocour.cz>",
                           timezone="UTC")
    for _ in range(2):  # the first fails on the closed port; the second waits for the next run
        _a_customer_who_agreed(shop_db, now, "email")
    path = shop_db.sqlite_path
    assert path is not None
    env = {**os.environ, "LANG": "cs_CZ.UTF-8", "LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "",
           "STAMPCARD_PIN": PIN}
    done = subprocess.run([sys.executable, "-m", "kiosk.cli", "message", "send", "--kind", "announce", "--text",
                           "Nový dort", "--db", str(path)], capture_output=True, text=True, env=env, timeout=120,
                          check=False)
    if "klidové hodiny" in done.stdout or "Klidové" in done.stdout:
        pytest.skip("quiet hours in the shop's time now")
    assert done.returncode == 0, done.stderr
    assert "e-mailový server 127.0.0.1 není dostupný" in done.stdout, done.stdout
    assert "e-mailový server není dostupný (zkusí se při příštím běhu): 1" in done.stdout, done.stdout
    assert "Connection refused" in done.stdout  # the system's own words, in brackets


@pytest.mark.parametrize("language", ["cs", "ru"])
def test_every_kind_is_worded_on_screen_and_on_the_cli(english_after: Any, language: str) -> None:
    from db import hub_notes

    assert i18n.install_language(QApplication.instance(), language)
    for why in transport.Why:
        if why is transport.Why.TEXT:
            continue
        failure = transport.SendFailed(why, server="mail.kocour.cz", folder="/srv/sms", code=503, detail="x")
        shown, said = refusal_text.send_failure(failure), sentences.send_failure(failure, language)
        assert shown and said and said != sentences.send_failure(failure, "en"), why
        assert _english_left(shown, "mail.kocour.cz", "/srv/sms", "SMS") == [], (why, shown)
    for kind in hub_notes.NoteKind:
        if kind is hub_notes.NoteKind.TEXT:
            continue
        note = hub_notes.Note(kind, n=3, fetched=2, install="ab12cd34", station="B", name="B-2")
        shown, said = refusal_text.healing(note), sentences.healing(note, language)
        assert shown != note.english() and said != sentences.healing(note, "en"), kind
        assert _english_left(shown, "B-2", " B") == [], (kind, shown)
    for trouble in hub_notes.HubTrouble:
        if trouble is hub_notes.HubTrouble.TEXT:
            continue
        assert sentences.hub_trouble(trouble, "hub:5432", "x", language) != sentences.hub_trouble(
            trouble, "hub:5432", "x", "en")
        assert _english_left(refusal_text.hub_trouble(trouble)) == [], trouble
