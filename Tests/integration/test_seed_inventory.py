"""Builds the seed's whole inventory through the real `cs` client, lists it back, restarts the server and
checks that everything (and the API keys) survived.

The tests in this module run in order and share `state`; each later step needs the earlier ones.
Only 198.18.0.0/15 test addresses and loopback URLs are used.
"""

from __future__ import annotations

import os

import re
import uuid

import pytest
import requests

from cumulo_testkit import (
    ADMIN_PASSWORD,
    ADMIN_USER,
    as_list,
    cs_client,
    items,
    login,
    session_call,
)

ZONE = {
    "name": "Zone1",
    "networktype": "Advanced",
    "dns1": "198.18.0.1",
    "dns2": "198.18.0.2",
    "internaldns1": "198.18.0.3",
    "guestcidraddress": "198.19.0.0/24",
}
POD = {"name": "Pod1", "gateway": "198.18.1.1", "netmask": "255.255.255.0",
       "startip": "198.18.1.10", "endip": "198.18.1.100"}
CLUSTER = {"clustername": "Cluster1", "clustertype": "CloudManaged", "hypervisor": "KVM"}
PRIMARY = {"name": "Primary1", "scope": "cluster", "url": "nfs://127.0.0.1/export/primary"}
# addImageStore proves the export is reachable and writable: use the one CI serves on loopback.
SECONDARY = {"name": "Secondary1", "provider": "NFS",
             "url": "nfs://127.0.0.1" + os.environ.get("CUMULO_TEST_NFS_SECONDARY_EXPORT", "/srv/nfs/secondary")}
PHYSNET = {"name": "PhysNet1", "isolationmethods": "VLAN", "vlan": "100-199"}
GUEST_NET = {"name": "GuestNet1", "displaytext": "Guest network 1", "gateway": "198.18.10.1",
             "netmask": "255.255.255.0", "startip": "198.18.10.10", "endip": "198.18.10.100"}
EXTRA_RANGE = {"gateway": "198.18.10.1", "netmask": "255.255.255.0",
               "startip": "198.18.10.101", "endip": "198.18.10.150"}
PUBLIC_RANGE = {"gateway": "198.18.20.1", "netmask": "255.255.255.0",
                "startip": "198.18.20.10", "endip": "198.18.20.50"}
SERVICE_OFFERINGS = [
    {"name": "Small Instance", "displaytext": "Small Instance", "cpunumber": 1, "cpuspeed": 500, "memory": 512},
    {"name": "Medium Instance", "displaytext": "Medium Instance", "cpunumber": 1, "cpuspeed": 1000, "memory": 1024},
]
DISK_OFFERINGS = [
    {"name": "Small", "displaytext": "Small Disk, 5 GB", "disksize": 5},
    {"name": "Medium", "displaytext": "Medium Disk, 20 GB", "disksize": 20},
    {"name": "Large", "displaytext": "Large Disk, 100 GB", "disksize": 100},
    {"name": "Custom", "displaytext": "Custom Disk", "customized": True},
]

UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
KEY_RE = re.compile(r"^[A-Za-z0-9_-]{40,}$")

# Fields that may legitimately differ between two listings of the same object.
VOLATILE = {"jobid", "jobstatus", "capacity"}

state: dict = {}


def need(*names):
    missing = [n for n in names if n not in state]
    if missing:
        pytest.fail(f"an earlier step did not complete (missing {', '.join(missing)})")
    return [state[n] for n in names]


def assert_uuid(value, what):
    assert isinstance(value, str) and UUID_RE.match(value), f"{what} is not a UUID string: {value!r}"


def only(listing, key):
    found = items(listing, key)
    assert len(found) == 1, f"expected exactly one {key}, got {len(found)}: {listing}"
    assert listing["count"] == 1, listing
    return found[0]


def stable(obj):
    return {k: v for k, v in obj.items() if k not in VOLATILE}


# -- session login and API keys ---------------------------------------------------------------------


