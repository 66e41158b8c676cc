#!/usr/bin/env bash
# Set gxapply up in ./.venv on a fresh machine: Qt's system libraries (Debian/Ubuntu, via apt),
# then the Python packages. `--test` adds the test tools. Safe to run again: it only adds what
# is missing. The `postgres` extra (the PostgreSQL driver) comes with the test tools: the tests
# run on a PostgreSQL server as well as on SQLite.
set -euo pipefail
cd "$(dirname "$0")/.."

extras=""
[ "${1:-}" = "--test" ] && extras="[test,postgres]"

# Libraries PySide6's Qt needs that a bare Debian lacks (offscreen and X11 platforms), plus
# poppler-utils, which the tests use to look at printed pages.
qt_libs="libegl1 libgl1 libglib2.0-0 libfontconfig1 libfreetype6 libdbus-1-3 libxkbcommon0
  libxkbcommon-x11-0 libx11-xcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
  libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1"
[ -n "$extras" ] && qt_libs="$qt_libs poppler-utils"

if command -v apt-get >/dev/null 2>&1 && command -v dpkg >/dev/null 2>&1; then
  missing=()
  for pkg in $qt_libs; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    echo "安装系统库：${missing[*]}"
    $sudo apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

python=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".$extras"
