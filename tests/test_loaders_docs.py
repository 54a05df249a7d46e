"""docs/data-format.md stays true: columns, messages and example rows come from the code and fixtures."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from chaingap.loaders import validate_dataset
from chaingap.loaders.schemas import TABLES

ROOT = Path(__file__).parent.parent
DOC = (ROOT / "docs" / "data-format.md").read_text(encoding="utf-8")
DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize("table", list(TABLES))
def test_every_column_and_header_is_documented(table):
    section = DOC.split(f"### {table} (", 1)[1].split("\n### ", 1)[0]
    for column, aliases in TABLES[table].columns.items():
        [line] = [line for line in section.splitlines() if line.startswith(f"| `{column}` |")]
        assert all(alias in line for alias in aliases), line
        assert ("| yes |" in line) == (column in TABLES[table].required), line


@pytest.mark.parametrize("case", sorted(p.name for p in (DATA / "bad").iterdir()))
def test_each_documented_message_is_the_real_one(tmp_path, case):
    folder = tmp_path / "dataset"
    shutil.copytree(DATA / "basic", folder)
    for path in (DATA / "bad" / case).iterdir():
        shutil.copy(path, folder / path.name)
    for problem in validate_dataset(folder):
        assert f"    {problem}\n" in DOC


def test_example_rows_are_rows_of_the_fixture():
    fixture_lines = {line for path in (DATA / "basic").glob("*.csv")
                     for line in path.read_text(encoding="utf-8").splitlines()}
    blocks = re.findall(r"\n\n((?:    [^\n]*,[^\n]*\n)+)", DOC)
    example_lines = [line[4:] for block in blocks for line in block.splitlines()
                     if not line.lstrip().startswith(("enterprises.csv,", "projects.csv", "project_stages.csv,",
                                                      "supply.csv", "bases.csv,", "chains.yaml", "pool.csv:",
                                                      "台账", "my-city", "dataset."))]
    assert len(example_lines) > 15
    assert [line for line in example_lines if line not in fixture_lines] == []


def test_the_chains_example_is_the_fixture_chain():
    block = DOC.split("## chains.yaml", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    fixture = (DATA / "basic" / "chains.yaml").read_text(encoding="utf-8")
    for line in block.splitlines():
        code = line.split("#", 1)[0].rstrip()
        if code.strip().startswith(("- {id:", "- [")):
            assert code.strip() in fixture, code