def test_login_sets_sessionkey_cookie(server):
    response = requests.post(
        server.api_url,
        data={"command": "login", "username": ADMIN_USER, "password": ADMIN_PASSWORD, "response": "json"},
        timeout=30,
    )
    assert response.status_code == 200, response.text
    assert response.headers.get("Content-Type", "").startswith("application/json")
    cookies = response.headers.get("Set-Cookie", "")
    assert "sessionkey=" in cookies, f"no sessionkey cookie in Set-Cookie: {cookies!r}"
    body = response.json()
    assert list(body) == ["loginresponse"], body
    login_body = body["loginresponse"]
    assert login_body["username"] == ADMIN_USER
    assert login_body["account"] == ADMIN_USER
    assert login_body["type"] == "1", "the admin is a root admin (account type '1', a string)"
    assert isinstance(login_body["timeout"], int)
    assert_uuid(login_body["userid"], "loginresponse.userid")
    assert_uuid(login_body["domainid"], "loginresponse.domainid")
    assert response.cookies.get("sessionkey") == login_body["sessionkey"]


def test_list_users_with_session_and_register_keys(server):
    session, key, _ = login(server.api_url)
    response = session_call(session, server.api_url, key, "listUsers")
    assert response.status_code == 200, response.text
    users = items(response.json()["listusersresponse"], "user")
    admins = [u for u in users if u["username"] == ADMIN_USER]
    assert len(admins) == 1, users
    admin = admins[0]
    assert admin["account"] == ADMIN_USER
    assert admin["accounttype"] == 1
    assert admin["domain"] == "ROOT"
    assert admin["state"] == "enabled"
    assert "secretkey" not in response.text and "password" not in response.text

    registered = session_call(session, server.api_url, key, "registerUserKeys", id=admin["id"])
    assert registered.status_code == 200, registered.text
    keys = registered.json()["registeruserkeysresponse"]["userkeys"]
    assert KEY_RE.match(keys["apikey"]), keys
    assert KEY_RE.match(keys["secretkey"]), keys
    assert keys["apikey"] != keys["secretkey"]
    # A session needs the session key as a parameter as well as the cookie (checked on a second session,
    # since a failed check ends the session).
    other, _, _ = login(server.api_url)
    without_key = other.get(server.api_url, params={"command": "listUsers", "response": "json"}, timeout=30)
    assert without_key.status_code == 401, without_key.text

    state["admin_id"] = admin["id"]
    state["keys"] = keys
    state["cs"] = cs_client(server.api_url, keys["apikey"], keys["secretkey"])


# -- building the inventory -------------------------------------------------------------------------


def test_create_zone():
    (cs,) = need("cs")
    zone = cs.createZone(**ZONE)["zone"]
    assert_uuid(zone["id"], "zone.id")
    for field in ("name", "networktype", "dns1", "dns2", "internaldns1", "guestcidraddress"):
        assert zone[field] == ZONE[field], (field, zone)
    assert zone["allocationstate"] == "Disabled", "new zones start disabled"
    state["zone"] = zone


def test_create_pod():
    cs, zone = need("cs", "zone")
    pod = cs.createPod(zoneid=zone["id"], **POD)["pod"]
    assert_uuid(pod["id"], "pod.id")
    assert pod["name"] == POD["name"]
    assert pod["zoneid"] == zone["id"]
    assert pod["zonename"] == ZONE["name"]
    assert pod["gateway"] == POD["gateway"]
    assert pod["netmask"] == POD["netmask"]
    assert POD["startip"] in as_list(pod.get("startip")), pod
    assert POD["endip"] in as_list(pod.get("endip")), pod
    state["pod"] = pod


def test_add_cluster():
    cs, zone, pod = need("cs", "zone", "pod")
    result = cs.addCluster(zoneid=zone["id"], podid=pod["id"], **CLUSTER)
    cluster = only(result, "cluster")  # addCluster answers with a list
    assert_uuid(cluster["id"], "cluster.id")
    assert cluster["name"] == CLUSTER["clustername"]
    assert cluster["clustertype"] == "CloudManaged"
    assert cluster["hypervisortype"] == "KVM"
    assert cluster["podid"] == pod["id"]
    assert cluster["zoneid"] == zone["id"]
    state["cluster"] = cluster


