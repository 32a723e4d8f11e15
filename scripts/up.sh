#!/usr/bin/env bash
# Brings up a one-host Cumulo cloud on this Debian 12 machine, as root:
#   1. installs what it needs (libvirt, qemu, libnfs, nfs-ganesha) and builds cumulo-server and
#      cumulo-agent (release);
#   2. starts virtlogd and libvirtd, and nfs-ganesha exporting primary and secondary storage on loopback;
#   3. starts cumulo-server (embedded SQLite in the data directory) and cumulo-agent for this host;
#   4. builds the demo cloud through the API: zone, pod, cluster, this host, NFS primary storage and an
#      NFS image store;
#   5. builds the test ISO (scripts/build-test-iso.sh), registers it, and deploys the VM "demo" from it on
#      the isolated guest network 198.18.80.0/24 at 198.18.80.10, then waits until it serves its page.
#
#   sudo scripts/up.sh
#
# Environment (all optional):
#   CUMULO_DATA_DIR         data directory                    (default /var/lib/cumulo)
#   CUMULO_AGENT_STATE_DIR  the agent's state directory       (default <data directory>-agent)
#   CUMULO_NFS_ROOT         where the NFS exports live        (default <data directory>/nfs)
#   CUMULO_PORT             API port                          (default 8080)
#   CUMULO_BIND             listen address                    (default 0.0.0.0)
#   CUMULO_ADMIN_PASSWORD   admin password, used only when a new data directory is initialised
#   CUMULO_BIN_DIR          use the cumulo-server and cumulo-agent already built there instead of building
# Running it again while everything is up changes nothing (no second VM) and prints how to reach it.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
REPO=$PWD

[ "$(id -u)" = 0 ] || { echo "error: run as root (sudo scripts/up.sh): it installs packages and starts libvirtd" >&2; exit 1; }
DATA_DIR=${CUMULO_DATA_DIR:-/var/lib/cumulo}
PORT=${CUMULO_PORT:-8080}
BIND=${CUMULO_BIND:-0.0.0.0}
case $BIND in
    0.0.0.0 | :: | 127.*) HOST=127.0.0.1 ;;
    *) HOST=$BIND ;;
esac
SERVER_PID=$DATA_DIR/cumulo-server.pid
AGENT_PID=$DATA_DIR/cumulo-agent.pid
NFS_ROOT=${CUMULO_NFS_ROOT:-$DATA_DIR/nfs}
# The agent's credential (its own 0700 directory); VM files (config drives) go to /var/lib/libvirt/cumulo.
AGENT_STATE=${CUMULO_AGENT_STATE_DIR:-${DATA_DIR%/}-agent}
HOST_NAME=$(hostname -s 2>/dev/null || hostname)

die() { printf 'error: %s\n' "$*" >&2; exit 1; }
step() { printf '==> %s\n' "$*"; }
running() { [ -f "$1" ] && grep -qs "$2" "/proc/$(cat "$1")/cmdline"; }

# --- what it needs ----------------------------------------------------------------------------------
if ! command -v swift >/dev/null; then
    [ -x /opt/swift/usr/bin/swift ] || die "swift not found (expected on PATH or at /opt/swift/usr/bin)"
    export PATH=/opt/swift/usr/bin:$PATH
fi
packages=()
for probe in "command -v curl:curl" "command -v python3:python3" "pkg-config --exists libvirt:libvirt-dev" \
             "command -v libvirtd:libvirt-daemon-system" "command -v qemu-system-x86_64:qemu-system-x86" \
             "command -v qemu-img:qemu-utils" "test -e /usr/lib/x86_64-linux-gnu/qemu/block-nfs.so:qemu-block-extra" \
             "pkg-config --exists libnfs:libnfs-dev" "command -v nfs-ls:libnfs-utils" "command -v genisoimage:genisoimage" \
             "test -f /usr/include/editline/readline.h:libedit-dev" "command -v pkg-config:pkg-config"; do
    ${probe%%:*} >/dev/null 2>&1 || packages+=("${probe##*:}")
