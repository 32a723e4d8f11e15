"""Recovery on simulated hosts whose domain starts take a few seconds: a management-server crash and a host
that dies in the middle of a deployment (neither may leave a VM stuck in Starting, capacity held for nothing,
or an address taken by a VM that does not run), and destroyed VMs coming back (recover) or going for good
after `expunge.delay`."""

from __future__ import annotations

import functools
import http.server
import threading

import pytest

from agent_testkit import AgentProcess, wait_for
from cumulo_testkit import items

START_DELAY = 6


@pytest.fixture(scope="module")
def cloud(cs, server, agent_binary, secret_file, tmp_path_factory):
    """A zone with one simulated host (slow starts), primary and secondary storage, a ready ISO, a guest
    network on 198.18.6.0/24 and small offerings."""
    root = tmp_path_factory.mktemp("faults")
    cs.updateConfiguration(name="ping.interval", value="2")
    cs.updateConfiguration(name="secstorage.allowed.internal.sites", value="127.0.0.1")
    zone = cs.createZone(name="FaultZone", networktype="Advanced", dns1="198.18.0.1", internaldns1="198.18.0.2")["zone"]
    pod = cs.createPod(zoneid=zone["id"], name="FaultPod", gateway="198.18.5.1", netmask="255.255.255.0")["pod"]
    cluster = items(cs.addCluster(zoneid=zone["id"], podid=pod["id"], clustername="FaultCluster", clustertype="CloudManaged",
                                  hypervisor="KVM"), "cluster")[0]
    simulator = AgentProcess(agent_binary, [
        "simulate", "--server", server.base_url, "--count", "1", "--name-prefix", "fault", "--start-delay", str(START_DELAY),
        "--state-dir", str(root / "state"), "--secret-file", str(secret_file),
    ], root / "simulate.log").start()
    host = cs.addHost(zoneid=zone["id"], podid=pod["id"], clusterid=cluster["id"], hypervisor="KVM", url="http://fault-001",
                      username="root", password="unused")["host"][0]
    cs.createStoragePool(zoneid=zone["id"], podid=pod["id"], clusterid=cluster["id"], name="FaultPrimary",
                         url="nfs://127.0.0.1/srv/nfs/primary", scope="cluster")
    cs.addImageStore(provider="NFS", name="FaultSecondary", url="nfs://127.0.0.1/srv/nfs/secondary", zoneid=zone["id"])
    www = root / "www"
    www.mkdir()
    (www / "boot.iso").write_bytes(b"\0" * 32768)
    web = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(www)))
    threading.Thread(target=web.serve_forever, daemon=True).start()
    iso = items(cs.registerIso(name="fault-iso", displaytext="fault iso", url=f"http://127.0.0.1:{web.server_port}/boot.iso",
                               zoneid=zone["id"], bootable="true"), "iso")[0]
    wait_for(lambda: items(cs.listIsos(id=iso["id"], isofilter="self"), "iso")[0].get("isready"), 60, "the ISO ready")
    physical = cs.createPhysicalNetwork(zoneid=zone["id"], name="FaultPhysical", fetch_result=True)["physicalnetwork"]
    cs.addTrafficType(physicalnetworkid=physical["id"], traffictype="Guest", fetch_result=True)
    offering = next(o for o in items(cs.listNetworkOfferings(), "networkoffering") if o.get("guestiptype") == "Shared")
    network = cs.createNetwork(zoneid=zone["id"], name="fault-net", displaytext="fault net", networkofferingid=offering["id"],
                               gateway="198.18.6.1", netmask="255.255.255.0", startip="198.18.6.10", endip="198.18.6.100",
                               vlan="untagged")["network"]
    cs.updateZone(id=zone["id"], allocationstate="Enabled")
    compute = cs.createServiceOffering(name="fault-small", displaytext="1 vCPU, 512 MB", cpunumber=1, cpuspeed=500, memory=512)["serviceoffering"]
    disk = cs.createDiskOffering(name="fault-1g", displaytext="1 GB", disksize=1)["diskoffering"]
    state = dict(zone=zone, host=host, iso=iso, network=network, compute=compute, disk=disk, simulator=simulator, root=root)
    try:
        yield state
    finally:
        # A test may have replaced the simulator (after killing the first one).
        state["simulator"].stop()
        web.shutdown()


def deploy(cs, cloud, address: str) -> dict:
    """Starts a deployment and returns its immediate answer (id and jobid)."""
    return cs.deployVirtualMachine(zoneid=cloud["zone"]["id"], serviceofferingid=cloud["compute"]["id"],
                                   templateid=cloud["iso"]["id"], diskofferingid=cloud["disk"]["id"],
                                   networkids=cloud["network"]["id"], ipaddress=address, fetch_result=False)


def vm_state(cs, vm_id: str) -> dict:
    found = items(cs.listVirtualMachines(id=vm_id, listall="true"), "virtualmachine")
    return found[0] if found else {}


def memory_allocated(cs, host_id: str) -> int:
    return items(cs.listHosts(id=host_id), "host")[0]["memoryallocated"]


def job_outcome(cs, job_id: str, timeout: float) -> dict:
    def ended():
        result = cs.queryAsyncJobResult(jobid=job_id, fetch_result=False)
        return result if result.get("jobstatus", 0) != 0 else None
    return wait_for(ended, timeout, "the job to end")


