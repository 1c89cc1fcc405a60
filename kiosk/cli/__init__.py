"""The ``stampcard`` command line, as DESIGN.md's contract says.

Exit codes: 0 success, 1 a printer failed, 2 bad usage (a number out of range
names the range), 3 refused (with one line on stderr and nothing written), 4
the database cannot be read or written (one line, nothing recorded); never a
traceback (``kiosk/cli/run.py``). Every command accepts ``--db`` and ``--json``
before or after its own arguments.

Only the chosen command's parser is built, and only its module imported:
``stampcard --help`` lists the commands from :data:`COMMANDS`, a table of names
and one-line summaries, and loads nothing of ours but this module and
``kiosk.lazy_imports`` (``benchmarks/startup.py`` measures it). Each module of the
package adds its commands with ``register(sub, command)``; ``tests/test_startup.py``
checks that the table and the modules say the same.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable, Iterator, Sequence

from kiosk import lazy_imports

TYPE_CHECKING = False  # typing itself is not loaded for --help
if TYPE_CHECKING:
    from typing import Any

    from kiosk.cli.common import Context

    _Choices = argparse._SubParsersAction[argparse.ArgumentParser]
else:
    _Choices = argparse._SubParsersAction

#: Every command: the module of ``kiosk/cli/`` whose ``register`` adds it, and the line ``--help`` shows.
COMMANDS: dict[str, tuple[str, str]] = {
    "init": ("shop", "set up the shop, its program and the owner PIN"),
    "batch": ("batches", "create, list or void batches of cards"),
    "card": ("counter", "show, block or transfer a card"),
    "stamp": ("counter", "add stamps to a card"),
    "redeem": ("counter", "redeem a full card's reward"),
    "undo": ("counter", "undo the card's last stamp or redeem (within 10 minutes)"),
    "scan": ("scan", "decode card codes from photos or frames"),
    "receipt": ("printing", "print a receipt for a card's last change"),
    "complaint": ("complaints", "add, list or resolve complaints"),
    "report": ("shop", "counts of cards, visits, stamps, rewards, complaints"),
    "backup": ("shop", "copy the database safely, even while a kiosk runs"),
    "restore": ("shop", "replace the database with a checked backup"),
    "kiosk": ("screen", "start the touchscreen kiosk"),
    "devices": ("devices", "list cameras, printers and scanners plugged in here"),
    "autostart": ("devices", "start the kiosk full screen at boot (and after a crash)"),
    "settings": ("owner", "show the shop's settings (no PIN needed)"),
    "export": ("owner", "write cards, visits, customers or complaints to CSV or .xlsx"),
    "customer": ("owner", "a customer's details: set with consent, export, erase"),
    "secret": ("keys", "the shop's signing key: rotate it"),
    "sync": ("chain", "send this station's events to the hub and fetch the others', once"),
    "chain": ("chain", "a chain of shops: stations syncing through a PostgreSQL hub"),
    "web": ("web", "serve the customers' card page, its forms and the shop page"),
    "poster": ("web", "a poster of the program with a QR code to the card page"),
    "message": ("messages", "messages to regulars who agreed: preview or send"),
}


def _english(environ: dict[str, str] | None = None) -> bool:
    """True when the terminal surely speaks English (no locale, C, POSIX or en_*): then ``--help`` loads nothing
    more. Any other locale is decided by ``cards.words.user_language``."""
    import os

    env = os.environ if environ is None else environ
    return all(env.get(name, "").split(".")[0] in ("", "C", "POSIX") or env.get(name, "").startswith("en")
               for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"))


class _Words:
    """The terminal language's catalogue for help and argparse's own words (English: the text itself)."""

    def __init__(self) -> None:
        import gettext  # argparse's own import: loads nothing new

        self.gettext: Callable[[str], str] = str
        catalogue: Any = gettext  # English: argparse's usual lookup
        if not _english():
            from cards import words

            catalogue = words.catalogue(words.user_language())
            self.gettext = catalogue.gettext
        argparse._ = catalogue.gettext  # type: ignore[attr-defined]  # argparse's words (domain 'argparse')
        argparse.ngettext = catalogue.ngettext  # type: ignore[attr-defined]  # kiosk/cli/help_words.py lists them


_words: _Words | None = None


def _tr(text: str | None) -> str | None:
    """A help text in the terminal's language (its ``%(default)s`` fields are argparse's to fill)."""
    global _words
    if not text or text is argparse.SUPPRESS:
        return text
    if _words is None:
        _words = _Words()
    return _words.gettext(text)


class _Formatter(argparse.HelpFormatter):
    """argparse's formatter, saying the help texts in the terminal's language."""

    def _format_text(self, text: str) -> str:
        return super()._format_text(_tr(text) or "")

    def _expand_help(self, action: argparse.Action) -> str:
        if action.help:
            action.help = _tr(action.help)
        return super()._expand_help(action)


class Parser(argparse.ArgumentParser):
    """``stampcard``'s parsers: help and errors in the terminal's language (``cards.words.user_language``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        global _words
        if _words is None:
            _words = _Words()  # argparse's words ("positional arguments", "usage:") through ours, before it uses any
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)


