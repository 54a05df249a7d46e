"""Session fixtures that start REAL servers for the scale-out tests: no mocks, no look-alikes.

* ``neo4j_settings``: Neo4j Community 5.26 embedded in ``tests/neo4j-launcher`` (built by
  ``scripts/setup-neo4j.sh`` from Maven Central), Bolt on 127.0.0.1 on a free port, auth on
  with a fixed test password. ``running_neo4j`` starts another on a given folder, e.g. one
  that ``neo4j_import`` (the real ``neo4j-admin database import full``) wrote.
* ``sparql_endpoint``: ``oxigraph serve`` from the PyPI package ``oxigraph`` on 127.0.0.1.

When a server cannot be had, the fixture skips with the reason on a developer machine and
FAILS when ``CI=true``, so CI never passes by silently not testing.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from chaingap.graph.neo4j import Neo4jSettings

REPO = Path(__file__).resolve().parents[2]
SETUP_SCRIPT = REPO / "scripts" / "setup-neo4j.sh"
TEST_PASSWORD = "chaingap-test-pw"
NEO4J_START_TIMEOUT_S = 180
OXIGRAPH_START_TIMEOUT_S = 60


def unavailable(reason: str) -> None:
    """Skip on a developer machine, fail under CI: a missing server must never pass as green."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true and a required server is unavailable: {reason}", pytrace=False)
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stop_process(process: subprocess.Popen, grace_s: float = 30) -> None:
    """Close stdin (the launcher's clean-stop signal), then terminate, then kill."""
    if process.poll() is not None:
        return
    try:
        if process.stdin:
            process.stdin.close()
        process.wait(timeout=grace_s)
    except (subprocess.TimeoutExpired, OSError):
        process.terminate()
        try:
            process.wait(timeout=grace_s)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def build_neo4j_classpath() -> str:
    if shutil.which("java") is None or shutil.which("mvn") is None:
        unavailable("Java 17 and Maven are needed for the test Neo4j (apt-get install openjdk-17-jdk-headless maven)")
    result = subprocess.run(["bash", str(SETUP_SCRIPT)], capture_output=True, text=True)
    if result.returncode != 0:
        unavailable(f"scripts/setup-neo4j.sh failed ({result.returncode}): {result.stderr[-2000:]}")
    return result.stdout.strip().splitlines()[-1]


@contextmanager
def running_neo4j(home: Path, memory: str = "-Xmx2g") -> Iterator[Neo4jSettings]:
    """A real Neo4j (the launcher) on the Neo4j home folder ``home``, stopped on exit.

    A fresh folder gets an empty database ``neo4j``; a folder the importer wrote into is served
    as it is. A server that does not come up is :func:`unavailable`.
    """
    classpath = build_neo4j_classpath()
    port = free_port()
    log_path = home.parent / f"{home.name}-launcher.log"
    log = log_path.open("w")
    process = subprocess.Popen(
        ["java", memory, "-cp", classpath, "org.chaingap.testserver.Launcher", str(home), str(port), TEST_PASSWORD],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, text=True,
    )
    ready = wait_for_line(process, "READY", NEO4J_START_TIMEOUT_S)
    if not ready:
        stop_process(process)
        log.close()
        unavailable(f"the test Neo4j did not print READY: {log_path.read_text()[-3000:]}")
    settings = Neo4jSettings(uri=f"bolt://127.0.0.1:{port}", username="neo4j",
                             password=TEST_PASSWORD, database="neo4j")
    try:
        wait_for_bolt(settings)
        yield settings
    finally:
        stop_process(process)
        log.close()


@pytest.fixture(scope="session")
def neo4j_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Neo4jSettings]:
    """Connection settings of a freshly started real Neo4j (empty database ``neo4j``)."""
    with running_neo4j(tmp_path_factory.mktemp("neo4j-home") / "db") as settings:
        yield settings


