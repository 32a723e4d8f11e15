#!/usr/bin/env bash
# Prepares a Debian 12 machine to be a Cumulo KVM host, as root:
#   agent/setup-host.sh --server http://<management server>:8080 --secret <secret> [--host-name NAME] [--binary PATH]
# Installs libvirt, qemu and the NFS user-space tools, starts virtlogd and libvirtd, installs
# cumulo-agent with its configuration and systemd unit (or starts it directly where there is no systemd).
# Guest networks get their bridges from the agent itself (isolated libvirt networks, one per guest network).
set -euo pipefail

server="" secret="" host_name="" binary=""
while [ $# -gt 0 ]; do
    case "$1" in
        --server) server=$2; shift 2 ;;
        --secret) secret=$2; shift 2 ;;
        --host-name) host_name=$2; shift 2 ;;
        --binary) binary=$2; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
[ -n "$server" ] && [ -n "$secret" ] || { echo "usage: $0 --server URL --secret SECRET [--host-name NAME] [--binary PATH]" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "run as root" >&2; exit 1; }
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    libvirt-daemon-system qemu-system-x86 qemu-utils qemu-block-extra libnfs13 libnfs-utils genisoimage dnsmasq-base >/dev/null
bash "$here/../scripts/lib/libvirt.sh" start

if [ -n "$binary" ]; then install -m 0755 "$binary" /usr/local/bin/cumulo-agent; fi
command -v cumulo-agent >/dev/null || { echo "cumulo-agent is not installed: pass --binary PATH" >&2; exit 1; }

install -d -m 0700 /etc/cumulo /var/lib/cumulo-agent
umask 077
printf '%s\n' "$secret" > /etc/cumulo/agent-secret
sed -e "s#^server=.*#server=$server#" \
    -e "s#^\#host.name=.*#${host_name:+host.name=$host_name}#" \
    "$here/agent.properties.example" > /etc/cumulo/agent.properties

if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
    install -m 0644 "$here/cumulo-agent.service" /etc/systemd/system/cumulo-agent.service
    systemctl daemon-reload
    systemctl enable --now cumulo-agent
    echo "cumulo-agent started (systemctl status cumulo-agent)"
else
    nohup /usr/local/bin/cumulo-agent run --config /etc/cumulo/agent.properties >>/var/log/cumulo-agent.log 2>&1 &
    echo "cumulo-agent started without systemd, pid $! (log: /var/log/cumulo-agent.log)"
fi
echo "now add the host on the management server: addHost url=http://${host_name:-$(hostname)} zoneid=… podid=… clusterid=… hypervisor=KVM"
