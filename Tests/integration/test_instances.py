"""VMs end to end on a real host: the real server and a real `cumulo-agent` on real libvirtd (domain type
qemu), NFS primary and secondary storage served by nfs-ganesha, and the test ISO of
scripts/build-test-iso.sh registered from a loopback web server.

One cloud serves the whole module (built through the API with `cs`); its guest network is an isolated
libvirt network on 198.18.50.0/24. The tests run in order and share `state`: a VM deployed from the ISO
with a chosen address serves its page, stops and starts at the same address, takes and gives back the
ISO while it runs, is noticed when it powers off behind Cumulo's back, and is expunged leaving no domain,
file or address; refused deployments leave nothing behind; users see only their own VMs.

Skipped unless CUMULO_TEST_LIBVIRT_URI is set and both NFS exports exist on this machine.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import pytest
from cs import CloudStackApiException

from agent_testkit import AgentProcess, host_named, wait_for
from cumulo_testkit import cs_client, items
from instance_testkit import (
    LIBVIRT_URI, PRIMARY_EXPORT, SECONDARY_EXPORT, FileServer, all_vms, bridge_name, cdrom_sources, create_guest_network,
    deploy, domain_state, domains, fetch, instance_suffix, iso_files, libvirt_network_name, locate_test_iso, nics,
    refusal, register_ready_iso, remove_domain, remove_network, root_volume, unique, virsh, vm_record, vm_state,
    wait_for_page,
)

pytestmark = pytest.mark.skipif(
    not LIBVIRT_URI or not PRIMARY_EXPORT.is_dir() or not SECONDARY_EXPORT.is_dir(),
    reason="needs CUMULO_TEST_LIBVIRT_URI and the NFS exports scripts/test.sh sets up")

PING_INTERVAL = 2
HOST_NAME = "cumulo-test-kvm-vms"
PREFIX = "198.18.50"          # the guest network of this module
GATEWAY = f"{PREFIX}.1"
FIRST, LAST = 10, 200          # its VM address range
VM_ADDRESS = f"{PREFIX}.20"
PAGE_TIMEOUT = 60

state: dict = {}


def virtual_networks_on(address: str) -> list[str]:
    """libvirt networks (of any earlier run) whose bridge has `address`."""
    found = []
    for name in virsh("net-list", "--all", "--name").stdout.split():
        if name.startswith("cumulo-") and f"address='{address}'" in virsh("net-dumpxml", name, check=False).stdout:
            found.append(name)
    return found


@pytest.fixture(scope="module")
def cloud(server, cs, agent_binary, secret_file, tmp_path_factory):
    """Zone, pod, cluster, this host (Up), NFS primary and secondary storage, the test ISO (ready), a guest
    network, and offerings; torn down with every VM, domain and libvirt network it made."""
    root = tmp_path_factory.mktemp("instances")
    iso_path = locate_test_iso()
    # An interrupted earlier run may have left a network on this module's address: it would keep the bridge.
    for name in virtual_networks_on(GATEWAY):
        remove_network(name)

    suffix = instance_suffix()
    for name, value in [("ping.interval", PING_INTERVAL), ("agent.connect.wait", 20), ("instance.name", suffix),
                        ("vm.stop.timeout", 10)]:
        cs.updateConfiguration(name=name, value=str(value))
    zone = cs.createZone(name=unique("vm-zone"), networktype="Advanced", dns1="198.18.0.1", internaldns1="198.18.0.2")["zone"]
    pod = cs.createPod(zoneid=zone["id"], name="VMPod", gateway="198.18.52.1", netmask="255.255.255.0",
                       startip="198.18.52.10", endip="198.18.52.20")["pod"]
    cluster = items(cs.addCluster(zoneid=zone["id"], podid=pod["id"], clustername="VMCluster", clustertype="CloudManaged",
                                  hypervisor="KVM"), "cluster")[0]
    # Only the agent's credential lives here; config drives go to its VM files directory, which qemu reaches.
    agent_state = Path(tempfile.mkdtemp(prefix="cumulo-test-agent-", dir="/var/tmp"))
    agent = AgentProcess(agent_binary, [
        "--server", server.base_url, "--host-name", HOST_NAME, "--libvirt-uri", LIBVIRT_URI,
        "--state-dir", str(agent_state), "--secret-file", str(secret_file), "--log-level", "debug",
    ], root / "agent.log")
    web = FileServer()
    created_networks: list[str] = []
    admin_account = cs.listUsers(username="admin")["user"][0]["accountid"]
    try:
        agent.start()
        add_host(cs, zoneid=zone["id"], podid=pod["id"], clusterid=cluster["id"], hypervisor="KVM",
                 url=f"http://{HOST_NAME}", username="root", password="unused-password")
        host = wait_for(lambda: (h := host_named(cs, HOST_NAME)) and h["state"] == "Up" and h, 20, "the host to be Up")
        pool = cs.createStoragePool(zoneid=zone["id"], podid=pod["id"], clusterid=cluster["id"], name="VMPrimary",
                                    scope="cluster", url=f"nfs://127.0.0.1{PRIMARY_EXPORT}")["storagepool"]
        cs.addImageStore(provider="NFS", name="VMSecondary", url=f"nfs://127.0.0.1{SECONDARY_EXPORT}", zoneid=zone["id"])
        cs.updateZone(id=zone["id"], allocationstate="Enabled")
        web.files["/cumulo-test.iso"] = iso_path
        iso = register_ready_iso(cs, zone["id"], web.base + "/cumulo-test.iso", unique("test-iso"))
        network = create_guest_network(cs, zone["id"], "vm-guests", PREFIX, FIRST, LAST)
        created_networks.append(network["id"])
        offering = cs.createServiceOffering(name=unique("tiny"), displaytext="1 vCPU, 256 MiB", cpunumber=1, cpuspeed=100,
                                            memory=256)["serviceoffering"]
        disk = cs.createDiskOffering(name=unique("disk1g"), displaytext="1 GiB", disksize=1)["diskoffering"]
        yield dict(zone=zone, pod=pod, cluster=cluster, host=host, pool=pool, iso=iso, network=network, offering=offering,
                   disk=disk, agent=agent, suffix=suffix, admin_account=admin_account, log=root / "agent.log", web=web, root=root)
    finally:
        volume_files = [PRIMARY_EXPORT / v["path"] for v in items(cs.listVolumes(listall="true"), "volume") if v.get("path")]
        try:
            for vm in all_vms(cs):
                try:
                    cs.destroyVirtualMachine(id=vm["id"], expunge="true")
                except Exception as error:  # keep tearing down; the domain is removed below anyway
                    print(f"could not expunge VM {vm['name']}: {error}")
        finally:
            agent.stop()
            web.close()
            for name in domains():
                if name.endswith("-" + suffix):
                    remove_domain(name)
            for network_id in created_networks:
                remove_network(libvirt_network_name(network_id))
            # The module's server has its own admin account: only its files go from the shared export.
            shutil.rmtree(iso_files(admin_account), ignore_errors=True)
            shutil.rmtree(agent_state, ignore_errors=True)
            for path in volume_files:  # only left when an expunge above failed
                path.unlink(missing_ok=True)


def add_host(cs, **params) -> None:
    """addHost, again while it fails with 534: on a busy machine the agent's start-up checks can outlast the
    server's wait for its hello, and the agent then connects anew."""
    deadline = time.monotonic() + 60
    while True:
        try:
            cs.addHost(**params)
            return
        except CloudStackApiException as error:
            if error.error.get("errorcode") != 534 or time.monotonic() > deadline:
                raise
            print(f"addHost: {error.error.get('errortext')}; trying again")
            time.sleep(2)


