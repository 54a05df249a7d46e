"""Fuzzing the readers: any input either loads or is refused with located problems, never
another exception (no traceback reaches a user).

Tables: random headers (the spec's names and aliases, unknown words, repeats) over random
cells (values that look right, words, numbers, dates, quotes, control characters, any
Unicode), written as CSV in UTF-8, UTF-8 with BOM or GBK, or as raw bytes, or as an .xlsx
with text, number, date and boolean cells. YAML: random documents for dataset.yaml and
chains.yaml, structured (keys the loader knows with any values) and as raw text.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chaingap.loaders import Problem, validate_dataset
from chaingap.loaders.schemas import TABLES
from chaingap.loaders.tables import read_table

from .bad_inputs.cases import BASE

FUZZ = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                       HealthCheck.too_slow])
FEW = settings(FUZZ, max_examples=12)

_WORDS = ["E1", "E2", "P1", "J1", "PR1", "east", "town", "cell", "pack", "bat", "cell:0.6;pack:0.4", "3亿元",
          "500万美元", "12.5 USD", "-1", "1e400", "0", "2024-03-30", "2024年3月30日", "是", "否", "signed", "formal",
          "91321100040773059Q", "东区", "小镇市", "=1+1", "@SUM(A1)", "", " ", '"', '""', "a,b", "\n", "\r\n",
          "\u202e", "\u200b", "\x00", "\x1b", "Ｅ1", "９９", "%", "∞", "NaN"]
_CELL = st.one_of(st.sampled_from(_WORDS), st.text(max_size=12),
                  st.integers(-10**20, 10**20).map(str), st.decimals(allow_nan=False, allow_infinity=False).map(str))


def _headers(spec) -> st.SearchStrategy[list[str]]:
    names = [name for column, aliases in spec.columns.items() for name in (column, *aliases)]
    return st.lists(st.one_of(st.sampled_from(names), st.text(max_size=6)), min_size=0, max_size=8)


def _quote(cell: str) -> str:
    return '"' + cell.replace('"', '""') + '"' if any(c in cell for c in ',"\r\n') else cell


@st.composite
def csv_bytes(draw, spec) -> bytes:
    if draw(st.integers(0, 9)) == 0:
        return draw(st.binary(max_size=200))
    header = draw(_headers(spec))
    rows = draw(st.lists(st.lists(_CELL, max_size=len(header) + 2), max_size=6))
    quoted = draw(st.booleans())
    lines = [",".join(_quote(c) if quoted else c for c in row) for row in [header, *rows]]
    text = draw(st.sampled_from(["\n", "\r\n"])).join(lines)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "gbk"]))
    return text.encode(encoding, errors="replace")


_XLSX_CELL = st.one_of(_CELL, st.integers(-10**12, 10**12), st.floats(allow_nan=False, allow_infinity=False),
                       st.booleans(), st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1)), st.none())


@st.composite
def xlsx_rows(draw, spec) -> list[list[object]]:
    header = draw(_headers(spec))
    return [header, *draw(st.lists(st.lists(_XLSX_CELL, max_size=len(header) + 1), max_size=5))]


def _write_xlsx(path: Path, rows: list[list[object]], sheet: str) -> None:
    import openpyxl

    workbook = openpyxl.Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    for row in rows:  # openpyxl refuses to write control characters at all: a workbook cannot hold them
        worksheet.append([ILLEGAL_CHARACTERS_RE.sub("", c) if isinstance(c, str) else c for c in row])
    workbook.save(path)


def _located(problems: list[Problem], files: set[str]) -> None:
    for problem in problems:
        assert isinstance(problem, Problem)
        assert problem.file.split(" [")[0] in files, problem
        assert problem.message, problem


def _dataset_files() -> set[str]:
    return {"dataset.yaml", "chains.yaml", "--encoding",
            *(f"{name}{suffix}" for name in TABLES for suffix in (".csv", ".xlsx"))}


@pytest.mark.parametrize("name", list(TABLES))
@FUZZ
@given(data=st.data())
def test_every_table_reader_reads_any_csv_or_says_where_it_cannot(name, data):
    spec = TABLES[name]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{name}.csv"
        path.write_bytes(data.draw(csv_bytes(spec)))
        table = read_table(path, spec)
    _located(table.problems, {path.name})
    if table.data is not None:
        assert set(spec.columns) <= set(table.data.column_names)


@pytest.mark.parametrize("name", list(TABLES))
@FEW
@given(data=st.data())
def test_every_table_reader_reads_any_workbook_or_says_where_it_cannot(name, data):
    spec = TABLES[name]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{name}.xlsx"
        _write_xlsx(path, data.draw(xlsx_rows(spec)), name)
        table = read_table(path, spec)
    _located(table.problems, {path.name})


def _validate_with(files: dict[str, bytes]) -> list[Problem]:
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp) / "data"
        shutil.copytree(BASE, folder)
        for name, content in files.items():
            (folder / name).write_bytes(content)
        return validate_dataset(folder)


@pytest.mark.parametrize("name", ["districts", "enterprises", "pool", "projects", "supply"])
@FEW
@given(data=st.data())
def test_a_dataset_with_any_table_loads_or_names_the_problems(name, data):
    problems = _validate_with({f"{name}.csv": data.draw(csv_bytes(TABLES[name]))})
    _located(problems, _dataset_files())


_SCALAR = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**30), st.floats(allow_nan=True),
                    st.text(max_size=10), st.sampled_from(["tinytown", "_x", "万元", "USD", "2024-06-30", "7.1", "-1",
                                                                      "1e400", "1e-30", "0.0000001", "9" * 50]))
_ANY = st.recursive(_SCALAR, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                      st.dictionaries(st.text(max_size=5), inner, max_size=3)),
                    max_leaves=10)
_SETTINGS = st.fixed_dictionaries({}, optional={
    "id": _ANY, "name": _ANY, "region": _ANY, "as_of": _ANY, "illustrative": _ANY, "source": _ANY,
    "currency": st.one_of(_ANY, st.fixed_dictionaries({}, optional={"unit": _ANY, "rates": st.one_of(
        _ANY, st.dictionaries(st.sampled_from(["USD", "EUR", "usd", "1"]), _ANY, max_size=3))}))})
_LINK = st.fixed_dictionaries({}, optional={"id": _ANY, "name": _ANY, "segment": st.one_of(
    _ANY, st.sampled_from(["upstream", "上游", "downstream"])), "parent": _ANY, "codes": _ANY, "keywords": _ANY})
_CHAIN = st.fixed_dictionaries({}, optional={"id": st.one_of(_ANY, st.just("bat")), "name": _ANY,
                                             "acyclic": _ANY, "links": st.one_of(_ANY, st.lists(_LINK, max_size=3)),
                                             "feeds": _ANY})
_CHAINS = st.one_of(_ANY, st.fixed_dictionaries({}, optional={
    "chains": st.one_of(_ANY, st.lists(_CHAIN, max_size=2)),
    "clusters": st.one_of(_ANY, st.lists(st.fixed_dictionaries({}, optional={
        "id": _ANY, "name": _ANY, "chains": st.lists(_CHAIN, max_size=2)}), max_size=2))}))


def _yaml(document: object) -> bytes:
    return yaml.safe_dump(document, allow_unicode=True).encode("utf-8")


@FUZZ
@given(document=_SETTINGS)
def test_any_dataset_yaml_loads_or_names_the_problems(document):
    _located(_validate_with({"dataset.yaml": _yaml(document)}), _dataset_files())


@FUZZ
@given(document=_CHAINS)
def test_any_chains_yaml_loads_or_names_the_problems(document):
    _located(_validate_with({"chains.yaml": _yaml(document)}), _dataset_files())


@FEW
@given(name=st.sampled_from(["dataset.yaml", "chains.yaml"]),
       text=st.one_of(st.text(max_size=80), st.sampled_from(["{", "[", "a: b: c", "*x", "&a [*a]", "!!python/object:os.system ls",
                                                              "a: 1\na: 2", "? [a]\n: b", "<<: {a: 1}", "\t- x"])))
def test_any_yaml_text_loads_or_names_the_problems(name, text):
    _located(_validate_with({name: text.encode("utf-8", errors="replace")}), _dataset_files())
