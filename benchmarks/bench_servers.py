"""Real servers for the benchmarks: the Maven-built Neo4j 5.26 launcher and ``oxigraph serve``.

Every benchmark that talks to a server starts it here, on 127.0.0.1 and a free port, and reads
the server's own CPU time from ``/proc`` (a push is only honest with the server's share counted).
The test suite has its own fixtures (tests/servers/conftest.py); these are for scripts run by hand.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

__all__ = ["NEO4J_PASSWORD", "Unavailable", "free_port", "neo4j_classpath", "neo4j_server", "oxigraph_server",
           "process_cpu"]

REPO = Path(__file__).resolve().parents[1]
NEO4J_PASSWORD = "chaingap-bench-pw"


class Unavailable(Exception):
    """A piece a step needs (Java, Maven, the launcher, the oxigraph binary) is absent: the step is n/a."""


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def process_cpu(pid: int) -> float:
    """User + system CPU seconds used so far by process ``pid`` (Linux ``/proc``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def neo4j_classpath() -> str:
    """The launcher's Java classpath, building it first when needed (scripts/setup-neo4j.sh)."""
    if shutil.which("java") is None:
        raise Unavailable("Java is not installed (bash scripts/setup-neo4j.sh installs it as root)")
    setup = subprocess.run(["bash", str(REPO / "scripts" / "setup-neo4j.sh")], capture_output=True, text=True)
    if setup.returncode != 0:
        raise Unavailable(f"scripts/setup-neo4j.sh failed ({setup.returncode}): {setup.stderr.strip()[-200:]}")
    return setup.stdout.strip().splitlines()[-1]


@contextlib.contextmanager
def neo4j_server(folder: Path, *, heap: str = "2g", db: Path | None = None) -> Iterator[tuple[str, int]]:
    """A real Neo4j on the database folder ``db`` (default ``folder/db``), its log in ``folder``;
    yields (bolt URI, server pid)."""
    classpath = neo4j_classpath()
    port = free_port()
    folder.mkdir(parents=True, exist_ok=True)
    log = open(folder / "launcher.log", "w")
    process = subprocess.Popen(["java", f"-Xmx{heap}", "-cp", classpath, "org.chaingap.testserver.Launcher",
                                str(db or folder / "db"), str(port), NEO4J_PASSWORD],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, text=True)
    ready = threading.Event()

    def read() -> None:
        for line in process.stdout:  # type: ignore[union-attr]
            if line.startswith("READY"):
                ready.set()

    threading.Thread(target=read, daemon=True).start()
    try:
        deadline = time.monotonic() + 180
        while not ready.wait(0.2):
            if process.poll() is not None or time.monotonic() > deadline:
                raise Unavailable(f"the Neo4j launcher did not print READY (see {folder / 'launcher.log'})")
        yield f"bolt://127.0.0.1:{port}", process.pid
    finally:
        with contextlib.suppress(OSError):
            process.stdin.close()  # type: ignore[union-attr]  # the launcher stops when stdin closes
        _stop(process, gently=False)
        log.close()


@contextlib.contextmanager
def oxigraph_server(folder: Path) -> Iterator[str]:
    """``oxigraph serve`` (installed with pyoxigraph's CLI next to this Python) on ``folder``; yields its base URL."""
    binary = Path(sys.executable).with_name("oxigraph")
    if not binary.exists():
        raise Unavailable(f"{binary} is not installed (pip install the test extras)")
    port = free_port()
    folder.mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen([str(binary), "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=2).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise Unavailable("oxigraph serve did not answer") from None
                time.sleep(0.1)
        yield base
    finally:
        _stop(process, gently=True)


def _stop(process: subprocess.Popen, *, gently: bool) -> None:
    """Wait for a server to end (after its stdin closed, or after SIGTERM when ``gently``), then kill it."""
    if gently:
        process.terminate()
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
