"""Templates and ISOs on NFS secondary storage, end to end: the real server downloads from a local HTTP
server straight into the nfs-ganesha export, through libnfs.

Needs the export CI sets up (`CUMULO_TEST_NFS_SECONDARY_EXPORT`, default /srv/nfs/secondary, served on
127.0.0.1) and `qemu-img`. Files are checked byte for byte in the export's directory on this machine.
"""

from __future__ import annotations

import hashlib
import http.server
import os
import shutil
import subprocess
import threading
import time
import uuid
from pathlib import Path

import pytest
import requests
from cs import CloudStackApiException

from cumulo_testkit import cs_client, items

EXPORT = Path(os.environ.get("CUMULO_TEST_NFS_SECONDARY_EXPORT", "/srv/nfs/secondary"))
STORE_URL = f"nfs://127.0.0.1{EXPORT}"

pytestmark = pytest.mark.skipif(not EXPORT.is_dir(), reason=f"{EXPORT} is not exported on this machine")


# -- a local HTTP server --------------------------------------------------------------------------------


class Files:
    """What the test HTTP server serves: path -> bytes, and per path a delay between 64 KiB chunks."""

    def __init__(self):
        self.content: dict[str, bytes] = {}
        self.delay: dict[str, float] = {}
        self.requests: list[str] = []


def make_handler(files: Files):
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def do_GET(self):
            files.requests.append(self.path)
            body = files.content.get(self.path)
            if body is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            delay = files.delay.get(self.path, 0)
            chunk = 64 * 1024
            try:
                for start in range(0, len(body), chunk):
                    self.wfile.write(body[start:start + chunk])
                    if delay:
                        time.sleep(delay)
            except (BrokenPipeError, ConnectionResetError):
                pass

    return Handler


@pytest.fixture(scope="module")
def web():
    files = Files()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), make_handler(files))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    files.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    yield files
    httpd.shutdown()
    httpd.server_close()


# -- cloud fixtures -------------------------------------------------------------------------------------


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


@pytest.fixture(scope="module")
def account_id(cs):
    user = cs.listUsers(username="admin")["user"][0]
    return user["accountid"]


@pytest.fixture(scope="module")
def zone(cs, account_id):
    zone = cs.createZone(name=unique("img-zone"), dns1="198.18.0.1", internaldns1="198.18.0.2",
                         networktype="Advanced")["zone"]
    cs.addImageStore(provider="NFS", name="Secondary", url=STORE_URL, zoneid=zone["id"])
    yield zone
    # The module's server has its own admin account: remove only that account's files from the shared export.
    shutil.rmtree(EXPORT / "template" / "tmpl" / account_id, ignore_errors=True)


def allow_loopback(cs, allowed: bool):
    cs.updateConfiguration(name="secstorage.allowed.internal.sites", value="127.0.0.1" if allowed else "")


def entry(cs, image_id: str, iso: bool) -> dict:
    if iso:
        listing = cs.listIsos(id=image_id, isofilter="self")
        return items(listing, "iso")[0]
    listing = cs.listTemplates(id=image_id, templatefilter="self")
    return items(listing, "template")[0]


def wait_until(cs, image_id: str, iso: bool, done, timeout: float = 90) -> tuple[dict, list[str]]:
    """Polls until `done(entry)`; returns the last entry and every status seen."""
    seen: list[str] = []
    deadline = time.monotonic() + timeout
    while True:
        current = entry(cs, image_id, iso)
        if not seen or seen[-1] != current["status"]:
            seen.append(current["status"])
        if done(current):
            return current, seen
        assert time.monotonic() < deadline, f"timed out; statuses seen: {seen}"
        time.sleep(0.1)


def settled(e: dict) -> bool:
    return e["isready"] or not (e["status"].endswith("Downloaded") or e["status"] in ("Processing", "Installing ISO", "Installing Template"))


