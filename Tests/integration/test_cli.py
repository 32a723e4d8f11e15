"""The `cumulo` CLI binary against a running cumulo-server.

Each test runs the built binary (`$CUMULO_BIN_DIR/cumulo`) with a temporary HOME. The module's main
profile signs with API keys (obtained through login + registerUserKeys, as the other tests do);
separate tests use username/password login, environment overrides and `import-cmk`. The interactive
shell runs in a pseudo-terminal under tmux.
"""

from __future__ import annotations

import configparser
import csv
import io
import json
import re
import stat
import uuid

import pytest

from cli_testkit import CumuloCLI, TmuxShell, describe
from cumulo_testkit import ADMIN_PASSWORD, ADMIN_USER, items

DNS = ["dns1=198.18.0.1", "internaldns1=198.18.0.2", "networktype=Advanced"]


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


@pytest.fixture(scope="module")
def cli(cumulo_cli_binary, server, admin_keys, tmp_path_factory) -> CumuloCLI:
    """A CLI whose profile holds the server's URL and the admin's keys, synced."""
    cli = CumuloCLI(cumulo_cli_binary, tmp_path_factory.mktemp("cumulo-home"))
    cli.ok("set", "url", server.api_url)
    cli.ok("set", "apikey", admin_keys["apikey"])
    cli.ok("set", "secretkey", admin_keys["secretkey"])
    synced = cli.ok("sync")
    assert re.fullmatch(r"Discovered \d+ APIs\n", synced.stdout), synced.stdout
    return cli


@pytest.fixture(scope="module")
def zone(cli) -> dict:
    created = cli.json("create", "zone", f"name={unique('cli-zone')}", *DNS)
    return created["zone"]


# -- configuration and sync ---------------------------------------------------------------------------


def test_config_file_holds_the_profile_with_mode_0600(cli, server, admin_keys):
    assert stat.S_IMODE(cli.config_file.stat().st_mode) == 0o600
    config = configparser.RawConfigParser()
    config.read(cli.config_file)
    profile = config.get("core", "profile")
    assert config.get(profile, "url") == server.api_url
    assert config.get(profile, "apikey") == admin_keys["apikey"]
    assert config.get(profile, "secretkey") == admin_keys["secretkey"]


def test_settings_are_shown_without_secrets(cli, admin_keys):
    shown = cli.ok("set").stdout
    assert "secretkey = ********" in shown
    assert admin_keys["secretkey"] not in shown


def test_sync_caches_every_api_of_the_server(cli, raw):
    count = raw.get("listApis").json()["listapisresponse"]["count"]
    assert cli.ok("sync").stdout == f"Discovered {count} APIs\n"
    cache = cli.home / ".cumulo" / "profiles" / "localcloud.cache"
    assert cache.exists() and "createPhysicalNetwork" in cache.read_text()


def test_help_prints_the_apis_own_parameter_docs(cli):
    api = cli.ok("create", "zone", "--help").stdout
    assert api.startswith("createZone: ")
    for name in ("name=", "dns1=", "internaldns1=", "networktype="):
        assert name in api
    assert "zone" in cli.ok("create", "--help").stdout
    assert "VERBS (from the server" in cli.ok("--help").stdout


# -- API calls and output formats ---------------------------------------------------------------------


def test_create_zone_and_list_it_as_json(cli, zone, raw):
    assert zone["networktype"] == "Advanced"
    listed = cli.json("list", "zones")
    assert zone["id"] in [z["id"] for z in listed["zone"]]
    assert listed["count"] == len(listed["zone"])
    filtered = cli.json("list", "zones", f"id={zone['id']}", "filter=name,id")
    assert filtered["zone"] == [{"id": zone["id"], "name": zone["name"]}]
    assert cli.json("api", "listZones", f"id={zone['id']}")["zone"][0]["name"] == zone["name"]
    server_side = raw.get("listZones", {"id": zone["id"]}).json()["listzonesresponse"]["zone"]
    assert server_side[0]["name"] == zone["name"]


def test_default_output_is_json(cli, zone):
    result = cli.ok("-o", "default", "list", "zones", f"id={zone['id']}")
    assert result.stdout.startswith("{\n  ")
    assert cli.ok("list", "zones", f"id={zone['id']}").stdout == result.stdout


def test_list_zones_as_table(cli, zone):
    out = cli.ok("list", "zones", f"id={zone['id']}", "filter=id,name", "-o", "table").stdout
    lines = out.splitlines()
    assert lines[0].startswith("+-") and lines[2] == lines[0] and lines[-1] == lines[0], out
    assert [cell.strip() for cell in lines[1].strip("|").split("|")] == ["id", "name"]
    assert [cell.strip() for cell in lines[3].strip("|").split("|")] == [zone["id"], zone["name"]]


