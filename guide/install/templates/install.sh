#!/bin/sh
# Install Dalil @VERSION@ from this folder, without any network (Linux and macOS).
#
#   sh install.sh [--python PYTHON] [--prefix DIR] [--bin-dir DIR] [--no-path]
#
# This script only finds a Python @PYTHONS@ (or takes --python) and runs install.py with the
# other options: install.py checks the bundle against SHA256SUMS, installs Dalil from the
# wheels folder only, writes the launcher and links it as `dalil` in ~/.local/bin. Windows
# runs the same install.py through install.bat. See: sh install.sh --help
set -eu

PYTHONS="@PYTHONS@"
HERE=$(cd "$(dirname "$0")" && pwd)
PYTHON=""

fail() {
    echo "ERROR: $*" >&2
    exit 1
}

# --python is this script's; every other argument goes to install.py, in order.
count=$#
while [ "$count" -gt 0 ]; do
    arg=$1
    shift
    count=$((count - 1))
    case "$arg" in
        --python)
            [ "$count" -gt 0 ] || fail "--python needs a program"
            PYTHON=$1
            shift
            count=$((count - 1))
            ;;
        --python=*) PYTHON=${arg#--python=} ;;
        *) set -- "$@" "$arg" ;;
    esac
done

[ -f "$HERE/install.py" ] || fail "install.py is missing: copy the whole bundle folder again"
if [ -n "$PYTHON" ]; then
    "$PYTHON" -c "" 2>/dev/null || fail "$PYTHON does not run"
else
    for candidate in python3.13 python3.12 python3.11 python3; do
        command -v "$candidate" >/dev/null 2>&1 || continue
        if "$candidate" "$HERE/install.py" --check-python 2>/dev/null; then
            PYTHON=$candidate
            break
        fi
    done
    [ -n "$PYTHON" ] || fail "no Python among $PYTHONS found; install one (see docs/install.md in this folder)"
fi
exec "$PYTHON" "$HERE/install.py" "$@"
