"""The xlsx template: sheets, Chinese headers, drop-downs, and that a filled copy loads."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import openpyxl
import pytest

from chaingap.loaders import load_dataset
from chaingap.loaders.schemas import TABLES
from chaingap.loaders.template import LIST_SHEET, README_SHEET, SETTING_SHEETS, template_choices, write_template

from .quads import quads_of

BASIC = Path(__file__).parent / "data" / "basic"


def list_values(workbook, formula: str) -> list[str]:
    """Values a drop-down offers, read back through its range formula on the lists sheet."""
    sheet_part, cells = formula.split("!")
    assert sheet_part.strip("'") == LIST_SHEET
    first, last = cells.replace("$", "").split(":")
    return [row[0].value for row in workbook[LIST_SHEET][first:last] if row[0].value is not None]


def validations(workbook, table: str) -> dict[str, list[str]]:
    """Column header -> drop-down values, for one table's sheet."""
    sheet = workbook[table]
    headers = {cell.column_letter: cell.value for cell in sheet[1]}
    found = {}
    for validation in sheet.data_validations.dataValidation:
        letter = str(validation.sqref).split(":")[0].rstrip("0123456789")
        assert str(validation.sqref) == f"{letter}2:{letter}2000"
        found[headers[letter]] = list_values(workbook, validation.formula1)
    return found


@pytest.fixture(scope="module")
def basic_template(tmp_path_factory):
    path = write_template(tmp_path_factory.mktemp("template") / "模板.xlsx", BASIC)
    return openpyxl.load_workbook(path)


def test_one_sheet_per_table_plus_readme_and_hidden_lists(basic_template):
    assert basic_template.sheetnames == [README_SHEET, *SETTING_SHEETS, *TABLES, LIST_SHEET]
    assert basic_template[LIST_SHEET].sheet_state == "hidden"


@pytest.mark.parametrize("table", list(TABLES))
def test_headers_are_chinese_with_the_english_name_in_a_comment(basic_template, table):
    spec = TABLES[table]
    row = basic_template[table][1]
    assert [cell.value for cell in row] == [spec.header_zh(column) for column in spec.columns]
    assert [cell.comment.text.split()[0] for cell in row] == list(spec.columns)


@pytest.mark.parametrize("table, header, expected", [
    ("enterprises", "所属环节", ["B01", "B02", "B02a", "B03", "B04", "M01", "M02"]),
    ("enterprises", "所在板块", ["zj", "dy", "jk", "xq"]),
    ("projects", "所在板块", ["zj", "dy", "jk", "xq"]),
    ("projects", "产业链", ["battery", "medical"]),
    ("products", "环节", ["B01", "B02", "B02a", "B03", "B04", "M01", "M02"]),
    ("districts", "类型", ["市", "县级市", "市辖区", "县", "开发区", "高新区", "园区", "基地", "省"]),
    ("enterprises", "专精特新", ["是", "否"]),
])
def test_drop_downs_offer_the_dataset_ids(basic_template, table, header, expected):
    assert validations(basic_template, table)[header] == expected


def test_stage_drop_down_offers_chinese_and_english_stages(basic_template):
    stages = validations(basic_template, "project_stages")["阶段"]
    assert stages[:7] == ["签约", "落地", "开工", "入库", "列统", "投产", "达效"]
    assert "reached_output" in stages


def test_link_lists_allow_typed_lists_but_district_ids_are_strict(basic_template):
    styles = {validation.formula1: validation.errorStyle
              for validation in basic_template["enterprises"].data_validations.dataValidation}
    link_formula = next(f for f in styles if f.endswith("$A$2:$A$8"))
    assert styles[link_formula] == "information"
    assert basic_template["products"].data_validations.dataValidation[0].errorStyle == "stop"


def test_without_a_dataset_the_lists_of_ids_stay_empty():
    """A blank template is the user's own: no sample city's ids in its drop-downs."""
    choices = template_choices()
    assert choices["kinds"] and choices["stages"] and choices["yes_no"] == ["是", "否"]
    assert choices["links"] == [] and choices["districts"] == []


def test_a_blank_templates_words_are_chinese():
    """A blank template offers no other city's ids (it once offered the sample's English ids)."""
    choices = template_choices()
    assert choices["kinds"] and choices["stages"] and choices["yes_no"] == ["是", "否"]
    assert choices["links"] == [] and choices["districts"] == [] and choices["chains"] == []
    assert choices["kinds"][0] == "市" and choices["agreements"] == ["正式协议", "框架协议"]


def test_a_filled_in_template_loads_like_the_csv_files(tmp_path):
    """Fill each sheet with the basic CSV rows (in the template's column order), drop the CSVs."""
    folder = tmp_path / "dataset"
    shutil.copytree(BASIC, folder)
    workbook_path = write_template(folder / "台账.xlsx", folder)
    workbook = openpyxl.load_workbook(workbook_path)
    for path in sorted(folder.glob("*.csv")):
        spec = TABLES[path.stem]
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            aliases = {header: _canonical(spec, header) for header in reader.fieldnames}
            for record in reader:
                values = {aliases[h]: v for h, v in record.items()}
                workbook[path.stem].append([values.get(column) or None for column in spec.columns])
        path.unlink()
    workbook.save(workbook_path)
    assert set(quads_of(load_dataset(folder))) == set(quads_of(load_dataset(BASIC)))


