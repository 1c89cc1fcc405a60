#!/usr/bin/env bash
# Set up stampcard on Debian/Ubuntu: system libraries, then a virtualenv in .venv
# with the project installed (editable) and its test tools. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  python3 python3-venv python3-pip
  libzbar0                      # pyzbar
  poppler-utils                 # pdftoppm/pdftotext: tests render the PDFs we print
  postgresql                    # multi-kiosk tests start a throwaway server
  pgbouncer                     # tests/chain/test_pgbouncer.py: stations reach the hub through it
  cups-client                   # `lp`, to send documents to a CUPS printer
  fonts-dejavu-core             # Qt's UI font (the PDFs embed their own)
  libegl1 libgl1 libxkbcommon0 libfontconfig1 libglib2.0-0 libdbus-1-3  # Qt 6
  libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0  # Qt on X11
  libpulse0                     # QtMultimedia (sounds)
  systemd desktop-file-utils    # tests check the autostart files with systemd-analyze verify, desktop-file-validate
  chromium                      # tests/web: the card page in a real browser (Playwright drives /usr/bin/chromium)
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "Installing system packages: ${missing[*]}"
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[test,postgres,escpos]"
echo "stampcard is installed in .venv ($(.venv/bin/python --version))."
