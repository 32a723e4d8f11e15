"""Placement under contention on simulated hosts (`cumulo-agent simulate`, in-memory hypervisors): three
hosts of 5 GiB hold exactly fifteen 1 GiB VMs, so of twenty concurrent deployments fifteen run and five
fail with error 533 naming every host and why; the failed ones keep no address, volume or capacity, and
expunging VMs makes room again.

The server needs a ready ISO in the zone, so the NFS image store CI exports (/srv/nfs/secondary) takes a
small file registered as an ISO from a loopback web server; the simulator never reads it. The guest
network (198.18.51.0/24) only exists in the simulator.
"""

from __future__ import annotations

import ipaddress
import os
import shutil
from concurrent.futures import ThreadPoolExecutor

import pytest
from cs import CloudStackApiException

from agent_testkit import AgentProcess, wait_for
from cumulo_testkit import cs_client, items
from instance_testkit import (
    SECONDARY_EXPORT, FileServer, all_vms, create_guest_network, deploy, iso_files, nics, refusal, register_ready_iso, unique,
)

pytestmark = pytest.mark.skipif(not SECONDARY_EXPORT.is_dir(), reason=f"{SECONDARY_EXPORT} is not exported on this machine")

HOSTS = 3
HOST_MEMORY_GIB = 5
VM_MEMORY_MIB = 1024
FITS = HOSTS * HOST_MEMORY_GIB * 1024 // VM_MEMORY_MIB   # 15
ATTEMPTS = 20
PREFIX = "198.18.51"
FIRST = 10
GIB = 1 << 30

state: dict = {}


@pytest.fixture(scope="module")
def cloud(server, cs, agent_binary, secret_file, tmp_path_factory):
    """A zone with three simulated hosts, primary storage, an NFS image store with a ready ISO, a guest
    network and the offerings of the test."""
    root = tmp_path_factory.mktemp("capacity")
    cs.updateConfiguration(name="ping.interval", value="2")
    cs.updateConfiguration(name="agent.connect.wait", value="30")
    zone = cs.createZone(name=unique("cap-zone"), networktype="Advanced", dns1="198.18.0.1", internaldns1="198.18.0.2")["zone"]
    pod = cs.createPod(zoneid=zone["id"], name="CapPod", gateway="198.18.53.1", netmask="255.255.255.0",
                       startip="198.18.53.10", endip="198.18.53.20")["pod"]
    cluster = items(cs.addCluster(zoneid=zone["id"], podid=pod["id"], clustername="CapCluster", clustertype="CloudManaged",
                                  hypervisor="KVM"), "cluster")[0]
    simulator = AgentProcess(agent_binary, [
        "simulate", "--server", server.base_url, "--count", str(HOSTS), "--name-prefix", "cumulo-cap",
        "--memory-gib", str(HOST_MEMORY_GIB), "--state-dir", str(root / "state"), "--secret-file", str(secret_file),
    ], root / "simulate.log").start()
    web = FileServer()
    admin_account = cs.listUsers(username="admin")["user"][0]["accountid"]
    try:
        for index in range(1, HOSTS + 1):
            cs.addHost(zoneid=zone["id"], podid=pod["id"], clusterid=cluster["id"], hypervisor="KVM",
                       url=f"http://cumulo-cap-{index:03d}", username="root", password="unused")

        def all_up():
            hosts = items(cs.listHosts(zoneid=zone["id"]), "host")
            return len(hosts) == HOSTS and all(h["state"] == "Up" for h in hosts) and hosts
        hosts = wait_for(all_up, 30, f"{HOSTS} simulated hosts Up")
        assert all(h["memorytotal"] == HOST_MEMORY_GIB * GIB for h in hosts), [h["memorytotal"] for h in hosts]
        cs.createStoragePool(zoneid=zone["id"], podid=pod["id"], clusterid=cluster["id"], name="CapPrimary", scope="cluster",
                             url="nfs://127.0.0.1/srv/nfs/simulated-primary")
        cs.addImageStore(provider="NFS", name="CapSecondary", url=f"nfs://127.0.0.1{SECONDARY_EXPORT}", zoneid=zone["id"])
        cs.updateZone(id=zone["id"], allocationstate="Enabled")
        web.files["/boot.iso"] = os.urandom(64 * 1024)
        iso = register_ready_iso(cs, zone["id"], web.base + "/boot.iso", unique("sim-iso"))
        network = create_guest_network(cs, zone["id"], "cap-guests", PREFIX, FIRST, 200)
        offering = cs.createServiceOffering(name=unique("gib"), displaytext="1 vCPU, 1 GiB", cpunumber=1, cpuspeed=500,
                                            memory=VM_MEMORY_MIB)["serviceoffering"]
        disk = cs.createDiskOffering(name=unique("disk1g"), displaytext="1 GiB", disksize=1)["diskoffering"]
        yield dict(zone=zone, hosts=hosts, iso=iso, network=network, offering=offering, disk=disk)
    finally:
        web.close()
        assert simulator.stop() == 0, simulator.log()[-3000:]
        shutil.rmtree(iso_files(admin_account), ignore_errors=True)


def request(cloud, **extra) -> dict:
    params = dict(zoneid=cloud["zone"]["id"], serviceofferingid=cloud["offering"]["id"], templateid=cloud["iso"]["id"],
                  diskofferingid=cloud["disk"]["id"], networkids=cloud["network"]["id"])
    params.update(extra)
    return params