def test_create_primary_storage():
    cs, zone, pod, cluster = need("cs", "zone", "pod", "cluster")
    pool = cs.createStoragePool(zoneid=zone["id"], podid=pod["id"], clusterid=cluster["id"],
                                hypervisor="KVM", **PRIMARY)["storagepool"]
    assert_uuid(pool["id"], "storagepool.id")
    assert pool["name"] == PRIMARY["name"]
    assert pool["zoneid"] == zone["id"]
    assert pool["clusterid"] == cluster["id"]
    assert pool["ipaddress"] == "127.0.0.1"
    assert pool["path"] == "/export/primary"
    assert pool["type"] == "NetworkFilesystem"
    assert pool["scope"].upper() == "CLUSTER"
    state["pool"] = pool


def test_add_secondary_storage():
    cs, zone = need("cs", "zone")
    store = cs.addImageStore(zoneid=zone["id"], **SECONDARY)["imagestore"]
    assert_uuid(store["id"], "imagestore.id")
    assert store["name"] == SECONDARY["name"]
    assert store["url"] == SECONDARY["url"]
    assert store["zoneid"] == zone["id"]
    assert store["providername"] == "NFS"
    assert store["protocol"] == "nfs"
    state["store"] = store


def test_create_physical_network_async():
    cs, zone = need("cs", "zone")
    # `cs` polls queryAsyncJobResult and returns the job result object.
    result = cs.createPhysicalNetwork(zoneid=zone["id"], **PHYSNET)
    assert list(result) == ["physicalnetwork"], result
    physnet = result["physicalnetwork"]
    assert_uuid(physnet["id"], "physicalnetwork.id")
    assert physnet["name"] == PHYSNET["name"]
    assert physnet["zoneid"] == zone["id"]
    assert physnet["state"] == "Disabled", "new physical networks start disabled"
    assert physnet["isolationmethods"] == "VLAN"
    assert physnet["vlan"] == PHYSNET["vlan"]
    state["physnet"] = physnet


@pytest.mark.parametrize("traffic, label", [("Guest", "cloudbr1"), ("Management", "cloudbr0")])
def test_add_traffic_type_async(traffic, label):
    cs, physnet = need("cs", "physnet")
    result = cs.addTrafficType(physicalnetworkid=physnet["id"], traffictype=traffic, kvmnetworklabel=label)
    assert list(result) == ["traffictype"], result
    tt = result["traffictype"]
    assert_uuid(tt["id"], "traffictype.id")
    assert tt["traffictype"] == traffic
    assert tt["physicalnetworkid"] == physnet["id"]
    assert tt["kvmnetworklabel"] == label
    state.setdefault("traffictypes", {})[traffic] = tt


def test_enable_physical_network_async():
    cs, physnet = need("cs", "physnet")
    result = cs.updatePhysicalNetwork(id=physnet["id"], state="Enabled")
    assert list(result) == ["physicalnetwork"], result
    updated = result["physicalnetwork"]
    assert updated["id"] == physnet["id"]
    assert updated["state"] == "Enabled"


def test_choose_network_offering():
    (cs,) = need("cs")
    offerings = items(cs.listNetworkOfferings(), "networkoffering")
    assert offerings, "no network offerings are seeded"
    for offering in offerings:
        assert_uuid(offering["id"], "networkoffering.id")
        assert offering["guestiptype"] in ("Shared", "Isolated", "L2"), offering
    shared = [o for o in offerings if o["guestiptype"] == "Shared" and o.get("specifyipranges") is True]
    isolated = [o for o in offerings if o["guestiptype"] == "Isolated"]
    assert shared or isolated, f"neither a shared (specifyipranges) nor an isolated offering: {offerings}"
    state["offering"] = shared[0] if shared else isolated[0]


