"""Bad input gets CloudStack's error envelope with HTTP status = errorcode, and changes nothing.

Also covers the request-format rules a client relies on: paging, `{}` for empty lists, case-insensitive
parameter names, unknown parameters, map parameters, and what users may see.
"""

from __future__ import annotations

import os

import uuid

import pytest
import requests

from cumulo_testkit import (
    SIGNATURE_ERROR,
    RawAPI,
    canonical_string,
    error_body,
    expires_in,
    items,
    session_call,
    login,
    sign,
)

DNS = {"dns1": "198.18.0.1", "internaldns1": "198.18.0.2", "networktype": "Advanced"}


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def zone_names(raw: RawAPI) -> list[str]:
    response = raw.get("listZones")
    assert response.status_code == 200, response.text
    return [z["name"] for z in items(response.json()["listzonesresponse"], "zone")]


def create_zone(raw: RawAPI, name: str) -> dict:
    response = raw.get("createZone", {"name": name, **DNS})
    assert response.status_code == 200, response.text
    return response.json()["createzoneresponse"]["zone"]


# -- the signer used by these tests -----------------------------------------------------------------


def test_signer_matches_the_reference_vector():
    params = {
        "command": "listZones",
        "response": "json",
        "signatureVersion": "3",
        "expires": "2030-01-01T00:00:00+0000",
        "name": "Zone 1*~+\u00e9",
        "apiKey": "plgWJfZK4gyS3mOMTVmjUVg-X-jlWlnfaUJ9GAbBbf9EdM-kAYMmAiLqzzq1ElZLYq_u38zCm0bewzGUdP66mg",
    }
    secret = "VDaACYb0LV9eNjTetIOElcVQkvJck_J_QljX_FcHRj87ZKiy0z0ty0ZsYBkoXkY9b7eq1EhwJaw7FF3akA3KBQ"
    assert canonical_string(params).endswith(
        "&command=listzones&expires=2030-01-01t00%3a00%3a00%2b0000"
        "&name=zone%201*%7e%2b%c3%a9&response=json&signatureversion=3")
    assert sign(params, secret) == "G5lPTboVz9C0kE7wpdwJ9TLVv8k="


# -- authentication ---------------------------------------------------------------------------------


def assert_signature_refused(response: requests.Response, root: str = "listzonesresponse") -> None:
    assert response.status_code == 401, response.text
    body = error_body(response, root)
    assert body["errorcode"] == 401
    assert body["errortext"] == SIGNATURE_ERROR
    assert body.get("uuidList") == [], body


def test_good_signature_is_accepted(raw):
    response = raw.get("listZones")
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].startswith("application/json")


def test_bad_signature_is_401(raw):
    flip = lambda s: ("A" if s[0] != "A" else "B") + s[1:]  # noqa: E731
    assert_signature_refused(raw.get("listZones", tamper=flip))


def test_missing_signature_is_401(server, admin_keys):
    response = requests.get(server.api_url, params={
        "command": "listZones", "response": "json", "apiKey": admin_keys["apikey"]}, timeout=30)
    assert_signature_refused(response)


def test_expired_signature_v3_is_401(raw):
    assert_signature_refused(raw.get("listZones", expires="2001-01-01T00:00:00+0000"))


def test_expires_far_ahead_is_401(raw):
    """A signature whose `expires` lies years ahead would work as a credential of its own."""
    assert_signature_refused(raw.get("listZones", expires="2099-01-01T00:00:00+0000"))
    assert raw.get("listZones", expires=expires_in(3600)).status_code == 200


def test_parameter_names_outside_cloudstacks_characters_are_refused_before_authentication(raw, server):
    """Names are signed as sent; `=` or `&` inside one could splice parameters into the signed text."""
    for name in ["signatureVersion=3&expires", "na&me", "a b", "x\u00e9"]:
        params = raw.signed_params("listZones", {name: "1"})
        response = requests.post(raw.api_url, data=params, timeout=30)
        assert response.status_code == 431, (name, response.text)
        assert "is not valid" in error_body(response, "listzonesresponse")["errortext"]
        unsigned = requests.get(server.api_url, params={"command": "listZones", "response": "json", name: "1"}, timeout=30)
        assert unsigned.status_code == 431, (name, unsigned.text)
    assert raw.post("listZones", {"details[0].key": "x", "tags[1].value": "y", "_": "1"}).status_code == 200


