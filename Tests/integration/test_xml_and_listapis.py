"""XML is the default response format, and `listApis` has exactly the shape cloudmonkey's `sync` needs."""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET

import pytest

from cumulo_testkit import SIGNATURE_ERROR, error_body

PARAM_TYPES = {"boolean", "date", "tzdate", "float", "double", "integer", "short", "list", "long",
               "object", "map", "string", "uuid"}

# Commands the integration suite itself drives; every one must be discoverable.
EXPECTED_APIS = {
    "listApis", "queryAsyncJobResult", "listAsyncJobs", "listZones", "createZone", "updateZone",
    "deleteZone", "createPod", "listPods", "addCluster", "listClusters", "createStoragePool",
    "listStoragePools", "addImageStore", "listImageStores", "createPhysicalNetwork", "listPhysicalNetworks",
    "addTrafficType", "listTrafficTypes", "updatePhysicalNetwork", "createNetwork", "listNetworks",
    "listNetworkOfferings", "createVlanIpRange", "listVlanIpRanges", "createServiceOffering",
    "listServiceOfferings", "createDiskOffering", "listDiskOfferings", "listOsTypes", "listEvents",
    "listUsers", "registerUserKeys", "createAccount", "listAccounts",
}
ASYNC_APIS = {"createPhysicalNetwork", "addTrafficType", "updatePhysicalNetwork"}
SYNC_APIS = {"createZone", "createPod", "addCluster", "createStoragePool", "addImageStore", "createNetwork",
             "createVlanIpRange", "createServiceOffering", "createDiskOffering", "listZones"}


def xml_root(response):
    assert response.headers.get("Content-Type", "").startswith("text/xml"), response.headers
    assert response.text.startswith("<?xml"), response.text[:200]
    return ET.fromstring(response.content)


@pytest.fixture(scope="module")
def zone(raw):
    name = f"xml-zone-{uuid.uuid4().hex[:6]} <&'\">"
    response = raw.get("createZone", {"name": name, "dns1": "198.18.0.1", "internaldns1": "198.18.0.2",
                                      "networktype": "Advanced"})
    assert response.status_code == 200, response.text
    return response.json()["createzoneresponse"]["zone"]


# -- XML --------------------------------------------------------------------------------------------


def test_xml_is_the_default(raw, zone):
    response = raw.get("listZones", response=None)
    assert response.status_code == 200, response.text
    root = xml_root(response)
    assert root.tag == "listzonesresponse"
    assert root.get("cloud-stack-version"), f"no cloud-stack-version attribute: {root.attrib}"
    assert root.findtext("count") == "1"
    zones = root.findall("zone")
    assert len(zones) == 1
    assert zones[0].findtext("id") == zone["id"]
    assert zones[0].findtext("name") == zone["name"], "markup characters survive the round trip"
    assert zones[0].findtext("networktype") == "Advanced"


def test_xml_explicitly_requested(raw, zone):
    response = raw.get("listZones", {"id": zone["id"]}, response="xml")
    assert xml_root(response).find("zone/name").text == zone["name"]


def test_xml_empty_list(raw):
    response = raw.get("listZones", {"name": "no-such-zone"}, response=None)
    root = xml_root(response)
    assert root.tag == "listzonesresponse"
    assert list(root) == [], "an empty list has no children, not even <count>"


def test_xml_single_object(raw, zone):
    response = raw.get("updateZone", {"id": zone["id"], "allocationstate": "Enabled"}, response=None)
    assert response.status_code == 200, response.text
    root = xml_root(response)
    assert root.tag == "updatezoneresponse"
    assert root.find("zone/allocationstate").text == "Enabled"


def test_xml_error_envelope(raw):
    response = raw.get("createZone", {"dns1": "198.18.0.1", "internaldns1": "198.18.0.2",
                                      "networktype": "Advanced"}, response=None)
    assert response.status_code == 431, response.text
    root = xml_root(response)
    assert root.tag == "createzoneresponse"
    assert root.findtext("errorcode") == "431"
    assert "name" in root.findtext("errortext")


