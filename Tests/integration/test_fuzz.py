"""Boundary values for every parameter of every command `listApis` describes, against a running server.

Each request sets one parameter to a hostile value (huge and negative numbers, empty, long strings, NUL,
bad UTF-8, bad UUIDs, `=` and `&` inside values) while the command's other required parameters name real
resources, so the value reaches the code behind the parameter check. The server must stay up, answer with
CloudStack's error codes (never 530 for bad input), keep its error header short, and a refused request
must change nothing.

CI runs a bounded number of requests; `CUMULO_FUZZ_REQUESTS` and `CUMULO_FUZZ_SEED` make longer runs.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import time
import urllib.parse

import pytest
import requests

from cumulo_testkit import RawAPI, expires_in, sign

REQUESTS = int(os.environ.get("CUMULO_FUZZ_REQUESTS", "1200"))
SEED = int(os.environ.get("CUMULO_FUZZ_SEED", "20261207"))

# Commands that would end the fuzzing client's own access; the rest are all tried.
SPARED = {"login", "logout", "registerUserKeys", "deleteUser", "disableUser", "lockUser", "deleteAccount",
          "disableAccount", "lockAccount", "deleteDomain"}
# Codes bad input may get; 530 (an unexpected failure) is never one of them.
REFUSALS = {401, 431, 432, 533, 534, 535, 536, 537}
NUMBERS = ["9223372036854775807", "9223372036854775808", "-9223372036854775808", "18446744073709551616",
           "2147483648", "-2147483649", "-1", "0", "1e309", "NaN", "0x10", " 7", "1.5"]
# Stands for the bytes FF FE, which are not UTF-8 (see `call_with_bad_utf8`).
BAD_UTF8 = "\udcff"
STRINGS = ["", " ", "a" * 65536, "x\x00y", "a=b&c=d", "k=v", BAD_UTF8, "\ufffe\u202e", "../../../etc/shadow",
           "'; DROP TABLE zone; --", "%", "%00", "{\"a\":1}", "\u00e9" * 300, "\t\n\r"]
UUIDS = ["not-a-uuid", "00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff", "a" * 5000, "x\x00"]

# What the state fingerprint lists: every kind of resource the commands can create, change or remove.
LISTINGS = [
    ("listZones", {}), ("listPods", {}), ("listClusters", {}), ("listHosts", {}), ("listStoragePools", {}),
    ("listImageStores", {}), ("listPhysicalNetworks", {}), ("listNetworks", {"listall": "true"}),
    ("listVlanIpRanges", {}), ("listServiceOfferings", {"listall": "true"}), ("listDiskOfferings", {"listall": "true"}),
    ("listAccounts", {"listall": "true"}), ("listUsers", {"listall": "true"}), ("listDomains", {"listall": "true"}),
    ("listTemplates", {"templatefilter": "all", "listall": "true"}), ("listIsos", {"isofilter": "all", "listall": "true"}),
    ("listVirtualMachines", {"listall": "true"}), ("listVolumes", {"listall": "true"}),
    ("listSSHKeyPairs", {"listall": "true"}), ("listTrafficTypes", None),
]


def values_for(param_type: str) -> list[str]:
    kind = (param_type or "").lower()
    if kind in ("integer", "long", "short"):
        return NUMBERS + STRINGS[:5]
    if kind == "boolean":
        return ["true", "TRUE", "maybe", "", "1", "a" * 65536]
    if kind == "uuid":
        return UUIDS + STRINGS[:5]
    if kind == "list":
        return [",,,", "a," * 20000, "", "x\x00,y", ",".join(UUIDS)]
    if kind == "date":
        return ["2030-13-45", "99999-01-01", "", "1e309"]
    if kind == "map":
        return ["a", "", "a" * 65536]
    return STRINGS + NUMBERS[:4]


def call(raw: RawAPI, command: str, params: dict[str, str]) -> requests.Response:
    if any(BAD_UTF8 in v for v in params.values()):
        return call_with_bad_utf8(raw, command, params)
    # Long values go in a form body; short ones in the query string, as most clients send them.
    if sum(len(v) for v in params.values()) > 2000 or random.random() < 0.5:
        return raw.post(command, params)
    return raw.get(command, params)


def call_with_bad_utf8(raw: RawAPI, command: str, params: dict[str, str]) -> requests.Response:
    """Sends the bytes FF FE (not UTF-8) where the marker stands, signed as a lenient decoder would read them."""
    readable = {k: v.replace(BAD_UTF8, "\ufffd\ufffd") for k, v in params.items()}
    query = raw.signed_params(command, readable)
    body = "&".join(f"{urllib.parse.quote(k, safe='')}="
                    + ("%FF%FE" if BAD_UTF8 in params.get(k, "") else urllib.parse.quote(v, safe=""))
                    for k, v in query.items())
    return requests.post(raw.api_url, data=body, headers={"Content-Type": "application/x-www-form-urlencoded"}, timeout=30)


class Fingerprint:
    """A digest of every listed resource's id, name and state, to tell whether a refused request changed anything."""

    def __init__(self, raw: RawAPI, physical_network_id: str):
        self.raw = raw
        self.physical_network_id = physical_network_id

    def take(self) -> str:
        digest = hashlib.sha256()
        for command, params in LISTINGS:
            params = {"physicalnetworkid": self.physical_network_id} if params is None else params
            response = self.raw.get(command, params)
            assert response.status_code == 200, (command, response.text[:300])
            body = next(iter(response.json().values()))
            for key, value in sorted(body.items()):
                if isinstance(value, list):
                    rows = sorted(json.dumps({k: row.get(k) for k in ("id", "name", "state", "displaytext")}, sort_keys=True)
                                  for row in value)
                    digest.update(f"{command}:{key}:{rows}".encode())
        return digest.hexdigest()


