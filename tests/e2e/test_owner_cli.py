"""The owner's commands end to end: settings, settings set, export, customer set|export|erase."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from kiosk import cli

PIN = "1357"
NAME, PHONE = "Jana Nováková", "+420 602 111 222"
INIT = ["--shop", "Kavárna U Kocoura", "--stamps", "10", "--reward", "Káva zdarma", "--prestamps", "2",
        "--owner-pin", PIN, "--language", "cs", "--timezone", "Europe/Prague",
        "--complaints-phone", "+420 777 123 456", "--complaints-email", "stiznosti@kocour.cz",
        "--complaints-url", "https://kocour.cz/ozvete-se"]


class Run:
    """``stampcard`` in-process against one database file; returns (exit code, last JSON line, stdout, stderr)."""

    def __init__(self, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.db, self.capsys = db, capsys

    def __call__(self, *argv: str, json_out: bool = True) -> tuple[int, Any, str, str]:
        self.capsys.readouterr()
        try:
            code = cli.main([*argv, "--db", str(self.db)] + (["--json"] if json_out else []))
        except SystemExit as exc:  # argparse: bad usage
            code = int(exc.code or 0)
        out, err = self.capsys.readouterr()
        lines = [line for line in out.splitlines() if line.strip()]
        data = json.loads(lines[-1]) if json_out and lines else None
        return code, data, out, err

    def ok(self, *argv: str) -> Any:
        code, data, _out, err = self(*argv)
        assert code == 0, err
        return data


def tables(db: Path) -> tuple[list[Any], ...]:
    with sqlite3.connect(db) as connection:
        return tuple(connection.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
                     for t in ("shop", "program", "events", "cards", "visits", "customers", "complaints"))


@pytest.fixture
def run(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Run:
    monkeypatch.setenv("STAMPCARD_PIN", PIN)
    runner = Run(tmp_path / "shop.db", capsys)
    runner.ok("init", *INIT)
    return runner


@pytest.fixture
def card(run: Run) -> str:
    code = run.ok("batch", "create", "--count", "3")["codes"][0]
    run.ok("card", "show", code)
    run.ok("stamp", code, "--count", "3")
    return str(code)


def test_settings_json_is_one_object_without_the_secret(run: Run) -> None:
    code, data, out, _err = run("settings")
    assert code == 0 and len(out.strip().splitlines()) == 1, "one JSON object"
    assert data["shop"] == "Kavárna U Kocoura" and data["timezone"] == "Europe/Prague"
    assert data["stamps"] == 10 and data["complaints_url"] == "https://kocour.cz/ozvete-se"
    assert not {"secret", "owner_pin", "pin"} & set(data)
    with sqlite3.connect(run.db) as connection:
        (secret,) = connection.execute("SELECT secret FROM shop").fetchone()
    code, _data, text, _err = run("settings", json_out=False)
    for form in (secret.hex(), secret.hex().upper(), __import__("base64").b64encode(secret).decode()):
        assert form not in out and form not in text
    assert "Europe/Prague" in text and "24 months" in text


def test_settings_need_the_owner_pin(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("STAMPCARD_PIN")
    before = tables(run.db)
    assert run.ok("settings")["shop"] == "Kavárna U Kocoura"  # reading the settings needs no PIN (README)
    for argv in (["settings", "set", "--shop", "X"], ["export", "visits", "--out", "v.csv"],
                 ["customer", "erase", "K7Q2-9XJ4-MN3"]):
        code, data, _out, err = run(*argv)
        assert code == 3 and data["kind"] == "no_pin", err
    code, data, _out, _err = run("settings", "set", "--shop", "X", "--pin", "9999")
    assert code == 3 and data["kind"] == "wrong_pin"
    assert run.ok("settings", "--pin", PIN)["shop"] == "Kavárna U Kocoura"
    assert tables(run.db)[1:] == before[1:]


@pytest.mark.parametrize(("option", "value", "kind"), [
    ("--shop", "  ", "empty"),
    ("--shop", "Kavárna a cukrárna Na Náměstí Svobody Přeštice, Masarykovo náměstí 1234, 334 01 Přeštice", "too_long"),
    ("--reward", "Káva zdarma \x07", "bad_characters"),
    ("--stamps", "1", "out_of_range"),
    ("--prestamps", "10", "out_of_range"),
    ("--cooldown", "-1", "out_of_range"),
    ("--language", "de", "usage"),
    ("--timezone", "Europe/Kazan", "bad_format"),
    ("--complaints-phone", "zavolejte nám", "bad_format"),
    ("--complaints-email", "stiznosti(at)kocour.cz", "bad_format"),
    ("--complaints-url", "ftp://kocour.cz", "bad_format"),
    ("--complaints-email", "stiznosti.a.pripominky.zakazniku.kavarny@kavarna-a-cukrarna-na-namesti-svobody-"
                           "prestice.cz", "text_too_long"),  # fits the rule (<= 120), not the printed box
])
def test_settings_set_refuses_what_init_refuses(run: Run, tmp_path: Path, option: str, value: str, kind: str
                                                ) -> None:
    cap_option = "--max-per-visit" if option == "--cap" else option
    init = [a for pair in zip(INIT[::2], INIT[1::2]) if pair[0] != cap_option for a in pair]
    fresh = Run(tmp_path / "fresh.db", run.capsys)
    refused_init = fresh("init", *init, cap_option, value)
    before = tables(run.db)
    refused_set = run("settings", "set", option, value)
    assert tables(run.db) == before, "a refused change wrote something"
    assert not (tmp_path / "fresh.db").exists(), "a refused init left a database"
    expected_code = 2 if kind in ("out_of_range", "usage") else 3
    assert refused_init[0] == refused_set[0] == expected_code, (refused_init[3], refused_set[3])
    if kind == "usage":  # argparse's own line, naming the choices
        assert "invalid choice: 'de'" in refused_init[3] and "invalid choice: 'de'" in refused_set[3]
        return
    assert refused_init[3] == refused_set[3], "the same sentence from both"
    if expected_code == 3:
        assert refused_init[1]["kind"] == refused_set[1]["kind"] == kind


def test_settings_set_changes_what_it_names_and_reports_cards_in_use(run: Run, card: str) -> None:
    before = run.ok("settings")
    data = run.ok("settings", "set", "--stamps", "5", "--cap", "3", "--timezone", "Asia/Yekaterinburg",
                  "--complaints-url", "kocour.cz/nova-adresa", "--retention-months", "12")
    assert set(data["changed"]) == {"stamps", "cap", "timezone", "complaints_url", "retention_months"}
    assert (data["cards_in_use"], data["cards_ready"]) == (1, 1)  # 2 head start + 3 stamps = 5 of 5
    after = run.ok("settings")
    assert after == {**before, "stamps": 5, "cap": 3, "timezone": "Asia/Yekaterinburg",
                     "complaints_url": "https://kocour.cz/nova-adresa", "retention_months": 12}
    shown = run.ok("card", "show", card)
    assert (shown["stamps"], shown["stamps_required"], shown["reward_ready"]) == (5, 5, True)
    code, _data, text, _err = run("settings", "set", "--stamps", "12", json_out=False)
    assert code == 0 and "keep their stamps and now need 12" in text
    assert run.ok("card", "show", card)["to_go"] == 7
    code, _d, _o, err = run("settings", "set")
    assert code == 2 and "at least one setting" in err


def test_export_visits_csv_and_xlsx_match_the_ledger(run: Run, card: str, tmp_path: Path) -> None:
    run.ok("stamp", card, "--force")
    out = tmp_path / "visits.csv"
    data = run.ok("export", "visits", "--out", str(out))
    assert data["rows"] == 2 and data["format"] == "csv" and data["timezone"] == "Europe/Prague"
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    with sqlite3.connect(run.db) as connection:
        stored = connection.execute("SELECT id, stamps_added FROM visits ORDER BY id").fetchall()
    assert [(int(r["visit"]), int(r["stamps_added"])) for r in rows] == stored
    shown = run.ok("card", "show", card)
    assert {r["card"] for r in rows} == {shown["number"]}
    xlsx = tmp_path / "cards.xlsx"
    assert run.ok("export", "cards", "--out", str(xlsx), "--since", "2020-01-01")["rows"] == 3
    sheet = openpyxl.load_workbook(xlsx)["cards"]
    assert [c.value for c in sheet[1]][:4] == ["number", "batch", "status", "stamps"]
    assert sorted(r[3] for r in sheet.iter_rows(min_row=2, values_only=True)) == [2, 2, 6]
    code, _d, _o, err = run("export", "visits", "--out", str(tmp_path / "v.pdf"))
    assert code == 3
    code, _d, _o, err = run("export", "visits", "--out", str(out), "--since", "yesterday")
    assert code == 2 and "YYYY-MM-DD" in err


def test_customer_set_needs_consent_export_shows_all_erase_leaves_no_byte(run: Run, card: str) -> None:
    before = tables(run.db)
    code, data, _out, err = run("customer", "set", card, "--name", NAME, "--phone", PHONE)
    assert code == 3 and data["kind"] == "no_consent" and "--consent" in err
    assert tables(run.db) == before
    saved = run.ok("customer", "set", card, "--name", NAME, "--phone", PHONE, "--email", "jana@example.cz",
                   "--birthday", "1990-12-24", "--consent")
    assert saved["consent_at"] and saved["name"] == NAME
    run.ok("complaint", "add", "--card", card, "--topic", "service", "--text", f"{NAME} čekala dlouho",
           "--contact", PHONE)
    exported = run.ok("customer", "export", card)
    assert exported["customer"]["phone"] == PHONE and exported["consent"]["given_at"] == saved["consent_at"]
    assert len(exported["cards"][0]["visit_list"]) == 1 and exported["complaints"][0]["contact"] == PHONE
    stamps_before = run.ok("card", "show", card)["stamps"]
    report_before = run.ok("report")
    erased = run.ok("customer", "erase", card)
    assert erased["erased"] and erased["complaints"] == 1 and erased["scrubbed"]
    assert run.ok("card", "show", card, "--no-activate")["stamps"] == stamps_before
    assert run.ok("report") == report_before
    after = run.ok("customer", "export", card)
    assert after["customer"]["name"] == "" and after["consent"] is None
    assert after["complaints"] == [] or after["complaints"][0]["text"] == "[erased] čekala dlouho"
    with sqlite3.connect(run.db) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute("VACUUM")
    raw = run.db.read_bytes()
    for secret in (NAME, PHONE, "602111222", "jana@example.cz"):
        assert secret.encode() not in raw, secret


def test_customer_set_keeps_the_details_not_given(run: Run, card: str) -> None:
    run.ok("customer", "set", card, "--name", NAME, "--phone", PHONE, "--consent")
    changed = run.ok("customer", "set", card, "--email", "jana@example.cz", "--consent")
    assert (changed["name"], changed["phone"], changed["email"]) == (NAME, PHONE, "jana@example.cz")
    cleared = run.ok("customer", "set", card, "--phone", "", "--consent")
    assert (cleared["name"], cleared["phone"]) == (NAME, "")
    code, data, _out, _err = run("customer", "set", card, "--email", "jana@example.org")
    assert code == 3 and data["kind"] == "no_consent", "kept details still need the consent"


def test_customer_export_to_a_private_file(run: Run, card: str, tmp_path: Path) -> None:
    run.ok("customer", "set", card, "--name", NAME, "--consent")
    out = tmp_path / "jana.json"
    assert run.ok("customer", "export", card, "--out", str(out))["out"] == str(out)
    assert json.loads(out.read_text(encoding="utf-8"))["customer"]["name"] == NAME
    assert out.stat().st_mode & 0o777 == 0o600


def test_owner_commands_never_create_a_database(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STAMPCARD_PIN", PIN)
    nowhere = Run(tmp_path / "none.db", capsys)
    for argv in (["settings"], ["settings", "set", "--shop", "X"], ["export", "cards", "--out", "c.csv"],
                 ["customer", "export", "K7Q2-9XJ4-MN3"]):
        code, data, _out, _err = nowhere(*argv)
        assert code == 3 and data["kind"] == "no_database"
    assert not (tmp_path / "none.db").exists()
