#!/usr/bin/env bash
# Local NFS exports for tests and single-machine setups, served by nfs-ganesha on 127.0.0.1 only.
# Works on Debian 12 as root without systemd (PID 1 need not be an init system).
#
# Run it:
#   scripts/lib/nfs-ganesha.sh start DIR...   export each absolute DIR (created when missing) over NFSv3
#                                             and NFSv4 at nfs://127.0.0.1DIR; returns once each export answers
#   scripts/lib/nfs-ganesha.sh stop           stop the ganesha serving these exports (rpcbind keeps running)
#   scripts/lib/nfs-ganesha.sh status         say whether it runs and list the exports of its configuration
#
# Or source it and call nfs_ganesha_start DIR... / nfs_ganesha_stop / nfs_ganesha_status; the functions
# return non-zero with a message on standard error instead of exiting, and leave shell options alone.
#
# What `start` does: installs nfs-ganesha, nfs-ganesha-vfs, rpcbind and libnfs-utils when missing; starts
# `rpcbind -w` when it is not running (NFSv3 cannot register without it); writes NFS_GANESHA_CONF with one
# EXPORT per directory; (re)starts ganesha.nfsd when it is not running with that configuration, when the
# export list changed, or when an export does not answer; any other ganesha.nfsd on this machine is stopped,
# since only one can serve port 2049. A second `start` with the same directories (in any order) changes
# nothing and takes well under a second.
#
# Environment (all optional):
#   NFS_GANESHA_CONF     configuration file written and used   (default /etc/ganesha/cumulo.conf)
#   NFS_GANESHA_LOG      ganesha's log                         (default /var/log/ganesha/cumulo.log)
#   NFS_GANESHA_PIDFILE  ganesha's pid file                    (default /run/ganesha/cumulo.pid)
#   NFS_GANESHA_TIMEOUT  seconds to wait for the exports       (default 60)

NFS_GANESHA_CONF=${NFS_GANESHA_CONF:-/etc/ganesha/cumulo.conf}
NFS_GANESHA_LOG=${NFS_GANESHA_LOG:-/var/log/ganesha/cumulo.log}
NFS_GANESHA_PIDFILE=${NFS_GANESHA_PIDFILE:-/run/ganesha/cumulo.pid}
NFS_GANESHA_TIMEOUT=${NFS_GANESHA_TIMEOUT:-60}

nfs_ganesha_log() { printf 'nfs-ganesha: %s\n' "$*" >&2; }
nfs_ganesha_fail() { printf 'nfs-ganesha: error: %s\n' "$*" >&2; return 1; }

# Installs the packages that are missing.
nfs_ganesha_install() {
    local missing=() package
    for package in nfs-ganesha nfs-ganesha-vfs rpcbind libnfs-utils; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    command -v apt-get >/dev/null || nfs_ganesha_fail "apt-get not found; install by hand: ${missing[*]}" || return 1
    nfs_ganesha_log "installing ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq || nfs_ganesha_fail "apt-get update failed" || return 1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null \
        || nfs_ganesha_fail "apt-get install ${missing[*]} failed" || return 1
}

