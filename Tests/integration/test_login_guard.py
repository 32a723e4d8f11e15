"""Password logins resist guessing: unknown users cost a full hash, a user is locked after
`incorrect.login.attempts.allowed` failures, and an address with too many failures a minute is refused.

The tests share one server and run in order; every failure here comes from 127.0.0.1 and counts against it,
so the throttling test comes last.
"""

from __future__ import annotations

import statistics
import subprocess
import time
import uuid

import pytest
import requests

from cumulo_testkit import CumuloServer, error_body, items


def login(api_url: str, username: str, password: str) -> requests.Response:
    return requests.post(api_url, data={"command": "login", "username": username, "password": password,
                                        "domain": "/", "response": "json"}, timeout=60)


@pytest.fixture(scope="module")
def victim(raw):
    name = f"victim-{uuid.uuid4().hex[:6]}"
    response = raw.post("createAccount", {"accounttype": 0, "account": name, "username": name, "password": "Right-Pass-1",
                                          "email": f"{name}@example.invalid", "firstname": "V", "lastname": "User"})
    assert response.status_code == 200, response.text
    return {"name": name, "id": response.json()["createaccountresponse"]["account"]["user"][0]["id"]}


def test_an_unknown_user_costs_as_much_as_a_wrong_password(server, victim):
    def timed(username: str) -> float:
        start = time.monotonic()
        response = login(server.api_url, username, "wrong-password")
        assert response.status_code == 531, response.text
        return time.monotonic() - start

    known = statistics.median(timed(victim["name"]) for _ in range(3))
    unknown = statistics.median(timed(f"nobody-{uuid.uuid4().hex[:6]}") for _ in range(3))
    assert unknown >= 0.5 * known, f"unknown user {unknown * 1000:.0f} ms, known user {known * 1000:.0f} ms"
    # A good login gives the three failures back.
    assert login(server.api_url, victim["name"], "Right-Pass-1").status_code == 200


def test_five_failures_lock_a_user_until_an_administrator_enables_it(server, raw, victim):
    for _ in range(5):
        assert login(server.api_url, victim["name"], "wrong-password").status_code == 531
    locked = login(server.api_url, victim["name"], "Right-Pass-1")
    assert locked.status_code == 531, "the right password no longer opens a locked user"
    users = items(raw.get("listUsers", {"id": victim["id"], "listall": "true"}).json()["listusersresponse"], "user")
    assert users[0]["state"] == "locked", users
    events = items(raw.get("listEvents", {"type": "USER.LOCK", "listall": "true"}).json()["listeventsresponse"], "event")
    assert any(victim["name"] in event["description"] for event in events), events
    assert raw.get("enableUser", {"id": victim["id"]}).status_code == 200
    assert login(server.api_url, victim["name"], "Right-Pass-1").status_code == 200


def test_an_address_with_too_many_failures_is_refused_for_a_minute(server, raw):
    refused = None
    for attempt in range(40):
        response = login(server.api_url, f"nobody-{attempt}", "wrong-password")
        assert response.status_code == 531, response.text
        if "Too many failed logins" in error_body(response, "loginresponse")["errortext"]:
            refused = attempt
            break
    assert refused is not None and refused <= 20, refused
    # Even the right password is not checked now; signed requests are not affected.
    response = login(server.api_url, "admin", "password")
    assert response.status_code == 531 and "Too many failed logins" in response.text
    assert raw.get("listZones").status_code == 200


def test_the_default_password_opens_no_session_from_another_machine(cumulo_binary, tmp_path):
    """A server listening on a non-loopback address refuses the default admin password from there; a
    password of the operator's own works from anywhere."""
    address = "198.18.250.1"
    subprocess.run(["ip", "address", "add", f"{address}/32", "dev", "lo"], check=True)
    srv = CumuloServer(cumulo_binary, tmp_path / "data", tmp_path / "server.log", bind=address)
    try:
        srv.start()
        refused = login(srv.api_url, "admin", "password")
        assert refused.status_code == 531, refused.text
        assert "default password" in error_body(refused, "loginresponse")["errortext"], refused.text
        assert "sessionkey" not in refused.cookies
    finally:
        srv.stop()
        subprocess.run(["ip", "address", "del", f"{address}/32", "dev", "lo"], check=False)
    # The same data directory, now on loopback: the default password works here and can be changed.
    local = CumuloServer(cumulo_binary, tmp_path / "data", tmp_path / "server.log")
    try:
        local.start()
        session = requests.Session()
        accepted = session.post(local.api_url, data={"command": "login", "username": "admin", "password": "password",
                                                     "domain": "/", "response": "json"}, timeout=60)
        assert accepted.status_code == 200, accepted.text
        mode = (tmp_path / "data").stat().st_mode & 0o777
        assert mode == 0o700, oct(mode)
        database = next((tmp_path / "data").glob("*.db"))
        assert database.stat().st_mode & 0o777 == 0o600, oct(database.stat().st_mode)
    finally:
        local.stop()