def wait_for_job(raw: RawAPI, response: requests.Response) -> None:
    body = next(iter(response.json().values()), {})
    job = body.get("jobid") if isinstance(body, dict) else None
    deadline = time.monotonic() + 20
    while job and time.monotonic() < deadline:
        status = raw.get("queryAsyncJobResult", {"jobid": job}).json()["queryasyncjobresultresponse"]["jobstatus"]
        if status != 0:
            return
        time.sleep(0.1)


@pytest.fixture(scope="module")
def known(raw):
    """Real resources for the parameters a fuzzed request does not target."""
    zone = raw.get("createZone", {"name": "fuzz-zone", "dns1": "198.18.0.1", "internaldns1": "198.18.0.1",
                                  "networktype": "Advanced"}).json()["createzoneresponse"]["zone"]
    pod = raw.get("createPod", {"zoneid": zone["id"], "name": "fuzz-pod", "gateway": "198.18.4.1", "netmask": "255.255.255.0",
                                "startip": "198.18.4.10", "endip": "198.18.4.20"}).json()["createpodresponse"]["pod"]
    cluster = raw.get("addCluster", {"zoneid": zone["id"], "podid": pod["id"], "clustername": "fuzz-cluster",
                                     "clustertype": "CloudManaged", "hypervisor": "KVM"}).json()["addclusterresponse"]["cluster"][0]
    physical = raw.get("createPhysicalNetwork", {"zoneid": zone["id"], "name": "fuzz-phys", "isolationmethods": "VLAN"})
    wait_for_job(raw, physical)
    physical_id = raw.get("listPhysicalNetworks", {"zoneid": zone["id"]}).json()["listphysicalnetworksresponse"]["physicalnetwork"][0]["id"]
    domain = raw.get("listDomains", {}).json()["listdomainsresponse"]["domain"][0]
    offering = raw.get("listServiceOfferings", {}).json()["listserviceofferingsresponse"]["serviceoffering"][0]
    return {"zoneid": zone["id"], "podid": pod["id"], "clusterid": cluster["id"], "physicalnetworkid": physical_id,
            "domainid": domain["id"], "account": "admin", "serviceofferingid": offering["id"]}


def test_hostile_values_never_stop_the_server_or_change_state(server, raw, known):
    rng = random.Random(SEED)
    random.seed(SEED)
    apis = [api for api in raw.get("listApis").json()["listapisresponse"]["api"] if api["name"] not in SPARED]
    cases = [(api, param, value) for api in apis for param in api.get("params", []) for value in values_for(param.get("type"))]
    rng.shuffle(cases)
    fingerprint = Fingerprint(raw, known["physicalnetworkid"])
    expected = fingerprint.take()
    unchecked: list[tuple[str, str, str]] = []
    problems: list[str] = []
    tried = 0
    for api, param, value in cases[:REQUESTS]:
        name = api["name"]
        params = {p["name"]: known.get(p["name"], "x") for p in api.get("params", []) if p.get("required")}
        # Half of the requests also give other parameters a hostile value, so combinations are tried too.
        others = [p for p in api.get("params", []) if p is not param]
        for other in rng.sample(others, min(len(others), rng.choice([0, 0, 1, 2, 3]))):
            params[other["name"]] = rng.choice(values_for(other.get("type")))
        params[param["name"]] = value
        tried += 1
        try:
            response = call(raw, name, params)
        except requests.RequestException as error:
            problems.append(f"{name} {param['name']}={value[:40]!r}: {error!r}"[:300])
            response = None
        assert server.running, f"the server stopped on {name} {param['name']}={value[:60]!r}\n{server.log_tail(30)}"
        if response is None:
            continue
        header = response.headers.get("X-Description", "")
        if len(header) > 515:
            problems.append(f"{name} {param['name']}: X-Description of {len(header)} bytes")
        if response.status_code == 200:
            if not name.startswith(("list", "query", "get")):
                wait_for_job(raw, response)
                expected = fingerprint.take()
                unchecked.clear()
            continue
        if response.status_code not in REFUSALS and not (name == "listApis" and response.status_code == 530):
            problems.append(f"{name} {param['name']}={value[:40]!r}: HTTP {response.status_code} {response.text[:200]}")
        unchecked.append((name, param["name"], value[:40]))
        if len(unchecked) >= 25:
            assert fingerprint.take() == expected, f"one of these refused requests changed state: {unchecked}"
            unchecked.clear()
    assert fingerprint.take() == expected, f"one of these refused requests changed state: {unchecked}"
    print(f"fuzz: {tried} requests over {len(apis)} commands (seed {SEED}), crashes: 0, problems: {len(problems)}")
    assert not problems, "\n".join(problems[:40])


def test_repeated_keys_and_names_with_separators(server, raw):
    """Parameters repeated (the last value counts) and names holding `=` or `&` (refused with 431): never fatal."""
    for pairs in ([("name", "a"), ("name", "b")], [("na=me", "x")], [("na&me", "x")], [("", "x")], [("page", "1"), ("page", "2"), ("pagesize", "1")]):
        query = {"command": "listZones", "response": "json", "apiKey": raw.apikey, "signatureVersion": "3", "expires": expires_in(600)}
        signed = dict(query)
        signed.update(dict(pairs))
        body = urllib.parse.urlencode(list(query.items()) + pairs + [("signature", sign(signed, raw.secret))])
        response = requests.post(raw.api_url, data=body, headers={"Content-Type": "application/x-www-form-urlencoded"}, timeout=30)
        assert response.status_code in {200, 401, 431}, (pairs, response.status_code, response.text[:200])
        assert server.running
