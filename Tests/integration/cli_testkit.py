"""Helpers for running the `cumulo` CLI binary in the integration tests.

`CumuloCLI` runs one command with its own HOME (so its configuration is `$HOME/.cumulo/config`) and
stdin/stdout/stderr as pipes: not a terminal, so no spinner. `TmuxShell` runs the interactive shell in a
real pseudo-terminal under a private tmux server, types into it and reads the screen.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
import uuid
from pathlib import Path
from typing import Any


class CumuloCLI:
    def __init__(self, binary: Path, home: Path, env: dict[str, str] | None = None):
        self.binary = binary
        self.home = home
        self.extra_env = env or {}

    @property
    def config_file(self) -> Path:
        return self.home / ".cumulo" / "config"

    def env(self, **overrides: str) -> dict[str, str]:
        env = {"HOME": str(self.home), "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8"}
        env.update(self.extra_env)
        env.update(overrides)
        return env

    def run(self, *args: str, env: dict[str, str] | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(self.binary), *args],
            env=self.env(**(env or {})),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def ok(self, *args: str, **options: Any) -> subprocess.CompletedProcess:
        """Runs a command that must succeed and write nothing to stderr."""
        result = self.run(*args, **options)
        assert result.returncode == 0, describe(args, result)
        assert result.stderr == "", describe(args, result)
        return result

    def json(self, *args: str, **options: Any) -> Any:
        result = self.ok("-o", "json", *args, **options)
        try:
            return json.loads(result.stdout)
        except ValueError as e:
            raise AssertionError(f"unparsable JSON ({e}): {describe(args, result)}") from None


def describe(args: tuple[str, ...] | list[str], result: subprocess.CompletedProcess) -> str:
    return f"cumulo {' '.join(args)} exited {result.returncode}\nstdout: {result.stdout!r}\nstderr: {result.stderr!r}"


class TmuxShell:
    """`cumulo` with no arguments in a 200x50 tmux pane on a private tmux server."""

    def __init__(self, binary: Path, home: Path):
        self.tmux = shutil.which("tmux")
        assert self.tmux, "tmux is not installed (scripts/test.sh installs it)"
        self.socket = f"cumulo-test-{uuid.uuid4().hex[:8]}"
        command = f"env HOME={home} {binary}"
        self._tmux("new-session", "-d", "-s", "cli", "-x", "200", "-y", "50", command)

    def _tmux(self, *args: str) -> str:
        result = subprocess.run([self.tmux, "-L", self.socket, *args], capture_output=True, text=True, timeout=10)
        assert result.returncode == 0, f"tmux {' '.join(args)}: {result.stderr}"
        return result.stdout

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", "cli")

    def input_line(self) -> str:
        """The last prompt line on the screen (what is being edited)."""
        lines = [line for line in self.screen().splitlines() if "cumulo>" in line]
        return lines[-1].split("cumulo>", 1)[1].strip() if lines else ""

    def type(self, *keys: str) -> None:
        """Sends text (literally) or tmux key names such as Tab, Enter and C-u."""
        for key in keys:
            if key in ("Tab", "Enter", "C-u", "C-d", "Up"):
                self._tmux("send-keys", "-t", "cli", key)
            else:
                self._tmux("send-keys", "-t", "cli", "-l", key)

    def wait_for(self, predicate, what: str, timeout: float = 15) -> str:
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if predicate(screen):
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}; screen:\n{screen}")
            time.sleep(0.1)

    def wait_for_line(self, expected: str, timeout: float = 15) -> None:
        """Waits until the line being edited reads `expected` (trailing blanks ignored)."""
        self.wait_for(lambda _: self.input_line() == expected.strip(), f"the input line {expected!r}", timeout)

    def wait_until_exited(self, timeout: float = 15) -> None:
        """Waits for the shell to end (its tmux session closes with it)."""
        deadline = time.monotonic() + timeout
        while subprocess.run([self.tmux, "-L", self.socket, "has-session", "-t", "cli"], capture_output=True).returncode == 0:
            if time.monotonic() > deadline:
                raise AssertionError(f"the shell did not exit; screen:\n{self.screen()}")
            time.sleep(0.1)

    def close(self) -> None:
        subprocess.run([self.tmux, "-L", self.socket, "kill-server"], capture_output=True, timeout=10)