def _common(parser: argparse.ArgumentParser, *, top: bool) -> None:
    default: Any = None if top else argparse.SUPPRESS
    parser.add_argument("--db", default=default, metavar="URL",
                        help="database URL or SQLite file (default: $STAMPCARD_DB or the user data folder)")
    parser.add_argument("--json", action="store_true", default=False if top else argparse.SUPPRESS,
                        help="print one JSON object")
    parser.add_argument("--station", default=default, help="this kiosk's name in the ledger")


def command(container: Any, name: str, func: Callable[[argparse.Namespace, Context], int],
            help_text: str) -> argparse.ArgumentParser:
    """Add a runnable command (``func``) to ``container``, taking the options every command takes."""
    p: argparse.ArgumentParser = container.add_parser(name, help=help_text, description=help_text)
    _common(p, top=False)
    p.set_defaults(func=func)
    return p


class _Names(dict[str, argparse.ArgumentParser]):
    """What argparse checks a command word against (and names in its error): every name of the table,
    before any parser is built."""

    def __contains__(self, name: object) -> bool:
        return name in COMMANDS

    def __iter__(self) -> Iterator[str]:
        return iter(COMMANDS)


class Commands(_Choices):
    """The commands' sub-parsers: the one chosen is built (its module imported) when argparse reaches it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choices = _Names()
        self._choices_actions.extend(self._ChoicesPseudoAction(name, (), summary)
                                     for name, (_, summary) in COMMANDS.items())
        self.summaries: dict[str, str | None] = {}  # what the modules' register said of each command
        self._loaded: set[str] = set()

    def load(self, name: str) -> argparse.ArgumentParser:
        """The parser of command ``name``, built by its module's ``register`` (with the module's other commands)."""
        module = COMMANDS[name][0]
        if module not in self._loaded:
            self._loaded.add(module)
            listed = len(self._choices_actions)
            importlib.import_module(f"kiosk.cli.{module}").register(self, command)
            self.summaries.update((action.dest, action.help) for action in self._choices_actions[listed:])
            del self._choices_actions[listed:]  # --help lists the table's lines, once
        return self._name_parser_map[name]

    def load_all(self) -> None:
        """Build every command's parser; ``choices`` becomes argparse's usual {name: parser}."""
        for name in COMMANDS:
            self.load(name)
        self.choices = self._name_parser_map

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: str | Sequence[Any] | None, option_string: str | None = None) -> None:
        if isinstance(values, Sequence) and values and values[0] in COMMANDS:
            self.load(values[0])
        super().__call__(parser, namespace, values, option_string)


def build_parser(*, every: bool = True) -> argparse.ArgumentParser:
    """The whole command line; with ``every=False`` a command's parser is built only when it is chosen."""
    global _words
    _words = _Words()  # the terminal's language now (a test, or a long-lived caller, may have changed it)
    parser = Parser(prog="stampcard", description="QR stamp-card kiosk and tools.")
    _common(parser, top=True)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", action=Commands)
    assert isinstance(sub, Commands)
    if every:
        sub.load_all()
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``stampcard`` command."""
    args = build_parser(every=False).parse_args(argv)  # --help and bad usage end here, before the storage layer
    lazy_imports.finish()
    from kiosk.cli import run  # the context, the storage layer and the exit codes: only for a command that runs

    return run.run(args)
