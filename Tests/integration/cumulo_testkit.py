"""Helpers shared by the integration tests: the server process, raw CloudStack requests and signing.

The raw client here builds requests by hand so that tests can send exactly what they need (a broken
signature, an expired `expires`, odd parameter names, no `response=`). Everything that is an ordinary
client call goes through the real `cs` client instead (see `cs_client`).
"""

from __future__ import annotations

import base64
import datetime as _dt
import hashlib
import hmac
import os
import re
import signal
import socket
import subprocess
import time
import urllib.parse
from pathlib import Path
from typing import Any, Mapping

import requests

REPO_ROOT = Path(__file__).resolve().parents[2]

ADMIN_USER = "admin"
ADMIN_PASSWORD = "password"

SIGNATURE_ERROR = "unable to verify user credentials and/or request signature"

# Characters java.net.URLEncoder leaves as they are; everything else is percent-encoded.
_JAVA_SAFE = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-*_")


def java_url_encode(value: str) -> str:
    """Encodes like `URLEncoder.encode(value, "UTF-8").replaceAll("\\+", "%20")`, as CloudStack signs."""
    out = []
    for byte in value.encode("utf-8"):
        if byte in _JAVA_SAFE:
            out.append(chr(byte))
        elif byte == 0x20:
            out.append("%20")
        else:
            out.append("%%%02X" % byte)
    return "".join(out)


def canonical_string(params: Mapping[str, str]) -> str:
    """The string CloudStack signs: names sorted case-sensitively, values encoded, all lower-cased."""
    pairs = [
        f"{name}={java_url_encode(str(params[name]))}"
        for name in sorted(params)
        if name.lower() != "signature"
    ]
    return "&".join(pairs).lower()


def sign(params: Mapping[str, str], secret: str) -> str:
    """Base64 HMAC-SHA1 of the canonical string, keyed with the secret key."""
    digest = hmac.new(secret.encode("utf-8"), canonical_string(params).encode("utf-8"), hashlib.sha1)
    return base64.b64encode(digest.digest()).decode("ascii")


