"""Tenancy: a domain administrator may not act on identities that outrank it, and a deployment may use only
the offerings and networks its account may see.

The tests share one server. A domain administrator of ROOT ("manager") tries to take over the root admin;
a domain administrator of domain A tries to deploy with what belongs to domain B.
"""

from __future__ import annotations

import os
import uuid

import pytest

from cumulo_testkit import RawAPI, cs_client, error_body, items, login
from instance_testkit import FileServer, guest_physical_network, register_ready_iso, shared_network_offering

PASSWORD = "Tenancy-Pass-1"


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:6]}"


def refused(response, command: str, code: int) -> dict:
    assert response.status_code == code, f"{command}: HTTP {response.status_code}: {response.text}"
    return error_body(response, command.lower() + "response")


def make_account(raw: RawAPI, name: str, account_type: int, domain_id: str | None = None) -> dict:
    params = {"accounttype": account_type, "account": name, "username": name, "password": PASSWORD,
              "email": f"{name}@example.invalid", "firstname": "T", "lastname": "Enant"}
    if domain_id:
        params["domainid"] = domain_id
    response = raw.post("createAccount", params)
    assert response.status_code == 200, response.text
    account = response.json()["createaccountresponse"]["account"]
    registered = raw.get("registerUserKeys", {"id": account["user"][0]["id"]})
    assert registered.status_code == 200, registered.text
    keys = registered.json()["registeruserkeysresponse"]["userkeys"]
    return {"account": account, "user": account["user"][0], "apikey": keys["apikey"], "secretkey": keys["secretkey"]}


@pytest.fixture(scope="module")
def root_domain(cs) -> dict:
    return items(cs.listDomains(name="ROOT"), "domain")[0]


@pytest.fixture(scope="module")
def manager(server, raw, root_domain) -> RawAPI:
    """A domain administrator of the ROOT domain, the same domain as the root admin."""
    made = make_account(raw, unique("manager"), 2, root_domain["id"])
    return RawAPI(server.api_url, made["apikey"], made["secretkey"])


def admin_user(raw: RawAPI, admin_keys) -> dict:
    listed = raw.get("listUsers", {"id": admin_keys["userid"], "listall": "true"})
    return items(listed.json()["listusersresponse"], "user")[0]


def test_a_domain_admin_may_not_add_users_to_the_root_admin_account(raw, manager, root_domain):
    name = unique("intruder")
    reply = manager.post("createUser", {"account": "admin", "domainid": root_domain["id"], "username": name,
                                        "password": PASSWORD, "email": f"{name}@example.invalid",
                                        "firstname": "I", "lastname": "N"})
    assert refused(reply, "createUser", 531)["errorcode"] == 531
    users = raw.get("listUsers", {"username": name, "listall": "true"}).json()["listusersresponse"]
    assert items(users, "user") == [], "no user was added"


def test_a_domain_admin_may_not_read_or_replace_the_root_admin_keys(raw, manager, admin_keys):
    for command in ("getUserKeys", "registerUserKeys"):
        reply = manager.get(command, {"id": admin_keys["userid"]})
        body = refused(reply, command, 531)
        assert admin_keys["secretkey"] not in reply.text
        assert body["errorcode"] == 531
    # The root admin's keys are the same and still work.
    keys = raw.get("getUserKeys", {"id": admin_keys["userid"]}).json()["getuserkeysresponse"]["userkeys"]
    assert (keys["apikey"], keys["secretkey"]) == (admin_keys["apikey"], admin_keys["secretkey"])


def test_a_domain_admin_may_not_change_the_root_admin(server, raw, manager, admin_keys):
    before = admin_user(raw, admin_keys)
    refused(manager.get("updateUser", {"id": admin_keys["userid"], "email": "taken@example.invalid",
                                       "password": "Taken-Over-1"}), "updateUser", 531)
    for command in ("disableUser", "enableUser", "deleteUser"):
        refused(manager.get(command, {"id": admin_keys["userid"]}), command, 531)
    refused(manager.get("updateAccount", {"id": before["accountid"], "newname": "taken"}), "updateAccount", 531)
    refused(manager.get("disableAccount", {"id": before["accountid"], "lock": "true"}), "disableAccount", 531)
    refused(manager.get("deleteAccount", {"id": before["accountid"]}), "deleteAccount", 531)
    after = admin_user(raw, admin_keys)
    fields = ("username", "email", "state", "account", "accountid", "firstname", "lastname")
    assert {f: after.get(f) for f in fields} == {f: before.get(f) for f in fields}, "the root admin's user is unchanged"
    assert after["account"] == "admin" and after["state"] == "enabled"
    login(server.api_url)  # the password is unchanged too


def test_a_domain_admin_still_manages_users_of_its_domain(server, manager, root_domain):
    made = manager.post("createAccount", {"accounttype": 0, "account": unique("staff"), "username": unique("staff"),
                                          "password": PASSWORD, "email": "staff@example.invalid",
                                          "firstname": "S", "lastname": "Taff", "domainid": root_domain["id"]})
    assert made.status_code == 200, made.text
    user = made.json()["createaccountresponse"]["account"]["user"][0]
    assert manager.get("registerUserKeys", {"id": user["id"]}).status_code == 200
    assert manager.get("updateUser", {"id": user["id"], "email": "staff2@example.invalid"}).status_code == 200