def test_expires_is_ignored_without_signature_version_3(raw):
    params = raw.signed_params("listZones", {"expires": "2001-01-01T00:00:00+0000"}, signature_version=None)
    response = requests.get(raw.api_url, params=params, timeout=30)
    assert response.status_code == 200, response.text


def test_unknown_api_key_is_401(raw):
    response = raw.get("listZones", apikey="x" * 86, secret="y" * 86)
    assert_signature_refused(response)


def test_signed_post_is_accepted(raw):
    response = raw.post("listZones")
    assert response.status_code == 200, response.text


def test_login_with_get_is_405_plain_text(server):
    response = requests.get(server.api_url, params={
        "command": "login", "username": "admin", "password": "password", "response": "json"}, timeout=30)
    assert response.status_code == 405, response.text
    assert response.text.strip() == "Please use HTTP POST to authenticate using this API"
    assert not response.headers.get("Content-Type", "").startswith("application/json")


def test_login_with_wrong_password_is_531(server):
    response = requests.post(server.api_url, data={
        "command": "login", "username": "admin", "password": "not-the-password", "response": "json"}, timeout=30)
    assert response.status_code == 531, response.text
    body = error_body(response, "loginresponse")
    assert body["errorcode"] == 531
    assert "sessionkey" not in response.headers.get("Set-Cookie", "")


def test_wrong_session_key_is_401(server):
    session, key, _ = login(server.api_url)
    response = session_call(session, server.api_url, key[::-1] + "x", "listZones")
    assert response.status_code == 401, response.text
    error_body(response, "listzonesresponse")


# -- parameters -------------------------------------------------------------------------------------


def test_missing_required_parameter_is_431_and_creates_nothing(raw):
    before = zone_names(raw)
    response = raw.get("createZone", DNS)
    assert response.status_code == 431, response.text
    body = error_body(response, "createzoneresponse")
    assert "missing parameter name" in body["errortext"], body
    assert zone_names(raw) == before


def test_unknown_zone_id_is_431(raw):
    missing = str(uuid.uuid4())
    response = raw.get("createPod", {"zoneid": missing, "name": unique("pod"), "gateway": "198.18.2.1",
                                     "netmask": "255.255.255.0", "startip": "198.18.2.10",
                                     "endip": "198.18.2.20"})
    assert response.status_code == 431, response.text
    error_body(response, "createpodresponse")
    deleted = raw.get("deleteZone", {"id": missing})
    assert deleted.status_code == 431, deleted.text
    error_body(deleted, "deletezoneresponse")


def test_delete_zone_with_pods_is_refused(raw):
    zone = create_zone(raw, unique("zone-with-pod"))
    pod = raw.get("createPod", {"zoneid": zone["id"], "name": unique("pod"), "gateway": "198.18.3.1",
                                "netmask": "255.255.255.0", "startip": "198.18.3.10", "endip": "198.18.3.20"})
    assert pod.status_code == 200, pod.text
    response = raw.get("deleteZone", {"id": zone["id"]})
    assert response.status_code in (431, 530, 536), response.text
    error_body(response, "deletezoneresponse")
    still = raw.get("listZones", {"id": zone["id"]})
    assert still.status_code == 200, still.text
    assert [z["id"] for z in items(still.json()["listzonesresponse"], "zone")] == [zone["id"]]


def test_delete_empty_zone_succeeds(raw):
    zone = create_zone(raw, unique("zone-empty"))
    response = raw.get("deleteZone", {"id": zone["id"]})
    assert response.status_code == 200, response.text
    assert response.json() == {"deletezoneresponse": {"success": True}}
    assert zone["name"] not in zone_names(raw)


def test_duplicate_zone_name_is_refused(raw):
    name = unique("dup")
    create_zone(raw, name)
    response = raw.get("createZone", {"name": name, **DNS})
    assert response.status_code == 431, response.text
    error_body(response, "createzoneresponse")
    assert zone_names(raw).count(name) == 1


def test_oversized_string_is_431(raw):
    before = zone_names(raw)
    response = raw.get("createZone", {"name": "z" * 256, **DNS})
    assert response.status_code == 431, response.text
    body = error_body(response, "createzoneresponse")
    assert "255" in body["errortext"], body
    assert zone_names(raw) == before


