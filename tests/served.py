"""`factcheck serve` as a real subprocess on a free loopback port, for the serve tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from factcheck.config import Settings
from factcheck.services import FactcheckService
from tests.conftest import SAMPLE_CLAIMS

START_TIMEOUT = 20.0
TOKEN = "t0ken-for-the-serve-tests-0123456789"


def sample_database(folder: Path) -> Path:
    """A real SQLite file with the sample claims (claims/), imported without duplicate
    matching and sentence vectors (the serve tests need neither; it saves seconds)."""
    db_path = folder / "factcheck.db"
    settings = replace(Settings.load(db=str(db_path), reviewer="tester"), matching=False,
                       encoder="off")
    service = FactcheckService(settings)
    try:
        assert not service.import_paths([SAMPLE_CLAIMS]).errors
    finally:
        service.close()
    return db_path


@dataclass
class Served:
    process: subprocess.Popen[str]
    port: int
    token: str | None
    lines: list[str] = field(default_factory=list)  # stdout and stderr, as they come

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def output(self) -> str:
        return "\n".join(self.lines)

    def children(self) -> list[int]:
        """The processes the server started (the app processes, through a shell)."""
        return _children(self.process.pid)

    def descendants(self) -> list[int]:
        found, todo = [], [self.process.pid]
        while todo:
            kids = _children(todo.pop())
            found += kids
            todo += kids
        return found


def environment_of(pid: int) -> dict[str, str]:
    raw = Path(f"/proc/{pid}/environ").read_bytes()
    pairs = (item.split(b"=", 1) for item in raw.split(b"\0") if b"=" in item)
    return {key.decode(): value.decode(errors="replace") for key, value in pairs}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serve(db_path: Path, *, token: str | None, args: tuple[str, ...] = (),
          env: dict[str, str] | None = None) -> Iterator[Served]:
    """Start `factcheck --db DB serve --port P [--token T] ARGS`, wait until it listens, and
    stop it (SIGTERM, then SIGKILL) at the end, with the app processes it started."""
    port = free_port()
    command = [sys.executable, "-m", "factcheck", "--db", str(db_path), "serve",
               "--port", str(port), *(("--token", token) if token else ()), *args]
    environment = {**os.environ, "FACTCHECK_CHECK_SOURCES": "off", **(env or {})}
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, env=environment, cwd=db_path.parent,
                               start_new_session=True)
    served = Served(process, port, token)
    reader = threading.Thread(target=_read, args=(process, served.lines), daemon=True)
    reader.start()
    try:
        _wait_listening(served)
        yield served
    finally:
        _stop(process)
        reader.join(timeout=5)


def _read(process: subprocess.Popen[str], lines: list[str]) -> None:
    assert process.stdout is not None
    for line in process.stdout:
        lines.append(line.rstrip("\n"))


def _wait_listening(served: Served) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if served.process.poll() is not None:
            time.sleep(0.2)  # let the reader take the last lines
            raise AssertionError(f"serve exited ({served.process.returncode}):\n"
                                 f"{served.output()}")
        if any(line.startswith("open http") for line in served.lines):
            try:
                with socket.create_connection(("127.0.0.1", served.port), timeout=1):
                    return
            except OSError:
                pass
        time.sleep(0.05)
    raise AssertionError(f"serve did not listen within {START_TIMEOUT} s:\n{served.output()}")


def _stop(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=8)
        except subprocess.TimeoutExpired:
            pass
    # The session (start_new_session) holds the server and whatever it started.
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait(timeout=5)


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid ...: comm may hold spaces and parentheses.
        fields = stat.rsplit(")", 1)[-1].split()
        if len(fields) > 1 and int(fields[1]) == pid:
            found.append(int(entry.name))
    return found