# -- deployments ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def two_domains(cs, raw, server, tmp_path_factory):
    """Domains A and B, a zone with a ready public ISO, and offerings and a shared network for each domain;
    `a` is a domain administrator of A."""
    domain_a = cs.createDomain(name=unique("tenant-a"))["domain"]
    domain_b = cs.createDomain(name=unique("tenant-b"))["domain"]
    zone = cs.createZone(name=unique("tenancy-zone"), dns1="198.18.0.1", internaldns1="198.18.0.2",
                         networktype="Advanced")["zone"]
    other_zone = cs.createZone(name=unique("tenancy-other"), dns1="198.18.0.1", internaldns1="198.18.0.2",
                               networktype="Advanced")["zone"]
    store = tmp_path_factory.mktemp("tenancy-store")
    cs.addImageStore(provider="Local", url=f"file://{store}", zoneid=zone["id"])
    web = FileServer()
    web.files["/tenancy.iso"] = os.urandom(64 * 1024)
    try:
        iso = register_ready_iso(cs, zone["id"], web.base + "/tenancy.iso", unique("tenancy-iso"))
    finally:
        web.close()
    cs.updateZone(id=zone["id"], allocationstate="Enabled")

    def service_offering(**limits):
        name = unique("so")
        return cs.createServiceOffering(name=name, displaytext=name, cpunumber=1, cpuspeed=500, memory=256,
                                        **limits)["serviceoffering"]

    def disk_offering(**limits):
        name = unique("do")
        return cs.createDiskOffering(name=name, displaytext=name, disksize=1, **limits)["diskoffering"]

    physical = guest_physical_network(cs, zone["id"])
    network_offering = shared_network_offering(cs)

    def shared_network(domain: dict, prefix: str):
        name = unique("net")
        params = dict(zoneid=zone["id"], name=name, displaytext=name, networkofferingid=network_offering["id"],
                      physicalnetworkid=physical["id"], gateway=f"{prefix}.1", netmask="255.255.255.0",
                      startip=f"{prefix}.10", endip=f"{prefix}.250", acltype="Domain", domainid=domain["id"],
                      subdomainaccess="true")
        if network_offering.get("specifyvlan"):
            params["vlan"] = "untagged"
        return cs.createNetwork(**params)["network"]

    a = make_account(raw, unique("owner-a"), 2, domain_a["id"])
    return {
        "zone": zone, "iso": iso, "a": a, "a_cs": cs_client(server.api_url, a["apikey"], a["secretkey"]),
        "a_raw": RawAPI(server.api_url, a["apikey"], a["secretkey"]),
        "service_a": service_offering(domainid=domain_a["id"]), "service_b": service_offering(domainid=domain_b["id"]),
        "service_elsewhere": service_offering(zoneid=other_zone["id"]),
        "disk_a": disk_offering(domainid=domain_a["id"]), "disk_b": disk_offering(domainid=domain_b["id"]),
        "network_a": shared_network(domain_a, "198.18.60"), "network_b": shared_network(domain_b, "198.18.61"),
    }


def vm_count(cs, account: dict) -> int:
    listed = cs.listVirtualMachines(listall="true", account=account["name"], domainid=account["domainid"])
    return len(items(listed, "virtualmachine"))


@pytest.mark.parametrize("changed, parameter", [
    ({"networkids": "network_b"}, "networkids"),
    ({"serviceofferingid": "service_b"}, "serviceofferingid"),
    ({"serviceofferingid": "service_elsewhere"}, "serviceofferingid"),
    ({"diskofferingid": "disk_b"}, "diskofferingid"),
])
def test_a_deployment_may_not_use_another_domains_network_or_offerings(cs, two_domains, changed, parameter):
    d = two_domains
    params = {"zoneid": d["zone"]["id"], "templateid": d["iso"]["id"], "hypervisor": "KVM",
              "serviceofferingid": d["service_a"]["id"], "diskofferingid": d["disk_a"]["id"],
              "networkids": d["network_a"]["id"]}
    params.update({name: d[key]["id"] for name, key in changed.items()})
    before = vm_count(cs, d["a"]["account"])
    reply = d["a_raw"].get("deployVirtualMachine", params)
    body = refused(reply, "deployVirtualMachine", 431)
    # Answered as an unknown id: nothing says the resource exists.
    assert f"Invalid parameter {parameter} value={params[parameter]}" in body["errortext"], body
    assert vm_count(cs, d["a"]["account"]) == before, "no VM was recorded"


def test_another_domains_network_and_offerings_are_not_listed(two_domains):
    d = two_domains
    a_cs = d["a_cs"]
    networks = {n["id"] for n in items(a_cs.listNetworks(zoneid=d["zone"]["id"]), "network")}
    assert d["network_a"]["id"] in networks and d["network_b"]["id"] not in networks
    services = {o["id"] for o in items(a_cs.listServiceOfferings(), "serviceoffering")}
    assert d["service_a"]["id"] in services and d["service_b"]["id"] not in services
    disks = {o["id"] for o in items(a_cs.listDiskOfferings(), "diskoffering")}
    assert d["disk_a"]["id"] in disks and d["disk_b"]["id"] not in disks


def test_a_deployment_with_its_own_domains_network_and_offerings_is_accepted(two_domains):
    d = two_domains
    reply = d["a_raw"].get("deployVirtualMachine", {
        "zoneid": d["zone"]["id"], "templateid": d["iso"]["id"], "hypervisor": "KVM",
        "serviceofferingid": d["service_a"]["id"], "diskofferingid": d["disk_a"]["id"], "networkids": d["network_a"]["id"]})
    # Accepted and recorded; placing it is the job's business (this zone has no hosts).
    assert reply.status_code == 200, reply.text
    assert reply.json()["deployvirtualmachineresponse"]["jobid"]
