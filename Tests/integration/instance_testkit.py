"""Helpers of the instance tests: the test ISO and a loopback web server for it, guest networks, VMs,
libvirt domains and the page the test VM serves.

Guest networks of these tests are isolated libvirt networks (no <forward>) on 198.18.0.0/15; nothing is
ever sent to other addresses.
"""

from __future__ import annotations

import http.server
import os
import subprocess
import threading
import time
import urllib.error
import urllib.request
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from cs import CloudStackApiException

from cumulo_testkit import REPO_ROOT, items

LIBVIRT_URI = os.environ.get("CUMULO_TEST_LIBVIRT_URI", "")
PRIMARY_EXPORT = Path(os.environ.get("CUMULO_TEST_NFS_EXPORT", "/srv/nfs/primary"))
SECONDARY_EXPORT = Path(os.environ.get("CUMULO_TEST_NFS_SECONDARY_EXPORT", "/srv/nfs/secondary"))


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def instance_suffix() -> str:
    """A suffix for `instance.name` (letters and digits) that keeps this run's domains apart from any other
    cloud on the same libvirtd."""
    return "T" + uuid.uuid4().hex[:6].upper()


# -- the test ISO and a web server for it --------------------------------------------------------------


def locate_test_iso() -> Path:
    """`$CUMULO_TEST_ISO`, else the ISO `scripts/build-test-iso.sh` builds (quick once its .debs are cached)."""
    given = os.environ.get("CUMULO_TEST_ISO")
    if given:
        path = Path(given).resolve()
        assert path.is_file(), f"CUMULO_TEST_ISO={given} is not a file"
        return path
    result = subprocess.run([str(REPO_ROOT / "scripts/build-test-iso.sh")], capture_output=True, text=True, timeout=1800)
    assert result.returncode == 0, f"build-test-iso.sh failed:\n{result.stdout}\n{result.stderr}"
    line = next(l for l in result.stdout.splitlines() if l.startswith("iso: "))
    return Path(line.removeprefix("iso: ").strip())


class FileServer:
    """Serves files on 127.0.0.1 (path in the URL -> bytes or a file on disk) from a background thread."""

    def __init__(self):
        self.files: dict[str, bytes | Path] = {}
        self.requests: list[str] = []
        files, requests_seen = self.files, self.requests

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                requests_seen.append(self.path)
                source = files.get(self.path)
                if source is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                body = source.read_bytes() if isinstance(source, Path) else source
                self.send_response(200)
                self.send_header("Content-Type", "application/octet-stream")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def register_ready_iso(cs, zone_id: str, url: str, name: str, timeout: float = 120, **extra) -> dict[str, Any]:
    """Registers a bootable public ISO from a loopback URL (allowed only while it downloads) and waits until
    it is ready in the zone."""
    cs.updateConfiguration(name="secstorage.allowed.internal.sites", value="127.0.0.1")
    try:
        iso = items(cs.registerIso(name=name, displaytext=name, url=url, zoneid=zone_id, bootable="true",
                                   ispublic="true", **extra), "iso")[0]
        deadline = time.monotonic() + timeout
        while True:
            current = items(cs.listIsos(id=iso["id"], isofilter="all", zoneid=zone_id), "iso")[0]
            if current["isready"]:
                return current
            assert time.monotonic() < deadline, f"ISO {name} not ready within {timeout:.0f} s: {current['status']}"
            assert "%" in current["status"] or current["status"] in ("", "Processing", "Installing ISO"), current["status"]
            time.sleep(0.2)
    finally:
        cs.updateConfiguration(name="secstorage.allowed.internal.sites", value="")


def iso_files(account_id: str) -> Path:
    """Where the image store keeps an account's ISOs and templates in the secondary export."""
    return SECONDARY_EXPORT / "template" / "tmpl" / account_id


# -- guest networks ------------------------------------------------------------------------------------


def guest_physical_network(cs, zone_id: str) -> dict[str, Any]:
    """The zone's physical network carrying Guest traffic, created (and enabled) when there is none."""
    for physical in items(cs.listPhysicalNetworks(zoneid=zone_id), "physicalnetwork"):
        types = items(cs.listTrafficTypes(physicalnetworkid=physical["id"]), "traffictype")
        if any(t["traffictype"] == "Guest" for t in types):
            return physical
    physical = cs.createPhysicalNetwork(zoneid=zone_id, name=unique("guest-phys"), isolationmethods="VLAN")["physicalnetwork"]
    cs.addTrafficType(physicalnetworkid=physical["id"], traffictype="Guest", kvmnetworklabel="cumulo-guest")
    return cs.updatePhysicalNetwork(id=physical["id"], state="Enabled")["physicalnetwork"]


def shared_network_offering(cs) -> dict[str, Any]:
    """An Enabled Shared guest offering that takes IP ranges (seeded by the server)."""
    offerings = [o for o in items(cs.listNetworkOfferings(guestiptype="Shared"), "networkoffering")
                 if o.get("specifyipranges") and o.get("state", "Enabled") == "Enabled" and o.get("traffictype", "Guest") == "Guest"]
    assert offerings, "no Enabled Shared network offering with specifyipranges"
    return offerings[0]


