"""Fifty simulated hosts (one `cumulo-agent simulate` process, in-memory hypervisors) join one cluster."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from agent_testkit import AgentProcess, wait_for
from cumulo_testkit import items

COUNT = 50


def test_fifty_simulated_hosts_in_one_cluster_all_up(cs, server, agent_binary, secret_file, tmp_path):
    cs.updateConfiguration(name="ping.interval", value="2")
    cs.updateConfiguration(name="agent.connect.wait", value="30")
    zone = cs.createZone(name="SimZone", networktype="Advanced", dns1="198.18.0.1", internaldns1="198.18.0.2")["zone"]
    pod = cs.createPod(zoneid=zone["id"], name="SimPod", gateway="198.18.2.1", netmask="255.255.255.0")["pod"]
    cluster = items(cs.addCluster(zoneid=zone["id"], podid=pod["id"], clustername="SimCluster", clustertype="CloudManaged", hypervisor="KVM"), "cluster")[0]
    simulator = AgentProcess(agent_binary, [
        "simulate", "--server", server.base_url, "--count", str(COUNT), "--name-prefix", "cumulo-sim",
        "--state-dir", str(tmp_path / "state"), "--secret-file", str(secret_file),
    ], tmp_path / "simulate.log").start()
    try:
        def add(index: int):
            return cs.addHost(zoneid=zone["id"], podid=pod["id"], clusterid=cluster["id"], hypervisor="KVM",
                              url=f"http://cumulo-sim-{index:03d}", username="root", password="unused")
        with ThreadPoolExecutor(max_workers=8) as pool:
            added = list(pool.map(add, range(1, COUNT + 1)))
        assert len(added) == COUNT

        def all_up():
            hosts = items(cs.listHosts(clusterid=cluster["id"], page=1, pagesize=500), "host")
            return len(hosts) == COUNT and all(h["state"] == "Up" for h in hosts) and hosts
        hosts = wait_for(all_up, 30, f"{COUNT} simulated hosts Up")
        assert sorted(h["name"] for h in hosts) == [f"cumulo-sim-{i:03d}" for i in range(1, COUNT + 1)]
        assert all(h["cpunumber"] > 0 and h["memorytotal"] > 0 for h in hosts)
        assert len({h["id"] for h in hosts}) == COUNT
    finally:
        assert simulator.stop() == 0, simulator.log()[-3000:]