def stored_file(account_id: str, image_id: str, extension: str) -> Path:
    return EXPORT / "template" / "tmpl" / account_id / image_id / f"{image_id}.{extension}"


def leftovers(account_id: str, image_id: str) -> list[Path]:
    directory = EXPORT / "template" / "tmpl" / account_id / image_id
    return sorted(directory.iterdir()) if directory.exists() else []


def register_iso(cs, zone, url: str, **extra) -> dict:
    listing = cs.registerIso(name=extra.pop("name", unique("iso")), displaytext="test ISO", url=url,
                             zoneid=zone["id"], **extra)
    isos = items(listing, "iso")
    assert len(isos) == 1
    return isos[0]


# -- tests ----------------------------------------------------------------------------------------------


def test_image_store_must_be_reachable_and_writable(cs, tmp_path):
    zone = cs.createZone(name=unique("img-store"), dns1="198.18.0.1", internaldns1="198.18.0.2",
                         networktype="Advanced")["zone"]
    with pytest.raises(CloudStackApiException) as error:
        cs.addImageStore(provider="NFS", url="nfs://127.0.0.1/cumulo-test/no/such/export", zoneid=zone["id"])
    assert error.value.error["errorcode"] == 431
    assert "not reachable and writable" in error.value.error["errortext"]
    assert cs.listImageStores(zoneid=zone["id"]) == {}

    local = tmp_path / "images"
    store = cs.addImageStore(provider="Local", url=f"file://{local}", zoneid=zone["id"])["imagestore"]
    assert store["providername"] == "Local" and store["disksizetotal"] > 0
    assert local.is_dir()
    assert cs.deleteImageStore(id=store["id"])["success"] is True


def test_internal_address_is_refused_without_the_setting(cs, zone, web, account_id):
    allow_loopback(cs, False)
    web.content["/refused.iso"] = os.urandom(4096)
    iso = register_iso(cs, zone, web.base + "/refused.iso")
    assert iso["isready"] is False
    final, _ = wait_until(cs, iso["id"], True, settled)
    assert final["isready"] is False
    assert "127.0.0.1" in final["status"] and "loopback" in final["status"]
    assert "secstorage.allowed.internal.sites" in final["status"]
    assert "/refused.iso" not in web.requests, "the server must not be contacted"
    assert not stored_file(account_id, iso["id"], "iso").exists()


def test_iso_download_shows_progress_and_lands_byte_for_byte(cs, zone, web, account_id):
    allow_loopback(cs, True)
    body = os.urandom(6 * 1024 * 1024)
    web.content["/slow.iso"] = body
    web.delay["/slow.iso"] = 0.04  # about 4 s in all
    checksum = "{SHA-256}" + hashlib.sha256(body).hexdigest()
    iso = register_iso(cs, zone, web.base + "/slow.iso", checksum=checksum, ispublic="true", isextractable="true",
                       bootable="true")
    for field in ("id", "name", "displaytext", "ispublic", "isready", "isfeatured", "isextractable", "bootable",
                  "crossZones", "ostypeid", "ostypename", "account", "domain", "domainid", "zoneid", "zonename",
                  "status", "format", "hypervisor", "created", "checksum"):
        assert field in iso, f"registerIso answered without {field}: {iso}"
    assert iso["zoneid"] == zone["id"] and iso["format"] == "ISO" and iso["checksum"] == checksum
    final, seen = wait_until(cs, iso["id"], True, settled)
    assert final["status"] == "Successfully Installed", seen
    assert final["isready"] is True
    assert final["size"] == len(body)
    assert final["physicalsize"] == len(body)
    middle = [s for s in seen if s.endswith("% Downloaded") and 0 < int(s.split("%")[0]) < 100]
    assert middle, f"no percentage between 0 and 100 was shown: {seen}"
    path = stored_file(account_id, iso["id"], "iso")
    assert path.read_bytes() == body
    assert leftovers(account_id, iso["id"]) == [path], "no partial file may be left behind"

    # The extract link serves the same bytes.
    link = cs.extractIso(id=iso["id"], mode="HTTP_DOWNLOAD", zoneid=zone["id"], fetch_result=True)["template"]
    assert link["extractMode"] == "HTTP_DOWNLOAD"
    response = requests.get(link["url"], timeout=30)
    assert response.status_code == 200
    assert response.content == body
    assert requests.get(link["url"].rsplit("/", 2)[0] + "/not-a-token/x.iso", timeout=5).status_code == 404


