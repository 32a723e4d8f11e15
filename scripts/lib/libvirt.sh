#!/usr/bin/env bash
# Makes sure virtlogd and libvirtd run, with or without systemd, and that qemu:///system answers.
#   scripts/lib/libvirt.sh start
set -euo pipefail

start() {
    if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
        systemctl start virtlogd.socket libvirtd.socket 2>/dev/null || systemctl start virtlogd libvirtd
    else
        pgrep -x virtlogd >/dev/null || virtlogd -d
        pgrep -x libvirtd >/dev/null || libvirtd -d
    fi
    for _ in $(seq 1 50); do
        if virsh -c qemu:///system version >/dev/null 2>&1; then
            echo "libvirtd: $(virsh -c qemu:///system version | grep -i 'running hypervisor' | sed 's/^ *//')"
            return 0
        fi
        sleep 0.2
    done
    echo "libvirtd did not answer on qemu:///system within 10 s" >&2
    return 1
}

case "${1:-}" in
    start) start ;;
    *) echo "usage: $0 start" >&2; exit 2 ;;
esac
