#!/usr/bin/env bash
# Builds cumulo-server (release) and starts it in the background on an embedded SQLite data directory.
#
#   sudo scripts/up.sh
#
# Environment (all optional):
#   CUMULO_DATA_DIR        data directory         (default /var/lib/cumulo as root, else ~/.cumulo/server)
#   CUMULO_PORT            API port               (default 8080)
#   CUMULO_BIND            listen address         (default 0.0.0.0)
#   CUMULO_ADMIN_PASSWORD  admin password, used only when a new data directory is initialised
# Running it again while the server is up only prints how to reach it.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ "$(id -u)" = 0 ]; then
    DATA_DIR=${CUMULO_DATA_DIR:-/var/lib/cumulo}
else
    DATA_DIR=${CUMULO_DATA_DIR:-$HOME/.cumulo/server}
fi
PORT=${CUMULO_PORT:-8080}
BIND=${CUMULO_BIND:-0.0.0.0}
case $BIND in
    0.0.0.0 | :: | 127.*) HOST=127.0.0.1 ;;
    *) HOST=$BIND ;;
esac
PID_FILE=$DATA_DIR/cumulo-server.pid
LOG_FILE=$DATA_DIR/cumulo-server.log

die() { printf 'error: %s\n' "$*" >&2; exit 1; }

report() {
    cat <<EOF

Cumulo is running (pid $(cat "$PID_FILE")).
  API:     http://$HOST:$PORT/client/api   (listening on $BIND:$PORT)
  Health:  http://$HOST:$PORT/health
  Login:   user admin, domain ROOT, password 'password' (or CUMULO_ADMIN_PASSWORD if it was set on the
           first start); change it with updateUser
  Data:    $DATA_DIR   (log: $LOG_FILE)
  Stop:    kill \$(cat $PID_FILE)
EOF
}

running() {
    [ -f "$PID_FILE" ] && grep -qs cumulo-server "/proc/$(cat "$PID_FILE")/cmdline"
}

if running; then
    echo "cumulo-server is already running."
    report
    exit 0
fi

# --- what it needs ----------------------------------------------------------------------------------
if ! command -v swift >/dev/null; then
    [ -x /opt/swift/usr/bin/swift ] || die "swift not found (expected on PATH or at /opt/swift/usr/bin)"
    export PATH=/opt/swift/usr/bin:$PATH
fi
if ! command -v curl >/dev/null; then
    [ "$(id -u)" = 0 ] || die "curl is missing; install it (apt-get install curl) or run as root"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq curl >/dev/null
fi

# --- build ----------------------------------------------------------------------------------------------
echo "==> swift build -c release (the first build takes several minutes)"
swift build -c release --product cumulo-server
BIN=$(swift build -c release --show-bin-path)/cumulo-server

# --- start ----------------------------------------------------------------------------------------------
mkdir -p "$DATA_DIR"
chmod 700 "$DATA_DIR"
echo "==> starting $BIN on $BIND:$PORT (data in $DATA_DIR)"
nohup setsid "$BIN" --data-dir "$DATA_DIR" --port "$PORT" --bind "$BIND" \
    </dev/null >>"$LOG_FILE" 2>&1 &
echo $! >"$PID_FILE"

for _ in $(seq 1 300); do
    if curl -fsS -o /dev/null "http://$HOST:$PORT/health" 2>/dev/null; then
        report
        exit 0
    fi
    if ! running; then
        rm -f "$PID_FILE"
        tail -n 30 "$LOG_FILE" >&2
        die "cumulo-server exited during start-up (log: $LOG_FILE)"
    fi
    sleep 0.2
done
tail -n 30 "$LOG_FILE" >&2
die "cumulo-server did not answer http://$HOST:$PORT/health within 60 s (pid $(cat "$PID_FILE"), log: $LOG_FILE)"