def neo4j_import(folder: Path, home: Path) -> subprocess.CompletedProcess:
    """``neo4j-admin database import full neo4j @import.args``, run from ``folder`` into the Neo4j
    home ``home``: the importer's own command class (``org.neo4j.cli.AdminTool``, which the
    ``neo4j-admin`` script starts) from the launcher's Maven-built classpath."""
    classpath = build_neo4j_classpath()
    home.mkdir(parents=True, exist_ok=True)
    return subprocess.run(
        ["java", "-Xmx1g", "-cp", classpath, "org.neo4j.cli.AdminTool", "database", "import", "full", "neo4j",
         "@import.args"],
        cwd=folder, env={**os.environ, "NEO4J_HOME": str(home)}, capture_output=True, text=True)


def wait_for_line(process: subprocess.Popen, marker: str, timeout_s: float) -> bool:
    """Read the launcher's stdout on a thread until ``marker`` shows up or time runs out."""
    seen = threading.Event()

    def reader() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            if marker in line:
                seen.set()
        # keep draining until the process ends so it never blocks on a full pipe

    threading.Thread(target=reader, daemon=True).start()
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if seen.wait(0.2):
            return True
        if process.poll() is not None:
            return False
    return False


def wait_for_bolt(settings: Neo4jSettings) -> None:
    from neo4j import GraphDatabase

    with GraphDatabase.driver(settings.uri, auth=(settings.username, settings.password)) as driver:
        driver.verify_connectivity()


def oxigraph_binary() -> str | None:
    beside_python = Path(sys.executable).with_name("oxigraph")
    if beside_python.exists():
        return str(beside_python)
    return shutil.which("oxigraph")


@pytest.fixture(scope="session")
def sparql_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of a real ``oxigraph serve`` (empty store on disk in a temp folder).

    Started WITHOUT ``--union-default-graph``: chaingap must make its queries see the union
    of the named graphs itself (it asks for it per request), so it works on any endpoint
    configured the usual way.
    """
    binary = oxigraph_binary()
    if binary is None:
        unavailable("the 'oxigraph' command is missing (pip install oxigraph)")
    location = tmp_path_factory.mktemp("oxigraph")
    port = free_port()
    log = (location / "serve.log").open("w")
    process = subprocess.Popen(
        [binary, "serve", "--location", str(location / "db"), "--bind", f"127.0.0.1:{port}"],
        stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        if not wait_for_http(f"{base}/query?query=ASK%7B%7D", process, OXIGRAPH_START_TIMEOUT_S):
            unavailable(f"oxigraph serve did not answer: {(location / 'serve.log').read_text()[-2000:]}")
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def wait_for_http(url: str, process: subprocess.Popen, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return True
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    return False


def graphs_of(store):
    """Every named graph of an embedded pyoxigraph store, as ``endpoint.push_quads`` takes them
    (``endpoint.push`` takes a ChainStore, a dataset or a folder)."""
    import pyoxigraph as ox

    assert not list(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), "all facts are in named graphs"
    for graph in sorted(store.named_graphs(), key=lambda g: g.value):
        yield graph.value, (quad.triple for quad in store.quads_for_pattern(None, None, None, graph))


@pytest.fixture()
def empty_neo4j(neo4j_settings: Neo4jSettings) -> Neo4jSettings:
    """The session Neo4j with every node deleted, for one test (constraints stay)."""
    from neo4j import GraphDatabase

    with GraphDatabase.driver(neo4j_settings.uri, auth=(neo4j_settings.username, neo4j_settings.password)) as driver:
        with driver.session(database=neo4j_settings.database) as session:
            session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
    return neo4j_settings


@pytest.fixture(scope="session")
def synthetic_dataset(tmp_path_factory: pytest.TempPathFactory):
    """A small generated dataset (all four link statuses planned in), loaded and validated."""
    from chaingap.loaders import load_dataset
    from chaingap.sample.synthetic import generate

    return load_dataset(generate(tmp_path_factory.mktemp("synthetic") / "syn", enterprises=400, chains=3, seed=7))