def base_request(cloud, **extra) -> dict:
    request = dict(zoneid=cloud["zone"]["id"], serviceofferingid=cloud["offering"]["id"], templateid=cloud["iso"]["id"],
                   diskofferingid=cloud["disk"]["id"], networkids=cloud["network"]["id"])
    request.update(extra)
    return request


def memory_allocated(cs, host_id: str) -> int:
    return items(cs.listHosts(id=host_id), "host")[0]["memoryallocated"]


# -- deploy, reach, stop and start ------------------------------------------------------------------


def test_deploy_from_the_iso_serves_the_page_at_the_chosen_address(cs, cloud):
    before = memory_allocated(cs, cloud["host"]["id"])
    name = "web-" + uuid.uuid4().hex[:6]
    vm = deploy(cs, **base_request(cloud, ipaddress=VM_ADDRESS, name=name, displayname="Test web VM"))
    state["vm"] = vm["id"]
    page, elapsed = wait_for_page(VM_ADDRESS, PAGE_TIMEOUT)
    print(f"VM served its page {elapsed:.1f} s after the deployment finished")
    assert f"hostname {name}" in page

    assert vm["name"] == name and vm["displayname"] == "Test web VM"
    listed = vm_record(cs, vm["id"])
    assert listed["state"] == "Running", listed
    assert listed["hostid"] == cloud["host"]["id"] and listed["hostname"] == HOST_NAME
    assert listed["isoid"] == cloud["iso"]["id"] and listed["templateid"] == cloud["iso"]["id"]
    assert listed["serviceofferingid"] == cloud["offering"]["id"]
    assert (listed["cpunumber"], listed["memory"]) == (1, 256)
    assert listed["ipaddress"] == VM_ADDRESS
    [nic] = nics(listed)
    assert nic["ipaddress"] == VM_ADDRESS
    assert nic["networkid"] == cloud["network"]["id"]
    assert nic["isdefault"] is True
    assert nic["gateway"] == GATEWAY and nic["netmask"] == "255.255.255.0"
    mac = nic["macaddress"]
    assert len(mac.split(":")) == 6
    state.update(mac=mac, instance=listed["instancename"])
    assert listed["instancename"].endswith("-" + cloud["suffix"])

    # The domain runs on this host's libvirtd, on the network's isolated bridge, with the VM's MAC.
    assert domain_state(state["instance"]) == "running"
    xml = virsh("dumpxml", state["instance"]).stdout
    assert mac in xml
    assert bridge_name(cloud["network"]["id"]) in xml or libvirt_network_name(cloud["network"]["id"]) in xml
    network_xml = virsh("net-dumpxml", libvirt_network_name(cloud["network"]["id"])).stdout
    assert "<forward" not in network_xml, "guest networks must be isolated"
    assert f"address='{GATEWAY}'" in network_xml and mac in network_xml

    # The ROOT volume is a file on primary storage; the host's allocation grew by the VM's memory.
    volume = root_volume(cs, vm["id"])
    assert volume["state"] == "Ready" and volume["storageid"] == cloud["pool"]["id"]
    assert volume["size"] == 1 << 30
    path = PRIMARY_EXPORT / volume["path"]
    assert path.is_file(), f"{path} does not exist"
    state["root_file"] = path
    assert memory_allocated(cs, cloud["host"]["id"]) == before + 256 * 1024 * 1024