def allocated(cs, cloud) -> dict[str, int]:
    return {h["name"]: h["memoryallocated"] for h in items(cs.listHosts(zoneid=cloud["zone"]["id"]), "host")}


def by_name(cs) -> dict[str, dict]:
    return {vm["name"]: vm for vm in all_vms(cs)}


def test_twenty_concurrent_deployments_fifteen_fit(server, admin_keys, cs, cloud):
    def attempt(index: int):
        # Each thread has its own client: its own connection, its own job polling.
        client = cs_client(server.api_url, admin_keys["apikey"], admin_keys["secretkey"], job_timeout=180)
        try:
            return index, deploy(client, **request(cloud, name=f"cap-{index:02d}")), None
        except CloudStackApiException as error:
            return index, None, error.error

    with ThreadPoolExecutor(max_workers=ATTEMPTS) as pool:
        outcomes = list(pool.map(attempt, range(1, ATTEMPTS + 1)))
    succeeded = {index: vm for index, vm, _ in outcomes if vm}
    failed = {index: error for index, _, error in outcomes if error}
    assert len(succeeded) == FITS and len(failed) == ATTEMPTS - FITS, (len(succeeded), failed)

    host_names = sorted(h["name"] for h in cloud["hosts"])
    print("a refused deployment:", next(iter(failed.values()))["errortext"])
    for error in failed.values():
        assert error["errorcode"] == 533, error
        text = error["errortext"]
        assert f"{HOSTS} hosts considered" in text, text
        for name in host_names:
            assert f"host {name}: " in text and "memory free" in text, text
        assert f"{VM_MEMORY_MIB} MB needed" in text, text

    # The hosts are full to the byte, and nothing more than the running VMs is allocated.
    memory = allocated(cs, cloud)
    assert memory == {name: HOST_MEMORY_GIB * GIB for name in host_names}, memory
    assert sum(memory.values()) == FITS * VM_MEMORY_MIB * 1024 * 1024

    vms = by_name(cs)
    running = [vms[f"cap-{i:02d}"] for i in succeeded]
    errored = [vms[f"cap-{i:02d}"] for i in failed]
    assert all(vm["state"] == "Running" for vm in running), [(vm["name"], vm["state"]) for vm in running]
    per_host = {name: sum(1 for vm in running if vm["hostname"] == name) for name in host_names}
    assert per_host == {name: FITS // HOSTS for name in host_names}, per_host

    # The five failed VMs are in Error with no address and no volume.
    for vm in errored:
        assert vm["state"] == "Error", vm
        assert nics(vm) == [] and not vm.get("ipaddress"), vm
        assert items(cs.listVolumes(virtualmachineid=vm["id"], listall="true"), "volume") == []
        assert not vm.get("hostid")
    addresses = [nics(vm)[0]["ipaddress"] for vm in running]
    assert len(set(addresses)) == FITS
    # Addresses went out lowest first while the twenty were recorded; the failed ones gave theirs back.
    handed_out = {str(ipaddress.IPv4Address(f"{PREFIX}.{FIRST}") + i) for i in range(ATTEMPTS)}
    assert set(addresses) <= handed_out, addresses
    state.update(running=running, errored=errored, freed=sorted(handed_out - set(addresses), key=ipaddress.IPv4Address))
    assert len(state["freed"]) == ATTEMPTS - FITS


def test_a_full_zone_refuses_with_the_reason_and_leaves_nothing(cs, cloud):
    before = {vm["id"]: vm["state"] for vm in all_vms(cs)}
    error = refusal(cs.deployVirtualMachine, **request(cloud, name="one-too-many", ipaddress=state["freed"][0]))
    assert error["errorcode"] == 533 and "memory free" in error["errortext"], error
    vms = by_name(cs)
    extra = vms["one-too-many"]
    assert extra["state"] == "Error" and nics(extra) == []
    assert {vm_id: s for vm_id, s in before.items()} == {vm["id"]: vm["state"] for vm in vms.values() if vm["id"] in before}
    cs.expungeVirtualMachine(id=extra["id"])
    assert "one-too-many" not in by_name(cs)


def test_expunging_makes_room_for_new_deployments(cs, cloud):
    # Error VMs go with expungeVirtualMachine; three running ones with destroyVirtualMachine expunge=true.
    for vm in state["errored"]:
        cs.expungeVirtualMachine(id=vm["id"])
    gone = state["running"][:3]
    for vm in gone:
        cs.destroyVirtualMachine(id=vm["id"], expunge="true")
    names = by_name(cs)
    assert not any(vm["name"] in names for vm in state["errored"] + gone)
    assert sum(allocated(cs, cloud).values()) == (FITS - 3) * VM_MEMORY_MIB * 1024 * 1024

    # The freed room and addresses serve new VMs: the addresses the failed ones had, and one of the expunged.
    wanted = state["freed"][:2] + [nics(gone[0])[0]["ipaddress"]]
    fresh = [deploy(cs, **request(cloud, name=f"fresh-{i}", ipaddress=ip)) for i, ip in enumerate(wanted)]
    assert [nics(vm)[0]["ipaddress"] for vm in fresh] == wanted
    assert all(vm["state"] == "Running" for vm in fresh)
    assert sum(allocated(cs, cloud).values()) == FITS * VM_MEMORY_MIB * 1024 * 1024

    # Full again.
    error = refusal(cs.deployVirtualMachine, **request(cloud, name="full-again"))
    assert error["errorcode"] == 533, error
    cs.expungeVirtualMachine(id=by_name(cs)["full-again"]["id"])