def test_qcow2_template_is_inspected_and_ready(cs, zone, web, account_id, tmp_path):
    allow_loopback(cs, True)
    image = tmp_path / "disk.qcow2"
    subprocess.run(["qemu-img", "create", "-q", "-f", "qcow2", str(image), "64M"], check=True)
    body = image.read_bytes()
    web.content["/disk.qcow2"] = body
    ostype = cs.listOsTypes(description="Other Linux (64-bit)")["ostype"][0]
    listing = cs.registerTemplate(name=unique("tmpl"), displaytext="qcow2 template", url=web.base + "/disk.qcow2",
                                  zoneid=zone["id"], format="QCOW2", hypervisor="KVM", ostypeid=ostype["id"],
                                  checksum=hashlib.md5(body).hexdigest(), requireshvm="true", sshkeyenabled="true",
                                  isrouting="false")
    template = items(listing, "template")[0]
    assert template["hypervisor"] == "KVM" and template["format"] == "QCOW2"
    assert template["ostypename"] == "Other Linux (64-bit)"
    final, seen = wait_until(cs, template["id"], False, settled)
    assert final["status"] == "Download Complete", seen
    assert final["isready"] is True
    assert final["size"] == 64 * 1024 * 1024, "size is the virtual size"
    assert final["physicalsize"] == len(body)
    assert stored_file(account_id, template["id"], "qcow2").read_bytes() == body
    ready = items(cs.listTemplates(templatefilter="executable", zoneid=zone["id"]), "template")
    assert template["id"] in [t["id"] for t in ready]


def test_qcow2_with_a_backing_file_is_refused(cs, zone, web, account_id, tmp_path):
    allow_loopback(cs, True)
    image = tmp_path / "overlay.qcow2"
    subprocess.run(["qemu-img", "create", "-q", "-f", "qcow2", "-b", "/etc/passwd", "-F", "raw", str(image), "1M"],
                   check=True)
    web.content["/overlay.qcow2"] = image.read_bytes()
    template = items(cs.registerTemplate(name=unique("overlay"), url=web.base + "/overlay.qcow2", zoneid=zone["id"],
                                         format="QCOW2", hypervisor="KVM"), "template")[0]
    final, _ = wait_until(cs, template["id"], False, settled)
    assert final["isready"] is False
    assert "backing file /etc/passwd" in final["status"]
    assert leftovers(account_id, template["id"]) == []


def test_wrong_checksum_ends_in_an_error_and_removes_the_file(cs, zone, web, account_id):
    allow_loopback(cs, True)
    body = os.urandom(512 * 1024)
    web.content["/wrong.iso"] = body
    iso = register_iso(cs, zone, web.base + "/wrong.iso", checksum="{SHA-1}" + "0" * 40)
    final, _ = wait_until(cs, iso["id"], True, settled)
    assert final["isready"] is False
    assert final["status"].startswith("Checksum mismatch")
    assert hashlib.sha1(body).hexdigest() in final["status"]
    assert leftovers(account_id, iso["id"]) == []


def test_http_404_ends_in_an_error(cs, zone, web, account_id):
    allow_loopback(cs, True)
    iso = register_iso(cs, zone, web.base + "/missing.iso")
    final, _ = wait_until(cs, iso["id"], True, settled)
    assert final["isready"] is False
    assert "HTTP 404" in final["status"] and "/missing.iso" in final["status"]
    assert leftovers(account_id, iso["id"]) == []


