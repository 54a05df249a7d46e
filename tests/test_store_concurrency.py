"""One store, several processes: writers wait for each other, readers always see one whole version."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from chaingap.graph.store import ChainStore, StoreBusyError

from .test_store import tiny

LOADER = """
import sys, time
from chaingap.graph.store import ChainStore
home, folder = sys.argv[1:3]
with ChainStore(home) as store:
    stats = store.load(folder)
print(stats.version)
"""

READER = """
import json, sys, time
from chaingap.graph.store import ChainStore
home, rounds = sys.argv[1], int(sys.argv[2])
seen = []
for _ in range(rounds):
    with ChainStore(home) as store:
        rows = store.sql("SELECT dataset, count(*) AS n, min(revenue) AS low, max(revenue) AS high "
                         "FROM enterprises GROUP BY dataset ORDER BY dataset")
        seen.append([[r["dataset"], r["n"], str(r["low"]), str(r["high"])] for r in rows])
    time.sleep(0.05)
print(json.dumps(seen))
"""


def _start(script: str, *args: object) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(script), *map(str, args)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_two_loads_and_a_reader_at_once(tmp_path):
    home = tmp_path / "store"
    with ChainStore(home) as store:
        store.load(tiny(tmp_path, "city", 300, revenue="1"))
    first = tiny(tmp_path, "city", 3000, revenue="2")
    second = tiny(tmp_path, "city", 3000, revenue="3")

    reader = _start(READER, home, 40)
    loads = [_start(LOADER, home, first), _start(LOADER, home, second)]
    results = [process.communicate(timeout=600) for process in loads]
    seen, errors = reader.communicate(timeout=600)

    for process, (out, err) in zip(loads, results):
        assert process.returncode == 0, err
        assert "Traceback" not in err
    assert reader.returncode == 0, errors
    versions = sorted(int(out) for out, _ in results)
    assert versions == [2, 3], "the second load waited for the first and stored the next version"
    consistent = {(n, low, high) for snapshot in json.loads(seen) for _, n, low, high in snapshot}
    assert consistent <= {(300, "1.00000000", "1.00000000"), (3000, "2.00000000", "2.00000000"),
                          (3000, "3.00000000", "3.00000000")}, "a reader only ever sees one whole version"
    with ChainStore(home) as store:
        assert store.datasets()[0].version == 3
        leftovers = [p.name for p in home.rglob("*") if p.is_file() and p.suffix in (".partial", ".tmp", ".wal")]
        assert leftovers == []


def test_a_writer_that_cannot_get_the_lock_in_time_says_so(tmp_path):
    home = tmp_path / "store"
    with ChainStore(home) as holder, ChainStore(home, lock_timeout=0.2) as impatient:
        holder._write_lock.acquire()
        try:
            with pytest.raises(StoreBusyError, match="another chaingap command is using the store"):
                impatient.load(tiny(tmp_path, "city", 1))
        finally:
            holder._write_lock.release()
        assert impatient.datasets() == []
