"""Every bad input is one clear error: the bad-input corpus (``tests/bad_inputs/cases.py``).

Each case edits a copy of a valid tiny dataset and runs ``chaingap load`` on it through
the CLI, against a store that already holds the valid dataset: exit 1, the location (file,
row and column, or the YAML path) and the message printed, no traceback, and the store's
files exactly as they were.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from chaingap.cli import cli as main
from chaingap.graph.store import ChainStore

from .bad_inputs.cases import BASE, CORPUS, NAMED, Case, apply


@pytest.fixture(scope="module")
def loaded_home(tmp_path_factory) -> Path:
    """A home whose store holds the valid base dataset (copied per test)."""
    home = tmp_path_factory.mktemp("home")
    with ChainStore(home / "store") as store:
        store.load(BASE)
    return home


def snapshot(home: Path) -> dict[str, str]:
    """Every file of the store (lock files aside) and a hash of its bytes."""
    return {str(path.relative_to(home)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(home.rglob("*")) if path.is_file() and not path.name.endswith(".lock")}


def run_case(case: Case, tmp_path: Path, loaded_home: Path, monkeypatch) -> str:
    folder = tmp_path / "data"
    shutil.copytree(BASE, folder)
    apply(case, folder)
    home = tmp_path / "home"
    shutil.copytree(loaded_home, home)
    before = snapshot(home)
    for name, value in case.env.items():
        monkeypatch.setenv(name, value)
    result = CliRunner().invoke(main, ["load", str(folder), "--home", str(home), *case.options])
    output = result.output
    assert result.exit_code == 1, (output, result.exception)
    assert "Traceback" not in output
    assert snapshot(home) == before
    return output


def test_the_base_dataset_is_valid(tmp_path):
    result = CliRunner().invoke(main, ["validate", str(BASE), "--no-shacl"])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("case", NAMED, ids=[case.id for case in NAMED])
def test_each_named_bad_input_is_one_clear_error(case, tmp_path, loaded_home, monkeypatch):
    output = run_case(case, tmp_path, loaded_home, monkeypatch)
    assert f"  - {case.where}:" in output
    assert case.message in output


@pytest.mark.parametrize("case", CORPUS, ids=[case.id for case in CORPUS])
def test_the_corpus(case, tmp_path, loaded_home, monkeypatch):
    output = run_case(case, tmp_path, loaded_home, monkeypatch)
    assert f"  - {case.where}:" in output
    assert case.message in output


def test_the_corpus_is_larger_than_sixty_cases():
    assert len(CORPUS) >= 60
    assert len({case.id for case in NAMED + CORPUS}) == len(NAMED) + len(CORPUS)


@pytest.mark.parametrize("command", ["load", "validate"])
def test_problems_are_capped_at_200_and_written_in_full_on_request(command, tmp_path):
    import csv

    folder = tmp_path / "data"
    shutil.copytree(BASE, folder)
    for name in ("products.csv", "supply.csv"):  # they name E1 and E2, replaced here
        (folder / name).unlink()
    rows = [f"B{n},坏企业{n},,east,cell,=lots,," for n in range(300)]
    (folder / "enterprises.csv").write_text("id,name,credit_code,district,links,revenue,founded,listed\n"
                                            + "\n".join(rows) + "\n", encoding="utf-8")
    everything = tmp_path / "problems.csv"
    args = [command, str(folder), "--problems", str(everything)]
    args += ["--home", str(tmp_path / "home")] if command == "load" else ["--no-shacl"]
    result = CliRunner().invoke(main, args)

    assert result.exit_code == 1
    listed = [line for line in result.output.splitlines() if line.startswith("  - ")]
    assert len(listed) == 200
    assert "… and 100 more (300 problems in all; --problems FILE writes every one)" in result.output
    with everything.open(encoding="utf-8-sig", newline="") as handle:
        written = list(csv.DictReader(handle))
    assert len(written) == 300
    assert written[0]["file"] == "enterprises.csv" and written[0]["row"] == "2" and written[0]["column"] == "revenue"
    # the problem file is a CSV users open in Excel: the value quoted in a message cannot run
    assert all(not value.startswith(("=", "+", "-", "@")) for row in written for value in row.values())