def test_server_crash_in_the_middle_of_a_start_settles_the_vm(cs, server, cloud):
    answer = deploy(cs, cloud, "198.18.6.20")
    wait_for(lambda: vm_state(cs, answer["id"]).get("state") == "Starting", 20, "the VM Starting")
    assert memory_allocated(cs, cloud["host"]["id"]) == 512 * 1048576
    server.kill()
    server.start()
    outcome = job_outcome(cs, answer["jobid"], 30)
    assert outcome["jobstatus"] == 2, outcome
    # The agent reconnects and reports the domain; the VM follows the host, never staying Starting.
    settled = wait_for(lambda: (lambda v: v if v.get("state") in ("Running", "Stopped") else None)(vm_state(cs, answer["id"])),
                       START_DELAY + 30, "the VM Running or Stopped after the restart")
    expected = 512 * 1048576 if settled["state"] == "Running" else 0
    assert memory_allocated(cs, cloud["host"]["id"]) == expected
    assert settled["nic"][0]["ipaddress"] == "198.18.6.20"
    events = [e for e in items(cs.listEvents(pagesize=500, page=1, listall="true"), "event") if e["type"] == "VM.STATE.SYNC"]
    assert any(answer["id"] in (e.get("resourceid") or "") or settled["name"] in e["description"] for e in events), events
    cs.destroyVirtualMachine(id=answer["id"], expunge="true", fetch_result=True)
    assert memory_allocated(cs, cloud["host"]["id"]) == 0


def test_host_dying_in_the_middle_of_a_start_undoes_the_deployment(cs, cloud, agent_binary, secret_file):
    answer = deploy(cs, cloud, "198.18.6.21")
    wait_for(lambda: vm_state(cs, answer["id"]).get("state") == "Starting", 20, "the VM Starting")
    cloud["simulator"].kill()
    outcome = job_outcome(cs, answer["jobid"], 30)
    assert outcome["jobstatus"] == 2, outcome
    assert outcome["jobresult"]["errorcode"] in (530, 534), outcome
    vm = vm_state(cs, answer["id"])
    assert vm["state"] == "Error", vm
    assert not vm.get("nic"), "a failed deployment keeps no address"
    assert memory_allocated(cs, cloud["host"]["id"]) == 0
    # The address is free again: the same one is accepted by the next deployment (which then waits for a host).
    cloud["simulator"] = AgentProcess(agent_binary, [
        "simulate", "--server", cs.endpoint.rsplit("/client/api", 1)[0], "--count", "1", "--name-prefix", "fault",
        "--start-delay", str(START_DELAY), "--state-dir", str(cloud["root"] / "state"), "--secret-file", str(secret_file),
    ], cloud["root"] / "simulate-2.log").start()
    wait_for(lambda: items(cs.listHosts(id=cloud["host"]["id"]), "host")[0]["state"] == "Up", 30, "the host Up again")
    again = cs.deployVirtualMachine(zoneid=cloud["zone"]["id"], serviceofferingid=cloud["compute"]["id"],
                                    templateid=cloud["iso"]["id"], diskofferingid=cloud["disk"]["id"],
                                    networkids=cloud["network"]["id"], ipaddress="198.18.6.21", fetch_result=True)
    assert again["virtualmachine"]["state"] == "Running"
    assert again["virtualmachine"]["nic"][0]["ipaddress"] == "198.18.6.21"
    cs.destroyVirtualMachine(id=answer["id"], expunge="true", fetch_result=True)
    cs.destroyVirtualMachine(id=again["virtualmachine"]["id"], expunge="true", fetch_result=True)


def test_destroyed_vm_can_be_recovered_then_is_expunged_after_the_delay(cs, cloud):
    vm = cs.deployVirtualMachine(zoneid=cloud["zone"]["id"], serviceofferingid=cloud["compute"]["id"],
                                 templateid=cloud["iso"]["id"], diskofferingid=cloud["disk"]["id"],
                                 networkids=cloud["network"]["id"], ipaddress="198.18.6.30", fetch_result=True)["virtualmachine"]
    destroyed = cs.destroyVirtualMachine(id=vm["id"], fetch_result=True)["virtualmachine"]
    assert destroyed["state"] == "Destroyed"
    assert memory_allocated(cs, cloud["host"]["id"]) == 0
    root = items(cs.listVolumes(virtualmachineid=vm["id"], listall="true"), "volume")
    assert root and root[0]["state"] == "Destroy", root
    recovered = cs.recoverVirtualMachine(id=vm["id"])["virtualmachine"]
    assert recovered["state"] == "Stopped"
    assert recovered["nic"][0]["ipaddress"] == "198.18.6.30", "a recovered VM keeps its address"
    assert cs.startVirtualMachine(id=vm["id"], fetch_result=True)["virtualmachine"]["state"] == "Running"

    cs.updateConfiguration(name="expunge.delay", value="1")
    cs.updateConfiguration(name="expunge.interval", value="1")
    try:
        cs.destroyVirtualMachine(id=vm["id"], fetch_result=True)
        wait_for(lambda: not vm_state(cs, vm["id"]), 15, "the destroyed VM expunged by the expunge task")
        assert not items(cs.listVolumes(id=root[0]["id"], listall="true"), "volume")
        # Its address is free: the next deployment may take it.
        again = cs.deployVirtualMachine(zoneid=cloud["zone"]["id"], serviceofferingid=cloud["compute"]["id"],
                                        templateid=cloud["iso"]["id"], diskofferingid=cloud["disk"]["id"],
                                        networkids=cloud["network"]["id"], ipaddress="198.18.6.30", startvm="false",
                                        fetch_result=True)["virtualmachine"]
        assert again["state"] == "Stopped"
        cs.destroyVirtualMachine(id=again["id"], expunge="true", fetch_result=True)
    finally:
        cs.updateConfiguration(name="expunge.delay", value="86400")
        cs.updateConfiguration(name="expunge.interval", value="86400")
