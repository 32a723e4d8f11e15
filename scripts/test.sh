#!/usr/bin/env bash
# Runs every test of Cumulo on a Debian 12 machine, as root:
#   1. installs what the tests need, if it is missing (libedit-dev for the CLI's line editor, tmux for
#      its shell test; libvirt, qemu and libnfs for the agent; nfs-ganesha for NFS storage; a Python 3
#      virtualenv with cs, pytest and requests; cloudmonkey 5.3.3 under Python 2.7);
#   2. starts virtlogd, libvirtd and an nfs-ganesha export on loopback (no systemd needed);
#   3. checks that the generated column constants match the entities, builds the package and its tests
#      (debug) and runs the unit tests (swift test);
#   4. checks that the committed api-docs/ matches what the command registry generates;
#   5. runs the integration suite in Tests/integration against the real cumulo-server binary.
# Exits non-zero on the first failure. A second run skips every install step that is already done.
#
# Environment (all optional):
#   CUMULO_TEST_HOME    where the test tools are installed        (default /opt/cumulo-test)
#   CLOUDMONKEY_PREFIX  pip --prefix of cloudmonkey               (default $CUMULO_TEST_HOME/cloudmonkey)
#   CUMULO_PYTHON2      the Python 2.7 interpreter for cloudmonkey (default: pyenv's 2.7.18, else python2.7)
#   PYTEST_ARGS         extra arguments for pytest, e.g. "-k seed -x"
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
REPO=$PWD

TEST_HOME=${CUMULO_TEST_HOME:-/opt/cumulo-test}
VENV=$TEST_HOME/venv
export CLOUDMONKEY_PREFIX=${CLOUDMONKEY_PREFIX:-$TEST_HOME/cloudmonkey}
CLOUDMONKEY_VERSION=5.3.3.1

step() { printf '\n==> %s\n' "$*"; }
die() { printf '\nerror: %s\n' "$*" >&2; exit 1; }

