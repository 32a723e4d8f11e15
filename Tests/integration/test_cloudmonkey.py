"""The real Python cloudmonkey 5.3.3 (PyPI `cloudmonkey==5.3.3.1`, Python 2.7) against the server.

`scripts/test.sh` installs it with `python2.7 -m pip install --prefix $CLOUDMONKEY_PREFIX
cloudmonkey==5.3.3.1` (default prefix /opt/cumulo-test/cloudmonkey). It is run as
`<python2.7> <prefix>/bin/cloudmonkey …` with PYTHONPATH set to the prefix's site-packages and HOME set
to a temporary directory, so its configuration is `$HOME/.cloudmonkey/config`. cloudmonkey 5.3.3 exits 0
on most errors, so the tests judge its output.
"""

from __future__ import annotations

import configparser
import json
import os
import re
import subprocess
from pathlib import Path

import pytest

DEFAULT_PREFIX = "/opt/cumulo-test/cloudmonkey"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


class CloudMonkey:
    def __init__(self, prefix: Path, home: Path):
        self.prefix = prefix
        self.home = home
        script = prefix / "bin" / "cloudmonkey"
        shebang = script.read_text().splitlines()[0]
        assert shebang.startswith("#!"), f"{script} has no interpreter line"
        self.python = shebang[2:].strip().split()[0]
        self.script = script
        site = sorted(prefix.glob("lib/python2*/site-packages"))
        assert site, f"no site-packages under {prefix}"
        self.env = {
            "HOME": str(home),
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "PYTHONPATH": str(site[0]),
            "LANG": "C.UTF-8",
            "TERM": "dumb",
        }

    @property
    def config_file(self) -> Path:
        return self.home / ".cloudmonkey" / "config"

    @property
    def cache_file(self) -> Path:
        return self.home / ".cloudmonkey" / "cache"

    def run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [self.python, str(self.script), *args],
            env=self.env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        result.stdout = ANSI.sub("", result.stdout)
        result.stderr = ANSI.sub("", result.stderr)
        return result

    def json(self, *args: str) -> dict:
        """Runs a command with `-d json` and parses its output (after the async progress spinner)."""
        result = self.run("-d", "json", *args)
        where = f"cloudmonkey {' '.join(args)}\nstdout: {result.stdout!r}\nstderr: {result.stderr!r}"
        assert "Error" not in result.stdout and "Error" not in result.stderr, where
        start = result.stdout.find("{")
        assert start >= 0, f"no JSON in the output of {where}"
        try:
            return json.loads(result.stdout[start:])
        except ValueError as e:
            raise AssertionError(f"unparsable JSON ({e}) from {where}") from None


@pytest.fixture(scope="module")
def monkey(tmp_path_factory) -> CloudMonkey:
    prefix = Path(os.environ.get("CLOUDMONKEY_PREFIX", DEFAULT_PREFIX))
    if not (prefix / "bin" / "cloudmonkey").exists():
        pytest.fail(f"cloudmonkey is not installed in {prefix}: run scripts/test.sh, or set CLOUDMONKEY_PREFIX")
    monkey = CloudMonkey(prefix, tmp_path_factory.mktemp("cloudmonkey-home"))
    version = monkey.run("--version")
    assert "5.3.3" in version.stdout + version.stderr, version
    return monkey


@pytest.fixture(scope="module")
def configured(monkey, server, admin_keys) -> CloudMonkey:
    for key, value in (("url", server.api_url), ("apikey", admin_keys["apikey"]),
                       ("secretkey", admin_keys["secretkey"])):
        result = monkey.run("set", key, value)
        assert result.returncode == 0, result
        assert "Error" not in result.stdout + result.stderr, result
    config = configparser.RawConfigParser()
    config.read(monkey.config_file)
    profile = config.get("core", "profile")
    assert config.get(profile, "url") == server.api_url
    assert config.get(profile, "apikey") == admin_keys["apikey"]
    assert config.get(profile, "secretkey") == admin_keys["secretkey"]
    return monkey


@pytest.fixture(scope="module")
def synced(configured, raw) -> CloudMonkey:
    result = configured.run("sync")
    output = result.stdout + result.stderr
    assert result.returncode == 0, result
    match = re.search(r"(\d+) APIs discovered and cached", output)
    assert match, f"sync did not report discovered APIs: {output!r}"
    server_count = raw.get("listApis").json()["listapisresponse"]["count"]
    assert int(match.group(1)) == server_count
    cache = json.loads(configured.cache_file.read_text())
    assert cache["count"] == server_count
    assert "createPhysicalNetwork" in cache["asyncapis"]
    assert cache["list"]["zones"]["name"] == "listZones"
    assert set(cache["create"]["zone"]["requiredparams"]) >= {"name", "dns1", "internaldns1", "networktype"}
    return configured


def test_sync_discovers_the_apis(synced):
    assert synced.cache_file.exists()


def test_missing_arguments_are_caught_from_the_synced_cache(synced):
    result = synced.run("create", "zone", "name=lacking-the-rest")
    assert "Missing arguments" in result.stdout + result.stderr, result
    for name in ("dns1", "internaldns1", "networktype"):
        assert name in result.stdout + result.stderr, result


def test_list_zones_empty(synced):
    result = synced.run("-d", "json", "list", "zones", "name=no-such-zone")
    assert result.returncode == 0, result
    assert "Error" not in result.stdout + result.stderr, result


def test_create_and_list_zone(synced, raw):
    created = synced.json("create", "zone", "name=MonkeyZone", "networktype=Advanced",
                          "dns1=198.18.0.1", "internaldns1=198.18.0.2")
    zone = created["zone"]
    assert zone["name"] == "MonkeyZone"
    assert zone["networktype"] == "Advanced"
    assert zone["dns1"] == "198.18.0.1"

    listed = synced.json("list", "zones")
    assert listed["count"] >= 1
    assert zone["id"] in [z["id"] for z in listed["zone"]]

    filtered = synced.json("list", "zones", f"id={zone['id']}", "filter=name,id")
    assert filtered["zone"] == [{"id": zone["id"], "name": "MonkeyZone"}]

    server_side = raw.get("listZones", {"id": zone["id"]}).json()["listzonesresponse"]["zone"]
    assert server_side[0]["name"] == "MonkeyZone"


def test_async_command_waits_for_the_job(synced, raw):
    zones = raw.get("listZones", {"name": "MonkeyZone"}).json()["listzonesresponse"].get("zone")
    if not zones:
        created = raw.get("createZone", {"name": "MonkeyZone", "networktype": "Advanced",
                                         "dns1": "198.18.0.1", "internaldns1": "198.18.0.2"})
        assert created.status_code == 200, created.text
        zone_id = created.json()["createzoneresponse"]["zone"]["id"]
    else:
        zone_id = zones[0]["id"]

    job = synced.json("create", "physicalnetwork", f"zoneid={zone_id}", "name=MonkeyNet")
    assert job["jobstatus"] == 1, job
    assert job["jobresultcode"] == 0, job
    network = job["jobresult"]["physicalnetwork"]
    assert network["name"] == "MonkeyNet"
    assert network["zoneid"] == zone_id

    listed = synced.json("list", "physicalnetworks", f"zoneid={zone_id}")
    assert [n["name"] for n in listed["physicalnetwork"]] == ["MonkeyNet"]


def test_server_errors_are_reported(synced):
    result = synced.run("-d", "json", "create", "zone", "name=" + "z" * 300, "networktype=Advanced",
                        "dns1=198.18.0.1", "internaldns1=198.18.0.2")
    output = result.stdout + result.stderr
    assert "431" in output, result