def test_forced_stop_undefines_the_domain_and_start_brings_the_same_address_back(cs, cloud):
    vm_id, instance = state["vm"], state["instance"]
    stopped = cs.stopVirtualMachine(id=vm_id, forced="true")["virtualmachine"]
    assert stopped["state"] == "Stopped"
    assert vm_state(cs, vm_id) == "Stopped"
    assert instance not in domains()
    assert fetch(f"http://{VM_ADDRESS}/", timeout=2) is None
    assert memory_allocated(cs, cloud["host"]["id"]) == 0

    started = cs.startVirtualMachine(id=vm_id)["virtualmachine"]
    assert started["state"] == "Running"
    page, elapsed = wait_for_page(VM_ADDRESS, PAGE_TIMEOUT)
    print(f"VM served its page again {elapsed:.1f} s after it started")
    [nic] = nics(vm_record(cs, vm_id))
    assert (nic["ipaddress"], nic["macaddress"]) == (VM_ADDRESS, state["mac"])
    assert domain_state(instance) == "running"


def test_iso_detaches_and_attaches_while_the_vm_runs(cs, cloud):
    vm_id, instance, iso_id = state["vm"], state["instance"], cloud["iso"]["id"]
    assert any(iso_id in source for source in cdrom_sources(instance))

    detached = cs.detachIso(virtualmachineid=vm_id)["virtualmachine"]
    assert "isoid" not in detached
    assert "isoid" not in vm_record(cs, vm_id)
    assert not any(iso_id in source for source in cdrom_sources(instance)), virsh("dumpxml", instance).stdout

    attached = cs.attachIso(virtualmachineid=vm_id, id=iso_id)["virtualmachine"]
    assert attached["isoid"] == iso_id
    assert vm_record(cs, vm_id)["isoid"] == iso_id
    assert any(iso_id in source for source in cdrom_sources(instance)), virsh("dumpxml", instance).stdout
    # The guest kept running through both changes.
    assert domain_state(instance) == "running"
    assert fetch(f"http://{VM_ADDRESS}/") is not None


