#!/usr/bin/env python3
"""Builds the one-host demo cloud through the API, using only Python's standard library.

    demo_cloud.py --api http://127.0.0.1:8080/client/api --host-name NAME --primary nfs://127.0.0.1/PATH
                  [--secondary nfs://127.0.0.1/PATH] [--password PASSWORD] [--test-iso PATH]

Logs in as admin and creates, unless they already exist: zone "Demo" (Advanced), pod "Demo-Pod", cluster
"Demo-Cluster" (KVM), the host (adopting the cumulo-agent that connected under NAME), primary storage
"Demo-Primary" and, when given, the image store "Demo-Secondary".

With --test-iso (the ISO of scripts/build-test-iso.sh; needs --secondary) it also makes a VM: it serves the
ISO on 127.0.0.1 just long enough to register it as "Cumulo-Test-ISO" (allowing 127.0.0.1 in
secstorage.allowed.internal.sites only meanwhile), creates the guest network "Demo-Guests" on 198.18.80.0/24
(an isolated libvirt network on the host, gateway 198.18.80.1) with a Guest physical network when the zone has
none, the offerings "Demo-Tiny" (1 vCPU, 256 MiB) and "Demo-1G" (a 1 GiB disk), and deploys the VM "demo" at
198.18.80.10; then it waits until the VM runs and serves its page on http://198.18.80.10/. A VM named "demo"
that exists already is started when it is stopped, recovered when destroyed, and replaced only when it is in
Error, so running this again never makes a second one.

Prints what it created as JSON on standard output and its progress on standard error. Addresses are from
198.18.0.0/15, the range Cumulo's demo and tests use for guest networks.
"""

import argparse
import http.cookiejar
import http.server
import json
import os
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

ISO_NAME = "Cumulo-Test-ISO"
GUEST_PREFIX = "198.18.80"
VM_NAME = "demo"
VM_ADDRESS = f"{GUEST_PREFIX}.10"


class API:
    def __init__(self, url: str):
        self.url = url
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.sessionkey = None

    def call(self, command: str, **params):
        params = {k: str(v) for k, v in params.items() if v is not None}
        params.update(command=command, response="json")
        if self.sessionkey:
            params["sessionkey"] = self.sessionkey
        data = urllib.parse.urlencode(params).encode()
        try:
            with self.opener.open(self.url, data=data, timeout=120) as response:
                body = json.load(response)
        except urllib.error.HTTPError as error:
            body = json.load(error)
            inner = next(iter(body.values()))
            raise SystemExit(f"{command} failed ({inner.get('errorcode')}): {inner.get('errortext')}")
        return next(iter(body.values()))

    def login(self, password: str):
        self.sessionkey = self.call("login", username="admin", password=password, domain="/")["sessionkey"]

    def find(self, command: str, key: str, name: str, **params):
        for item in self.call(command, **params).get(key, []):
            if item.get("name") == name:
                return item
        return None

    def job(self, command: str, timeout: float = 300, **params):
        """Runs an asynchronous command and returns its job's result."""
        jobid = self.call(command, **params)["jobid"]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            job = self.call("queryAsyncJobResult", jobid=jobid)
            if job["jobstatus"] == 1:
                return job.get("jobresult", {})
            if job["jobstatus"] == 2:
                result = job.get("jobresult", {})
                raise SystemExit(f"{command} failed ({result.get('errorcode')}): {result.get('errortext')}")
            time.sleep(1)
        raise SystemExit(f"{command} did not finish within {timeout:.0f} s (job {jobid})")


def say(text: str) -> None:
    print(f"demo-cloud: {text}", file=sys.stderr, flush=True)


