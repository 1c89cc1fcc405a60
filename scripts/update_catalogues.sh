#!/usr/bin/env bash
# Update the gettext catalogues of paper and the command line with Babel.
#   1. pybabel extract collects every gettext()/ngettext()/pgettext()/npgettext() call, and every
#      N_() mark (a sentence an error carries untranslated and a shell translates: printing/errors.py),
#      of cards/, printing/ and kiosk/*.py (babel.cfg) into assets/locale/stampcard.pot.
#   2. pybabel update merges it into assets/locale/<lang>/LC_MESSAGES/stampcard.po
#      (translations are kept; new sentences come in empty, changed ones fuzzy).
#   3. Translate what is new (any .po editor, or by hand), then run this again:
#   4. pybabel compile writes the .mo files the program loads (committed; a test checks
#      that they match the .po and that every sentence is translated).
# A new language: pybabel init -D stampcard -i assets/locale/stampcard.pot -d assets/locale -l LANG
# (its Plural-Forms come from CLDR through Babel), and add it to cards/languages.py.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-.venv/bin/python}
pybabel() { "$PYTHON" -m babel.messages.frontend "$@"; }
pybabel -q extract -F babel.cfg --no-location --sort-output --omit-header --no-default-keywords \
    -k gettext -k ngettext:1,2 -k pgettext:1c,2 -k npgettext:1c,2,3 -k N_ \
    -o assets/locale/stampcard.pot .
pybabel -q update -D stampcard -i assets/locale/stampcard.pot -d assets/locale \
    --ignore-obsolete --no-fuzzy-matching --ignore-pot-creation-date
pybabel -q compile -D stampcard -d assets/locale --statistics