def test_create_guest_network():
    cs, zone, physnet, offering = need("cs", "zone", "physnet", "offering")
    params = dict(zoneid=zone["id"], networkofferingid=offering["id"], physicalnetworkid=physnet["id"],
                  **GUEST_NET)
    if offering["guestiptype"] != "Shared":
        # An isolated network takes its CIDR from gateway/netmask; addresses are not given as a range.
        del params["startip"], params["endip"]
    if offering.get("specifyvlan"):
        params["vlan"] = "110"
    network = cs.createNetwork(**params)["network"]
    assert_uuid(network["id"], "network.id")
    assert network["name"] == GUEST_NET["name"]
    assert network["displaytext"] == GUEST_NET["displaytext"]
    assert network["zoneid"] == zone["id"]
    assert network["networkofferingid"] == offering["id"]
    assert network["gateway"] == GUEST_NET["gateway"]
    assert network["netmask"] == GUEST_NET["netmask"]
    assert network["cidr"] == "198.18.10.0/24"
    assert network["type"] == offering["guestiptype"]
    assert isinstance(network.get("service"), list), f"network has no service[] array: {network}"
    state["network"] = network


def test_create_vlan_ip_range():
    cs, zone, physnet, network = need("cs", "zone", "physnet", "network")
    if network["type"] == "Shared":
        # A second guest range on the shared network, beside the one createNetwork was given.
        spec = dict(EXTRA_RANGE)
        vlan = cs.createVlanIpRange(zoneid=zone["id"], networkid=network["id"], forvirtualnetwork=False,
                                    **spec)["vlan"]
        assert vlan["networkid"] == network["id"]
        assert vlan["forvirtualnetwork"] is False
    else:
        # An isolated network gets no guest range; add a public range to the zone instead.
        spec = dict(PUBLIC_RANGE)
        vlan = cs.createVlanIpRange(zoneid=zone["id"], physicalnetworkid=physnet["id"], forvirtualnetwork=True,
                                    vlan="untagged", **spec)["vlan"]
        assert vlan["forvirtualnetwork"] is True
    assert_uuid(vlan["id"], "vlan.id")
    assert vlan["zoneid"] == zone["id"]
    for field in ("gateway", "netmask", "startip", "endip"):
        assert vlan[field] == spec[field], (field, vlan)
    state["vlan"] = vlan


def test_create_service_offerings():
    (cs,) = need("cs")
    created = []
    for spec in SERVICE_OFFERINGS:
        offering = cs.createServiceOffering(**spec)["serviceoffering"]
        assert_uuid(offering["id"], "serviceoffering.id")
        for field in ("name", "displaytext", "cpunumber", "cpuspeed", "memory"):
            assert offering[field] == spec[field], (field, offering)
        created.append(offering)
    state["service_offerings"] = created


def test_create_disk_offerings():
    (cs,) = need("cs")
    created = []
    for spec in DISK_OFFERINGS:
        offering = cs.createDiskOffering(**spec)["diskoffering"]
        assert_uuid(offering["id"], "diskoffering.id")
        assert offering["name"] == spec["name"]
        assert offering["displaytext"] == spec["displaytext"]
        if spec.get("customized"):
            assert offering["iscustomized"] is True, offering
        else:
            assert offering["disksize"] == spec["disksize"], offering
            assert offering["iscustomized"] is False, offering
        created.append(offering)
    state["disk_offerings"] = created


def test_enable_zone():
    cs, zone = need("cs", "zone")
    updated = cs.updateZone(id=zone["id"], allocationstate="Enabled")["zone"]
    assert updated["id"] == zone["id"]
    assert updated["allocationstate"] == "Enabled"


# -- listing it back --------------------------------------------------------------------------------