def _canonical(spec, header: str) -> str:
    from chaingap.ontology.vocab import normalise_header
    from chaingap.loaders.tables import split_unit

    label, _ = split_unit(header)
    for column, aliases in spec.columns.items():
        if normalise_header(label) in {normalise_header(a) for a in (column, *aliases)}:
            return column
    raise KeyError(header)


def test_empty_lists_get_no_drop_down_rather_than_one_that_blocks_entry(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    workbook = openpyxl.load_workbook(write_template(tmp_path / "t.xlsx", empty))
    assert "所在板块" not in validations(workbook, "enterprises")
    assert "所属环节" not in validations(workbook, "enterprises")
    assert validations(workbook, "districts")["类型"][0] == "市"


def test_a_filled_in_template_needs_no_yaml(tmp_path):
    """`template --dataset` copies dataset.yaml and chains.yaml into the 数据集, 产业链, 环节 and 上下游
    sheets; with the tables filled in and the YAML files gone, the workbook loads the same dataset."""
    folder = tmp_path / "city"
    shutil.copytree(BASIC, folder)
    workbook_path = write_template(folder / "台账.xlsx", folder)
    workbook = openpyxl.load_workbook(workbook_path)
    for path in sorted(folder.glob("*.csv")):
        spec = TABLES[path.stem]
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            aliases = {header: _canonical(spec, header) for header in reader.fieldnames}
            for record in reader:
                values = {aliases[h]: v for h, v in record.items()}
                workbook[path.stem].append([values.get(column) or None for column in spec.columns])
        path.unlink()
    workbook.save(workbook_path)
    (folder / "dataset.yaml").unlink()
    (folder / "chains.yaml").unlink()
    assert set(quads_of(load_dataset(folder))) == set(quads_of(load_dataset(BASIC)))


def test_a_blank_template_has_the_setting_sheets_with_chinese_headers_only(tmp_path):
    workbook = openpyxl.load_workbook(write_template(tmp_path / "空白.xlsx"))
    assert [cell.value for cell in workbook["环节"][1]][:5] == ["产业链编号", "环节编号", "环节名称", "英文名称", "位置"]
    assert workbook["环节"].max_row == 1 and workbook["产业链"].max_row == 1


def test_a_problem_in_a_links_sheet_names_the_workbook_sheet_and_row(tmp_path):
    from chaingap.loaders.errors import DataError

    folder = tmp_path / "city"
    shutil.copytree(BASIC, folder)
    workbook_path = write_template(folder / "台账.xlsx", folder)
    workbook = openpyxl.load_workbook(workbook_path)
    workbook["环节"].cell(2, 5, "侧游")
    workbook.save(workbook_path)
    (folder / "chains.yaml").unlink()
    with pytest.raises(DataError) as caught:
        load_dataset(folder)
    assert any(p.file == "台账.xlsx:环节" and p.row == 2 and p.column == "segment" for p in caught.value.problems)


def _weighted_city(tmp_path: Path) -> Path:
    """The basic city whose first feeds entry carries a weight, a source and a confidence."""
    folder = tmp_path / "city"
    shutil.copytree(BASIC, folder)
    chains = folder / "chains.yaml"
    text = chains.read_text(encoding="utf-8")
    chains.write_text(text.replace("- [B01, B02]", "- {from: B01, to: B02, weight: 3, source: 年报, confidence: 0.8}", 1),
                      encoding="utf-8")
    return folder


def test_the_feeds_sheet_carries_weight_source_and_confidence_both_ways(tmp_path):
    folder = _weighted_city(tmp_path)
    expected = set(quads_of(load_dataset(folder)))
    workbook_path = write_template(folder / "台账.xlsx", folder)
    sheet = openpyxl.load_workbook(workbook_path)["上下游"]
    assert [cell.value for cell in sheet[1]] == ["产业链编号", "上游环节", "下游环节", "权重", "来源", "置信度"]
    assert [cell.value for cell in sheet[2]][1:] == ["B01", "B02", 3, "年报", 0.8]
    (folder / "chains.yaml").unlink()
    assert set(quads_of(load_dataset(folder))) == expected


def test_a_bad_weight_in_the_feeds_sheet_names_the_sheet_and_row(tmp_path):
    from chaingap.loaders.errors import DataError

    folder = _weighted_city(tmp_path)
    workbook_path = write_template(folder / "台账.xlsx", folder)
    workbook = openpyxl.load_workbook(workbook_path)
    workbook["上下游"].cell(2, 4, "很多")
    workbook.save(workbook_path)
    (folder / "chains.yaml").unlink()
    with pytest.raises(DataError) as caught:
        load_dataset(folder)
    assert any(p.file == "台账.xlsx:上下游" and p.row == 2 and p.column == "weight" for p in caught.value.problems)
