"""The gettext catalogues of paper and the command line: complete, compiled, CLDR plurals, no English leaks.

Every sentence and every plural form is rendered in en/cs/ru for the counts 0, 1, 2, 5 and 21.
"""

from __future__ import annotations

import ast
import gettext
import io
import re
from pathlib import Path

import pytest
from babel.messages import extract, mofile, plurals
from babel.messages.catalog import Catalog
from babel.messages.frontend import parse_mapping_cfg
from babel.util import pathmatch
from babel.messages.pofile import read_po
from hypothesis import given
from hypothesis import strategies as st

from cards import languages, refusals, words
from kiosk import sentences
from printing import texts

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "assets" / "locale"
TRANSLATED = [code for code in languages.CODES if code != "en"]
COUNTS = (0, 1, 2, 5, 21)
KEYWORDS = {"gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2), "npgettext": ((1, "c"), 2, 3),
            "N_": None}  # as scripts/update_catalogues.sh: N_ marks a sentence an error carries
FIELD = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?([a-z])")


def _po(language: str) -> Catalog:
    with (LOCALE / language / "LC_MESSAGES" / "stampcard.po").open("rb") as handle:
        return read_po(handle)


def _sources() -> set[tuple[str | None, str]]:
    """(context, msgid) of every sentence in the code, as ``pybabel extract`` (babel.cfg) finds them."""
    found: set[tuple[str | None, str]] = set()
    with (ROOT / "babel.cfg").open(encoding="utf-8") as cfg:
        method_map, _options = parse_mapping_cfg(cfg)  # type: ignore[no-untyped-call]  # babel: no annotations
    for _file, _line, message, _comments, context in extract.extract_from_dir(
            str(ROOT), method_map, keywords=KEYWORDS):
        found.add((context, message[0] if isinstance(message, tuple) else message))
    return found


def _values(msgid: str) -> dict[str, object]:
    """Sample values for a message's ``%(name)x`` fields (numbers for numeric fields)."""
    return {name: (7 if conv in "di" else "K7Q2-9XJ4-MN3") for name, conv in FIELD.findall(msgid)}


def test_the_catalogues_hold_every_sentence_of_the_code_translated() -> None:
    wanted = _sources()
    assert len(wanted) > 100
    for language in TRANSLATED:
        catalogue = _po(language)
        have = {(m.context, m.id[0] if isinstance(m.id, tuple) else m.id): m for m in catalogue if m.id}
        assert sorted(wanted - set(have), key=str) == [], f"{language}: run scripts/update_catalogues.sh"
        assert sorted(set(have) - wanted, key=str) == [], f"{language}: obsolete entries"
        for key, message in have.items():
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            assert all(strings) and not message.fuzzy, (language, key)


@pytest.mark.parametrize("language", TRANSLATED)
def test_plural_rules_are_cldr_as_babel_writes_them(language: str) -> None:
    catalogue = _po(language)
    cldr = plurals.get_plural(language)
    assert catalogue.plural_forms == f"nplurals={cldr.num_plurals}; plural={cldr.plural_expr};"
    for message in catalogue:
        if message.id and isinstance(message.id, tuple):
            assert message.string is not None and len(message.string) == cldr.num_plurals, message.id


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_compiled_catalogues_match_the_po_files(language: str) -> None:
    """The committed .mo is what the .po compiles to (else: scripts/update_catalogues.sh)."""
    compiled = io.BytesIO()
    mofile.write_mo(compiled, _po(language))
    fresh = gettext.GNUTranslations(io.BytesIO(compiled.getvalue()))
    with (LOCALE / language / "LC_MESSAGES" / "stampcard.mo").open("rb") as handle:
        committed = gettext.GNUTranslations(handle)
    assert committed._catalog == fresh._catalog  # type: ignore[attr-defined]
    assert committed.plural(21) == fresh.plural(21) and committed.plural(2) == fresh.plural(2)  # type: ignore[attr-defined]


