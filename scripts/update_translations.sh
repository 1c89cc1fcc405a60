#!/usr/bin/env bash
# Update the UI translations with Qt's own tools.
#   1. pyside6-lupdate collects every tr()/translate() string of kiosk/ into
#      assets/i18n/stampcard_<lang>.ts (existing translations are kept; strings
#      no longer in the code are dropped).
#   2. Translate the new entries (Qt Linguist: pyside6-linguist FILE.ts, or by hand).
#   3. pyside6-lrelease compiles each .ts into the .qm the kiosk loads.
# Run from anywhere; the tools are taken from PATH or from the venv of PYTHON.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-$(command -v python3)}
bin_dir=$(dirname "$PYTHON")
tool() {
    if [ -x "$bin_dir/$1" ]; then echo "$bin_dir/$1"; else command -v "$1"; fi
}
LUPDATE=$(tool pyside6-lupdate)
LRELEASE=$(tool pyside6-lrelease)

mapfile -t sources < <(find kiosk -name '*.py' -not -path '*/__pycache__/*' | sort)
for lang in cs ru; do
    ts="assets/i18n/stampcard_${lang}.ts"
    "$LUPDATE" -silent -no-obsolete -locations none -source-language en -target-language "$lang" \
        "${sources[@]}" -ts "$ts"
    "$LRELEASE" -silent "$ts" -qm "assets/i18n/stampcard_${lang}.qm"
done
# Untranslated entries, if any, are listed so they are not forgotten.
grep -c 'type="unfinished"' assets/i18n/stampcard_*.ts | sed 's/^/unfinished: /' || true
