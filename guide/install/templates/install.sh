#!/bin/sh
# Install Dalil @VERSION@ from this folder, without any network (Linux and macOS).
#
#   sh install.sh [--prefix DIR] [--python PYTHON] [--bin-dir DIR]
#
# 1. checks every file of this folder against SHA256SUMS (a damaged copy is refused);
# 2. finds Python @PYTHONS@ on this machine;
# 3. creates a virtual environment in DIR (default: ~/.local/share/dalil-app) and installs
#    Dalil into it from the wheels/ folder only (--no-index: no registry is ever asked);
# 4. writes the launcher DIR/dalil.sh, links it as `dalil` in ~/.local/bin (--bin-dir), and
#    checks the installed guide.
set -eu

VERSION="@VERSION@"
PYTHONS="@PYTHONS@"
PIP_WHEEL="@PIP_WHEEL@"
HERE=$(cd "$(dirname "$0")" && pwd)
PREFIX="${DALIL_HOME:-${HOME}/.local/share/dalil-app}"
PYTHON=""
BIN_DIR="${HOME}/.local/bin"

fail() {
    echo "ERROR: $*" >&2
    exit 1
}

while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) [ $# -ge 2 ] || fail "--prefix needs a folder"; PREFIX="$2"; shift 2 ;;
        --python) [ $# -ge 2 ] || fail "--python needs a program"; PYTHON="$2"; shift 2 ;;
        --bin-dir) [ $# -ge 2 ] || fail "--bin-dir needs a folder"; BIN_DIR="$2"; shift 2 ;;
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
        *) fail "unknown option: $1 (see: sh install.sh --help)" ;;
    esac
done

# -- 1. a Python this bundle has wheels for -------------------------------------------------
python_version() {
    "$1" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null
}
supported() {
    for v in $PYTHONS; do [ "$v" = "$1" ] && return 0; done
    return 1
}
if [ -n "$PYTHON" ]; then
    found=$(python_version "$PYTHON") || fail "$PYTHON does not run"
    supported "$found" || fail "$PYTHON is Python $found; this bundle needs one of: $PYTHONS"
else
    for candidate in python3.13 python3.12 python3.11 python3; do
        command -v "$candidate" >/dev/null 2>&1 || continue
        found=$(python_version "$candidate") || continue
        if supported "$found"; then PYTHON=$candidate; break; fi
    done
    [ -n "$PYTHON" ] || fail "no Python among $PYTHONS found; install one (see docs/install.md in this folder)"
fi
echo "Using $(command -v "$PYTHON" || echo "$PYTHON") (Python $(python_version "$PYTHON"))"

# -- 2. the copy is complete and undamaged -------------------------------------------------
echo "Checking the bundle (SHA256SUMS)..."
cd "$HERE"
[ -f SHA256SUMS ] || fail "SHA256SUMS is missing: copy the whole bundle folder again"
if command -v sha256sum >/dev/null 2>&1; then
    sha256sum -c --quiet SHA256SUMS || fail "some files are damaged: copy the bundle again"
elif command -v shasum >/dev/null 2>&1; then
    shasum -a 256 -c --quiet SHA256SUMS || fail "some files are damaged: copy the bundle again"
else
    "$PYTHON" - <<'EOF' || fail "some files are damaged: copy the bundle again"
import hashlib, sys
bad = 0
for line in open("SHA256SUMS", encoding="ascii"):
    digest, _, name = line.rstrip("\n").partition("  ")
    if not name:
        continue
    try:
        with open(name, "rb") as f:
            ok = hashlib.sha256(f.read()).hexdigest() == digest
    except OSError:
        ok = False
    if not ok:
        print(name + ": FAILED", file=sys.stderr)
        bad += 1
sys.exit(1 if bad else 0)
EOF
fi

# -- 3. a fresh virtual environment, filled from wheels/ only -------------------------------
VENV="$PREFIX/venv-$VERSION"
mkdir -p "$PREFIX"
rm -rf "$VENV"
echo "Creating $VENV..."
# --without-pip: some Linux systems ship Python without ensurepip; pip comes from wheels/.
"$PYTHON" -m venv --without-pip "$VENV" || fail "could not create a virtual environment"
if [ -x "$VENV/bin/python" ]; then VPY="$VENV/bin/python"; else VPY="$VENV/Scripts/python"; fi
echo "Installing Dalil $VERSION (offline)..."
# PIP_CONFIG_FILE=/dev/null and --isolated: no pip.conf or PIP_* variable on this machine
# may add an index or another folder of wheels.
if ! PIP_CONFIG_FILE=/dev/null "$VPY" "$HERE/wheels/$PIP_WHEEL/pip" --isolated install \
        --no-index --find-links "$HERE/wheels" --no-cache-dir --disable-pip-version-check \
        --quiet "dalil==$VERSION"; then
    rm -rf "$VENV"
    BUILT_FOR=$("$PYTHON" -c 'import json, sys; print(", ".join(json.load(open(sys.argv[1]))["platforms"]))' "$HERE/bundle.json" 2>/dev/null || echo "?")
    fail "installation failed. This bundle was built for: $BUILT_FOR; this computer is $(uname -s) $(uname -m). Build a bundle with --platform for it."
fi

# -- 4. launcher and checks ------------------------------------------------------------------
LAUNCHER="$PREFIX/dalil.sh"
cat > "$LAUNCHER" <<EOF
#!/bin/sh
# Start Dalil (installed from the offline bundle, version $VERSION).
exec "$VENV/bin/dalil" "\$@"
EOF
chmod 755 "$LAUNCHER"
for old in "$PREFIX"/venv-*; do
    [ "$old" = "$VENV" ] || rm -rf "$old"
done

"$LAUNCHER" --version || fail "Dalil does not start"
# An update of the guide installed earlier is checked again with this Dalil version.
"$LAUNCHER" update-guide --revalidate || echo "WARNING: the installed guide update was not kept in use (see above)." >&2
"$LAUNCHER" validate >/dev/null || fail "the guide does not load: run '$LAUNCHER validate' to see why"

# -- 5. `dalil` on the PATH ------------------------------------------------------------------
COMMAND="$LAUNCHER"
mkdir -p "$BIN_DIR" 2>/dev/null || true
if [ -e "$BIN_DIR/dalil" ] && [ ! -L "$BIN_DIR/dalil" ]; then
    echo "NOTE: $BIN_DIR/dalil exists and is not Dalil's link; it was left alone." >&2
elif ln -sf "$LAUNCHER" "$BIN_DIR/dalil" 2>/dev/null; then
    COMMAND="$BIN_DIR/dalil"
fi
echo
echo "Dalil $VERSION is installed. Documentation: $HERE/docs (install.md, officers.md)."
case ":${PATH}:" in
    *":$BIN_DIR:"*)
        if [ "$COMMAND" = "$BIN_DIR/dalil" ]; then
            echo "Start it with:"
            echo "    dalil"
        else
            echo "Start it with:"
            echo "    $LAUNCHER"
        fi
        ;;
    *)
        echo "Start it with:"
        echo "    $COMMAND"
        if [ "$COMMAND" = "$BIN_DIR/dalil" ]; then
            echo "To type just 'dalil', add $BIN_DIR to your PATH once, then open a new terminal:"
            echo "    echo 'export PATH=\"$BIN_DIR:\$PATH\"' >> ~/.profile"
        fi
        ;;
esac