def test_a_stalled_download_times_out_with_a_reason(cs, zone, web, account_id):
    allow_loopback(cs, True)
    cs.updateConfiguration(name="secstorage.download.timeout", value="1")
    cs.updateConfiguration(name="secstorage.download.retries", value="0")
    try:
        web.content["/stalled.iso"] = os.urandom(256 * 1024)
        web.delay["/stalled.iso"] = 4.0  # 64 KiB, then nothing for longer than the idle timeout
        iso = register_iso(cs, zone, web.base + "/stalled.iso")
        final, _ = wait_until(cs, iso["id"], True, settled, timeout=30)
        assert final["isready"] is False
        assert "time" in final["status"].lower(), final["status"]
        assert leftovers(account_id, iso["id"]) == []
    finally:
        cs.updateConfiguration(name="secstorage.download.timeout", value="60")
        cs.updateConfiguration(name="secstorage.download.retries", value="2")


def test_bad_registrations_are_refused_and_change_nothing(cs, zone):
    before = cs.listIsos(isofilter="all")
    refusals = [
        (lambda: cs.registerIso(name="x", url="ftp://127.0.0.1/x.iso", zoneid=zone["id"]), "only http and https"),
        (lambda: cs.registerIso(name="x", url="http://127.0.0.1/x.iso", zoneid=zone["id"], checksum="{SHA-3}ab"),
         "not supported"),
        (lambda: cs.registerIso(name="x", url="http://127.0.0.1/x.iso", zoneid=zone["id"], checksum="abc"),
         "32 hex digits"),
        (lambda: cs.registerTemplate(name="x", url="http://127.0.0.1/x", zoneid=zone["id"], format="VHD",
                                     hypervisor="KVM"), "Format VHD"),
        (lambda: cs.registerTemplate(name="x", url="http://127.0.0.1/x", zoneid=zone["id"], format="QCOW2",
                                     hypervisor="XenServer"), "KVM"),
        (lambda: cs.registerTemplate(name="x", url="http://127.0.0.1/x", zoneid=zone["id"], format="QCOW2",
                                     hypervisor="KVM", isrouting="true"), "isrouting"),
        (lambda: cs.listTemplates(templatefilter="mine"), "Invalid templatefilter"),
    ]
    for call, text in refusals:
        with pytest.raises(CloudStackApiException) as error:
            call()
        assert error.value.error["errorcode"] == 431, error.value.error
        assert text in error.value.error["errortext"], error.value.error
    assert cs.listIsos(isofilter="all") == before


def test_restart_mid_download_still_ends_ready(server, cs, zone, web, account_id):
    allow_loopback(cs, True)
    body = os.urandom(8 * 1024 * 1024)
    web.content["/restart.iso"] = body
    web.delay["/restart.iso"] = 0.03  # about 4 s in all
    iso = register_iso(cs, zone, web.base + "/restart.iso", checksum=hashlib.md5(body).hexdigest())
    wait_until(cs, iso["id"], True, lambda e: e["status"].endswith("% Downloaded") and not e["status"].startswith("0%"))
    server.restart()
    final, seen = wait_until(cs, iso["id"], True, settled)
    assert final["status"] == "Successfully Installed", seen
    assert stored_file(account_id, iso["id"], "iso").read_bytes() == body
    assert web.requests.count("/restart.iso") >= 2, "the download started again after the restart"


