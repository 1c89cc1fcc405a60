"""A chain's sync faults and healing are said in the shop's language on screen and the user's on the CLI.

The faults are real: the hub's port closed (the proxy dropped), a retired station whose
login the hub no longer knows, a station restored from its backup (the hub gives its own
events back). ``chain_state`` stores them as data (``db.hub_notes``), and the owner's chain
page, the status strip and ``LANG=cs_CZ.UTF-8 stampcard chain status`` word them.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from db import backup, engine, hub_notes, hub_roles, ops, sync
from db.models import ChainState
from kiosk import sentences
from kiosk.app import chain_worker, i18n, refusal_text
from kiosk.app.owner import chain_page
from kiosk.app.owner import screen as owner_screen
from kiosk.app.services import Services
from tests.chain.conftest import make_chain, new_shop
from tests.chain.proxy import Proxy
from tests.chain.test_processes import cli
from tests.conftest import NOW

ENGLISH = re.compile(r"\b(the|hub|cannot|be|reached|wait|waiting|here|nothing|lost|is|refused|login|events|"
                     r"station|database|healed|came|back|from|backup|chain|this)\b", re.IGNORECASE)
WHY = {"cs": "Centrála není dostupná", "ru": "Центр недоступен"}
REFUSED = {"cs": "Centrála odmítla přihlášení", "ru": "Центр отклонил вход"}
HEALED = {"cs": "Vlastní události této stanice se vrátily z centrály", "ru": "Собственные события этой станции вернулись"}


def _english_left(text: str, *names: str) -> list[str]:
    for name in names:  # the hub's address and the stations' names are not words to translate
        text = text.replace(name, " ")
    return ENGLISH.findall(text)


def _page(database: engine.Database, tmp_path: Path, station: str, language: str, qtbot: Any) -> chain_page.ChainPage:
    assert i18n.install_language(QApplication.instance(), language)
    owner = owner_screen.OwnerScreen(Services(database, station=station, data_dir=tmp_path / "data"), staff="owner")
    qtbot.addWidget(owner)
    owner.resize(1024, 600)
    owner.show_tab("chain")
    page = owner.pages["chain"]
    assert isinstance(page, chain_page.ChainPage)
    page.refresh()
    return page


@pytest.fixture
def english_after() -> Any:
    yield
    i18n.install_language(QApplication.instance(), "en")


@pytest.mark.parametrize("language", ["cs", "ru"])
def test_a_closed_hub_port_is_said_on_the_chain_page_and_the_strip(
        tmp_path: Path, hub_url: str, proxy: Proxy, qtbot: Any, english_after: Any, language: str) -> None:
    a, cards = new_shop(tmp_path / "A.db", cards=1)
    sync.create_chain(a, hub_url, station="A", now=NOW)
    with a.sessions.begin() as session:
        hub = sync.require_state(session).hub_url
        ops.stamp(session, cards[0], now=NOW, station="A")  # one change waits for the hub
    proxy.drop()  # the cable is pulled: the hub's port is closed
    hub_engine = sync.hub_engine(hub)
    try:
        outcome = chain_worker.sync_step(a, hub_engine)
        with pytest.raises(sync.HubUnreachable) as caught:
            sync.sync_once(a, hub_engine)
    finally:
        hub_engine.dispose()
    assert not outcome.ok and outcome.trouble == "unreachable"
    assert caught.value.kind is hub_notes.HubTrouble.UNREACHABLE and "reached" in str(caught.value)  # the log's
    page = _page(a, tmp_path, "A", language, qtbot)
    shown = page.state.text()
    with a.sessions.begin() as session:
        place = sync.status(session).hub
    assert WHY[language] in shown, shown
    assert _english_left(shown, place, "A") == [], shown
    strip = chain_worker.status_text(outcome, None, NOW, lambda s: QApplication.translate("ChainWorker", s))
    assert outcome.pending >= 1 and str(outcome.pending) in strip and _english_left(strip) == [], strip
    banner = refusal_text.describe(caught.value)  # what a screen's banner says of the fault
    assert banner.startswith(WHY[language]) and _english_left(banner) == [], banner


@pytest.mark.parametrize("language", ["cs", "ru"])
def test_a_retired_stations_login_refused_is_said_in_the_shops_language(
        tmp_path: Path, hub_url: str, qtbot: Any, english_after: Any, language: str) -> None:
    b, _ = new_shop(tmp_path / "B.db", cards=1)
    sync.create_chain(b, hub_url, station="B", now=NOW)  # B logs in with its own role from now on
    admin = sync.hub_engine(hub_url)
    try:
        with admin.begin() as connection:
            assert hub_roles.retire(connection, "B")  # the owner retired B: its login is gone
    finally:
        admin.dispose()
    with pytest.raises(sync.HubUnreachable) as caught:
        sync.sync_once(b)
    assert caught.value.kind is hub_notes.HubTrouble.LOGIN_REFUSED, caught.value
    outcome = chain_worker.Outcome(False, 0, 0, error=str(caught.value), trouble=caught.value.kind.value)
    page = _page(b, tmp_path, "B", language, qtbot)
    shown = page.state.text()
    with b.sessions.begin() as session:
        place = sync.status(session).hub
    assert REFUSED[language] in shown and _english_left(shown, place, "B") == [], shown
    strip = chain_worker.status_text(outcome, None, NOW, lambda s: QApplication.translate("ChainWorker", s))
    assert _english_left(strip) == [] and strip != chain_worker.status_text(
        outcome, None, NOW, lambda s: s), strip
    env = {"LANG": {"cs": "cs_CZ.UTF-8", "ru": "ru_RU.UTF-8"}[language], "LANGUAGE": "", "LC_ALL": "",
           "LC_MESSAGES": ""}
    done = cli("sync", "--db", str(tmp_path / "B.db"), env=env)
    said = {"cs": "Centrála odmítla přihlášení této stanice", "ru": "Центр отклонил вход этой станции"}[language]
    assert done.returncode == 4 and said in done.stdout and said.lower() in done.stderr.lower(), (done.stdout,
                                                                                                   done.stderr)


@pytest.mark.parametrize("language", ["cs", "ru"])
def test_what_healing_did_is_said_in_the_shops_language(
        tmp_path: Path, hub_url: str, qtbot: Any, english_after: Any, language: str) -> None:
    (a, b), cards = make_chain(tmp_path, hub_url, ("A", "B"), cards=1)
    sync.sync_once(b, now=NOW)
    path = b.sqlite_path
    assert path is not None
    saved = backup.backup_out(path, tmp_path / "b-backup.db")
    with b.sessions.begin() as session:
        ops.stamp(session, cards[0], count=3, now=NOW, station="B")
    sync.sync_once(b, now=NOW)
    b.close()
    backup.restore(path, saved, keep_dir=tmp_path / "kept")  # B's disk put back from its backup
    b = engine.open_database(engine.sqlite_url(path))
    sync.sync_once(b, now=NOW)
    with b.sessions.begin() as session:
        status = sync.status(session)
        place = status.hub
    assert [note.kind for note in status.healing.notes] == [hub_notes.NoteKind.OWN_FROM_HUB]
    assert status.healing.notes[0].n >= 1 and "this database lacked" in status.healed  # English for --json
    with b.sessions.begin() as session:
        row = session.get(ChainState, 1)
        assert row is not None
        stored = json.loads(row.healed)  # data, each shell words it
    assert stored["notes"][0]["kind"] == "own_from_hub" and stored["notes"][0]["n"] == status.healing.notes[0].n
    page = _page(b, tmp_path, "B", language, qtbot)
    shown = page.state.text()
    assert HEALED[language] in shown and _english_left(shown, place, "B") == [], shown


def test_plain_text_stored_before_is_read_as_it_is() -> None:
    old = "2026-12-01 10:00 UTC: 3 events made here after the last one the hub received never reached it"
    healed = hub_notes.read_healed(old)
    assert healed.at is None and healed.notes == (hub_notes.Note(hub_notes.NoteKind.TEXT, text=old),)
    assert healed.english() == old and sentences.healing(healed.notes[0], "cs") == old
    trouble = hub_notes.read_trouble("the hub cannot be reached: connection refused")
    assert trouble is not None and trouble.kind is hub_notes.HubTrouble.TEXT
    assert trouble.english() == "the hub cannot be reached: connection refused"
    assert hub_notes.read_trouble("") is None and hub_notes.read_healed("").notes == ()


@pytest.mark.parametrize("lang,why,offline", [("cs_CZ.UTF-8", "Proč: centrála", "není dostupná"),
                                               ("ru_RU.UTF-8", "Причина: центр", "недоступен")])
def test_chain_status_and_sync_in_the_users_language(tmp_path: Path, hub_url: str, proxy: Proxy, lang: str,
                                                     why: str, offline: str) -> None:
    a, _ = new_shop(tmp_path / "A.db", cards=1)
    sync.create_chain(a, hub_url, station="A", now=NOW)
    a.close()
    proxy.drop()
    env = {"LANG": lang, "LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": ""}
    done = cli("sync", "--db", str(tmp_path / "A.db"), env=env)
    assert done.returncode == 4, done.stderr
    assert offline in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert "cannot be reached" not in done.stderr, done.stderr
    shown = cli("chain", "status", "--db", str(tmp_path / "A.db"), env=env)
    assert shown.returncode == 0, shown.stderr
    assert why in shown.stdout and offline in shown.stdout, shown.stdout
    assert "cannot be reached" not in shown.stdout, shown.stdout
    data = json.loads(cli("chain", "status", "--db", str(tmp_path / "A.db"), "--json", env=env).stdout)
    assert data["error_kind"] == "unreachable" and data["last_error"].startswith("the hub cannot be reached")


def test_chain_conflicts_in_the_users_language(tmp_path: Path, hub_url: str, proxy: Proxy) -> None:
    (a, b), cards = make_chain(tmp_path, hub_url, ("A", "B"), cards=1)
    for visit in range(2):  # 2 + 5 + 3 = 10: full
        with a.sessions.begin() as session:
            ops.stamp(session, cards[0], count=5 - 2 * visit, now=NOW + dt.timedelta(minutes=30 * visit),
                      station="A")
    for station in (a, b):
        sync.sync_once(station)
    proxy.drop()  # apart: each redeems the same reward
    for station, name in ((a, "A"), (b, "B")):
        with station.sessions.begin() as session:
            ops.redeem(session, cards[0], now=NOW + dt.timedelta(hours=2), station=name)
    proxy.open()
    for station in (a, b, a):
        sync.sync_once(station)
    a.close()
    env = {"LANG": "cs_CZ.UTF-8", "LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": ""}
    shown = cli("chain", "conflicts", "--db", str(tmp_path / "A.db"), env=env)
    assert shown.returncode == 0, shown.stderr
    assert "odměna byla vydána na dvou pokladnách" in shown.stdout and "10 razítek" in shown.stdout, shown.stdout
    assert "redeemed" not in shown.stdout and "negative" not in shown.stdout, shown.stdout
    data = json.loads(cli("chain", "conflicts", "--db", str(tmp_path / "A.db"), "--json", env=env).stdout)
    assert data["conflicts"][0]["kind"] == "negative" and "redeemed" in data["conflicts"][0]["detail"]  # --json


def test_a_hub_fault_at_the_error_edge_is_the_hubs_not_the_databases(
        tmp_path: Path, hub_url: str, proxy: Proxy, qtbot: Any, english_after: Any) -> None:
    from kiosk.app.status import Part
    from tests.kiosk.conftest import make_services, make_window

    a, _ = new_shop(tmp_path / "A.db", cards=1)
    sync.create_chain(a, hub_url, station="A", now=NOW)
    proxy.drop()
    with pytest.raises(sync.HubUnreachable) as caught:
        sync.sync_once(a)
    window = make_window(qtbot, make_services(a, tmp_path / "data"), size=(800, 480))
    try:
        assert i18n.install_language(QApplication.instance(), "cs")
        window.handle_exception(type(caught.value), caught.value, caught.value.__traceback__)
        assert window.message.headline.text() == WHY["cs"] + ". Razítka čekají zde; nic se neztratí."
        assert window.status.states.get(Part.DATABASE) != "error"  # this kiosk's own database is fine
    finally:
        window.shutdown()