def test_xml_signature_error(raw):
    response = raw.get("listZones", response=None, tamper=lambda s: "0" + s[1:] if s[0] != "0" else "1" + s[1:])
    assert response.status_code == 401, response.text
    root = xml_root(response)
    assert root.tag == "listzonesresponse"
    assert root.findtext("errorcode") == "401"
    assert root.findtext("errortext") == SIGNATURE_ERROR


# -- listApis ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def apis(raw):
    response = raw.get("listApis")
    assert response.status_code == 200, response.text
    body = response.json()
    assert list(body) == ["listapisresponse"], list(body)
    return body["listapisresponse"]


def test_list_apis_shape(apis):
    assert isinstance(apis.get("api"), list), "listapisresponse.api must be an array"
    assert apis["count"] == len(apis["api"])
    names = [api["name"] for api in apis["api"]]
    assert len(names) == len(set(names)), "duplicate API names"
    for api in apis["api"]:
        where = api.get("name")
        assert isinstance(api["name"], str) and api["name"], api
        assert isinstance(api["description"], str), where
        assert isinstance(api["isasync"], bool), where
        if "related" in api:
            assert isinstance(api["related"], str), where
        if "since" in api:
            assert isinstance(api["since"], str), where
        assert isinstance(api["params"], list), where
        for param in api["params"]:
            assert isinstance(param["name"], str) and param["name"], (where, param)
            assert isinstance(param["type"], str) and param["type"] in PARAM_TYPES, (where, param)
            assert isinstance(param["description"], str), (where, param)
            assert isinstance(param["required"], bool), (where, param)
            assert isinstance(param["length"], int) and not isinstance(param["length"], bool), (where, param)
            assert param["length"] > 0, (where, param)
            if "related" in param:
                assert isinstance(param["related"], str), (where, param)
        assert isinstance(api["response"], list), where
        for field in api["response"]:
            assert isinstance(field, dict), (where, field)
            if "name" in field:
                assert isinstance(field["name"], str), (where, field)
                assert isinstance(field.get("type", ""), str), (where, field)
                assert isinstance(field.get("description", ""), str), (where, field)


def test_list_apis_covers_the_commands_in_use(apis):
    by_name = {api["name"]: api for api in apis["api"]}
    missing = EXPECTED_APIS - set(by_name)
    assert not missing, f"not in listApis: {sorted(missing)}"
    for name in ASYNC_APIS:
        assert by_name[name]["isasync"] is True, name
    for name in SYNC_APIS:
        assert by_name[name]["isasync"] is False, name
    create_zone = {p["name"]: p for p in by_name["createZone"]["params"]}
    for required in ("name", "dns1", "internaldns1", "networktype"):
        assert create_zone[required]["required"] is True, required
    assert create_zone["dns2"]["required"] is False
    assert create_zone["name"]["length"] == 255
    params = {p["name"] for api in apis["api"] for p in api["params"]}
    assert not params & {"response", "apikey", "signature", "sessionkey"}, "reserved names are not params"


def test_list_apis_by_name(raw):
    response = raw.get("listApis", {"name": "listZones"})
    assert response.status_code == 200, response.text
    body = response.json()["listapisresponse"]
    assert body["count"] == 1
    [api] = body["api"]
    assert api["name"] == "listZones"
    assert api["isasync"] is False
    param_names = {p["name"] for p in api["params"]}
    assert {"id", "name", "keyword", "page", "pagesize"} <= param_names, param_names
    response_names = {f.get("name") for f in api["response"]}
    assert {"id", "name", "networktype", "allocationstate"} <= response_names, response_names


def test_list_apis_unknown_name(raw):
    response = raw.get("listApis", {"name": "noSuchApi"})
    assert response.status_code == 530, response.text
    error_body(response, "listapisresponse")