def test_a_huge_value_is_not_echoed_whole(raw):
    """Error texts and the X-Description header are bounded, so an HTTP client can read the answer."""
    for command, params in [("listZones", {"id": "a" * 65536}), ("createZone", {"name": "z" * 65536, **DNS}),
                            ("listPods", {"zoneid": "\u00e9\u202e" * 20000})]:
        response = raw.post(command, params)
        assert response.status_code == 431, response.text[:300]
        body = error_body(response, command.lower() + "response")
        assert len(body["errortext"]) <= 1024, len(body["errortext"])
        header = response.headers["X-Description"]
        assert len(header) <= 515 and header.isascii(), header[:100]


def test_pages_past_any_end_are_empty(raw):
    """Paging arithmetic never traps: a page whose offset does not fit a 64-bit integer holds nothing."""
    for command, extra in [("listZones", {}), ("listNetworks", {}), ("listServiceOfferings", {}), ("listNetworkOfferings", {}),
                           ("listTemplates", {"templatefilter": "all"}), ("listDiskOfferings", {})]:
        response = raw.get(command, {"page": "9223372036854775807", "pagesize": "2", **extra})
        assert response.status_code == 200, (command, response.text[:300])
    assert raw.get("listZones").status_code == 200


def test_sql_metacharacters_are_stored_verbatim(raw):
    name = "x'); DROP TABLE zone;--"
    zone = create_zone(raw, name)
    assert zone["name"] == name
    response = raw.get("listZones", {"name": name})
    assert response.status_code == 200, response.text
    listed = items(response.json()["listzonesresponse"], "zone")
    assert [z["name"] for z in listed] == [name]
    assert listed[0]["id"] == zone["id"]
    assert name in zone_names(raw)  # and the table is still there


def test_pod_with_inverted_ip_range_is_431(raw):
    zone = create_zone(raw, unique("zone-range"))
    response = raw.get("createPod", {"zoneid": zone["id"], "name": unique("pod"), "gateway": "198.18.4.1",
                                     "netmask": "255.255.255.0", "startip": "198.18.4.200",
                                     "endip": "198.18.4.10"})
    assert response.status_code == 431, response.text
    error_body(response, "createpodresponse")
    pods = raw.get("listPods", {"zoneid": zone["id"]})
    assert pods.json() == {"listpodsresponse": {}}


def test_unknown_parameters_are_ignored(raw):
    response = raw.get("listZones", {"nosuchparameter": "1", "listAll": "true"})
    assert response.status_code == 200, response.text


def test_parameter_names_are_case_insensitive(raw):
    zone = create_zone(raw, unique("zone-case"))
    response = raw.get("createPod", {"zoneId": zone["id"], "Name": "CasePod", "Gateway": "198.18.5.1",
                                     "netMask": "255.255.255.0", "startIp": "198.18.5.10",
                                     "endIp": "198.18.5.20"})
    assert response.status_code == 200, response.text
    pod = response.json()["createpodresponse"]["pod"]
    assert pod["zoneid"] == zone["id"]
    assert pod["name"] == "CasePod"
    listed = raw.get("listPods", {"zoneId": zone["id"]})
    assert [p["id"] for p in items(listed.json()["listpodsresponse"], "pod")] == [pod["id"]]


def test_map_parameters(raw):
    zone = create_zone(raw, unique("zone-map"))
    name = unique("store")
    response = raw.get("addImageStore", {
        "provider": "NFS", "name": name, "zoneid": zone["id"],
        "url": "nfs://127.0.0.1" + os.environ.get("CUMULO_TEST_NFS_SECONDARY_EXPORT", "/srv/nfs/secondary"),
        "details[0].key": "mountopts", "details[0].value": "vers=4.1",
        "details[1].key": "note", "details[1].value": "a b&c=d",
    })
    assert response.status_code == 200, response.text
    store = response.json()["addimagestoreresponse"]["imagestore"]
    assert store["name"] == name
    listed = raw.get("listImageStores", {"zoneid": zone["id"]})
    assert [s["name"] for s in items(listed.json()["listimagestoresresponse"], "imagestore")] == [name]


# -- lists ------------------------------------------------------------------------------------------


