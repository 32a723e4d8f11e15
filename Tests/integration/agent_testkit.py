"""Runs the real `cumulo-agent` binary next to a test server, on real libvirtd or simulated hosts."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path
from typing import Any, Callable

from cumulo_testkit import items

LIBVIRT_URI = os.environ.get("CUMULO_TEST_LIBVIRT_URI", "qemu:///system")
NFS_SERVER = "127.0.0.1"
NFS_EXPORT = os.environ.get("CUMULO_TEST_NFS_EXPORT", "/srv/nfs/primary")


class AgentProcess:
    """One `cumulo-agent` process (or a `simulate` process holding many simulated hosts)."""

    def __init__(self, binary: Path, arguments: list[str], log_path: Path):
        self.binary = binary
        self.arguments = arguments
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    def start(self) -> "AgentProcess":
        assert self.process is None, "agent already running"
        log = open(self.log_path, "ab")
        log.write(b"---- start ----\n")
        log.flush()
        self.process = subprocess.Popen([str(self.binary), *self.arguments], stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
        log.close()
        return self

    def kill(self) -> None:
        """SIGKILL, as a crash would."""
        if self.process is not None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()
            self.process = None

    def stop(self, timeout: float = 10.0) -> int | None:
        if self.process is None:
            return None
        process, self.process = self.process, None
        process.send_signal(signal.SIGTERM)
        try:
            return process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            raise AssertionError(f"cumulo-agent did not exit within {timeout:.0f} s of SIGTERM\n{self.log()}")

    def wait_exit(self, timeout: float) -> int:
        assert self.process is not None
        code = self.process.wait(timeout=timeout)
        self.process = None
        return code

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return "(no agent log)"


def wait_for(condition: Callable[[], Any], timeout: float, what: str, interval: float = 0.2) -> Any:
    """Polls `condition` until it returns something truthy; fails with `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = condition()
        if last:
            return last
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what} (last value: {last!r})")


def host_named(cs, name: str) -> dict[str, Any] | None:
    hosts = [h for h in items(cs.listHosts(name=name), "host") if h["name"] == name]
    return hosts[0] if hosts else None


def host_state(cs, host_id: str) -> str:
    hosts = items(cs.listHosts(id=host_id), "host")
    return hosts[0]["state"] if hosts else "absent"
