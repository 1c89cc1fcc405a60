"""`stampcard message preview|send`, `customer set --consent email,sms` and the messaging settings, end to end
against a real SMTP server on localhost and a real SMS outbox folder."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk import cli
from tests.helpers import mail

PIN = "1357"


class Run:
    def __init__(self, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.db, self.capsys = db, capsys

    def __call__(self, *argv: str) -> tuple[int, Any, str]:
        self.capsys.readouterr()
        code = cli.main([*argv, "--db", str(self.db), "--json"])
        out, err = self.capsys.readouterr()
        lines = [line for line in out.splitlines() if line.strip()]
        return code, json.loads(lines[-1]) if lines else None, err

    def ok(self, *argv: str) -> Any:
        code, data, err = self(*argv)
        assert code == 0, err
        return data


@pytest.fixture
def inbox() -> Iterator[mail.Inbox]:
    with mail.smtp_server() as server:
        yield server


@pytest.fixture
def run(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Run:
    monkeypatch.setenv("STAMPCARD_PIN", PIN)
    runner = Run(tmp_path / "shop.db", capsys)
    runner.ok("init", "--shop", "Kavárna U Kocoura", "--stamps", "10", "--prestamps", "2", "--owner-pin", PIN,
              "--timezone", daytime_zone())
    return runner


def daytime_zone() -> str:
    """A time zone where it is about 1 p.m. now: the test never runs in the shop's quiet hours."""
    offset = (13 - dt.datetime.now(dt.timezone.utc).hour) % 24
    offset = offset - 24 if offset > 12 else offset
    return f"Etc/GMT{-offset:+d}" if offset else "UTC"


def birthday_soon() -> str:
    today = dt.datetime.now(dt.timezone.utc).date()
    day = today + dt.timedelta(days=3)
    try:
        return day.replace(year=1990).isoformat()
    except ValueError:  # 29 February
        return dt.date(1990, 3, 1).isoformat()


def test_consent_per_channel_preview_and_send_exactly_once(run: Run, inbox: mail.Inbox, tmp_path: Path) -> None:
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    changed = run.ok("settings", "set", "--smtp", inbox.url, "--sender", "Kavárna <kavarna@kocour.cz>",
                     "--sms-outbox", str(outbox), "--birthday-bonus", "1")
    assert {"smtp", "sender", "sms_outbox", "birthday_bonus"} <= set(changed["changed"])
    jana, eva = run.ok("batch", "create", "--count", "2")["codes"]
    saved = run.ok("customer", "set", jana, "--name", "Jana", "--email", "jana@example.cz",
                   "--birthday", birthday_soon(), "--consent", "email")
    assert saved["channels"]["email"]["active"] and saved["channels"]["email"]["source"] == "counter"
    run.ok("customer", "set", eva, "--name", "Eva", "--email", "eva@example.cz", "--birthday", birthday_soon(),
           "--consent")  # details kept, but no consent to be contacted
    code, data, err = run("customer", "set", eva, "--consent", "fax")
    assert code == 3 and "fax" in err
    code, data, err = run("customer", "set", eva, "--consent", "sms")  # no phone number for SMS
    assert code == 3
    preview = run.ok("message", "preview")
    assert [(m["card"], m["kind"], m["channel"]) for m in preview["messages"]] == [
        (preview["messages"][0]["card"], "birthday", "email")]
    assert preview["messages"][0]["number"] == preview["messages"][0]["card"].replace("-", "")
    sent = run.ok("message", "send")
    assert (sent["sent"], sent["skipped"], sent["failed"], sent["quiet"]) == (1, 0, 0, False)
    assert len(inbox.messages) == 1 and inbox.recipients == [["jana@example.cz"]]
    assert run.ok("message", "send") == {**run.ok("message", "send"), "sent": 0}
    assert len(inbox.messages) == 1, "re-running send sends nothing new"
    withdrawn = run.ok("customer", "set", jana, "--withdraw", "all")
    assert not withdrawn["channels"]["email"]["active"]
    announced = run.ok("message", "send", "--kind", "announce", "--text", "Closed sale on Friday")
    assert announced["sent"] == 0 and len(inbox.messages) == 1


def test_message_commands_need_the_owner_pin_and_good_usage(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("STAMPCARD_PIN")
    code, _, err = run("message", "preview")
    assert code == 3
    code, _, err = run("message", "send", "--pin", "0000")
    assert code == 3
    monkeypatch.setenv("STAMPCARD_PIN", PIN)
    code, _, err = run("message", "send", "--kind", "winback", "--text", "hello")
    assert code == 2
    code, _, err = run("settings", "set", "--smtp", "http://example.com")
    assert code == 3 and "smtp" in err
    code, _, err = run("settings", "set", "--referral-bonus", "99")
    assert code == 2
    code, _, err = run("message", "preview", "--kind", "announce", "--text", "Sale", "--tier", "Platinum")
    assert code == 3 and "Gold" in err
    assert run.ok("message", "preview", "--kind", "announce", "--text", "Sale", "--tier", "gold") == {"messages": []}