apt_updated=0
apt_install() {
    command -v apt-get >/dev/null || die "apt-get not found; install these packages by hand: $*"
    if [ "$apt_updated" = 0 ]; then
        DEBIAN_FRONTEND=noninteractive apt-get update -qq
        apt_updated=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# --- tools ------------------------------------------------------------------------------------------

step "checking tools"

if ! command -v swift >/dev/null; then
    [ -x /opt/swift/usr/bin/swift ] || die "swift not found (expected on PATH or at /opt/swift/usr/bin)"
    export PATH=/opt/swift/usr/bin:$PATH
fi

if ! command -v python3 >/dev/null; then
    apt_install python3 python3-venv
fi

# The CLI's interactive shell edits lines with libedit; its integration test drives the shell under tmux.
cli_packages=()
[ -f /usr/include/editline/readline.h ] || cli_packages+=(libedit-dev)
command -v pkg-config >/dev/null || cli_packages+=(pkg-config)
command -v tmux >/dev/null || cli_packages+=(tmux)
if [ ${#cli_packages[@]} -gt 0 ]; then
    apt_install "${cli_packages[@]}"
fi
echo "libedit $(pkg-config --modversion libedit 2>/dev/null || echo '(headers present)'), $(tmux -V)"

# The agent drives libvirt (qemu, software emulation in tests) and reaches NFS in user space (libnfs, qemu's
# nfs driver); nfs-ganesha serves the test exports.
agent_packages=()
for probe in "pkg-config --exists libvirt:libvirt-dev" "command -v libvirtd:libvirt-daemon-system" \
             "command -v qemu-system-x86_64:qemu-system-x86" "command -v qemu-img:qemu-utils" \
             "test -e /usr/lib/x86_64-linux-gnu/qemu/block-nfs.so:qemu-block-extra" "pkg-config --exists libnfs:libnfs-dev" \
             "command -v nfs-ls:libnfs-utils" "command -v genisoimage:genisoimage" "command -v dnsmasq:dnsmasq-base"; do
    check=${probe%%:*}
    package=${probe##*:}
    $check >/dev/null 2>&1 || agent_packages+=("$package")
done
if [ ${#agent_packages[@]} -gt 0 ]; then
    apt_install "${agent_packages[@]}"
fi
echo "libvirt $(pkg-config --modversion libvirt), libnfs $(pkg-config --modversion libnfs), $(qemu-img --version | head -n1)"

# Python 3 tools live in their own virtualenv, so this works with Debian's externally managed python3 too.
if ! "$VENV/bin/python" -c 'import cs, pytest, requests' 2>/dev/null; then
    if ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
        apt_install python3-venv
    fi
    mkdir -p "$TEST_HOME"
    python3 -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "cs==5.2.0" "pytest>=8" "requests>=2.31"
fi
echo "python tools ($VENV): $("$VENV/bin/python" -c 'from importlib.metadata import version as v; print(*(f"{p} {v(p)}" for p in ("cs", "pytest", "requests")), sep=", ")')"

# cloudmonkey 5.3.3 needs Python 2.7, which Debian 12 no longer packages: use pyenv's, or any python2.7.
if [ -z "${CUMULO_PYTHON2:-}" ]; then
    for candidate in /root/.pyenv/versions/2.7.18/bin/python2.7 "$(command -v python2.7 || true)"; do
        if [ -n "$candidate" ] && [ -x "$candidate" ]; then CUMULO_PYTHON2=$candidate; break; fi
    done
fi
[ -n "${CUMULO_PYTHON2:-}" ] || die "Python 2.7 not found: cloudmonkey 5.3.3 needs it, and Debian 12 has no python2 package.
Install one (e.g. pyenv install 2.7.18) and set CUMULO_PYTHON2 to its python2.7."

cloudmonkey_site=$CLOUDMONKEY_PREFIX/lib/python2.7/site-packages
cloudmonkey_ok() {
    [ -x "$CLOUDMONKEY_PREFIX/bin/cloudmonkey" ] &&
        PYTHONPATH=$cloudmonkey_site "$CUMULO_PYTHON2" -c \
            'import cloudmonkey.config as c, sys; sys.exit(c.__version__ != "5.3.3")' 2>/dev/null
}
if ! cloudmonkey_ok; then
    "$CUMULO_PYTHON2" -m pip --version >/dev/null 2>&1 || die "$CUMULO_PYTHON2 has no pip; cannot install cloudmonkey"
    PIP_DISABLE_PIP_VERSION_CHECK=1 "$CUMULO_PYTHON2" -m pip install --quiet --no-warn-script-location \
        --ignore-installed --prefix "$CLOUDMONKEY_PREFIX" "cloudmonkey==$CLOUDMONKEY_VERSION" 2>&1 |
        grep -v -e DEPRECATION -e 'Python 2.7' >&2 || true
    cloudmonkey_ok || die "cloudmonkey $CLOUDMONKEY_VERSION did not install into $CLOUDMONKEY_PREFIX"
fi
echo "cloudmonkey: $(PYTHONPATH=$cloudmonkey_site "$CUMULO_PYTHON2" "$CLOUDMONKEY_PREFIX/bin/cloudmonkey" --version 2>&1) ($CLOUDMONKEY_PREFIX)"

# --- services ---------------------------------------------------------------------------------------

step "starting virtlogd, libvirtd and nfs-ganesha"
bash scripts/lib/libvirt.sh start
export CUMULO_TEST_LIBVIRT_URI=qemu:///system
NFS_ROOT=${CUMULO_TEST_NFS_ROOT:-/srv/nfs}
mkdir -p "$NFS_ROOT/primary" "$NFS_ROOT/secondary"
bash scripts/lib/nfs-ganesha.sh start "$NFS_ROOT/primary" "$NFS_ROOT/secondary"
export CUMULO_TEST_NFS_EXPORT=$NFS_ROOT/primary
export CUMULO_TEST_NFS_URL=nfs://127.0.0.1$NFS_ROOT/primary
export CUMULO_TEST_NFS_SECONDARY_EXPORT=$NFS_ROOT/secondary

# --- generated code ----------------------------------------------------------------------------------

step "checking that the generated column constants are current"
python3 scripts/dev/columns.py --check
echo "Sources/Persistence/Columns/GeneratedColumns.swift matches the entities"

# --- build and unit tests ---------------------------------------------------------------------------

step "swift build --build-tests"
swift build --build-tests

step "swift test"
swift test --skip-build

BIN=$(swift build --show-bin-path)
[ -x "$BIN/cumulo-server" ] || die "$BIN/cumulo-server was not built"

# --- api-docs/ ----------------------------------------------------------------------------------------

step "checking that api-docs/ is up to date"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
"$BIN/cumulo-server" api-docs --output "$scratch/api-docs" >/dev/null
if ! diff -r "$scratch/api-docs" api-docs >"$scratch/api-docs.diff" 2>&1; then
    head -n 40 "$scratch/api-docs.diff" >&2
    die "api-docs/ is stale: run \"\$(swift build --show-bin-path)/cumulo-server api-docs --output api-docs\" and commit the result"
fi
echo "api-docs/ matches the command registry ($(find api-docs -type f | wc -l) files)"

# --- integration tests --------------------------------------------------------------------------------

step "integration tests (Tests/integration)"
export CUMULO_BIN_DIR=$BIN
# shellcheck disable=SC2086
"$VENV/bin/python" -m pytest "$REPO/Tests/integration" -p no:cacheprovider -ra ${PYTEST_ARGS:-}
