"""UI languages through Qt's own tools: ``.ts`` sources, compiled ``.qm`` files.

``install_language(app, code)`` removes the translators it installed before and
installs the ones for ``code``: ours (``assets/i18n/stampcard_<code>.qm``) and
Qt's own ``qtbase_<code>.qm`` when Qt ships one. Installing or removing a
translator makes Qt send ``QEvent.LanguageChange`` to every widget, and each
screen answers it by calling its ``retranslate()``: the switch is live.
Regenerate the files with ``scripts/update_translations.sh``.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QTranslator

from cards import languages

log = logging.getLogger(__name__)

I18N_DIR = Path(__file__).resolve().parents[2] / "assets" / "i18n"
SOURCE_LANGUAGE = "en"
NATIVE_NAMES = languages.NAMES

_installed: list[QTranslator] = []
_current = SOURCE_LANGUAGE


def available_languages() -> list[tuple[str, str]]:
    """(code, native name) of English and of every language with a compiled ``.qm``."""
    found = [(SOURCE_LANGUAGE, NATIVE_NAMES[SOURCE_LANGUAGE])]
    for code, name in NATIVE_NAMES.items():
        if code != SOURCE_LANGUAGE and (I18N_DIR / f"stampcard_{code}.qm").is_file():
            found.append((code, name))
    return found


def current_language() -> str:
    """The code last installed (``en`` at start)."""
    return _current


def install_language(app: QCoreApplication | None, code: str) -> bool:
    """Switch the running application to ``code``; True when our translation loaded.

    English is the source language and needs no file. An unknown code falls
    back to English (and returns False).
    """
    global _current
    if app is None:  # no application yet: nothing to translate
        return False
    for translator in _installed:
        app.removeTranslator(translator)
    removed = bool(_installed)
    _installed.clear()
    _current = SOURCE_LANGUAGE
    QLocale.setDefault(QLocale("en_US"))
    if code == SOURCE_LANGUAGE:
        if not removed:  # nothing changed for Qt, but screens may still want to refresh
            QCoreApplication.postEvent(app, QEvent(QEvent.Type.LanguageChange))
        return True
    ours = QTranslator(app)
    if not ours.load(str(I18N_DIR / f"stampcard_{code}.qm")):
        log.warning("no translation for language %r in %s", code, I18N_DIR)
        if not removed:
            QCoreApplication.postEvent(app, QEvent(QEvent.Type.LanguageChange))
        return False
    qt_own = QTranslator(app)
    if qt_own.load(f"qtbase_{code}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt_own)
        _installed.append(qt_own)
    app.installTranslator(ours)
    _installed.append(ours)
    _current = code
    QLocale.setDefault(QLocale(code))
    return True