# English words a Czech or Russian line may keep: names, options, commands, units.
_KEEP = {"PostgreSQL", "STAMPCARD", "PIN", "PINs", "UTC", "E-mail", "Web", "Europe", "Prague", "https",
         "stampcard", "init", "chain", "create", "join", "settings", "set", "force", "consent", "help", "YYYY",
         "pdf", "PDF", "SQLite", "systemd", "pg_dump", "dump", "Online", "Offline", "message", "announce", "Ctrl-C", "Ctrl",
         "e-mail", "web", "text", "min", "bonus", "program", "disk", "server", "logo",  # these are Czech words too
         "USB", "pyusb", "pip", "install", "ESC", "POS", "CUPS", "argument",
         # values, formats and programs the --help texts name as they are typed
         "C-XXXXX", "CSV", "csv", "xlsx", "JSON", "HTTP", "SMS", "sms", "email", "all", "allow", "auto", "From", "IANA",
         "example", "shop", "host", "port", "user", "password", "pgpass", "postgresql", "psycopg", "smtp", "smtps",
         "starttls", "systemctl", "gammu-smsd", "pyzbar", "zxing"}


def _leaks(english: str, translated: str) -> list[str]:
    """English words of ``english`` left in ``translated`` (commands in backticks and options do not count)."""
    def plain(text: str) -> str:
        return re.sub(r"`[^`]*`|--[\w-]+|%\(\w+\)[-#0 +]*\d*[a-z]", " ", text)
    rest = plain(translated)
    return [w for w in re.findall(r"[A-Za-z][A-Za-z-]{2,}", plain(english)) if w not in _KEEP and re.search(
        rf"(?<!\w){re.escape(w)}(?!\w)", rest)]


@pytest.mark.parametrize("language", languages.CODES)
def test_every_sentence_renders_in_every_plural_form(language: str) -> None:
    w = words.words(language)
    catalogue = _po("cs")  # the msgids: the same in every catalogue
    for message in catalogue:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            singular, plural = message.id
            for n in COUNTS:
                values = {k: v for k, v in _values(plural).items() if k != "n"}
                if message.context:
                    line = w.npgettext(message.context, singular, plural, n, **values)
                else:
                    line = w.ngettext(singular, plural, n, **values)
                assert "%(" not in line and "%" not in line.replace("%%", ""), (language, line)
                assert str(n) in line, (language, line)
                if language != "en":
                    assert _leaks(plural, line) == [], (language, line)
        else:
            assert isinstance(message.id, str)
            values = _values(message.id)
            line = w.pgettext(message.context, message.id) if message.context else w.gettext(message.id)
            line = line % values if values else line  # filled here: argparse's "%(message)s" is a field too
            assert "%(" not in line, (language, line)
            if language != "en":
                assert _leaks(message.id, line) == [], (language, line)


@pytest.mark.parametrize(("language", "expected"), [
    ("en", ["Collect 0 stamps", "Collect 1 stamp", "Collect 2 stamps", "Collect 5 stamps", "Collect 21 stamps"]),
    ("cs", ["Sbírejte 0 razítek", "Sbírejte 1 razítko", "Sbírejte 2 razítka", "Sbírejte 5 razítek",
            "Sbírejte 21 razítek"]),
    ("ru", ["Соберите 0 штампов", "Соберите 1 штамп", "Соберите 2 штампа", "Соберите 5 штампов",
            "Соберите 21 штамп"]),
])
def test_counted_words_follow_cldr(language: str, expected: list[str]) -> None:
    assert [texts.text(language, "collect", n=n) for n in COUNTS] == expected