# Prints the normalised, sorted, de-duplicated directories; fails on one ganesha cannot take.
nfs_ganesha_directories() {
    local dir normalised=()
    for dir in "$@"; do
        case $dir in
            /*) ;;
            *) nfs_ganesha_fail "export directory must be absolute: $dir" || return 1 ;;
        esac
        # Collapse repeated slashes and drop a trailing one.
        dir=$(printf '%s' "$dir" | tr -s /)
        [ "$dir" != / ] && dir=${dir%/}
        [ "$dir" = / ] && { nfs_ganesha_fail "refusing to export /" || return 1; }
        if [[ ! $dir =~ ^[A-Za-z0-9._/-]+$ ]] || [[ $dir =~ (^|/)\.\.?(/|$) ]]; then
            nfs_ganesha_fail "export directory may only hold letters, digits, '.', '_', '-' and '/' (no . or .. parts): $dir" || return 1
        fi
        normalised+=("$dir")
    done
    [ ${#normalised[@]} -gt 0 ] || { nfs_ganesha_fail "no directory to export" || return 1; }
    printf '%s\n' "${normalised[@]}" | LC_ALL=C sort -u
}

# Prints the configuration for the given (normalised) directories.
nfs_ganesha_config() {
    local id=0 dir
    printf '# Written by scripts/lib/nfs-ganesha.sh; changes are overwritten.\n'
    printf 'NFS_CORE_PARAM { Protocols = 3, 4; Bind_addr = 127.0.0.1; Enable_RQUOTA = false; }\n'
    printf 'NFSV4 { Graceless = true; }\n'
    for dir in "$@"; do
        id=$((id + 1))
        printf 'EXPORT {\n    Export_Id = %d;\n    Path = %s;\n    Pseudo = %s;\n' "$id" "$dir" "$dir"
        printf '    Access_Type = RW;\n    Squash = No_Root_Squash;\n    SecType = sys;\n'
        printf '    FSAL { Name = VFS; }\n}\n'
    done
}

# Pids of every running ganesha.nfsd (matched on the exact process name).
nfs_ganesha_all_pids() {
    pgrep -x ganesha.nfsd 2>/dev/null || true
}

# The pid of the ganesha.nfsd running with NFS_GANESHA_CONF, if any.
nfs_ganesha_our_pid() {
    local pid
    for pid in $(nfs_ganesha_all_pids); do
        if tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | grep -qxF -- "$NFS_GANESHA_CONF"; then
            echo "$pid"
            return 0
        fi
    done
    return 1
}

# Stops the given pids with SIGTERM, then SIGKILL after 15 seconds.
nfs_ganesha_terminate() {
    local pid waited=0 alive
    [ $# -gt 0 ] || return 0
    kill -TERM "$@" 2>/dev/null
    while :; do
        alive=()
        for pid in "$@"; do kill -0 "$pid" 2>/dev/null && alive+=("$pid"); done
        [ ${#alive[@]} -eq 0 ] && return 0
        if [ $waited -ge 150 ]; then
            nfs_ganesha_log "ganesha ${alive[*]} ignored SIGTERM; killing it"
            kill -KILL "${alive[@]}" 2>/dev/null
            sleep 0.5
            return 0
        fi
        sleep 0.1
        waited=$((waited + 1))
    done
}

# Starts rpcbind when it is not running. Prints "started" when it had to.
nfs_ganesha_ensure_rpcbind() {
    pgrep -x rpcbind >/dev/null 2>&1 && return 0
    command -v rpcbind >/dev/null || nfs_ganesha_fail "rpcbind is not installed" || return 1
    mkdir -p /run/rpcbind
    id _rpc >/dev/null 2>&1 && chown _rpc /run/rpcbind
    rpcbind -w || nfs_ganesha_fail "rpcbind -w failed to start" || return 1
    local tries=0
    until rpcinfo -p 127.0.0.1 >/dev/null 2>&1; do
        tries=$((tries + 1))
        [ $tries -ge 50 ] && { nfs_ganesha_fail "rpcbind started but does not answer on 127.0.0.1" || return 1; }
        sleep 0.1
    done
    nfs_ganesha_log "started rpcbind"
    echo started
}

# Whether every directory answers nfs-ls on 127.0.0.1.
nfs_ganesha_exports_answer() {
    local dir
    for dir in "$@"; do
        nfs-ls "nfs://127.0.0.1$dir" >/dev/null 2>&1 || return 1
    done
}

# Waits until each directory answers, or fails after NFS_GANESHA_TIMEOUT seconds pointing at the log.
nfs_ganesha_wait() {
    local deadline=$((SECONDS + NFS_GANESHA_TIMEOUT)) dir
    for dir in "$@"; do
        until nfs-ls "nfs://127.0.0.1$dir" >/dev/null 2>&1; do
            if ! nfs_ganesha_our_pid >/dev/null; then
                nfs_ganesha_fail "ganesha.nfsd exited while starting; see $NFS_GANESHA_LOG:
$(tail -n 15 "$NFS_GANESHA_LOG" 2>/dev/null | grep -v -i dbus)" || return 1
            fi
            if [ $SECONDS -ge $deadline ]; then
                nfs_ganesha_fail "nfs://127.0.0.1$dir did not answer within ${NFS_GANESHA_TIMEOUT}s ($(nfs-ls "nfs://127.0.0.1$dir" 2>&1 | head -n 1)); see $NFS_GANESHA_LOG:
$(tail -n 15 "$NFS_GANESHA_LOG" 2>/dev/null | grep -v -i dbus)" || return 1
            fi
            sleep 0.2
        done
    done
}

# Makes ganesha export exactly the given directories on 127.0.0.1 (see the top of this file).
nfs_ganesha_start() {
    local listing dirs dir config restart=0 reason="" pid other others=() rpcbind
    listing=$(nfs_ganesha_directories "$@") || return 1
    mapfile -t dirs <<<"$listing"
    [ "$(id -u)" = 0 ] || nfs_ganesha_fail "must run as root" || return 1
    nfs_ganesha_install || return 1
    for dir in "${dirs[@]}"; do
        mkdir -p "$dir" || nfs_ganesha_fail "cannot create $dir" || return 1
    done
    mkdir -p "$(dirname "$NFS_GANESHA_CONF")" "$(dirname "$NFS_GANESHA_LOG")" "$(dirname "$NFS_GANESHA_PIDFILE")" \
        /var/lib/nfs/ganesha || return 1

    rpcbind=$(nfs_ganesha_ensure_rpcbind) || return 1
    [ "$rpcbind" = started ] && { restart=1; reason="rpcbind was started (ganesha must register with it)"; }

    config=$(nfs_ganesha_config "${dirs[@]}")
    if [ ! -f "$NFS_GANESHA_CONF" ] || [ "$(cat "$NFS_GANESHA_CONF")" != "$config" ]; then
        printf '%s\n' "$config" >"$NFS_GANESHA_CONF.tmp" && mv "$NFS_GANESHA_CONF.tmp" "$NFS_GANESHA_CONF" \
            || nfs_ganesha_fail "cannot write $NFS_GANESHA_CONF" || return 1
        restart=1
        reason=${reason:-"the export list changed"}
    fi

    # Only one ganesha can serve 127.0.0.1:2049: any other one goes.
    pid=$(nfs_ganesha_our_pid) || pid=""
    for other in $(nfs_ganesha_all_pids); do
        [ "$other" != "$pid" ] && others+=("$other")
    done
    if [ ${#others[@]} -gt 0 ]; then
        nfs_ganesha_log "stopping other ganesha.nfsd (pid ${others[*]})"
        nfs_ganesha_terminate "${others[@]}"
    fi

    if [ -n "$pid" ] && [ $restart = 0 ]; then
        nfs_ganesha_exports_answer "${dirs[@]}" && return 0
        restart=1
        reason="an export did not answer"
    fi
    if [ -n "$pid" ]; then
        nfs_ganesha_log "restarting ganesha.nfsd: $reason"
        nfs_ganesha_terminate "$pid"
    fi

    rm -f "$NFS_GANESHA_PIDFILE"
    ganesha.nfsd -f "$NFS_GANESHA_CONF" -L "$NFS_GANESHA_LOG" -N NIV_EVENT -p "$NFS_GANESHA_PIDFILE" \
        || nfs_ganesha_fail "ganesha.nfsd failed to start; see $NFS_GANESHA_LOG" || return 1
    nfs_ganesha_wait "${dirs[@]}" || return 1
    nfs_ganesha_log "exporting ${dirs[*]} on 127.0.0.1 (config $NFS_GANESHA_CONF, log $NFS_GANESHA_LOG)"
}

# Stops the ganesha running with NFS_GANESHA_CONF; rpcbind keeps running.
nfs_ganesha_stop() {
    local pid
    pid=$(nfs_ganesha_our_pid) || { nfs_ganesha_log "not running"; return 0; }
    nfs_ganesha_terminate "$pid"
    rm -f "$NFS_GANESHA_PIDFILE"
    nfs_ganesha_log "stopped ganesha.nfsd (pid $pid)"
}

# Says whether ganesha runs with NFS_GANESHA_CONF and which directories it exports.
nfs_ganesha_status() {
    local pid
    if pid=$(nfs_ganesha_our_pid); then
        echo "ganesha.nfsd running (pid $pid, config $NFS_GANESHA_CONF, log $NFS_GANESHA_LOG)"
    else
        echo "ganesha.nfsd not running with $NFS_GANESHA_CONF"
    fi
    if [ -f "$NFS_GANESHA_CONF" ]; then
        sed -n 's/^ *Path = \(.*\);$/export nfs:\/\/127.0.0.1\1/p' "$NFS_GANESHA_CONF"
    fi
    [ -n "$pid" ]
}

nfs_ganesha_main() {
    local command=${1:-}
    shift || true
    case $command in
        start) nfs_ganesha_start "$@" ;;
        stop) nfs_ganesha_stop ;;
        status) nfs_ganesha_status ;;
        *)
            echo "usage: $0 start DIR... | stop | status" >&2
            return 2
            ;;
    esac
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -uo pipefail
    nfs_ganesha_main "$@"
    exit $?
fi
