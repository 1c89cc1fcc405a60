"""``stampcard --help`` and argparse's own words speak the terminal's language (LANG), as the rest of the command
line does; English stays what the README quotes (tests/e2e/test_readme_help.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest


def _stampcard(lang: str, *argv: str) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("stampcard")
    command = [str(exe)] if exe.exists() else [shutil.which("stampcard") or "stampcard"]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANGUAGE"))}
    env["LANG"] = lang
    return subprocess.run([*command, *argv], capture_output=True, text=True, env=env, timeout=120, check=False)


@pytest.mark.parametrize(("lang", "expected"), [
    ("cs_CZ.UTF-8", ["použití: stampcard stamp", "přidat razítka na kartu", "poziční argumenty:", "volby:",
                     "ukázat tuto nápovědu a skončit", "orazítkovat znovu i během čekací doby", "vypsat jeden objekt JSON"]),
    ("ru_RU.UTF-8", ["использование: stampcard stamp", "добавить штампы на карту", "позиционные аргументы:",
                     "параметры:", "показать эту справку и выйти", "отметить снова в период ожидания"]),
    ("C.UTF-8", ["usage: stampcard stamp", "add stamps to a card", "positional arguments:", "options:",
                 "show this help message and exit", "stamp again within the cooldown"]),
])
def test_a_commands_help_speaks_the_terminal_language(lang: str, expected: list[str]) -> None:
    shown = _stampcard(lang, "stamp", "--help")
    assert shown.returncode == 0, shown.stderr
    for part in expected:
        assert part in shown.stdout, (part, shown.stdout)


@pytest.mark.parametrize(("lang", "summary", "missing", "choice"), [
    ("cs_CZ.UTF-8", "vydat dávku nových karet", "stampcard stamp: chyba: chybí povinné argumenty: code",
     "neplatná volba: 'nope'"),
    ("ru_RU.UTF-8", "выпустить партию новых карт", "stampcard stamp: ошибка: не хватает обязательных аргументов: code",
     "недопустимый вариант: 'nope'"),
    ("C", "issue a batch of new cards", "stampcard stamp: error: the following arguments are required: code",
     "invalid choice: 'nope'"),
])
def test_summaries_and_argparse_errors_speak_the_terminal_language(lang: str, summary: str, missing: str,
                                                                   choice: str) -> None:
    batch = _stampcard(lang, "batch", "--help")
    assert batch.returncode == 0 and summary in batch.stdout, batch.stdout
    bad = _stampcard(lang, "stamp")
    assert bad.returncode == 2 and bad.stderr.strip().splitlines()[-1] == missing, bad.stderr
    unknown = _stampcard(lang, "nope")
    assert unknown.returncode == 2 and choice in unknown.stderr, unknown.stderr
    top = _stampcard(lang, "--help")
    assert top.returncode == 0 and "Kiosek" in top.stdout if lang.startswith("cs") else top.returncode == 0


def test_each_run_reads_the_language_anew(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """In one process (a test run, a caller of ``kiosk.cli.main``), every parse says the locale of that moment."""
    from kiosk import cli

    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LANGUAGE", raising=False)
    for lang, usage in (("cs_CZ.UTF-8", "použití: "), ("C", "usage: "), ("ru_RU.UTF-8", "использование: "),
                        ("C", "usage: ")):
        monkeypatch.setenv("LC_MESSAGES", lang)
        with pytest.raises(SystemExit):
            cli.main(["stamp", "--help"])
        assert capsys.readouterr().out.startswith(usage + "stampcard stamp")
