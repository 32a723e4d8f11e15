"""Fixtures that run the real `cumulo-server` binary for the integration tests.

The binary is not built here: `scripts/test.sh` builds it first. Set `CUMULO_BIN_DIR` to use another
build; otherwise the directory printed by `swift build --show-bin-path` (the debug build) is used.
Each test module gets its own server on a free loopback port with a fresh data directory; the server is
stopped with SIGTERM at the end and must exit with status 0 within 10 seconds.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from cumulo_testkit import CumuloServer, bootstrap_admin_keys, cs_client, locate_bin_dir, RawAPI

_running: list[CumuloServer] = []


def built_binary(name: str) -> Path:
    binary = locate_bin_dir() / name
    if not binary.exists():
        pytest.fail(f"{binary} does not exist: build it first (swift build), or set CUMULO_BIN_DIR")
    return binary


@pytest.fixture(scope="session")
def cumulo_binary() -> Path:
    return built_binary("cumulo-server")


@pytest.fixture(scope="session")
def cumulo_cli_binary() -> Path:
    """The `cumulo` command-line client."""
    return built_binary("cumulo")


@pytest.fixture(scope="session")
def agent_binary() -> Path:
    """The `cumulo-agent` daemon."""
    return built_binary("cumulo-agent")


@pytest.fixture(scope="module")
def secret_file(server, cumulo_binary, tmp_path_factory) -> Path:
    """The module server's agent registration secret, as `cumulo-server agent-secret` prints it, in a 0600 file."""
    secret = subprocess.run([str(cumulo_binary), "agent-secret", "--data-dir", str(server.data_dir)],
                            check=True, capture_output=True, text=True).stdout.strip()
    assert len(secret) >= 40
    path = tmp_path_factory.mktemp("secret") / "agent-secret"
    path.write_text(secret + "\n")
    path.chmod(0o600)
    return path


@pytest.fixture(scope="module")
def server(cumulo_binary, tmp_path_factory):
    """A started server, private to the test module; `server.restart()` keeps its data directory."""
    root = tmp_path_factory.mktemp("cumulo")
    srv = CumuloServer(cumulo_binary, root / "data", root / "server.log")
    srv.start()
    _running.append(srv)
    try:
        yield srv
    finally:
        _running.remove(srv)
        srv.stop()


@pytest.fixture(scope="module")
def admin_keys(server) -> dict[str, str]:
    """API keys of the bootstrap admin, registered through a login session."""
    return bootstrap_admin_keys(server.api_url)


@pytest.fixture(scope="module")
def cs(server, admin_keys):
    """The `cs` client signed with the admin's keys."""
    return cs_client(server.api_url, admin_keys["apikey"], admin_keys["secretkey"])


@pytest.fixture(scope="module")
def raw(server, admin_keys) -> RawAPI:
    """Hand-built requests signed with the admin's keys."""
    return RawAPI(server.api_url, admin_keys["apikey"], admin_keys["secretkey"])


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Attaches the tail of the running servers' logs to every failed test."""
    outcome = yield
    report = outcome.get_result()
    if report.failed:
        for srv in _running:
            report.sections.append((f"cumulo-server on port {srv.port}", srv.log_tail(60)))