done
if [ ${#packages[@]} -gt 0 ]; then
    step "installing ${packages[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
fi

# --- build ----------------------------------------------------------------------------------------------
if [ -n "${CUMULO_BIN_DIR:-}" ]; then
    BIN=$CUMULO_BIN_DIR
    if [ ! -x "$BIN/cumulo-server" ] || [ ! -x "$BIN/cumulo-agent" ]; then
        die "CUMULO_BIN_DIR=$BIN lacks cumulo-server or cumulo-agent"
    fi
else
    step "swift build -c release (the first build takes several minutes)"
    swift build -c release --product cumulo-server
    swift build -c release --product cumulo-agent
    BIN=$(swift build -c release --show-bin-path)
fi

# --- services -------------------------------------------------------------------------------------------
step "starting virtlogd, libvirtd and nfs-ganesha"
bash scripts/lib/libvirt.sh start
mkdir -p "$NFS_ROOT/primary" "$NFS_ROOT/secondary"
bash scripts/lib/nfs-ganesha.sh start "$NFS_ROOT/primary" "$NFS_ROOT/secondary"

mkdir -p "$DATA_DIR"
chmod 700 "$DATA_DIR"
if ! running "$SERVER_PID" cumulo-server; then
    step "starting cumulo-server on $BIND:$PORT (data in $DATA_DIR)"
    nohup setsid "$BIN/cumulo-server" --data-dir "$DATA_DIR" --port "$PORT" --bind "$BIND" \
        </dev/null >>"$DATA_DIR/cumulo-server.log" 2>&1 &
    echo $! >"$SERVER_PID"
fi
for i in $(seq 1 300); do
    curl -fsS -o /dev/null "http://$HOST:$PORT/health" 2>/dev/null && break
    running "$SERVER_PID" cumulo-server || { tail -n 30 "$DATA_DIR/cumulo-server.log" >&2; die "cumulo-server exited during start-up"; }
    [ "$i" = 300 ] && die "cumulo-server did not answer within 60 s (log: $DATA_DIR/cumulo-server.log)"
    sleep 0.2
done

if ! running "$AGENT_PID" cumulo-agent; then
    step "starting cumulo-agent for host $HOST_NAME"
    "$BIN/cumulo-server" agent-secret --data-dir "$DATA_DIR" >/dev/null
    nohup setsid "$BIN/cumulo-agent" --server "http://$HOST:$PORT" --host-name "$HOST_NAME" \
        --state-dir "$AGENT_STATE" --secret-file "$DATA_DIR/agent-secret" \
        </dev/null >>"$DATA_DIR/cumulo-agent.log" 2>&1 &
    echo $! >"$AGENT_PID"
fi

# --- the test ISO ---------------------------------------------------------------------------------------
step "building the test ISO (scripts/build-test-iso.sh; a few seconds once its packages are cached)"
TEST_ISO=$(bash scripts/build-test-iso.sh | sed -n 's/^iso: //p')
[ -f "$TEST_ISO" ] || die "scripts/build-test-iso.sh did not name the ISO it built"

# --- the demo cloud -------------------------------------------------------------------------------------
step "building the demo cloud through the API and deploying the demo VM"
python3 scripts/lib/demo_cloud.py --api "http://$HOST:$PORT/client/api" --host-name "$HOST_NAME" \
    --primary "nfs://127.0.0.1$NFS_ROOT/primary" --secondary "nfs://127.0.0.1$NFS_ROOT/secondary" \
    --password "${CUMULO_ADMIN_PASSWORD:-password}" --test-iso "$TEST_ISO" >"$DATA_DIR/demo-cloud.json.new"
mv "$DATA_DIR/demo-cloud.json.new" "$DATA_DIR/demo-cloud.json"
field() { python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$DATA_DIR/demo-cloud.json" "$1"; }
VM_ID=$(field vm)
VM_ADDRESS=$(field vmaddress)
VM_INSTANCE=$(field instancename)
GUEST_NETWORK=$(field network)

cat <<EOF

Cumulo is running: a one-host cloud on this machine.
  API:      http://$HOST:$PORT/client/api   (listening on $BIND:$PORT)
  Login:    user admin, domain ROOT, password 'password' (or CUMULO_ADMIN_PASSWORD if it was set on the
            first start); change it with updateUser
  Cloud:    zone Demo, pod Demo-Pod, cluster Demo-Cluster, host $HOST_NAME (Up),
            primary storage Demo-Primary ($NFS_ROOT/primary over NFS), image store Demo-Secondary
            ids in $DATA_DIR/demo-cloud.json
  VM:       demo ($VM_INSTANCE), Running at $VM_ADDRESS, from ISO Cumulo-Test-ISO, offerings Demo-Tiny and
            Demo-1G, on guest network Demo-Guests: the isolated libvirt network cumulo-$GUEST_NETWORK,
            whose gateway is on this host
              curl http://$VM_ADDRESS/              its page, from this host
              virsh console $VM_INSTANCE            its serial console (leave with Ctrl-])
  Logs:     $DATA_DIR/cumulo-server.log, $DATA_DIR/cumulo-agent.log
  CLI:      swift build -c release --product cumulo, then once: cumulo set url http://$HOST:$PORT/client/api;
            cumulo set username admin; cumulo set password …; cumulo sync
  Tear down the VM:
              cumulo destroy virtualmachine id=$VM_ID expunge=true
            (running this script again deploys a new one)
  Stop:     cumulo stop virtualmachine id=$VM_ID (the next run of this script starts it again), then
              kill \$(cat $AGENT_PID) \$(cat $SERVER_PID); bash $REPO/scripts/lib/nfs-ganesha.sh stop
  Remove:   after tearing down the VM and stopping, virsh net-destroy cumulo-$GUEST_NETWORK;
            virsh net-undefine cumulo-$GUEST_NETWORK; rm -rf $DATA_DIR $AGENT_STATE
EOF
