"""The test ISO of scripts/build-test-iso.sh boots under libvirt (domain type qemu, software emulation)
on an isolated network (no <forward>: no NAT, no routing), takes its address by DHCP and serves a page
naming it on http://<ip>/.

Skipped unless CUMULO_TEST_LIBVIRT_URI is set (e.g. qemu:///system). Uses CUMULO_TEST_ISO when set,
else builds build/test-iso/cumulo-test.iso with the script (cached .debs make later builds quick).
"""

from __future__ import annotations

import os
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from instance_testkit import locate_test_iso

LIBVIRT_URI = os.environ.get("CUMULO_TEST_LIBVIRT_URI", "")

# Names and addresses of this test only (198.18.0.0/15 is reserved for benchmarking).
NETWORK = "cumulo-test-isoboot"
BRIDGE = "cmisoboot0"
HOST_ADDRESS = "198.18.241.1"
VM_ADDRESS = "198.18.241.10"
VM_MAC = "52:54:00:18:f1:0a"
DOMAIN = "cumulo-test-isoboot-vm"
BOOT_TIMEOUT = 90

pytestmark = pytest.mark.skipif(not LIBVIRT_URI, reason="set CUMULO_TEST_LIBVIRT_URI (e.g. qemu:///system)")


def virsh(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(["virsh", "-c", LIBVIRT_URI, *args], capture_output=True, text=True, timeout=60)
    if check and result.returncode != 0:
        raise AssertionError(f"virsh {' '.join(args)} failed: {result.stderr.strip() or result.stdout.strip()}")
    return result


def remove_leftovers() -> None:
    """Destroys this test's domain and network if an interrupted run left them behind."""
    if virsh("domstate", DOMAIN, check=False).returncode == 0:
        virsh("destroy", DOMAIN, check=False)
        virsh("undefine", DOMAIN, check=False)
    if virsh("net-info", NETWORK, check=False).returncode == 0:
        virsh("net-destroy", NETWORK, check=False)
        virsh("net-undefine", NETWORK, check=False)


def network_xml() -> str:
    # No <forward>: an isolated bridge that only this host and the VM share.
    return f"""<network>
  <name>{NETWORK}</name>
  <bridge name='{BRIDGE}' stp='off' delay='0'/>
  <ip address='{HOST_ADDRESS}' netmask='255.255.255.0'>
    <dhcp>
      <host mac='{VM_MAC}' ip='{VM_ADDRESS}'/>
    </dhcp>
  </ip>
</network>
"""


def domain_xml(iso: Path, console_log: Path) -> str:
    return f"""<domain type='qemu'>
  <name>{DOMAIN}</name>
  <memory unit='MiB'>256</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64'>hvm</type>
    <boot dev='cdrom'/>
  </os>
  <features><acpi/><apic/></features>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>destroy</on_reboot>
  <on_crash>destroy</on_crash>
  <devices>
    <disk type='file' device='cdrom'>
      <driver name='qemu' type='raw'/>
      <source file='{iso}'/>
      <target dev='hdc' bus='ide'/>
      <readonly/>
    </disk>
    <interface type='network'>
      <source network='{NETWORK}'/>
      <mac address='{VM_MAC}'/>
      <model type='virtio'/>
    </interface>
    <serial type='pty'>
      <log file='{console_log}' append='off'/>
      <target port='0'/>
    </serial>
    <video><model type='vga'/></video>
    <memballoon model='none'/>
  </devices>
</domain>
"""


def fetch(url: str) -> str | None:
    # No proxy: the page is only reachable on the isolated bridge.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=3) as response:
            return response.read().decode(errors="replace")
    except (urllib.error.URLError, OSError):
        return None


def console_tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError as error:
        return f"(no console log: {error})"


def test_iso_boots_and_serves_its_dhcp_address(tmp_path):
    iso = locate_test_iso()
    console_log = tmp_path / "console.log"
    (tmp_path / "network.xml").write_text(network_xml())
    (tmp_path / "domain.xml").write_text(domain_xml(iso, console_log))
    remove_leftovers()
    try:
        virsh("net-create", str(tmp_path / "network.xml"))
        started = time.monotonic()
        virsh("create", str(tmp_path / "domain.xml"))
        page = None
        while time.monotonic() - started < BOOT_TIMEOUT:
            page = fetch(f"http://{VM_ADDRESS}/")
            if page and f"cumulo-test-vm {VM_ADDRESS}" in page:
                break
            time.sleep(1)
        elapsed = time.monotonic() - started
        assert page and f"cumulo-test-vm {VM_ADDRESS}" in page, (
            f"no page naming {VM_ADDRESS} within {BOOT_TIMEOUT} s; last answer: {page!r}\n"
            f"console:\n{console_tail(console_log)}")
        assert "network dhcp" in page
        print(f"test ISO served its page {elapsed:.1f} s after the domain started")
        assert f"CUMULO-TEST-VM READY ip={VM_ADDRESS}" in console_log.read_text(errors="replace")
    finally:
        virsh("destroy", DOMAIN, check=False)
        virsh("net-destroy", NETWORK, check=False)
