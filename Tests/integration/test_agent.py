"""A real `cumulo-agent` on real libvirtd (domain type qemu) joins a real server: registration, addHost,
NFS primary storage served by nfs-ganesha on loopback, losing and regaining the agent, maintenance,
and a bad secret. The tests run in order and share `state`.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time

import pytest
from cs import CloudStackApiException

from agent_testkit import NFS_EXPORT, NFS_SERVER, LIBVIRT_URI, AgentProcess, host_named, host_state, wait_for
from cumulo_testkit import items

PING_INTERVAL = 2
PING_TIMEOUT = 3  # × interval: Alert after 6 s without contact
HOST_NAME = "cumulo-test-kvm1"

state: dict = {}


@pytest.fixture(scope="module")
def agent(server, agent_binary, secret_file, tmp_path_factory):
    root = tmp_path_factory.mktemp("agent")
    process = AgentProcess(agent_binary, [
        "--server", server.base_url, "--host-name", HOST_NAME, "--libvirt-uri", LIBVIRT_URI,
        "--state-dir", str(root / "state"), "--secret-file", str(secret_file), "--log-level", "debug",
    ], root / "agent.log")
    yield process
    process.stop()


def test_settings_and_inventory(cs):
    for name, value in [("ping.interval", PING_INTERVAL), ("ping.timeout", PING_TIMEOUT), ("agent.connect.wait", 20)]:
        cs.updateConfiguration(name=name, value=str(value))
    zone = cs.createZone(name="AgentZone", networktype="Advanced", dns1="198.18.0.1", internaldns1="198.18.0.2")["zone"]
    pod = cs.createPod(zoneid=zone["id"], name="AgentPod", gateway="198.18.1.1", netmask="255.255.255.0",
                       startip="198.18.1.10", endip="198.18.1.20")["pod"]
    cluster = as_one(cs.addCluster(zoneid=zone["id"], podid=pod["id"], clustername="AgentCluster",
                                   clustertype="CloudManaged", hypervisor="KVM"), "cluster")
    state.update(zone=zone["id"], pod=pod["id"], cluster=cluster["id"])


def test_a_wrong_secret_is_refused_and_not_logged(server, agent_binary, tmp_path):
    wrong = tmp_path / "wrong-secret"
    wrong.write_text("not-the-secret-" + "x" * 30)
    process = AgentProcess(agent_binary, [
        "--server", server.base_url, "--host-name", "cumulo-test-intruder", "--libvirt-uri", "test:///default",
        "--state-dir", str(tmp_path / "state"), "--secret-file", str(wrong),
    ], tmp_path / "agent.log").start()
    code = process.wait_exit(timeout=30)
    assert code != 0, process.log()
    assert "refused" in process.log()
    assert not (tmp_path / "state" / "credential.json").exists()
    log = server.log_path.read_text()
    assert "wrong registration secret" in log
    assert "not-the-secret" not in log


def test_add_host_adopts_the_agent_and_reports_real_figures(cs, agent):
    agent.start()
    began = time.monotonic()
    host = as_one(cs.addHost(zoneid=state["zone"], podid=state["pod"], clusterid=state["cluster"], hypervisor="KVM",
                             url=f"http://{HOST_NAME}", username="root", password="unused-password"), "host")
    host = wait_for(lambda: (h := host_named(cs, HOST_NAME)) and h["state"] == "Up" and h, 10, "the host to be Up")
    assert time.monotonic() - began < 15
    state["host"] = host["id"]
    assert host["name"] == HOST_NAME
    assert host["hypervisor"] == "KVM"
    assert host["resourcestate"] == "Enabled"
    assert host["cpunumber"] == os.cpu_count()
    assert host["cpuspeed"] > 0
    mem_total_kib = int(next(l for l in open("/proc/meminfo") if l.startswith("MemTotal")).split()[1])
    assert abs(host["memorytotal"] - mem_total_kib * 1024) < mem_total_kib * 1024 * 0.02
    assert host["hypervisorversion"]
    assert host["managementserverid"]
    assert host["lastpinged"]
    assert host["clusterid"] == state["cluster"] and host["podid"] == state["pod"] and host["zoneid"] == state["zone"]
    assert host["clustername"] == "AgentCluster" and host["zonename"] == "AgentZone"
    # After a ping the usage figures appear.
    metrics = wait_for(lambda: (m := items(cs.listHostsMetrics(id=host["id"]), "host")) and m[0].get("memoryused", 0) > 0 and m[0],
                       3 * PING_INTERVAL, "usage figures from a ping")
    assert metrics["cpuused"].endswith("%")
    assert metrics["memoryused"] <= metrics["memorytotal"] * 1.01
    assert "networkkbsread" in metrics
    events = items(cs.listEvents(type="HOST.ADD"), "event")
    assert any(HOST_NAME in e["description"] for e in events)


def test_adding_the_same_host_twice_is_refused(cs):
    with pytest.raises(CloudStackApiException) as error:
        cs.addHost(zoneid=state["zone"], podid=state["pod"], clusterid=state["cluster"], hypervisor="KVM",
                   url=f"http://{HOST_NAME}", username="root", password="x")
    assert error.value.error["errorcode"] in (431, 534)


def test_nfs_primary_storage_is_up_with_real_capacity(cs):
    os.makedirs(NFS_EXPORT, exist_ok=True)
    pool = cs.createStoragePool(zoneid=state["zone"], podid=state["pod"], clusterid=state["cluster"], name="AgentPrimary",
                                scope="cluster", url=f"nfs://{NFS_SERVER}{NFS_EXPORT}")["storagepool"]
    state["pool"] = pool["id"]
    assert pool["state"] == "Up"
    stats = os.statvfs(NFS_EXPORT)
    total = stats.f_blocks * stats.f_frsize
    assert abs(pool["disksizetotal"] - total) <= total * 0.05, (pool["disksizetotal"], total)
    assert 0 < pool["disksizeused"] <= pool["disksizetotal"]


def test_unreachable_nfs_storage_is_refused_with_the_hosts_reason(cs):
    with pytest.raises(CloudStackApiException) as error:
        cs.createStoragePool(zoneid=state["zone"], podid=state["pod"], clusterid=state["cluster"], name="Nowhere",
                             scope="cluster", url=f"nfs://{NFS_SERVER}/cumulo-test/no/such/export")
    assert error.value.error["errorcode"] == 534
    assert HOST_NAME in error.value.error["errortext"]
    assert not [p for p in items(cs.listStoragePools(), "storagepool") if p["name"] == "Nowhere"]


def running_vms(cs) -> int:
    metrics = items(cs.listHostsMetrics(id=state["host"]), "host")[0]
    return int(metrics["instances"].split("/")[0])


def test_sigkill_of_the_agent_disconnects_the_host_and_a_restart_brings_it_back(cs, agent, tmp_path):
    # A VM running on the host must survive the agent's death and be reported again after the restart.
    before = running_vms(cs)
    survivor = tmp_path / "survivor.xml"
    survivor.write_text("<domain type='qemu'><name>cumulo-test-survivor</name><memory unit='MiB'>32</memory><vcpu>1</vcpu>"
                        "<os><type arch='x86_64'>hvm</type></os><devices><graphics type='vnc' listen='127.0.0.1' autoport='yes'/>"
                        "</devices></domain>")
    created = subprocess.run(["virsh", "-c", LIBVIRT_URI, "create", str(survivor)], capture_output=True, text=True)
    if created.returncode != 0:  # a busy libvirtd may time out once; the second try shows the real error
        created = subprocess.run(["virsh", "-c", LIBVIRT_URI, "create", str(survivor)], capture_output=True, text=True)
    assert created.returncode == 0, created.stderr
    try:
        wait_for(lambda: running_vms(cs) == before + 1, 2 * PING_INTERVAL + 1, "the new VM in the host's report")
        survive_kill_and_restart(cs, agent)
        assert "running" in subprocess.run(["virsh", "-c", LIBVIRT_URI, "domstate", "cumulo-test-survivor"],
                                           capture_output=True, text=True).stdout
        wait_for(lambda: running_vms(cs) == before + 1, PING_INTERVAL + 1, "the VM reported again after the restart")
        # A host with a running VM cannot enter maintenance; it says why, and maintenance can be cancelled.
        with pytest.raises(CloudStackApiException) as error:
            cs.prepareHostForMaintenance(id=state["host"], fetch_result=True)
        assert "cumulo-test-survivor" in error.value.error["errortext"]
        assert as_one(cs.cancelHostMaintenance(id=state["host"], fetch_result=True), "host")["resourcestate"] == "Enabled"
    finally:
        subprocess.run(["virsh", "-c", LIBVIRT_URI, "destroy", "cumulo-test-survivor"], capture_output=True)


def survive_kill_and_restart(cs, agent):
    agent.kill()
    killed = time.monotonic()
    wait_for(lambda: host_state(cs, state["host"]) == "Disconnected", 2 * PING_INTERVAL, "Disconnected")
    assert time.monotonic() - killed <= 2 * PING_INTERVAL + 0.5
    # Commands to a host without its agent fail at once, saying why.
    began = time.monotonic()
    with pytest.raises(CloudStackApiException) as error:
        cs.reconnectHost(id=state["host"], fetch_result=True)
    assert time.monotonic() - began < 5
    assert error.value.error["errorcode"] == 534
    assert "not connected" in error.value.error["errortext"]
    agent.start()
    wait_for(lambda: host_state(cs, state["host"]) == "Up", 10, "Up again after the restart")


def test_a_hung_agent_whose_connection_stays_open_is_disconnected_after_two_missed_pings(cs, agent):
    agent.process.send_signal(signal.SIGSTOP)
    stopped = time.monotonic()
    try:
        wait_for(lambda: host_state(cs, state["host"]) == "Disconnected", 2 * PING_INTERVAL + 3, "Disconnected after missed pings")
        assert time.monotonic() - stopped >= 2 * PING_INTERVAL - 1.5, "disconnected before two pings were missed"
    finally:
        agent.process.send_signal(signal.SIGCONT)
    wait_for(lambda: host_state(cs, state["host"]) == "Up", 15, "Up again once the agent runs")


def test_long_silence_raises_an_alert_then_recovers(cs, agent):
    agent.kill()
    wait_for(lambda: host_state(cs, state["host"]) == "Alert", PING_INTERVAL * PING_TIMEOUT + 5, "Alert")
    alerts = items(cs.listAlerts(), "alert")
    assert any(HOST_NAME in a["description"] for a in alerts), alerts
    agent.start()
    wait_for(lambda: host_state(cs, state["host"]) == "Up", 10, "Up after the alert")


def test_maintenance_round_trip(cs):
    host = as_one(cs.prepareHostForMaintenance(id=state["host"], fetch_result=True), "host")
    assert host["resourcestate"] == "Maintenance"
    host = as_one(cs.cancelHostMaintenance(id=state["host"], fetch_result=True), "host")
    assert host["resourcestate"] == "Enabled"
    disabled = as_one(cs.updateHost(id=state["host"], allocationstate="Disable"), "host")
    assert disabled["resourcestate"] == "Disabled"
    enabled = as_one(cs.updateHost(id=state["host"], allocationstate="Enable"), "host")
    assert enabled["resourcestate"] == "Enabled"


def test_reconnect_host_closes_and_reopens_the_session(cs):
    host = as_one(cs.reconnectHost(id=state["host"], fetch_result=True), "host")
    assert host["state"] == "Up"


def test_a_host_that_is_up_cannot_be_deleted_without_force(cs):
    with pytest.raises(CloudStackApiException) as error:
        cs.deleteHost(id=state["host"])
    assert error.value.error["errorcode"] == 431
    assert host_state(cs, state["host"]) == "Up"


def test_protocol_violations_close_the_connection_and_change_nothing(server, cs):
    for payload in [b"this is not json", json.dumps({"ping": {"_0": {"vms": [], "pools": []}}}).encode(),
                    json.dumps({"hello": {"_0": {"protocolVersion": 1, "credential": {"guid": "forged", "token": "forged"},
                                                 "report": {}}}}).encode()]:
        reply = websocket_exchange(server.port, payload)
        assert reply is None or b"refused" in reply or b"registered" not in reply
    assert server.running
    assert host_state(cs, state["host"]) == "Up"
    assert len(items(cs.listHosts(), "host")) == 1


def as_one(response, key):
    if isinstance(response.get(key), dict):
        return response[key]
    values = items(response, key)
    assert len(values) == 1, response
    return values[0]


def websocket_exchange(port: int, payload: bytes, timeout: float = 5.0) -> bytes | None:
    """Opens a WebSocket to /agent, sends one text frame and returns the first text frame back (None when closed)."""
    import base64
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        key = base64.b64encode(os.urandom(16)).decode()
        sock.sendall((f"GET /agent HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                      f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        response = b""
        while b"\r\n\r\n" not in response:
            chunk = sock.recv(4096)
            if not chunk:
                return None
            response += chunk
        assert response.startswith(b"HTTP/1.1 101"), response
        mask = os.urandom(4)
        header = bytes([0x81])
        length = len(payload)
        header += bytes([0x80 | length]) if length < 126 else bytes([0x80 | 126]) + length.to_bytes(2, "big")
        sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))
        try:
            first = sock.recv(2)
        except socket.timeout:
            raise AssertionError("the server neither answered nor closed the connection")
        if len(first) < 2 or first[0] & 0x0F == 0x8:
            return None
        size = first[1] & 0x7F
        if size == 126:
            size = int.from_bytes(sock.recv(2), "big")
        data = b""
        while len(data) < size:
            data += sock.recv(size - len(data))
        return data