def test_empty_list_is_an_empty_object(raw):
    response = raw.get("listZones", {"name": unique("no-such-zone")})
    assert response.status_code == 200, response.text
    assert response.json() == {"listzonesresponse": {}}


def test_paging_counts_the_total(raw):
    first = raw.get("listDiskOfferings").json()["listdiskofferingsresponse"]
    before = first.get("count", 0)
    for size in range(1, 8):
        created = raw.get("createDiskOffering", {"name": unique(f"page-{size}"), "displaytext": "paging",
                                                 "disksize": size})
        assert created.status_code == 200, created.text
    page = raw.get("listDiskOfferings", {"page": 2, "pagesize": 3})
    assert page.status_code == 200, page.text
    body = page.json()["listdiskofferingsresponse"]
    assert body["count"] == before + 7, body
    assert len(items(body, "diskoffering")) == 3
    whole = raw.get("listDiskOfferings", {"page": 1, "pagesize": 500}).json()["listdiskofferingsresponse"]
    ids = [d["id"] for d in items(whole, "diskoffering")]
    assert [d["id"] for d in body["diskoffering"]] == ids[3:6], "page 2 is the second run of 3"
    beyond = raw.get("listDiskOfferings", {"page": 100, "pagesize": 3}).json()
    assert beyond == {"listdiskofferingsresponse": {"count": before + 7}}


def test_page_size_above_500_is_431(raw):
    response = raw.get("listDiskOfferings", {"page": 1, "pagesize": 501})
    assert response.status_code == 431, response.text
    body = error_body(response, "listdiskofferingsresponse")
    assert "500" in body["errortext"], body


# -- roles and what users see -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def user(raw):
    """A normal user (account type 0) in ROOT with its own API keys."""
    account_name = unique("acct")
    response = raw.post("createAccount", {
        "accounttype": 0, "account": account_name, "username": account_name, "password": "s3cret-Pass",
        "email": f"{account_name}@example.invalid", "firstname": "Test", "lastname": "User",
    })
    assert response.status_code == 200, response.text
    account = response.json()["createaccountresponse"]["account"]
    assert account["accounttype"] == 0
    user_id = account["user"][0]["id"]
    registered = raw.get("registerUserKeys", {"id": user_id})
    assert registered.status_code == 200, registered.text
    keys = registered.json()["registeruserkeysresponse"]["userkeys"]
    return {"account": account, "id": user_id, "keys": keys,
            "api": RawAPI(raw.api_url, keys["apikey"], keys["secretkey"])}


def test_user_cannot_call_admin_commands(raw, user):
    before = zone_names(raw)
    response = user["api"].get("createZone", {"name": unique("user-zone"), **DNS})
    assert response.status_code == 432, response.text
    body = error_body(response, "errorresponse")
    assert body["errorcode"] == 432
    assert zone_names(raw) == before


def test_user_sees_only_its_own_account(user):
    response = user["api"].get("listAccounts", {"listall": "true"})
    assert response.status_code == 200, response.text
    accounts = items(response.json()["listaccountsresponse"], "account")
    assert [a["name"] for a in accounts] == [user["account"]["name"]]
    users = user["api"].get("listUsers", {"listall": "true"})
    assert users.status_code == 200, users.text
    assert [u["id"] for u in items(users.json()["listusersresponse"], "user")] == [user["id"]]


def test_secrets_never_listed(raw, user, admin_keys):
    response = raw.get("listUsers", {"listall": "true"})
    assert response.status_code == 200, response.text
    text = response.text
    assert user["keys"]["secretkey"] not in text
    assert admin_keys["secretkey"] not in text
    assert "s3cret-Pass" not in text
    listed = items(response.json()["listusersresponse"], "user")
    assert {u["id"] for u in listed} >= {user["id"], admin_keys["userid"]}
    for entry in listed:
        assert "secretkey" not in entry and "password" not in entry, entry
        if entry["id"] == admin_keys["userid"]:
            assert entry.get("apikey") == admin_keys["apikey"], "the caller sees its own apikey"
        else:
            assert "apikey" not in entry, f"another user's apikey is listed: {entry}"
    accounts = raw.get("listAccounts", {"listall": "true"})
    assert accounts.status_code == 200, accounts.text
    assert user["keys"]["secretkey"] not in accounts.text and "s3cret-Pass" not in accounts.text