def test_list_zones_as_csv(cli, zone):
    out = cli.ok("list", "zones", "filter=id,name,dns1", "--output", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {"id": zone["id"], "name": zone["name"], "dns1": "198.18.0.1"} in rows


def test_list_zones_as_text(cli, zone):
    out = cli.ok("-o", "text", "list", "zones", f"id={zone['id']}").stdout
    fields = dict(line.split(" = ", 1) for line in out.splitlines())
    assert fields["id"] == zone["id"] and fields["name"] == zone["name"]
    two = cli.ok("-o", "text", "list", "zones", "filter=id").stdout
    blocks = two.split("=" * 40 + "\n")
    assert len(blocks) == cli.json("list", "zones")["count"]
    assert all(block.startswith("id = ") for block in blocks)


def test_list_zones_as_column(cli, zone):
    out = cli.ok("-o", "column", "list", "zones", "filter=id,name").stdout
    header, *rows = out.splitlines()
    assert header.split() == ["ID", "NAME"]
    assert header.index("NAME") == rows[0].index(rows[0].split()[1]), out
    assert [zone["id"], zone["name"]] in [row.split() for row in rows]


def test_profile_output_setting_and_environment(cli, zone):
    cli.ok("set", "output", "csv")
    try:
        assert cli.ok("list", "zones", f"id={zone['id']}", "filter=name").stdout == f"name\n{zone['name']}\n"
        env_text = cli.ok("list", "zones", f"id={zone['id']}", "filter=name", env={"CUMULO_OUTPUT": "text"})
        assert env_text.stdout == f"name = {zone['name']}\n"
    finally:
        cli.ok("set", "output", "json")


def test_all_pages(cli, zone, raw):
    cli.json("create", "zone", f"name={unique('cli-zone')}", *DNS)
    total = raw.get("listZones").json()["listzonesresponse"]["count"]
    assert total >= 2
    paged = cli.json("list", "zones", "--all", "pagesize=1", "filter=id")
    assert paged["count"] == total and len(paged["zone"]) == total


def test_async_command_runs_to_completion(cli, zone, raw):
    result = cli.run("-o", "json", "create", "physicalnetwork", f"zoneid={zone['id']}", "name=cli-net")
    assert result.returncode == 0 and result.stderr == "", describe(["create", "physicalnetwork"], result)
    network = json.loads(result.stdout)["physicalnetwork"]
    assert network["name"] == "cli-net" and network["zoneid"] == zone["id"]
    listed = raw.get("listPhysicalNetworks", {"zoneid": zone["id"]}).json()["listphysicalnetworksresponse"]
    assert network["id"] in [n["id"] for n in items(listed, "physicalnetwork")]


def test_async_flag_prints_the_job_id(cli, zone):
    submitted = cli.json("create", "physicalnetwork", f"zoneid={zone['id']}", "name=cli-net-2", "--async")
    assert set(submitted) >= {"jobid"}
    job = cli.json("query", "asyncjobresult", f"jobid={submitted['jobid']}")
    for _ in range(50):
        if job["jobstatus"] != 0:
            break
        job = cli.json("query", "asyncjobresult", f"jobid={submitted['jobid']}")
    assert job["jobstatus"] == 1 and job["jobresult"]["physicalnetwork"]["name"] == "cli-net-2"


# -- errors ----------------------------------------------------------------------------------------------


def test_api_error_exits_non_zero_with_errorcode_and_errortext(cli):
    result = cli.run("delete", "zone", f"id={uuid.uuid4()}")
    assert result.returncode == 1, describe(["delete", "zone"], result)
    assert result.stdout == ""
    assert re.search(r"^errorcode = 431$", result.stderr, re.M), result.stderr
    assert re.search(r"^errortext = \S", result.stderr, re.M), result.stderr


def test_failed_job_exits_non_zero_with_its_error(cli, raw):
    domain = cli.json("create", "domain", f"name={unique('cli-domain')}")["domain"]
    # password= makes the CLI POST the request; the account keeps the domain from being deleted.
    account = cli.json("create", "account", f"username={unique('cli-user')}", "password=Secret-1", "firstname=C",
                       "lastname=L", "email=c@example.org", "accounttype=0", f"domainid={domain['id']}")
    assert account["account"]["domainid"] == domain["id"]
    result = cli.run("delete", "domain", f"id={domain['id']}")
    assert result.returncode == 1, describe(["delete", "domain"], result)
    assert re.search(r"^errorcode = \d+$", result.stderr, re.M) and "errortext = " in result.stderr, result.stderr
    jobs = raw.get("listAsyncJobs").json()["listasyncjobsresponse"]
    assert any(job["cmd"] == "deleteDomain" and job["jobstatus"] == 2 for job in items(jobs, "asyncjobs"))


def test_missing_required_parameter_is_reported_locally(cli):
    result = cli.run("create", "zone", "name=lacking")
    assert result.returncode == 2, describe(["create", "zone"], result)
    assert result.stdout == ""
    assert "missing required parameters for createZone" in result.stderr
    for name in ("dns1", "internaldns1", "networktype"):
        assert name in result.stderr


def test_unknown_parameter_and_command_are_reported_locally(cli):
    unknown = cli.run("list", "zones", "colour=red")
    assert unknown.returncode == 2 and "colour" in unknown.stderr
    noun = cli.run("list", "zonez")
    assert noun.returncode == 2 and "zonez" in noun.stderr
    output = cli.run("list", "zones", "-o", "xml")
    assert output.returncode == 2 and "xml" in output.stderr


def test_unreachable_server_exits_non_zero(cli):
    result = cli.run("list", "zones", env={"CUMULO_URL": "http://127.0.0.1:9/client/api"})
    assert result.returncode == 1 and "127.0.0.1:9" in result.stderr


# -- other ways to authenticate ----------------------------------------------------------------------------


def test_username_and_password_login(cumulo_cli_binary, server, zone, tmp_path):
    cli = CumuloCLI(cumulo_cli_binary, tmp_path)
    cli.ok("set", "url", server.api_url)
    cli.ok("set", "username", ADMIN_USER)
    cli.ok("set", "password", ADMIN_PASSWORD)
    assert stat.S_IMODE(cli.config_file.stat().st_mode) == 0o600
    assert "\npassword = ********\n" in cli.ok("set").stdout
    listed = cli.json("list", "zones", f"id={zone['id']}")
    assert listed["zone"][0]["name"] == zone["name"]
    created = cli.json("create", "zone", f"name={unique('login-zone')}", *DNS)
    assert created["zone"]["id"]
    network = cli.json("create", "physicalnetwork", f"zoneid={created['zone']['id']}", "name=login-net")
    assert network["physicalnetwork"]["name"] == "login-net"


def test_wrong_password_exits_non_zero(cumulo_cli_binary, server, tmp_path):
    cli = CumuloCLI(cumulo_cli_binary, tmp_path)
    cli.ok("set", "url", server.api_url)
    cli.ok("set", "username", ADMIN_USER)
    cli.ok("set", "password", "not-the-password")
    result = cli.run("list", "zones")
    assert result.returncode == 1 and "errorcode = " in result.stderr, describe(["list", "zones"], result)


def test_environment_overrides_need_no_config(cumulo_cli_binary, server, admin_keys, zone, tmp_path):
    cli = CumuloCLI(cumulo_cli_binary, tmp_path, env={
        "CUMULO_PROFILE": "ci", "CUMULO_URL": server.api_url,
        "CUMULO_APIKEY": admin_keys["apikey"], "CUMULO_SECRETKEY": admin_keys["secretkey"],
    })
    assert cli.json("list", "zones", f"id={zone['id']}")["zone"][0]["id"] == zone["id"]


def test_import_cmk_config(cumulo_cli_binary, server, admin_keys, zone, tmp_path):
    cmk = tmp_path / ".cmk"
    cmk.mkdir()
    (cmk / "config").write_text(
        "prompt = 🐱\nasyncblock = true\ntimeout = 1800\noutput = text\nverifycert = true\nprofile = lab\n\n"
        f"[lab]\nurl = {server.api_url}\nusername =\npassword =\ndomain = /\n"
        f"apikey = {admin_keys['apikey']}\nsecretkey = {admin_keys['secretkey']}\n")
    cli = CumuloCLI(cumulo_cli_binary, tmp_path)
    imported = cli.ok("import-cmk").stdout
    assert "lab" in imported and admin_keys["secretkey"] not in imported
    assert stat.S_IMODE(cli.config_file.stat().st_mode) == 0o600
    assert cli.ok("list", "zones", f"id={zone['id']}", "filter=name").stdout == f"name = {zone['name']}\n"


# -- the interactive shell ---------------------------------------------------------------------------------


def test_interactive_shell_runs_commands_and_completes(cli, cumulo_cli_binary, zone):
    shell = TmuxShell(cumulo_cli_binary, cli.home)
    try:
        shell.wait_for(lambda s: "cumulo>" in s, "the prompt")
        shell.type(f"list zones id={zone['id']} filter=name", "Enter")
        shell.wait_for(lambda s: f'"name": "{zone["name"]}"' in s, "the zone in the output")

        shell.type("lis", "Tab")
        shell.wait_for_line("list ")
        shell.type("zon", "Tab")
        shell.wait_for_line("list zones ")
        shell.type("filt", "Tab")
        shell.wait_for_line("list zones filter=")
        shell.type("C-u", "create physicalnetwork zone", "Tab")
        shell.wait_for_line("create physicalnetwork zoneid=")
        shell.type(zone["id"][:13], "Tab")
        shell.wait_for_line(f"create physicalnetwork zoneid={zone['id']} ")
        shell.type("name=shell-net -o text", "Enter")
        shell.wait_for(lambda s: "name = shell-net" in s, "the job result")

        shell.type("exit", "Enter")
        shell.wait_until_exited()
        history = cli.home / ".cumulo" / "history"
        assert "list\\040zones\\040id=" in history.read_text(), "libedit writes blanks as \\040"
        assert "create\\040physicalnetwork" in history.read_text()
        assert stat.S_IMODE(history.stat().st_mode) == 0o600
    finally:
        shell.close()