def test_the_seen_plural_bugs_are_gone() -> None:
    en, cs, ru = words.words("en"), words.words("cs"), words.words("ru")
    assert en.ngettext("%(n)6d card", "%(n)6d cards", 1).strip() == "1 card"  # was "1 cards"
    assert sentences.sentence(refusals.Refused(refusals.Kind.WRONG_PIN, tries_left=1), "en") == \
        "wrong PIN (1 try left)"  # was "1 tries left"
    assert cs.ngettext("%(n)d head-start stamp", "%(n)d head-start stamps", 2) == "2 razítka předem"  # not "razítek"
    assert cs.ngettext("%(n)d head-start stamp", "%(n)d head-start stamps", 5) == "5 razítek předem"
    assert texts.text("cs", "head_start", n=2) == "2 razítka od nás"
    # the screens' counted words (Print and Cards pages): "Making 1 card…", "Série 4 je hotová: 2 karty."
    assert [words.words(lang).cards(n) for lang, n in (("en", 1), ("cs", 2), ("cs", 5), ("ru", 21), ("ru", 3))] == [
        "1 card", "2 karty", "5 karet", "21 карта", "3 карты"]
    assert [words.words(lang).stamps(n) for lang, n in (("en", 1), ("cs", 1), ("ru", 5))] == [
        "1 stamp", "1 razítko", "5 штампов"]
    assert [ru.ngettext("%(n)d visit", "%(n)d visits", n) for n in (1, 2, 5, 21, 11)] == [
        "1 визит", "2 визита", "5 визитов", "21 визит", "11 визитов"]
    assert texts.text("ru", "undo_stamps", n=3) == "Отмена: −3 штампа"
    erase = ROOT / "kiosk" / "cli" / "owner.py"
    assert "(s)" not in erase.read_text(encoding="utf-8")  # "complaint(s)": counted properly now


def test_tier_names_live_once() -> None:
    """The default tier names are translated in the catalogue only (paper, CLI and screens read it there)."""
    assert [words.tier_name("cs", n) for n in words.DEFAULT_TIER_NAMES] == ["Člen", "Stříbrná", "Zlatá"]
    assert [words.tier_name("ru", n) for n in words.DEFAULT_TIER_NAMES] == ["Участник", "Серебро", "Золото"]
    assert words.tier_name("cs", "Platinum VIP") == "Platinum VIP"
    for path in (ROOT / "printing").rglob("*.py"):
        assert "Stříbrná" not in path.read_text(encoding="utf-8"), path
    for path in (ROOT / "kiosk").rglob("*.py"):
        assert 'tr("Silver")' not in path.read_text(encoding="utf-8"), path
    for path in (ROOT / "kiosk" / "web" / "templates").rglob("*.html"):  # the card page names tiers through tier()
        assert "{{ card.tier }}" not in path.read_text(encoding="utf-8"), path


@pytest.mark.parametrize("language", languages.CODES)
@pytest.mark.parametrize("kind", list(refusals.Kind))
def test_every_refusal_renders_in_every_language(language: str, kind: refusals.Kind) -> None:
    for n in COUNTS:
        exc = refusals.Refused(kind, number="K7Q29XJ4MN3", batch=3, field="x1", low=2, high=50, limit=n,
                               asked=7, minutes=4, tries_left=n, stamps=3, required=10, to_go=7,
                               reference="C-7Q2K9", value="", choices=("a", "b"))
        line = sentences.sentence(exc, language)
        assert line and "\n" not in line and "None" not in line and "%(" not in line, line
        if language != "en" and kind is not refusals.Kind.BAD_FILE:
            assert _leaks(sentences.english(exc), line) == [], line


@pytest.mark.parametrize(("environ", "language"), [
    ({"LANG": "cs_CZ.UTF-8"}, "cs"), ({"LANG": "ru_RU.UTF-8"}, "ru"), ({"LANG": "de_DE.UTF-8"}, "en"),
    ({"LANG": "C.UTF-8"}, "en"), ({}, "en"), ({"LANG": "cs_CZ.UTF-8", "LC_ALL": "C"}, "en"),
    ({"LANG": "en_GB.UTF-8", "LC_MESSAGES": "ru_RU.UTF-8"}, "ru"), ({"LANG": "ru_RU", "LC_ALL": "cs_CZ.utf8"}, "cs"),
    ({"LANG": "de_DE.UTF-8", "LANGUAGE": "fr:cs"}, "cs"), ({"LANG": "C", "LANGUAGE": "ru"}, "en"),
    ({"LANG": "cs"}, "cs"), ({"LC_ALL": "ru_UA.UTF-8@euro"}, "ru"),
])
def test_the_terminal_language_is_read_as_gettext_programs_read_it(environ: dict[str, str], language: str) -> None:
    assert words.user_language(environ) == language