def create_guest_network(cs, zone_id: str, name: str, prefix: str, start: int = 10, end: int = 250) -> dict[str, Any]:
    """A Shared guest network on `<prefix>.0/24` (gateway `<prefix>.1`, VM addresses `<prefix>.<start>`–
    `<prefix>.<end>`), shared with every account of the ROOT domain tree."""
    physical = guest_physical_network(cs, zone_id)
    offering = shared_network_offering(cs)
    params = dict(zoneid=zone_id, name=name, displaytext=name, networkofferingid=offering["id"],
                  physicalnetworkid=physical["id"], gateway=f"{prefix}.1", netmask="255.255.255.0",
                  startip=f"{prefix}.{start}", endip=f"{prefix}.{end}", acltype="Domain")
    if offering.get("specifyvlan"):
        params["vlan"] = "untagged"
    return cs.createNetwork(**params)["network"]


def libvirt_network_name(network_id: str) -> str:
    return f"cumulo-{network_id}"


def bridge_name(network_id: str) -> str:
    return "cb" + "".join(c for c in network_id if c.isalnum())[:12]


# -- VMs -----------------------------------------------------------------------------------------------


def deploy(cs, **params) -> dict[str, Any]:
    """deployVirtualMachine, waiting for its job; the VM as the job answers it."""
    return cs.deployVirtualMachine(**params)["virtualmachine"]


def refusal(call, *args, **kwargs) -> dict[str, Any]:
    """The error (`errorcode`, `errortext`) of a call that must fail, synchronously or in its job."""
    try:
        result = call(*args, **kwargs)
    except CloudStackApiException as error:
        return error.error
    raise AssertionError(f"expected an error, got {result}")


def vm_record(cs, vm_id: str) -> dict[str, Any] | None:
    found = items(cs.listVirtualMachines(id=vm_id, listall="true"), "virtualmachine")
    return found[0] if found else None


def all_vms(cs) -> list[dict[str, Any]]:
    return items(cs.listVirtualMachines(listall="true", page=1, pagesize=500), "virtualmachine")


def vm_state(cs, vm_id: str) -> str:
    record = vm_record(cs, vm_id)
    return record["state"] if record else "absent"


def nics(vm: dict[str, Any]) -> list[dict[str, Any]]:
    return vm.get("nic") or []


def root_volume(cs, vm_id: str) -> dict[str, Any]:
    volumes = [v for v in items(cs.listVolumes(virtualmachineid=vm_id, listall="true"), "volume") if v["type"] == "ROOT"]
    assert len(volumes) == 1, volumes
    return volumes[0]


# -- libvirt -------------------------------------------------------------------------------------------


def virsh(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(["virsh", "-c", LIBVIRT_URI, *args], capture_output=True, text=True, timeout=60)
    if check and result.returncode != 0:
        raise AssertionError(f"virsh {' '.join(args)} failed: {result.stderr.strip() or result.stdout.strip()}")
    return result


def domains() -> set[str]:
    """Names of every libvirt domain, running or not."""
    return {line.strip() for line in virsh("list", "--all", "--name").stdout.splitlines() if line.strip()}


def domain_state(name: str) -> str:
    result = virsh("domstate", name, check=False)
    return result.stdout.strip() if result.returncode == 0 else "absent"


def cdrom_sources(name: str) -> list[str]:
    """What the domain's CD-ROM drives hold (file or network name); an empty drive gives no entry."""
    root = ET.fromstring(virsh("dumpxml", name).stdout)
    sources = []
    for disk in root.findall("./devices/disk[@device='cdrom']"):
        source = disk.find("source")
        if source is not None and (source.get("file") or source.get("name")):
            sources.append(source.get("file") or source.get("name"))
    return sources


def remove_domain(name: str) -> None:
    virsh("destroy", name, check=False)
    virsh("undefine", name, check=False)


def remove_network(name: str) -> None:
    virsh("net-destroy", name, check=False)
    virsh("net-undefine", name, check=False)


# -- the page of the test VM ---------------------------------------------------------------------------


def fetch(url: str, timeout: float = 3) -> str | None:
    # No proxy: the page is only reachable on the isolated bridge.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=timeout) as response:
            return response.read().decode(errors="replace")
    except (urllib.error.URLError, OSError):
        return None


def wait_for_page(ip: str, timeout: float) -> tuple[str, float]:
    """The page `http://<ip>/` once it names `ip`, and how long that took; fails after `timeout` seconds."""
    began = time.monotonic()
    page = None
    while time.monotonic() - began < timeout:
        page = fetch(f"http://{ip}/")
        if page and f"cumulo-test-vm {ip}\n" in page + "\n":
            return page, time.monotonic() - began
        time.sleep(1)
    raise AssertionError(f"no page naming {ip} within {timeout:.0f} s; last answer: {page!r}")
