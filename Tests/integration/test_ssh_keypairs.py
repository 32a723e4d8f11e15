"""SSH key pairs with the real `cs` client: create (the private key is answered once), register, list, delete.

Keys made by `ssh-keygen` are registered when it is installed; otherwise a fixed Ed25519 key is used.
"""

from __future__ import annotations

import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
from cs import CloudStackApiException

from cumulo_testkit import cs_client, items

FIXED_ED25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAII1rmpgB/7wFmM8mPUT2WsGFcxVCkGXg33Awjm1iBqiH vector@cumulo"
FIXED_FINGERPRINT = "ad:12:61:69:d6:2e:b5:3a:ce:e9:ff:67:11:44:ba:21"
SSH_KEYGEN = shutil.which("ssh-keygen")


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def keypairs(client, **params) -> list[dict]:
    return items(client.listSSHKeyPairs(**params), "sshkeypair")


def md5_fingerprint(public_key_file: Path) -> str:
    out = subprocess.run([SSH_KEYGEN, "-l", "-E", "md5", "-f", str(public_key_file)],
                         check=True, capture_output=True, text=True).stdout
    return out.split()[1].removeprefix("MD5:")


@pytest.fixture(scope="module")
def user(raw, server):
    """A normal user account with its own `cs` client."""
    name = unique("keys")
    response = raw.post("createAccount", {
        "accounttype": 0, "account": name, "username": name, "password": "s3cret-Pass",
        "email": f"{name}@example.invalid", "firstname": "Key", "lastname": "Owner",
    })
    assert response.status_code == 200, response.text
    account = response.json()["createaccountresponse"]["account"]
    registered = raw.get("registerUserKeys", {"id": account["user"][0]["id"]})
    assert registered.status_code == 200, registered.text
    keys = registered.json()["registeruserkeysresponse"]["userkeys"]
    return {"account": account, "cs": cs_client(server.api_url, keys["apikey"], keys["secretkey"])}


def test_create_returns_the_private_key_once(cs, tmp_path):
    name = unique("created")
    keypair = cs.createSSHKeyPair(name=name)["keypair"]
    assert keypair["name"] == name
    assert keypair["account"] == "admin"
    assert len(keypair["fingerprint"].split(":")) == 16
    private_key = keypair["privatekey"]
    assert "PRIVATE KEY-----" in private_key

    listed = keypairs(cs, name=name)
    assert [k["id"] for k in listed] == [keypair["id"]]
    assert "privatekey" not in listed[0]
    assert listed[0]["fingerprint"] == keypair["fingerprint"]

    if SSH_KEYGEN:
        pem = tmp_path / "created.pem"
        pem.write_text(private_key)
        pem.chmod(0o600)
        public = subprocess.run([SSH_KEYGEN, "-y", "-f", str(pem)], check=True, capture_output=True, text=True).stdout
        assert public.startswith("ssh-rsa AAAA")
        (tmp_path / "created.pub").write_text(public)
        assert md5_fingerprint(tmp_path / "created.pub") == keypair["fingerprint"]


def test_register_list_and_delete(cs, tmp_path):
    if SSH_KEYGEN:
        key_file = tmp_path / "registered"
        subprocess.run([SSH_KEYGEN, "-q", "-t", "ed25519", "-N", "", "-C", "pytest", "-f", str(key_file)], check=True)
        public_key = (tmp_path / "registered.pub").read_text().strip()
        fingerprint = md5_fingerprint(tmp_path / "registered.pub")
    else:
        public_key, fingerprint = FIXED_ED25519, FIXED_FINGERPRINT
    name = unique("registered")
    keypair = cs.registerSSHKeyPair(name=name, publickey=public_key)["keypair"]
    assert keypair["fingerprint"] == fingerprint
    assert "privatekey" not in keypair

    assert [k["name"] for k in keypairs(cs, fingerprint=fingerprint)] == [name]
    assert [k["name"] for k in keypairs(cs, keyword=name[-8:])] == [name]
    assert [k["name"] for k in keypairs(cs, id=keypair["id"], listall=True)] == [name]

    with pytest.raises(CloudStackApiException) as duplicate:
        cs.registerSSHKeyPair(name=name, publickey=public_key)
    assert duplicate.value.error["errorcode"] == 431

    assert cs.deleteSSHKeyPair(name=name)["success"] is True
    assert keypairs(cs, name=name) == []
    with pytest.raises(CloudStackApiException) as again:
        cs.deleteSSHKeyPair(name=name)
    assert again.value.error["errorcode"] == 431


def test_malformed_keys_are_refused(cs):
    name = unique("bad")
    for key in ["ssh-dss AAAAB3NzaC1kc3MAAACBAP8=", "ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAII1rmpgB/7wFmM8mPUT2WsGFcxVCkGXg33Awjm1iBqiH",
                "not a key"]:
        with pytest.raises(CloudStackApiException) as refused:
            cs.registerSSHKeyPair(name=name, publickey=key)
        assert refused.value.error["errorcode"] == 431
        assert "Public key is invalid" in refused.value.error["errortext"]
    assert keypairs(cs, name=name) == []


def test_accounts_are_kept_apart(cs, user):
    account = user["account"]
    mine = unique("user-key")
    user["cs"].registerSSHKeyPair(name=mine, publickey=FIXED_ED25519)
    admins = unique("admin-key")
    cs.createSSHKeyPair(name=admins)

    assert [k["name"] for k in keypairs(user["cs"], listall=True)] == [mine]
    with pytest.raises(CloudStackApiException) as denied:
        user["cs"].deleteSSHKeyPair(name=admins, account="admin", domainid=account["domainid"])
    assert denied.value.error["errorcode"] == 531
    assert [k["name"] for k in keypairs(cs, name=admins)] == [admins]

    seen = keypairs(cs, account=account["name"], domainid=account["domainid"])
    assert [k["name"] for k in seen] == [mine]
    assert mine in [k["name"] for k in keypairs(cs, listall=True)]
    assert cs.deleteSSHKeyPair(name=mine, account=account["name"], domainid=account["domainid"])["success"] is True
    assert keypairs(user["cs"]) == []
    cs.deleteSSHKeyPair(name=admins)