# -- refused requests change nothing ----------------------------------------------------------------


def snapshot(cs, suffix: str) -> tuple:
    """This cloud's VMs, volumes and libvirt domains (others may share the libvirtd)."""
    vms = sorted((vm["id"], vm["state"]) for vm in all_vms(cs))
    volumes = sorted(v["id"] for v in items(cs.listVolumes(listall="true"), "volume"))
    return vms, volumes, {name for name in domains() if name.endswith("-" + suffix)}


REFUSALS = [
    ("an ISO without a disk offering", dict(diskofferingid=None), 431, "disk offering"),
    ("a taken address", dict(ipaddress=VM_ADDRESS), 431, VM_ADDRESS),
    ("an address outside the network's range", dict(ipaddress=f"{PREFIX}.250"), 431, f"{PREFIX}.250"),
    ("an address outside the network", dict(ipaddress="198.18.99.7"), 431, "198.18.99.7"),
    ("an invalid name", dict(name="not a host name!"), 431, "name"),
    ("an unknown template", dict(templateid=str(uuid.uuid4())), 431, "template"),
]


@pytest.mark.parametrize("what, change, code, text", REFUSALS, ids=[r[0] for r in REFUSALS])
def test_refused_deployments_leave_nothing_behind(cs, cloud, what, change, code, text):
    before = snapshot(cs, cloud["suffix"])
    request = {k: v for k, v in base_request(cloud, **change).items() if v is not None}
    error = refusal(cs.deployVirtualMachine, **request)
    assert error["errorcode"] == code, error
    assert text.lower() in error["errortext"].lower(), error
    assert snapshot(cs, cloud["suffix"]) == before


@pytest.fixture(scope="module")
def user(cs, server):
    """A normal user of the ROOT domain with API keys, as a `cs` client."""
    name = unique("vmuser")
    account = cs.createAccount(username=name, password="secret-pw", firstname="V", lastname="M",
                               email=f"{name}@example.org", accounttype=0)["account"]
    keys = cs.registerUserKeys(id=account["user"][0]["id"])["userkeys"]
    return cs_client(server.api_url, keys["apikey"], keys["secretkey"])


def test_a_user_cannot_pin_a_host(cs, cloud, user):
    before = snapshot(cs, cloud["suffix"])
    error = refusal(user.deployVirtualMachine, **base_request(cloud, hostid=cloud["host"]["id"]))
    assert error["errorcode"] == 531, error
    assert "hostid" in error["errortext"]
    assert snapshot(cs, cloud["suffix"]) == before


