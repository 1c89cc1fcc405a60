"""The README, ``--help`` and the code agree on every command's flags, names and PIN.

The README's synopsis block (the first fenced block under "The command line") is
parsed into commands and their flags; every subcommand's ``--help`` is run and
its flags read back. Both sides must name the same flags. Flags every command
takes (``--db``, ``--json``, ``--station``, ``--help``) and the owner PIN
(``--pin``, described in its own README section) are left out of the synopsis;
the commands the README calls owner commands must take ``--pin``.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from kiosk import cli

README = Path(__file__).resolve().parents[2] / "README.md"
COMMON = {"--db", "--json", "--station", "--help", "-h", "--pin"}
FLAG = re.compile(r"(?<![\w-])--[a-z][a-z0-9-]*")


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _commands() -> dict[str, argparse.ArgumentParser]:
    """Every runnable command ("batch create", "settings", "settings set" …) and its parser."""
    found: dict[str, argparse.ArgumentParser] = {}

    def walk(parser: argparse.ArgumentParser, words: list[str]) -> None:
        children = _subparsers(parser)
        if words and parser.get_default("func") is not None:
            found[" ".join(words)] = parser
        for name, child in children.items():
            walk(child, [*words, name])

    walk(cli.build_parser(), [])
    return found


def _help_flags(parser: argparse.ArgumentParser) -> set[str]:
    """The flags its ``--help`` shows (hidden aliases, ``help=SUPPRESS``, are not shown)."""
    return set(FLAG.findall(parser.format_help().split("options:", 1)[-1])) - COMMON


def synopsis() -> str:
    text = README.read_text(encoding="utf-8")
    section = text.split("## The command line", 1)[1]
    return section.split("```", 2)[1]


def readme_commands() -> dict[str, set[str]]:
    """The synopsis as {command: flags}; ``chain status|conflicts`` names two commands."""
    lines: list[str] = []
    for raw in synopsis().splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        if raw.startswith(" ") and lines:
            lines[-1] += " " + line.strip()
        else:
            lines.append(line.strip())
    known = _commands()
    found: dict[str, set[str]] = {}
    for line in lines:
        for part in line.split(" ; "):
            words = part.split()
            if words and words[0] == "stampcard":
                words = words[1:]
            names = [""]
            for word in words:
                options = word.split("|")
                longer = [f"{n} {o}".strip() for n in names for o in options]
                if all(any(k == w or k.startswith(w + " ") for k in known) for w in longer):
                    names = longer
                else:
                    break
            flags = set(FLAG.findall(part)) - COMMON
            for name in names:
                found.setdefault(name, set()).update(flags)
    return found


def test_the_synopsis_names_every_command_and_only_real_ones() -> None:
    documented, real = set(readme_commands()), set(_commands())
    assert documented - real == set(), "in the README but not in the parser"
    assert real - documented == set(), "in the parser but not in the README's synopsis"


@pytest.mark.parametrize("command", sorted(_commands()))
def test_the_readme_and_help_name_the_same_flags(command: str) -> None:
    documented = readme_commands().get(command, set())
    shown = _help_flags(_commands()[command])
    assert documented == shown, (f"{command}: only in the README {sorted(documented - shown)}, "
                                 f"only in --help {sorted(shown - documented)}")


def test_every_owner_command_of_the_readme_takes_the_pin() -> None:
    text = README.read_text(encoding="utf-8")
    sentence = text.split("Every owner command needs the owner PIN:", 1)[1].split(". Give it", 1)[0]
    listed: set[str] = set()
    for item in re.findall(r"`([^`]+)`", sentence):
        head, *rest = item.split(" ", 1)
        for tail in (rest[0].split("|") if rest else [""]):
            listed.add(f"{head} {tail}".strip())
    commands = _commands()
    owners = {c for c in commands if any(c == item or c.startswith(item.rstrip(" …") + " ")
                                         for item in listed if item.endswith("…")) or c in listed}
    assert owners, listed
    for command in owners:
        options = {o for a in commands[command]._actions for o in a.option_strings}
        assert "--pin" in options, command


def test_settings_reads_without_a_pin_and_init_cap_is_settings_set_cap() -> None:
    commands = _commands()
    assert "--cap" in _help_flags(commands["init"]) and "--cap" in _help_flags(commands["settings set"])
    assert "--max-per-visit" not in _help_flags(commands["init"])  # the old name: a hidden alias
    args = cli.build_parser().parse_args(["init", "--shop", "S", "--owner-pin", "1234", "--max-per-visit", "3"])
    assert args.max_per_visit == 3
    assert cli.build_parser().parse_args(["chain", "status", "--pin", "1234"]).pin == "1234"