def snapshot(cs) -> dict:
    """Lists every part of the inventory built above, checking each against what was created."""
    zone, pod, cluster, pool, store, physnet, network, vlan = need(
        "zone", "pod", "cluster", "pool", "store", "physnet", "network", "vlan")
    snap = {}

    z = only(cs.listZones(id=zone["id"]), "zone")
    assert z["name"] == ZONE["name"] and z["networktype"] == "Advanced"
    assert z["dns1"] == ZONE["dns1"] and z["internaldns1"] == ZONE["internaldns1"]
    assert z["allocationstate"] == "Enabled"
    snap["zone"] = z

    p = only(cs.listPods(zoneid=zone["id"]), "pod")
    assert p["id"] == pod["id"] and p["name"] == POD["name"] and p["gateway"] == POD["gateway"]
    assert POD["startip"] in as_list(p.get("startip")), p
    snap["pod"] = p

    c = only(cs.listClusters(zoneid=zone["id"]), "cluster")
    assert c["id"] == cluster["id"] and c["hypervisortype"] == "KVM" and c["clustertype"] == "CloudManaged"
    snap["cluster"] = c

    sp = only(cs.listStoragePools(zoneid=zone["id"]), "storagepool")
    assert sp["id"] == pool["id"] and sp["name"] == PRIMARY["name"] and sp["path"] == "/export/primary"
    snap["pool"] = sp

    st = only(cs.listImageStores(zoneid=zone["id"]), "imagestore")
    assert st["id"] == store["id"] and st["url"] == SECONDARY["url"]
    snap["store"] = st

    pn = only(cs.listPhysicalNetworks(zoneid=zone["id"]), "physicalnetwork")
    assert pn["id"] == physnet["id"] and pn["state"] == "Enabled"
    snap["physnet"] = pn

    tts = items(cs.listTrafficTypes(physicalnetworkid=physnet["id"]), "traffictype")
    assert sorted(t["traffictype"] for t in tts) == ["Guest", "Management"], tts
    snap["traffictypes"] = sorted(tts, key=lambda t: t["traffictype"])

    nets = [n for n in items(cs.listNetworks(zoneid=zone["id"], listall=True), "network")
            if n["id"] == network["id"]]
    assert len(nets) == 1, f"network {network['id']} not listed"
    assert nets[0]["name"] == GUEST_NET["name"] and nets[0]["cidr"] == "198.18.10.0/24"
    assert isinstance(nets[0].get("service"), list), f"listNetworks entry without service[]: {nets[0]}"
    snap["network"] = nets[0]

    ranges = items(cs.listVlanIpRanges(zoneid=zone["id"]), "vlaniprange")
    extra = [r for r in ranges if r["id"] == vlan["id"]]
    assert len(extra) == 1, f"vlan range {vlan['id']} not listed: {ranges}"
    assert extra[0]["startip"] == vlan["startip"] and extra[0]["endip"] == vlan["endip"]
    if network["type"] == "Shared":
        own = [r for r in ranges if r.get("networkid") == network["id"] and r["startip"] == GUEST_NET["startip"]]
        assert len(own) == 1, f"the range given to createNetwork is not listed: {ranges}"
    snap["vlans"] = sorted(ranges, key=lambda r: r["id"])

    sos = {}
    for created in need("service_offerings")[0]:
        so = only(cs.listServiceOfferings(id=created["id"]), "serviceoffering")
        assert (so["name"], so["cpunumber"], so["cpuspeed"], so["memory"]) == (
            created["name"], created["cpunumber"], created["cpuspeed"], created["memory"])
        sos[so["id"]] = so
    names = {so["name"] for so in items(cs.listServiceOfferings(), "serviceoffering")}
    assert {"Small Instance", "Medium Instance"} <= names, names
    snap["service_offerings"] = sos

    dos = {}
    for created in need("disk_offerings")[0]:
        do = only(cs.listDiskOfferings(id=created["id"]), "diskoffering")
        assert do["name"] == created["name"] and do.get("disksize") == created.get("disksize")
        assert do["iscustomized"] == created["iscustomized"]
        dos[do["id"]] = do
    sizes = sorted(d["disksize"] for d in dos.values() if not d["iscustomized"])
    assert sizes == [5, 20, 100], sizes
    assert sum(1 for d in dos.values() if d["iscustomized"]) == 1
    snap["disk_offerings"] = dos
    return snap