def test_users_see_only_what_they_may(cs, server, zone, web):
    allow_loopback(cs, True)
    web.content["/private.iso"] = os.urandom(8192)
    private = register_iso(cs, zone, web.base + "/private.iso", name=unique("private"))
    public = register_iso(cs, zone, web.base + "/private.iso", name=unique("public"), ispublic="true")
    for image in (private, public):
        wait_until(cs, image["id"], True, settled)
    name = unique("user")
    account = cs.createAccount(username=name, password="secret-pw", firstname="U", lastname="Ser",
                               email=f"{name}@example.org", accounttype=0)["account"]
    keys = cs.registerUserKeys(id=account["user"][0]["id"])["userkeys"]
    user = cs_client(server.api_url, keys["apikey"], keys["secretkey"])
    visible = [i["id"] for i in items(user.listIsos(isofilter="executable"), "iso")]
    assert public["id"] in visible
    assert private["id"] not in visible
    assert user.listIsos(isofilter="self") == {}
    assert user.listIsos(id=private["id"], isofilter="executable") == {}
    with pytest.raises(CloudStackApiException) as error:
        user.listIsos(isofilter="all")
    assert error.value.error["errorcode"] == 431
    with pytest.raises(CloudStackApiException) as error:
        user.deleteIso(id=private["id"])
    assert error.value.error["errorcode"] == 431
    with pytest.raises(CloudStackApiException) as error:
        user.deleteIso(id=public["id"])
    assert error.value.error["errorcode"] == 531

    # Sharing the private ISO with the user's account makes it visible as shared.
    cs.updateIsoPermissions(id=private["id"], accounts=name, op="add")
    shared = [i["id"] for i in items(user.listIsos(isofilter="sharedexecutable"), "iso")]
    assert shared == [private["id"]]


def test_copy_to_another_zone(cs, zone, web, tmp_path):
    allow_loopback(cs, True)
    body = os.urandom(300 * 1024)
    web.content["/copy.iso"] = body
    iso = register_iso(cs, zone, web.base + "/copy.iso")
    wait_until(cs, iso["id"], True, settled)
    other = cs.createZone(name=unique("img-copy"), dns1="198.18.0.1", internaldns1="198.18.0.2",
                          networktype="Advanced")["zone"]
    local = tmp_path / "zone2-images"
    cs.addImageStore(provider="Local", url=f"file://{local}", zoneid=other["id"])
    copied = cs.copyIso(id=iso["id"], sourcezoneid=zone["id"], destzoneid=other["id"], fetch_result=True)["iso"]
    assert copied["zoneid"] == other["id"] and copied["isready"] is True
    entries = items(cs.listIsos(id=iso["id"], isofilter="self"), "iso")
    assert sorted(e["zoneid"] for e in entries) == sorted([zone["id"], other["id"]])
    files = list(local.rglob(f"{iso['id']}.iso"))
    assert len(files) == 1 and files[0].read_bytes() == body
    cs.deleteIso(id=iso["id"], zoneid=other["id"], fetch_result=True)
    assert not files[0].exists()
    assert [e["zoneid"] for e in items(cs.listIsos(id=iso["id"], isofilter="self"), "iso")] == [zone["id"]]


def test_delete_removes_the_files_and_frees_the_store(cs, zone, web, account_id):
    allow_loopback(cs, True)
    web.content["/gone.iso"] = os.urandom(100 * 1024)
    iso = register_iso(cs, zone, web.base + "/gone.iso")
    wait_until(cs, iso["id"], True, settled)
    path = stored_file(account_id, iso["id"], "iso")
    assert path.exists()
    store = cs.listImageStores(zoneid=zone["id"])["imagestore"][0]
    with pytest.raises(CloudStackApiException) as error:
        cs.deleteImageStore(id=store["id"])
    assert error.value.error["errorcode"] == 431

    assert cs.deleteIso(id=iso["id"], fetch_result=True)["success"] is True
    assert not path.exists() and not path.parent.exists()
    assert cs.listIsos(id=iso["id"], isofilter="self") == {}

    # Every remaining image in the zone goes, and then the store may go too.
    for image in items(cs.listIsos(isofilter="self", zoneid=zone["id"]), "iso"):
        cs.deleteIso(id=image["id"], fetch_result=True)
    for image in items(cs.listTemplates(templatefilter="self", zoneid=zone["id"]), "template"):
        cs.deleteTemplate(id=image["id"], fetch_result=True)
    assert cs.deleteImageStore(id=store["id"])["success"] is True
    assert leftovers(account_id, iso["id"]) == []
