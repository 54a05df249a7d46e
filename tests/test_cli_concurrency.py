"""One store, three commands at once, through the real CLI: two ``chaingap load`` processes
and a ``chaingap gaps`` started together on one ``CHAINGAP_HOME``.

A load either waits for the other (the store's write lock) or, when told not to wait long,
fails clearly (exit 2, "another chaingap command is using the store"); the other completes;
``gaps`` answers from one whole version; nobody prints a traceback; nothing is left behind
(no partial version files, no temporary folders).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .bad_inputs.cases import BASE

#: Local firms added to link "cell" per version, each with its own revenue (万元): the count and
#: the revenue of one version go together, so a mixed answer would show.
EXTRA = {1: [], 2: [700], 3: [800, 900]}
BASE_CELL = (2, 13200)  # cell's local enterprises and revenue in the base dataset


def _version_folder(tmp_path: Path, version: int) -> Path:
    folder = tmp_path / f"v{version}"
    shutil.copytree(BASE, folder)
    path = folder / "enterprises.csv"
    rows = [f"N{version}{n},新电芯{version}{n}有限公司,,east,cell,{revenue},," for n, revenue in enumerate(EXTRA[version])]
    path.write_text(path.read_text(encoding="utf-8") + "".join(row + "\n" for row in rows), encoding="utf-8")
    return folder


def _expected_cell(version: int) -> tuple[int, float]:
    return BASE_CELL[0] + len(EXTRA[version]), float(BASE_CELL[1] + sum(EXTRA[version]))


#: The ``chaingap`` command as installed (its console script's entry point).
COMMAND = [sys.executable, "-c", "from chaingap.cli import main; main()"]


def _chaingap(env: dict[str, str], *args: object) -> subprocess.Popen:
    return subprocess.Popen([*COMMAND, *map(str, args)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _cell(gaps_json: str) -> tuple[int, float]:
    [cell] = [row for row in json.loads(gaps_json) if row["link"] == "cell"]
    return cell["local_enterprises"], cell["local_revenue"]


@pytest.mark.parametrize("patience", ["wait", "impatient"])
def test_two_loads_and_gaps_at_once_on_one_store(tmp_path, patience):
    home, scratch = tmp_path / "home", tmp_path / "tmp"
    scratch.mkdir()
    env = {**os.environ, "CHAINGAP_HOME": str(home), "TMPDIR": str(scratch)}
    if patience == "impatient":
        env["CHAINGAP_LOCK_TIMEOUT"] = "0.2"
    folders = {version: _version_folder(tmp_path, version) for version in EXTRA}
    first = _chaingap(env, "load", "--lang", "en", folders[1])
    assert first.wait(timeout=600) == 0, first.stderr.read()

    loads = {version: _chaingap(env, "load", "--lang", "en", folders[version]) for version in (2, 3)}
    gaps = _chaingap(env, "gaps", "--format", "json")
    outcomes = {version: (process.wait(timeout=600), *process.communicate()) for version, process in loads.items()}
    gaps_code, gaps_out, gaps_err = gaps.wait(timeout=600), *gaps.communicate()

    stored = {}
    for version, (code, out, err) in outcomes.items():
        assert "Traceback" not in err
        if code == 0:
            stored[version] = int(out.split(" as version ")[1].split()[0])
        else:
            assert patience == "impatient" and code == 2, err
            assert "another chaingap command is using the store" in err
    assert stored, "at least one load completes"
    if patience == "wait":
        assert sorted(stored.values()) == [2, 3], "the second load waited and stored the next version"

    assert "Traceback" not in gaps_err
    if gaps_code == 0:
        assert _cell(gaps_out) in {_expected_cell(version) for version in (1, *stored)}, "one whole version"
    else:
        assert patience == "impatient" and gaps_code == 2 and "another chaingap command" in gaps_err

    after = subprocess.run([*COMMAND, "gaps", "--format", "json"], env=env,
                           capture_output=True, text=True, timeout=600)
    assert after.returncode == 0, after.stderr
    last = max(stored, key=stored.get)
    assert _cell(after.stdout) == _expected_cell(last), "gaps answers from the newest version"

    leftovers = [str(p.relative_to(home)) for p in home.rglob("*")
                 if p.suffix in (".partial", ".tmp", ".wal") or p.name.startswith(("tmp", ".tmp"))]
    assert leftovers == []
    assert list(scratch.iterdir()) == [], "no temporary folder left behind"