def test_list_everything_back():
    (cs,) = need("cs")
    state["snapshot"] = snapshot(cs)


def test_os_types_are_seeded():
    (cs,) = need("cs")
    os_types = cs.listOsTypes(fetch_list=True)
    assert os_types, "listOsTypes is empty"
    descriptions = {o.get("description") for o in os_types}
    assert "CentOS 6.5 (64-bit)" in descriptions, sorted(d for d in descriptions if d)[:50]
    for o in os_types:
        assert_uuid(o["id"], "ostype.id")


def test_events_record_the_creates():
    (cs,) = need("cs")
    events = cs.listEvents(fetch_list=True)
    assert events, "listEvents is empty after building the inventory"
    types = {e["type"] for e in events}
    creates = {t for t in types if t.endswith(".CREATE")}
    assert "ZONE.CREATE" in types, sorted(types)
    assert len(creates) >= 3, f"expected create events for several kinds of object, got {sorted(types)}"
    for e in events:
        assert e["level"] in ("INFO", "WARN", "ERROR"), e
        assert isinstance(e.get("created"), str), e


def test_async_jobs_are_listed():
    cs, physnet = need("cs", "physnet")
    jobs = items(cs.listAsyncJobs(), "asyncjobs")
    assert len(jobs) >= 4, f"createPhysicalNetwork, 2 x addTrafficType and updatePhysicalNetwork ran: {jobs}"
    for job in jobs:
        assert_uuid(job["jobid"], "asyncjobs.jobid")
        assert job["jobstatus"] in (0, 1, 2), job
    done = [j for j in jobs
            if j["jobstatus"] == 1
            and isinstance(j.get("jobresult"), dict)
            and j["jobresult"].get("physicalnetwork", {}).get("id") == physnet["id"]]
    assert done, f"no finished job with physical network {physnet['id']} in its result: {jobs}"
    assert all(j["jobresultcode"] == 0 for j in done), done


# -- restart ----------------------------------------------------------------------------------------


def test_restart_keeps_everything(server):
    keys, before = need("keys", "snapshot")
    server.restart()
    assert server.last_startup_seconds < 1.0, (
        f"start-up on an existing data directory took {server.last_startup_seconds:.2f} s (limit: 1 s)")

    # The same keys still sign requests, through a brand-new client.
    fresh = cs_client(server.api_url, keys["apikey"], keys["secretkey"])
    after = snapshot(fresh)
    for part in before:
        b, a = before[part], after[part]
        if isinstance(b, dict) and all(isinstance(v, dict) for v in b.values()):
            assert {k: stable(v) for k, v in a.items()} == {k: stable(v) for k, v in b.items()}, part
        elif isinstance(b, list):
            assert [stable(x) for x in a] == [stable(x) for x in b], part
        else:
            assert stable(a) == stable(b), part


def test_restart_keeps_users_and_password(server):
    admin_id, keys = need("admin_id", "keys")
    session, key, body = login(server.api_url)
    assert body["userid"] == admin_id, "the admin was not bootstrapped a second time"
    users = session_call(session, server.api_url, key, "listUsers").json()["listusersresponse"]
    admins = [u for u in items(users, "user") if u["username"] == ADMIN_USER]
    assert [u["id"] for u in admins] == [admin_id]
    assert admins[0].get("apikey") == keys["apikey"]


def test_unknown_key_after_restart_is_refused(server):
    bogus = cs_client(server.api_url, "k" + uuid.uuid4().hex * 2, "s" + uuid.uuid4().hex * 2)
    from cs import CloudStackApiException

    with pytest.raises(CloudStackApiException) as failure:
        bogus.listZones()
    assert failure.value.response.status_code == 401
