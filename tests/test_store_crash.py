"""A load or a graph build killed with SIGKILL at any point leaves the previous state answering as before.

Each case runs the load in a child process that kills itself (SIGKILL, no clean-up of any
kind) at one point of the work; the parent then opens the store and checks that it holds
exactly what it held before, that nothing of the killed work is left once the store was
opened again, and that the next load succeeds.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from chaingap.graph.store import ChainStore

from .test_store import graph_text, tiny

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX")

#: Where the child dies: (module attribute to wrap, when to die, what the child runs).
POINTS = {
    "writing the tables": ("chaingap.loaders.dataset:write_header_tables", None, "load"),
    "after the version file, before the manifest": ("chaingap.graph.store:_Manifest.write", None, "load"),
    "writing the manifest": ("chaingap.graph.store:os.fsync", None, "load"),
    "building the graph": ("chaingap.graph.build:_joined", None, "graph"),
    "swapping in a rebuilt graph": ("chaingap.graph.store:shutil.rmtree", None, "graph"),
}

CHILD = """
import importlib, os, signal, sys
from chaingap.graph.store import ChainStore
target, argument, action, home, folder = sys.argv[1:6]
module_name, attribute = target.split(":")
owner = importlib.import_module(module_name)
*path, name = attribute.split(".")
for part in path:
    owner = getattr(owner, part)
real = getattr(owner, name)

def die(*args, **kwargs):
    if argument in ("None", "") or argument in map(str, args):
        os.kill(os.getpid(), signal.SIGKILL)
    return real(*args, **kwargs)

setattr(owner, name, die)
store = ChainStore(home)
if action == "load":
    store.load(folder)
else:
    store.graph()
print("survived")
"""


def state(home: Path) -> tuple:
    with ChainStore(home) as store:
        tables = store.sql("SELECT id, name, revenue FROM enterprises ORDER BY id")
        return store.datasets(), tables, graph_text(store)


@pytest.mark.parametrize("point", POINTS)
def test_a_killed_load_or_build_leaves_the_previous_state(tmp_path, point):
    home = tmp_path / "store"
    with ChainStore(home) as store:
        store.load(tiny(tmp_path, "pool", 30, local=False))
        store.load(tiny(tmp_path, "city", 40))
        store.graph()
    target, argument, action = POINTS[point]
    if action == "graph":  # a new version whose graph is not built yet; the child builds it and dies
        if "swap" in point:  # a big graph replaced by a small one: the store is rebuilt and swapped
            with ChainStore(home) as store:
                store.load(tiny(tmp_path, "city", 2000, revenue="3"))
                store.graph()
        with ChainStore(home) as store:
            store.load(tiny(tmp_path, "city", 40, revenue="3"))
    shutil.copytree(home, tmp_path / "expected")
    before = state(tmp_path / "expected")  # answered by a copy: the child must find the store unbuilt

    child = subprocess.run([sys.executable, "-c", textwrap.dedent(CHILD), target, str(argument), action,
                            str(home), str(tiny(tmp_path, "city", 7, revenue="9"))],
                           capture_output=True, text=True, timeout=600)

    assert child.returncode == -signal.SIGKILL, child.stdout + child.stderr
    assert state(home) == before
    leftovers = [p.name for p in home.rglob("*") if p.name.endswith((".partial", ".tmp")) or
                 p.name in ("graph.next", "graph.old")]
    assert leftovers == []
    with ChainStore(home) as store:
        store.load(tiny(tmp_path, "city", 7, revenue="9"))
        assert store.sql("SELECT count(*) AS n FROM enterprises WHERE is_local") == [{"n": 7}]
        assert store.query("SELECT (COUNT(?e) AS ?n) WHERE { ?e cg:isLocal true }") == [{"n": 7}]
    assert not [p for p in (home / "tables").rglob("*") if p.is_file() and p.suffix != ".duckdb"]
    assert os.path.exists(home / "manifest.json")