def wait(what: str, timeout: float, check):
    """Polls `check` every second until it returns something truthy."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(1)


# -- the demo VM --------------------------------------------------------------------------------------------


def serve_file(path: str):
    """A web server on 127.0.0.1 answering GET /<file name> with the file; returns (server, URL)."""
    name = "/" + os.path.basename(path)

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            if self.path != name:
                self.send_error(404)
                return
            with open(path, "rb") as source:
                body = source.read()
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}{name}"


def test_iso(api: API, zone: dict, iso_path: str) -> dict:
    """The ready ISO "Cumulo-Test-ISO" in the zone, registered from a short-lived loopback web server if needed."""
    def current():
        for iso in api.call("listIsos", isofilter="self", zoneid=zone["id"]).get("iso", []):
            if iso["name"] == ISO_NAME:
                return iso
        return None

    iso = current()
    if iso and iso["isready"]:
        return iso
    if iso and not iso["status"].endswith("% Downloaded"):
        say(f"removing ISO {ISO_NAME}, which did not download: {iso['status']}")
        api.job("deleteIso", id=iso["id"])
        iso = None
    setting = "secstorage.allowed.internal.sites"
    listed = api.call("listConfigurations", name=setting).get("configuration", [])
    previous = next((c.get("value") or "" for c in listed if c["name"] == setting), "")
    server, url = serve_file(iso_path)
    try:
        if iso is None:
            allowed = ",".join(part for part in (previous, "127.0.0.1") if part)
            api.call("updateConfiguration", name=setting, value=allowed)
            say(f"registering {iso_path} as ISO {ISO_NAME} from {url}")
            api.call("registerIso", name=ISO_NAME, displaytext="Cumulo test VM (serves http://<ip>/)", url=url,
                     zoneid=zone["id"], bootable="true", ispublic="true")

        def ready():
            found = current()
            if found and not found["isready"] and not found["status"].endswith("% Downloaded"):
                raise SystemExit(f"ISO {ISO_NAME} did not download: {found['status']}")
            return found if found and found["isready"] else None
        return wait(f"ISO {ISO_NAME} to be ready", 300, ready)
    finally:
        api.call("updateConfiguration", name=setting, value=previous)
        server.shutdown()
        server.server_close()


def guest_network(api: API, zone: dict) -> dict:
    """The shared guest network "Demo-Guests" (198.18.80.0/24), with a Guest physical network under it."""
    network = api.find("listNetworks", "network", "Demo-Guests", zoneid=zone["id"], listall="true")
    if network:
        return network
    physical = None
    for candidate in api.call("listPhysicalNetworks", zoneid=zone["id"]).get("physicalnetwork", []):
        traffic = api.call("listTrafficTypes", physicalnetworkid=candidate["id"]).get("traffictype", [])
        if any(t["traffictype"] == "Guest" for t in traffic):
            physical = candidate
            break
    if physical is None:
        say("creating physical network Demo-Physical for guest traffic")
        physical = api.job("createPhysicalNetwork", zoneid=zone["id"], name="Demo-Physical", isolationmethods="VLAN")["physicalnetwork"]
        api.job("addTrafficType", physicalnetworkid=physical["id"], traffictype="Guest", kvmnetworklabel="cumulo-guest")
        api.job("updatePhysicalNetwork", id=physical["id"], state="Enabled")
    offerings = [o for o in api.call("listNetworkOfferings", guestiptype="Shared").get("networkoffering", [])
                 if o.get("specifyipranges") and o.get("state", "Enabled") == "Enabled"]
    if not offerings:
        raise SystemExit("no Enabled Shared network offering that takes IP ranges")
    say(f"creating guest network Demo-Guests on {GUEST_PREFIX}.0/24")
    params = dict(zoneid=zone["id"], name="Demo-Guests", displaytext=f"Demo guests, {GUEST_PREFIX}.0/24 (isolated)",
                  networkofferingid=offerings[0]["id"], physicalnetworkid=physical["id"], gateway=f"{GUEST_PREFIX}.1",
                  netmask="255.255.255.0", startip=f"{GUEST_PREFIX}.10", endip=f"{GUEST_PREFIX}.250", acltype="Domain")
    if offerings[0].get("specifyvlan"):
        params["vlan"] = "untagged"
    return api.call("createNetwork", **params)["network"]


def offerings(api: API) -> tuple[dict, dict]:
    service = api.find("listServiceOfferings", "serviceoffering", "Demo-Tiny") or api.call(
        "createServiceOffering", name="Demo-Tiny", displaytext="1 vCPU, 256 MiB", cpunumber=1, cpuspeed=500,
        memory=256)["serviceoffering"]
    disk = api.find("listDiskOfferings", "diskoffering", "Demo-1G") or api.call(
        "createDiskOffering", name="Demo-1G", displaytext="1 GiB disk", disksize=1)["diskoffering"]
    return service, disk


def page(address: str) -> str | None:
    # No proxy: the address is only reachable on the host's isolated bridge.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(f"http://{address}/", timeout=3) as response:
            text = response.read().decode(errors="replace")
    except (urllib.error.URLError, OSError):
        return None
    return text if f"cumulo-test-vm {address}\n" in text + "\n" else None


def demo_vm(api: API, zone: dict, host: dict, iso_path: str) -> dict:
    """The running VM "demo" at 198.18.80.10 from the test ISO, deployed once."""
    wait(f"host {host['name']} to be Up", 120,
         lambda: api.call("listHosts", id=host["id"]).get("host", [{}])[0].get("state") == "Up")
    if zone.get("allocationstate") != "Enabled":
        api.call("updateZone", id=zone["id"], allocationstate="Enabled")
    iso = test_iso(api, zone, iso_path)
    network = guest_network(api, zone)
    service, disk = offerings(api)
    vm = api.find("listVirtualMachines", "virtualmachine", VM_NAME, zoneid=zone["id"])
    if vm and vm["state"] == "Error":
        say(f"expunging VM {VM_NAME}, which is in Error")
        api.job("expungeVirtualMachine", id=vm["id"])
        vm = None
    if vm and vm["state"] == "Destroyed":
        say(f"recovering VM {VM_NAME}")
        vm = api.call("recoverVirtualMachine", id=vm["id"])["virtualmachine"]
    if vm is None:
        say(f"deploying VM {VM_NAME} at {VM_ADDRESS} from ISO {ISO_NAME}")
        vm = api.job("deployVirtualMachine", zoneid=zone["id"], templateid=iso["id"], serviceofferingid=service["id"],
                     diskofferingid=disk["id"], networkids=network["id"], ipaddress=VM_ADDRESS, name=VM_NAME,
                     displayname="Cumulo demo VM")["virtualmachine"]
    elif vm["state"] == "Stopped":
        say(f"starting VM {VM_NAME}")
        vm = api.job("startVirtualMachine", id=vm["id"])["virtualmachine"]
    vm = wait(f"VM {VM_NAME} to be Running", 120, lambda: next(
        (v for v in api.call("listVirtualMachines", id=vm["id"]).get("virtualmachine", []) if v["state"] == "Running"), None))
    address = next((nic["ipaddress"] for nic in vm.get("nic", []) if nic.get("isdefault")), VM_ADDRESS)
    say(f"waiting for http://{address}/ (the VM boots under software emulation when KVM is not available)")
    wait(f"the page of VM {VM_NAME} on http://{address}/ (see: virsh console {vm.get('instancename')})", 300,
         lambda: page(address))
    return {"vm": vm["id"], "vmname": vm["name"], "instancename": vm.get("instancename"), "vmaddress": address,
            "network": network["id"], "iso": iso["id"], "serviceoffering": service["id"], "diskoffering": disk["id"]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--api", required=True)
    parser.add_argument("--host-name", required=True)
    parser.add_argument("--primary", required=True)
    parser.add_argument("--secondary")
    parser.add_argument("--password", default="password")
    parser.add_argument("--test-iso", help="the ISO of scripts/build-test-iso.sh: also deploy the demo VM from it")
    args = parser.parse_args()
    if args.test_iso and not args.secondary:
        parser.error("--test-iso needs --secondary: the ISO is registered on the image store")

    api = API(args.api)
    api.login(args.password)
    zone = api.find("listZones", "zone", "Demo") or api.call(
        "createZone", name="Demo", networktype="Advanced", dns1="198.18.0.1", internaldns1="198.18.0.1",
        guestcidraddress="198.18.64.0/20")["zone"]
    pod = api.find("listPods", "pod", "Demo-Pod", zoneid=zone["id"]) or api.call(
        "createPod", zoneid=zone["id"], name="Demo-Pod", gateway="198.18.0.1", netmask="255.255.255.0",
        startip="198.18.0.10", endip="198.18.0.50")["pod"]
    cluster = api.find("listClusters", "cluster", "Demo-Cluster", zoneid=zone["id"]) or api.call(
        "addCluster", zoneid=zone["id"], podid=pod["id"], clustername="Demo-Cluster", clustertype="CloudManaged",
        hypervisor="KVM")["cluster"][0]
    host = api.find("listHosts", "host", args.host_name, zoneid=zone["id"]) or api.call(
        "addHost", zoneid=zone["id"], podid=pod["id"], clusterid=cluster["id"], hypervisor="KVM",
        url=f"http://{args.host_name}", username="root", password="-")["host"][0]
    primary = api.find("listStoragePools", "storagepool", "Demo-Primary", zoneid=zone["id"]) or api.call(
        "createStoragePool", zoneid=zone["id"], podid=pod["id"], clusterid=cluster["id"], name="Demo-Primary",
        scope="cluster", url=args.primary)["storagepool"]
    created = {"zone": zone["id"], "pod": pod["id"], "cluster": cluster["id"], "host": host["id"],
               "hoststate": host["state"], "primary": primary["id"], "primarystate": primary["state"]}
    if args.secondary:
        store = api.find("listImageStores", "imagestore", "Demo-Secondary", zoneid=zone["id"]) or api.call(
            "addImageStore", zoneid=zone["id"], name="Demo-Secondary", provider="NFS", url=args.secondary)["imagestore"]
        created["secondary"] = store["id"]
    if args.test_iso:
        created.update(demo_vm(api, zone, host, args.test_iso))
    json.dump(created, sys.stdout)
    print()


if __name__ == "__main__":
    main()