_ENV = st.dictionaries(st.sampled_from(["LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE", "HOME"]),
                       st.text(max_size=20))


@given(_ENV)
def test_any_environment_gives_a_language_we_speak(environ: dict[str, str]) -> None:
    assert words.user_language(environ) in languages.CODES


@given(st.text(max_size=30))
def test_any_language_setting_gives_a_language_we_speak(text: str) -> None:
    assert words.language_of(text) in languages.CODES
    assert words.words(text).language == words.language_of(text)


def _calls_in_code() -> set[tuple[str | None, str]]:
    """(context, msgid) of every gettext call with literal text, found by Python's own parser (which also sees
    calls inside f-strings and nested calls, where ``pybabel extract`` may skip them)."""
    found: set[tuple[str | None, str]] = set()
    with (ROOT / "babel.cfg").open(encoding="utf-8") as cfg:
        method_map, _options = parse_mapping_cfg(cfg)  # type: ignore[no-untyped-call]  # babel: no annotations
    for path in sorted(p for top in ("cards", "printing", "kiosk", "db", "messages") for p in (ROOT / top).rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        method = next((m for pattern, m in method_map if pathmatch(pattern, relative)), None)
        if method not in ("python", "kiosk.cli.help_words:extract") or "/." in f"/{relative}":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            texts = [a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else None for a in node.args]
            if name in ("gettext", "ngettext") and texts and texts[0]:
                found.add((None, texts[0]))
            elif name in ("pgettext", "npgettext") and len(texts) > 1 and texts[0] and texts[1]:
                found.add((texts[0], texts[1]))
    return found


def test_no_sentence_escapes_the_extraction() -> None:
    """A gettext call that ``pybabel extract`` skips (inside an f-string, nested in another call) stays English."""
    assert sorted(_calls_in_code() - _sources(), key=str) == []


@pytest.mark.gui
def test_the_screens_english_refusals_never_count_one_as_many(qapp: object) -> None:
    """The screens' refusals (Qt, no English catalogue) are worded to fit every number: never "1 tries left"."""
    from kiosk.app import refusal_text

    for kind in refusals.Kind:
        line = refusal_text.sentence(refusals.Refused(kind, limit=1, minutes=1, tries_left=1, low=1, high=1,
                                                      stamps=1, required=1, to_go=1, asked=1))
        assert not re.search(r"\b1 (tries|minutes|stamps|cards|rewards|visits)\b", line), (kind, line)


@pytest.mark.parametrize("language", languages.CODES)
def test_the_economics_report_counts_rewards_owed_given_as_a_fraction(language: str,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """``rewards_owed`` is a float (outstanding / stamps needed): counted as whole rewards, never a float plural."""
    from types import SimpleNamespace

    from kiosk.cli import messages as cli_messages

    monkeypatch.setenv("LC_MESSAGES", {"en": "C.UTF-8", "cs": "cs_CZ.UTF-8", "ru": "ru_RU.UTF-8"}[language])
    monkeypatch.delenv("LC_ALL", raising=False)
    figures = SimpleNamespace(batches=[], head_start_effect={"with_head_start": 0.5, "without_head_start": None},
                              median_days_to_complete=None, outstanding_stamps=24, rewards_owed=2.4,
                              redemption_rate=0.25, repeat_cycle_days=7, visit_gaps=[(7, 3)], lapsed=1, what_if=None)
    text = cli_messages.economics_text(figures)
    assert "24" in text and "%(" not in text
    assert {"en": "about 2 rewards owed", "cs": "asi 2 odměny", "ru": "около 2 наград"}[language] in text
