#!/usr/bin/env bash
# Brings up a one-host Cumulo cloud on this Debian 12 machine, as root:
#   1. installs what it needs (libvirt, qemu, libnfs, nfs-ganesha) and builds cumulo-server and
#      cumulo-agent (release);
#   2. starts virtlogd and libvirtd, and nfs-ganesha exporting primary and secondary storage on loopback;
#   3. starts cumulo-server (embedded SQLite in the data directory) and cumulo-agent for this host;
#   4. builds the demo cloud through the API: zone, pod, cluster, this host, NFS primary storage and an
#      NFS image store.
#
#   sudo scripts/up.sh
#
# Environment (all optional):
#   CUMULO_DATA_DIR        data directory         (default /var/lib/cumulo)
#   CUMULO_PORT            API port               (default 8080)
#   CUMULO_BIND            listen address         (default 0.0.0.0)
#   CUMULO_ADMIN_PASSWORD  admin password, used only when a new data directory is initialised
# Running it again while everything is up changes nothing and prints how to reach it.
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
NFS_ROOT=$DATA_DIR/nfs
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
step "swift build -c release (the first build takes several minutes)"
swift build -c release --product cumulo-server
swift build -c release --product cumulo-agent
BIN=$(swift build -c release --show-bin-path)

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
        --state-dir "$DATA_DIR/agent" --secret-file "$DATA_DIR/agent-secret" \
        </dev/null >>"$DATA_DIR/cumulo-agent.log" 2>&1 &
    echo $! >"$AGENT_PID"
fi

# --- the demo cloud -------------------------------------------------------------------------------------
step "building the demo cloud through the API"
python3 scripts/lib/demo_cloud.py --api "http://$HOST:$PORT/client/api" --host-name "$HOST_NAME" \
    --primary "nfs://127.0.0.1$NFS_ROOT/primary" --secondary "nfs://127.0.0.1$NFS_ROOT/secondary" \
    --password "${CUMULO_ADMIN_PASSWORD:-password}" >"$DATA_DIR/demo-cloud.json"

cat <<EOF

Cumulo is running: a one-host cloud on this machine.
  API:      http://$HOST:$PORT/client/api   (listening on $BIND:$PORT)
  Login:    user admin, domain ROOT, password 'password' (or CUMULO_ADMIN_PASSWORD if it was set on the
            first start); change it with updateUser
  Cloud:    zone Demo, pod Demo-Pod, cluster Demo-Cluster, host $HOST_NAME (Up),
            primary storage Demo-Primary ($NFS_ROOT/primary over NFS), image store Demo-Secondary
            ids in $DATA_DIR/demo-cloud.json
  Logs:     $DATA_DIR/cumulo-server.log, $DATA_DIR/cumulo-agent.log
  Stop:     kill \$(cat $AGENT_PID) \$(cat $SERVER_PID); bash $REPO/scripts/lib/nfs-ganesha.sh stop
  Remove:   after stopping, rm -rf $DATA_DIR
EOF