def test_users_see_and_touch_only_their_own_vms(cs, cloud, user):
    own = deploy(user, **base_request(cloud, startvm="false", name="mine"))
    try:
        assert own["state"] == "Stopped"
        assert "instancename" not in own, "only administrators see instance names"
        listed = items(user.listVirtualMachines(), "virtualmachine")
        assert [vm["id"] for vm in listed] == [own["id"]]
        assert user.listVirtualMachines(id=state["vm"]) == {}
        assert {own["id"], state["vm"]} <= {vm["id"] for vm in all_vms(cs)}
        before = snapshot(cs, cloud["suffix"])
        for call, params in [(user.stopVirtualMachine, dict(id=state["vm"])), (user.startVirtualMachine, dict(id=state["vm"])),
                             (user.rebootVirtualMachine, dict(id=state["vm"])),
                             (user.destroyVirtualMachine, dict(id=state["vm"], expunge="true")),
                             (user.detachIso, dict(virtualmachineid=state["vm"])),
                             (user.updateVirtualMachine, dict(id=state["vm"], displayname="stolen"))]:
            error = refusal(call, **params)
            assert error["errorcode"] == 431, (call, error)
            assert state["vm"] in error["errortext"], error
        assert snapshot(cs, cloud["suffix"]) == before
        assert vm_record(cs, state["vm"])["displayname"] == "Test web VM"
        assert domain_state(state["instance"]) == "running"
    finally:
        cs.destroyVirtualMachine(id=own["id"], expunge="true")
    assert vm_record(cs, own["id"]) is None


# -- behind Cumulo's back, destroy, and the address again ------------------------------------------


def test_a_domain_powered_off_behind_cumulos_back_becomes_stopped_within_a_ping(cs, cloud):
    vm_id, instance = state["vm"], state["instance"]
    assert vm_state(cs, vm_id) == "Running"
    virsh("destroy", instance)
    powered_off = time.monotonic()
    wait_for(lambda: vm_state(cs, vm_id) == "Stopped", PING_INTERVAL + 5, "the VM to be Stopped")
    elapsed = time.monotonic() - powered_off
    # One ping interval, plus time for the report to be handled and seen on a loaded machine.
    assert elapsed <= PING_INTERVAL + 1.5, f"Stopped only after {elapsed:.1f} s (ping interval {PING_INTERVAL} s)"
    # Settled: a report read just before the power-off may still arrive after the first change.
    time.sleep(PING_INTERVAL + 0.5)
    wait_for(lambda: vm_state(cs, vm_id) == "Stopped", PING_INTERVAL + 2, "the VM to stay Stopped")
    events = [e for e in items(cs.listEvents(type="VM.STATE.SYNC", listall="true"), "event")
              if vm_record(cs, vm_id)["name"] in e["description"]]
    assert events, items(cs.listEvents(listall="true"), "event")[:10]
    assert events[0]["level"] == "WARN"
    listed = vm_record(cs, vm_id)
    assert "hostid" not in listed or not listed["hostid"]
    assert memory_allocated(cs, cloud["host"]["id"]) == 0


def test_destroy_with_expunge_removes_the_domain_the_file_and_the_address(cs, cloud):
    vm_id, instance = state["vm"], state["instance"]
    # Running again first, so expunging also has to stop it.
    cs.startVirtualMachine(id=vm_id)
    assert domain_state(instance) == "running"
    assert state["root_file"].is_file()
    cs.destroyVirtualMachine(id=vm_id, expunge="true")
    assert vm_record(cs, vm_id) is None
    assert instance not in domains()
    assert not state["root_file"].exists(), f"{state['root_file']} is still on primary storage"
    assert items(cs.listVolumes(virtualmachineid=vm_id, listall="true"), "volume") == []
    assert memory_allocated(cs, cloud["host"]["id"]) == 0
    network_xml = virsh("net-dumpxml", libvirt_network_name(cloud["network"]["id"])).stdout
    assert state["mac"] not in network_xml, "the DHCP reservation must go with the VM"