def expires_in(seconds: int) -> str:
    """An `expires` value `seconds` from now, in the format `cs` and cloudmonkey send."""
    moment = _dt.datetime.now(_dt.timezone.utc) + _dt.timedelta(seconds=seconds)
    return moment.strftime("%Y-%m-%dT%H:%M:%S+0000")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def locate_bin_dir() -> Path:
    """`$CUMULO_BIN_DIR`, or the debug bin directory that `swift build --show-bin-path` names."""
    env = os.environ.get("CUMULO_BIN_DIR")
    if env:
        return Path(env)
    out = subprocess.run(
        ["swift", "build", "--show-bin-path"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    return Path(out.stdout.strip().splitlines()[-1])


class CumuloServer:
    """One `cumulo-server` process on a loopback port with its own data directory."""

    def __init__(self, binary: Path, data_dir: Path, log_path: Path, port: int | None = None, bind: str = "127.0.0.1"):
        self.binary = binary
        self.bind = bind
        self.data_dir = data_dir
        self.log_path = log_path
        self.port = port or free_port()
        self.process: subprocess.Popen | None = None
        self.starts = 0
        self.last_startup_seconds: float | None = None

    @property
    def base_url(self) -> str:
        return f"http://{self.bind}:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/client/api"

    def start(self, timeout: float = 60.0) -> None:
        assert self.process is None, "server already running"
        self.data_dir.mkdir(parents=True, exist_ok=True)
        log = open(self.log_path, "ab")
        log.write(f"---- start #{self.starts + 1} ----\n".encode())
        log.flush()
        began = time.monotonic()
        self.process = subprocess.Popen(
            [
                str(self.binary),
                "--data-dir", str(self.data_dir),
                "--port", str(self.port),
                "--bind", self.bind,
            ],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        self.starts += 1
        deadline = began + timeout
        while True:
            code = self.process.poll()
            if code is not None:
                self.process = None
                raise AssertionError(
                    f"cumulo-server exited with {code} during start-up\n{self.log_tail()}"
                )
            try:
                response = requests.get(f"{self.base_url}/health", timeout=2)
                if response.status_code == 200:
                    self.last_startup_seconds = time.monotonic() - began
                    return
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                self.kill()
                raise AssertionError(
                    f"cumulo-server did not answer GET /health within {timeout:.0f} s\n{self.log_tail()}"
                )
            time.sleep(0.05)

    def stop(self, timeout: float = 10.0) -> None:
        """Sends SIGTERM and asserts a clean exit (status 0) within `timeout` seconds."""
        process = self.process
        if process is None:
            return
        self.process = None
        process.send_signal(signal.SIGTERM)
        try:
            code = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            raise AssertionError(
                f"cumulo-server did not exit within {timeout:.0f} s of SIGTERM\n{self.log_tail()}"
            )
        assert code == 0, f"cumulo-server exited with status {code} after SIGTERM\n{self.log_tail()}"

    def restart(self) -> None:
        """Stops the server gracefully and starts it again on the same data directory and port."""
        self.stop()
        self.start()

    def kill(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def log_tail(self, lines: int = 80) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return "(no server log)"
        all_lines = text.splitlines()
        parts = []
        # A crash prints a long backtrace after its reason; show the reason and the crashed thread first.
        for index, line in enumerate(all_lines):
            if _CRASH_MARKERS.search(line):
                start = max(0, index - 5)
                parts.append("---- cumulo-server log (crash) ----\n" + "\n".join(all_lines[start:index + 40]))
                break
        parts.append("---- cumulo-server log (tail) ----\n" + "\n".join(all_lines[-lines:]))
        return "\n".join(parts)


_CRASH_MARKERS = re.compile(r"Fatal error|Precondition failed|Assertion failed|Program crashed|\*\*\* Signal")


class RawAPI:
    """Hand-built requests to `/client/api`, signed (or deliberately mis-signed) like CloudStack expects."""

    def __init__(self, api_url: str, apikey: str | None = None, secret: str | None = None):
        self.api_url = api_url
        self.apikey = apikey
        self.secret = secret

    def signed_params(
        self,
        command: str,
        params: Mapping[str, Any] | None = None,
        *,
        response: str | None = "json",
        signature_version: str | None = "3",
        expires: str | None = None,
        apikey: str | None = None,
        secret: str | None = None,
    ) -> dict[str, str]:
        query: dict[str, str] = {"command": command}
        for name, value in (params or {}).items():
            if isinstance(value, bool):
                value = "true" if value else "false"
            query[name] = str(value)
        if response is not None:
            query["response"] = response
        query["apiKey"] = apikey or self.apikey or ""
        if signature_version is not None:
            query["signatureVersion"] = signature_version
            query["expires"] = expires or expires_in(600)
        query["signature"] = sign(query, secret or self.secret or "")
        return query

    def get(self, command: str, params: Mapping[str, Any] | None = None, **options) -> requests.Response:
        """Signed GET; `options` as in `signed_params`, plus `tamper` to change the signature afterwards."""
        tamper = options.pop("tamper", None)
        query = self.signed_params(command, params, **options)
        if tamper is not None:
            query["signature"] = tamper(query["signature"])
        url = self.api_url + "?" + urllib.parse.urlencode(query)
        return requests.get(url, timeout=30)

    def post(self, command: str, params: Mapping[str, Any] | None = None, **options) -> requests.Response:
        """Signed POST with every parameter in an `application/x-www-form-urlencoded` body."""
        query = self.signed_params(command, params, **options)
        return requests.post(self.api_url, data=query, timeout=30)


def error_body(response: requests.Response, root: str) -> dict[str, Any]:
    """The inner object of a CloudStack JSON error envelope, after checking its shape."""
    assert response.headers.get("Content-Type", "").startswith("application/json"), (
        f"error body is not JSON: {response.headers.get('Content-Type')!r}: {response.text[:500]}"
    )
    body = response.json()
    assert list(body) == [root], f"expected a single root key {root!r}, got {list(body)}: {body}"
    inner = body[root]
    assert inner.get("errorcode") == response.status_code, (
        f"errorcode {inner.get('errorcode')!r} differs from HTTP status {response.status_code}: {body}"
    )
    assert isinstance(inner.get("errortext"), str) and inner["errortext"], body
    return inner


def login(api_url: str, username: str = ADMIN_USER, password: str = ADMIN_PASSWORD,
          domain: str | None = None) -> tuple[requests.Session, str, dict[str, Any]]:
    """POSTs `login` and returns the HTTP session (cookies), the session key and the `loginresponse`."""
    session = requests.Session()
    form = {"command": "login", "username": username, "password": password, "response": "json"}
    if domain is not None:
        form["domain"] = domain
    response = session.post(api_url, data=form, timeout=30)
    assert response.status_code == 200, f"login failed: HTTP {response.status_code}: {response.text}"
    body = response.json()["loginresponse"]
    return session, body["sessionkey"], body


def session_call(session: requests.Session, api_url: str, sessionkey: str, command: str,
                 **params: Any) -> requests.Response:
    """A session-authenticated GET: the `sessionkey` parameter plus the session's cookies."""
    query = {"command": command, "response": "json", "sessionkey": sessionkey}
    query.update({k: str(v) for k, v in params.items()})
    return session.get(api_url, params=query, timeout=30)


def bootstrap_admin_keys(api_url: str) -> dict[str, str]:
    """Logs in as admin, finds the admin user and registers API keys for it."""
    session, key, _ = login(api_url)
    users = session_call(session, api_url, key, "listUsers", username=ADMIN_USER)
    assert users.status_code == 200, users.text
    admin = [u for u in users.json()["listusersresponse"]["user"] if u["username"] == ADMIN_USER]
    assert len(admin) == 1, users.text
    registered = session_call(session, api_url, key, "registerUserKeys", id=admin[0]["id"])
    assert registered.status_code == 200, registered.text
    keys = registered.json()["registeruserkeysresponse"]["userkeys"]
    return {"userid": admin[0]["id"], "apikey": keys["apikey"], "secretkey": keys["secretkey"]}


def cs_client(api_url: str, apikey: str, secret: str, **options: Any):
    """The real exoscale `cs` client, waiting for async jobs (polling every 0.2 s, at most 60 s)."""
    from cs import CloudStack

    settings = dict(timeout=30, poll_interval=0.2, job_timeout=60, fetch_result=True)
    settings.update(options)
    return CloudStack(endpoint=api_url, key=apikey, secret=secret, **settings)


def items(listing: Mapping[str, Any], key: str) -> list[dict[str, Any]]:
    """The objects of a list response (`{}` is an empty list), checking `count` against them."""
    if not listing:
        return []
    assert key in listing, f"list response has no {key!r} array: {listing}"
    assert isinstance(listing[key], list), listing
    assert isinstance(listing.get("count"), int), f"list response without an integer count: {listing}"
    return listing[key]


def as_list(value: Any) -> list[Any]:
    """A field CloudStack sends either as a scalar or as a list (e.g. a pod's `startip`)."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]