def test_the_freed_address_can_be_deployed_again(cs, cloud):
    vm = deploy(cs, **base_request(cloud, ipaddress=VM_ADDRESS, name="again"))
    [nic] = nics(vm)
    assert nic["ipaddress"] == VM_ADDRESS and nic["macaddress"] != state["mac"]
    page, _ = wait_for_page(VM_ADDRESS, PAGE_TIMEOUT)
    assert "hostname again" in page
    cs.destroyVirtualMachine(id=vm["id"], expunge="true")
    assert vm_record(cs, vm["id"]) is None
    assert vm["instancename"] not in domains()


def test_a_template_becomes_a_pool_copy_and_the_root_disk_an_overlay_on_it(cs, cloud):
    """A qcow2 template is copied once into the pool (`template-<id>`) and each ROOT disk is an overlay on that
    copy, grown to rootdisksize; a rootdisksize below the template's size is refused."""
    image = cloud["root"] / "template.qcow2"
    subprocess.run(["qemu-img", "create", "-q", "-f", "qcow2", str(image), "128M"], check=True)
    cloud["web"].files["/template.qcow2"] = image
    ostype = cs.listOsTypes(description="Other Linux (64-bit)")["ostype"][0]
    cs.updateConfiguration(name="secstorage.allowed.internal.sites", value="127.0.0.1")
    try:
        template = items(cs.registerTemplate(name=unique("tmpl"), displaytext="blank qcow2", url=cloud["web"].base + "/template.qcow2",
                                             zoneid=cloud["zone"]["id"], format="QCOW2", hypervisor="KVM", ostypeid=ostype["id"]), "template")[0]
        wait_for(lambda: items(cs.listTemplates(id=template["id"], templatefilter="self"), "template")[0]["isready"], 60, "the template ready")
    finally:
        cs.updateConfiguration(name="secstorage.allowed.internal.sites", value="")
    before = len(all_vms(cs))
    refused = refusal(cs.deployVirtualMachine, zoneid=cloud["zone"]["id"], serviceofferingid=cloud["offering"]["id"],
                      templateid=template["id"], networkids=cloud["network"]["id"], rootdisksize="0")
    assert refused["errorcode"] == 431
    assert len(all_vms(cs)) == before
    vm = deploy(cs, zoneid=cloud["zone"]["id"], serviceofferingid=cloud["offering"]["id"], templateid=template["id"],
                networkids=cloud["network"]["id"], rootdisksize="1")
    assert vm["state"] == "Running" and vm["templateid"] == template["id"] and not vm.get("isoid")
    root = root_volume(cs, vm["id"])
    assert root["size"] == 1024 ** 3
    copy = PRIMARY_EXPORT / f"template-{template['id']}"
    assert copy.exists(), "the pool keeps one copy of the template"
    info = json.loads(subprocess.run(["qemu-img", "info", "--output=json", str(PRIMARY_EXPORT / root["path"])],
                                     check=True, capture_output=True, text=True).stdout)
    assert info["virtual-size"] == 1024 ** 3
    assert info.get("backing-filename", "").endswith(f"template-{template['id']}"), info
    second = deploy(cs, zoneid=cloud["zone"]["id"], serviceofferingid=cloud["offering"]["id"], templateid=template["id"],
                    networkids=cloud["network"]["id"])
    assert root_volume(cs, second["id"])["size"] == 128 * 1024 ** 2, "without rootdisksize the ROOT disk has the template's size"
    for made in (vm, second):
        cs.destroyVirtualMachine(id=made["id"], expunge="true", fetch_result=True)
    assert not (PRIMARY_EXPORT / root["path"]).exists()
    assert copy.exists(), "the template copy stays for the next VM"
    cs.deleteTemplate(id=template["id"], fetch_result=True)
    copy.unlink()  # pool copies of deleted templates are not cleaned up yet; the export is shared with other tests
