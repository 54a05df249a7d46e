"""The bad-input corpus: each case edits a copy of ``base/`` (a valid tiny dataset) and says
what ``chaingap load`` must answer: the location (file, row and column, or the YAML path) and
the message. The test (``tests/test_bad_inputs.py``) runs every case through the CLI and
checks exit 1, both texts and an unchanged store.

An edit maps a file name to: a text (the file's new content), ``Append(line)``,
``Replace(old, new)``, ``None`` (delete the file), or a function of the folder.
Rows: the base ``enterprises.csv`` has 3 data rows, so an appended row is row 5 (header = 1);
pool.csv, projects.csv, products.csv, supply.csv, project_stages.csv: row 3 (pool: 4).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Union

__all__ = ["Append", "Replace", "Case", "NAMED", "CORPUS", "apply"]

BASE = Path(__file__).parent / "base"


@dataclass(frozen=True)
class Append:
    line: str


@dataclass(frozen=True)
class Replace:
    old: str
    new: str


Edit = Union[str, Append, Replace, None, Callable[[Path], None], bytes]


@dataclass(frozen=True)
class Case:
    id: str
    edits: dict[str, Edit]
    where: str             # the location as the problem prints it, e.g. "enterprises.csv, row 5, column revenue"
    message: str           # a part of the message
    options: tuple[str, ...] = ()
    env: dict[str, str] = field(default_factory=dict)


def apply(case: Case, folder: Path) -> None:
    """Make the case's edits in ``folder`` (a copy of ``base``)."""
    for name, edit in case.edits.items():
        path = folder / name
        if edit is None:
            path.unlink()
        elif isinstance(edit, bytes):
            path.write_bytes(edit)
        elif isinstance(edit, str):
            path.write_text(edit, encoding="utf-8")
        elif isinstance(edit, Append):
            path.write_text(path.read_text(encoding="utf-8") + edit.line + "\n", encoding="utf-8")
        elif isinstance(edit, Replace):
            text = path.read_text(encoding="utf-8")
            assert edit.old in text, (case.id, edit.old)
            path.write_text(text.replace(edit.old, edit.new, 1), encoding="utf-8")
        else:
            edit(folder)


def _enterprise(id_: str = "E4", name: str = "新企业有限公司", credit: str = "", district: str = "east",
                links: str = "cell", revenue: str = "1", founded: str = "", listed: str = "") -> Append:
    return Append(",".join((id_, name, credit, district, links, revenue, founded, listed)))


def _folder_instead(name: str) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        (folder / name).unlink(missing_ok=True)
        (folder / name).mkdir()
    return edit


def _link_out(name: str) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        outside = folder.parent / f"outside-{name}"
        outside.write_bytes((folder / name).read_bytes())
        (folder / name).unlink()
        (folder / name).symlink_to(outside)
    return edit


def _broken_link(name: str) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        (folder / name).unlink()
        (folder / name).symlink_to(folder / "nowhere.csv")
    return edit


def _workbook(name: str, sheet: str, rows: list[list[object]]) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        import openpyxl

        (folder / f"{name}.csv").unlink(missing_ok=True)
        workbook = openpyxl.Workbook()
        worksheet = workbook.active
        worksheet.title = sheet
        for row in rows:
            worksheet.append(row)
        workbook.save(folder / f"{name}.xlsx")
    return edit


def _mixed_encoding(folder: Path) -> None:
    path = folder / "enterprises.csv"
    path.write_bytes(path.read_bytes() + "E4,坏编码有限公司,,east,cell,1,,\n".encode("gbk"))


_HUGE = "长" * (128 * 1024 + 1)

#: One case per problem named in issue 12's "Why".
NAMED: list[Case] = [
    Case("cell-over-128KiB", {"enterprises.csv": _enterprise(name=_HUGE)},
         "enterprises.csv, row 5, column name", "cell too long: 131,073 characters"),
    Case("cell-over-128KiB-python-csv", {"pool.csv": Append(f"P3,{_HUGE},上海市,cell,1,extra,cells")},
         "pool.csv, row 4, column name", "cell too long"),
    Case("file-over-the-size-limit", {}, "enterprises.csv", "file too large", env={"CHAINGAP_MAX_FILE_MB": "0.0001"}),
    Case("two-columns-of-one-meaning", {"pool.csv": "id,name,企业名称,province,links\nP1,甲,乙,上海市,cell\n"},
         "pool.csv, row 1, column 企业名称", "two columns mean name"),
    Case("one-credit-code-two-ids", {"enterprises.csv": _enterprise(credit="91321100040773059Q")},
         "enterprises.csv, row 5, column credit_code", "is already enterprise E1"),
    Case("shares-past-one", {"enterprises.csv": _enterprise(links="cell:0.8;pack:0.7")},
         "enterprises.csv, row 5, column links", "add up to 1.5"),
    Case("enterprise-supplies-itself", {"supply.csv": Append("E2,E2,")},
         "supply.csv, row 3, column customer", "supplies itself"),
    Case("districts-each-others-parent", {"districts.csv": "id,name,kind,parent\ntown,小镇市,city,\n"
                                          "east,东区,district,west\nwest,西区,district,east\n"},
         "districts.csv, row 3, column parent", "east -> west -> east"),
    Case("founded-after-as-of", {"enterprises.csv": _enterprise(founded="2030-01-01")},
         "enterprises.csv, row 5, column founded", "after the dataset's as_of 2024-06-30"),
    Case("key-twice-in-dataset-yaml", {"dataset.yaml": Append("id: another")},
         "dataset.yaml, row 9, column id", "key 'id' written twice (first at line 1)"),
    Case("xlsx-formula-without-saved-value",
         {"pool": _workbook("pool", "pool", [["id", "name", "province", "links", "revenue"],
                                             ["P1", "上海电芯", "上海市", "cell", "=100*2"]])},
         "pool.xlsx, row 2, column revenue", "has no saved value"),
    Case("5000-digit-amount", {"enterprises.csv": _enterprise(revenue="9" * 5000)},
         "enterprises.csv, row 5, column revenue", "amount too large"),
    Case("bidi-override-in-a-name", {"enterprises.csv": _enterprise(name="新企业\u202e司公限有")},
         "enterprises.csv, row 5, column name", "U+202E (RIGHT-TO-LEFT OVERRIDE)"),
    Case("control-character-in-a-name", {"pool.csv": Append("P3,上海\x1b[31m电芯,上海市,cell,1")},
         "pool.csv, row 4, column name", "U+001B"),
    Case("full-width-id", {"enterprises.csv": _enterprise(id_="Ｅ1")},
         "enterprises.csv, row 5, column id", "equals 'E1' at enterprises.csv row 2"),
    Case("zero-width-id", {"enterprises.csv": _enterprise(id_="E\u200b1")},
         "enterprises.csv, row 5, column id", "equals 'E1' at enterprises.csv row 2"),
    Case("dataset-id-starting-with-underscore", {"dataset.yaml": Replace("id: tinytown", "id: _derived")},
         "dataset.yaml, column id", "reserved for chaingap's own data"),
    Case("negative-currency-rate", {"dataset.yaml": Replace("USD: 7.1", "USD: -7.1")},
         "dataset.yaml, column currency.rates.USD", "not a usable rate: -7.1"),
    Case("table-path-is-a-folder", {"enterprises": _folder_instead("enterprises.csv")},
         "enterprises.csv", "a folder, not a file"),
    Case("dataset-yaml-not-a-mapping", {"dataset.yaml": "- id\n- tinytown\n"},
         "dataset.yaml, row 1", "must be a mapping, not a list"),
    Case("chains-yaml-not-a-mapping", {"chains.yaml": "- cell\n- pack\n"},
         "chains.yaml, row 1", "the chains file must be a mapping"),
    Case("wrong-encoding", {}, "enterprises.csv, row 2", "cannot read the file", options=("--encoding", "ascii")),
    Case("unknown-encoding", {}, "--encoding", "unknown encoding 'klingon'", options=("--encoding", "klingon")),
    Case("wrong-encoding-mojibake", {}, "enterprises.csv", "the text turns into control characters (mojibake); "
         "the file reads as utf-8-sig", options=("--encoding", "latin-1")),
    Case("decode-error-names-the-row", {"enterprises": _mixed_encoding},
         "enterprises.csv, row 5", "neither UTF-8 nor GBK/GB18030 throughout"),
    Case("symlink-out-of-the-folder", {"pool": _link_out("pool.csv")},
         "pool.csv", "outside the dataset folder"),
    Case("dataset-id-not-a-plain-name", {"dataset.yaml": Replace("id: tinytown", "id: Tiny Town")},
         "dataset.yaml, column id", "is not a plain short name"),
]

_R = "id,name,kind,parent,admin_code\n"

#: Cases of our own design beyond the named ones: one per check, file and kind of mistake.
CORPUS: list[Case] = [
    # dataset.yaml
    Case("settings-missing", {"dataset.yaml": None}, "dataset.yaml", "missing file"),
    Case("settings-empty", {"dataset.yaml": ""}, "dataset.yaml", "empty file"),
    Case("settings-bad-yaml", {"dataset.yaml": "id: [tinytown\nname: x\n"}, "dataset.yaml", "cannot read"),
    Case("settings-plain-text", {"dataset.yaml": "just some words\n"}, "dataset.yaml, row 1", "must be a mapping, not a text"),
    Case("settings-id-a-list", {"dataset.yaml": Replace("id: tinytown", "id: [a, b]")},
         "dataset.yaml, column id", "must be a plain value"),
    Case("settings-id-missing", {"dataset.yaml": Replace("id: tinytown\n", "")}, "dataset.yaml, column id", "missing dataset id"),
    Case("settings-id-chinese", {"dataset.yaml": Replace("id: tinytown", "id: 小镇")},
         "dataset.yaml, column id", "'小镇' is not a plain short name"),
    Case("settings-id-too-long", {"dataset.yaml": Replace("id: tinytown", "id: " + "a" * 65)},
         "dataset.yaml, column id", "is not a plain short name"),
    Case("settings-id-leading-dash", {"dataset.yaml": Replace("id: tinytown", "id: '-town'")},
         "dataset.yaml, column id", "'-town' is not a plain short name"),
    Case("settings-id-with-slash", {"dataset.yaml": Replace("id: tinytown", "id: ../town")},
         "dataset.yaml, column id", "is not a plain short name"),
    Case("settings-bad-as-of", {"dataset.yaml": Replace("as_of: '2024-06-30'", "as_of: '2024-13-45'")},
         "dataset.yaml, column as_of", "2024-13-45"),
    Case("settings-currency-a-list", {"dataset.yaml": Replace("currency:\n  unit: 万元\n  rates:\n    USD: 7.1\n",
                                                             "currency: [USD]\n")},
         "dataset.yaml, column currency", "currency must be a mapping"),
    Case("settings-unit-unsupported", {"dataset.yaml": Replace("unit: 万元", "unit: 美元")},
         "dataset.yaml, column currency.unit", "unsupported unit '美元'"),
    Case("settings-rates-a-list", {"dataset.yaml": Replace("rates:\n    USD: 7.1", "rates: [7.1]")},
         "dataset.yaml, column currency.rates", "rates must be a mapping"),
    Case("settings-rate-not-a-number", {"dataset.yaml": Replace("USD: 7.1", "USD: seven")},
         "dataset.yaml, column currency.rates.USD", "not a number: 'seven'"),
    Case("settings-rate-zero", {"dataset.yaml": Replace("USD: 7.1", "USD: 0")},
         "dataset.yaml, column currency.rates.USD", "not a usable rate: 0"),
    Case("settings-rate-huge", {"dataset.yaml": Replace("USD: 7.1", "USD: 1e400")},
         "dataset.yaml, column currency.rates.USD", "not a usable rate: '1e400'"),
    Case("settings-rate-tiny", {"dataset.yaml": Replace("USD: 7.1", "USD: 1e-30")},
         "dataset.yaml, column currency.rates.USD", "not a usable rate"),
    Case("settings-rate-key-twice", {"dataset.yaml": Append("    USD: 7.2")},
         "dataset.yaml, row 9, column currency.rates.USD", "written twice (first at line 8)"),
    Case("settings-unknown-region", {"dataset.yaml": Replace("region: town", "region: atlantis")},
         "dataset.yaml, column region", "unknown district id 'atlantis'"),
    Case("settings-a-folder", {"dataset.yaml": _folder_instead("dataset.yaml")}, "dataset.yaml", "a folder, not a file"),
    Case("settings-link-out", {"dataset.yaml": _link_out("dataset.yaml")}, "dataset.yaml", "outside the dataset folder"),
    # chains.yaml
    Case("chains-missing", {"chains.yaml": None}, "chains.yaml", "missing file"),
    Case("chains-empty", {"chains.yaml": ""}, "chains.yaml", "empty file"),
    Case("chains-bad-yaml", {"chains.yaml": "chains:\n- id: bat\n  links: [\n"}, "chains.yaml", "cannot read the chains file"),
    Case("chains-no-chains", {"chains.yaml": "note: nothing here\n"}, "chains.yaml, row 1, column clusters", "no clusters or chains"),
    Case("chains-duplicate-link", {"chains.yaml": Replace("  - id: pack\n", "  - id: cell\n")},
         "chains.yaml, row 9, column id", "duplicate link id 'cell'"),
    Case("chains-duplicate-chain", {"chains.yaml": Append("- id: bat\n  name: 又一个\n  links: [{id: x1, name: X, segment: upstream}]")},
         "chains.yaml, row 14, column id", "duplicate chain id 'bat'"),
    Case("chains-link-without-id", {"chains.yaml": Replace("  - id: pack\n", "  - nid: pack\n")},
         "chains.yaml, row 9, column id", "a link without an id"),
    Case("chains-unknown-segment", {"chains.yaml": Replace("segment: downstream", "segment: sideways")},
         "chains.yaml, row 9, column segment", "unknown segment 'sideways'"),
    Case("chains-unknown-parent", {"chains.yaml": Replace("    segment: downstream\n", "    parent: nothing\n")},
         "chains.yaml, row 9, column parent", "unknown link id 'nothing'"),
    Case("chains-feeds-cycle", {"chains.yaml": Append("  - [pack, cell]")}, "chains.yaml, column feeds", "feeds-into cycle"),
    Case("chains-feeds-unknown", {"chains.yaml": Append("  - [pack, nowhere]")}, "chains.yaml, column feeds",
         "unknown link id 'nowhere' in feeds"),
    Case("chains-links-not-a-list", {"chains.yaml": "chains:\n- id: bat\n  name: 电池\n  links: cell\n"},
         "chains.yaml, row 2, column links", "links must be a list"),
    Case("chains-key-twice", {"chains.yaml": Replace("    name: 电芯\n", "    name: 电芯\n    name: 电芯二\n")},
         "chains.yaml, row 7, column chains[0].links[0].name", "written twice (first at line 6)"),
    Case("chains-acyclic-not-a-flag", {"chains.yaml": Replace("  name: 电池产业链\n", "  name: 电池产业链\n  acyclic: sometimes\n")},
         "chains.yaml, row 2, column acyclic", "not a yes/no value: 'sometimes'"),
    Case("chains-link-out", {"chains.yaml": _link_out("chains.yaml")}, "chains.yaml", "outside the dataset folder"),
    # districts.csv
    Case("district-unknown-kind", {"districts.csv": Append("north,北区,galaxy,town,")},
         "districts.csv, row 5, column kind", "unknown district kind 'galaxy'"),
    Case("district-duplicate-id", {"districts.csv": Append("east,又一个东区,district,town,")},
         "districts.csv, row 5, column id", "duplicate district id 'east'"),
    Case("district-bad-admin-code", {"districts.csv": Append("north,北区,district,town,32110")},
         "districts.csv, row 5, column admin_code", "not a 6-digit administrative division code: '32110'"),
    Case("district-unknown-parent", {"districts.csv": Append("north,北区,district,nowhere,")},
         "districts.csv, row 5, column parent", "unknown district id 'nowhere'"),
    Case("district-own-parent", {"districts.csv": Append("north,北区,district,north,")},
         "districts.csv, row 5, column parent", "north -> north"),
    Case("district-missing-kind-column", {"districts.csv": "id,name\ntown,小镇市\n"},
         "districts.csv, row 1, column kind", "missing required column"),
    Case("district-empty-name", {"districts.csv": Append("north,,district,town,")},
         "districts.csv, row 5, column name", "empty required cell"),
    Case("district-full-width-id", {"districts.csv": Append("ｅａｓｔ,又一个东区,district,town,")},
         "districts.csv, row 5, column id", "equals 'east' at districts.csv row 3"),
    # enterprises.csv and pool.csv
    Case("enterprise-empty-name", {"enterprises.csv": _enterprise(name="")},
         "enterprises.csv, row 5, column name", "empty required cell"),
    Case("enterprise-bad-credit-code", {"enterprises.csv": _enterprise(credit="91321100040773059X")},
         "enterprises.csv, row 5, column credit_code", "invalid credit code '91321100040773059X'"),
    Case("enterprise-unknown-district", {"enterprises.csv": _enterprise(district="mars")},
         "enterprises.csv, row 5, column district", "unknown district id 'mars'"),
    Case("enterprise-unknown-link", {"enterprises.csv": _enterprise(links="nowhere")},
         "enterprises.csv, row 5, column links", "unknown link id 'nowhere'"),
    Case("enterprise-share-not-a-number", {"enterprises.csv": _enterprise(links="cell:abc")},
         "enterprises.csv, row 5, column links", "bad share 'abc' for link 'cell'"),
    Case("enterprise-share-over-one", {"enterprises.csv": _enterprise(links="cell:1.5")},
         "enterprises.csv, row 5, column links", "bad share '1.5'"),
    Case("enterprise-percent-shares-past-one", {"enterprises.csv": _enterprise(links="cell:60%;pack:60%")},
         "enterprises.csv, row 5, column links", "add up to 1.2"),
    Case("enterprise-negative-revenue", {"enterprises.csv": _enterprise(revenue="-5")},
         "enterprises.csv, row 5, column revenue", "negative amount '-5'"),
    Case("enterprise-revenue-words", {"enterprises.csv": _enterprise(revenue="很多")},
         "enterprises.csv, row 5, column revenue", "很多"),
    Case("enterprise-unknown-currency", {"enterprises.csv": _enterprise(revenue="5 GBP")},
         "enterprises.csv, row 5, column revenue", "unknown currency 'GBP'"),
    Case("enterprise-impossible-date", {"enterprises.csv": _enterprise(founded="2024-02-30")},
         "enterprises.csv, row 5, column founded", "2024-02-30"),
    Case("enterprise-bad-flag", {"enterprises.csv": _enterprise(listed="maybe")},
         "enterprises.csv, row 5, column listed", "not a yes/no value: 'maybe'"),
    Case("enterprise-duplicate-id", {"enterprises.csv": _enterprise(id_="E1")},
         "enterprises.csv, row 5, column id", "duplicate enterprise id 'E1'"),
    Case("enterprise-bell-in-address", {"enterprises.csv": "id,name,district,links,address\nE1,甲公司,east,cell,东区\x07路1号\n"},
         "enterprises.csv, row 2, column address", "U+0007"),
    Case("enterprise-nul-in-name", {"enterprises.csv": "id,name,district,links\nE1,甲\x00公司,east,cell\n"},
         "enterprises.csv, row 2, column name", "U+0000"),
    Case("enterprise-isolate-in-name", {"enterprises.csv": _enterprise(name="新\u2066企业")},
         "enterprises.csv, row 5, column name", "U+2066"),
    Case("enterprise-long-business-scope", {"enterprises.csv": "id,name,district,links,business_scope\n"
                                            f"E1,甲公司,east,cell,{'经营' * 70000}\n"},
         "enterprises.csv, row 2, column business_scope", "cell too long: 140,000 characters"),
    Case("enterprise-missing-name-column", {"enterprises.csv": "id,district,links\nE1,east,cell\n"},
         "enterprises.csv, row 1, column name", "missing required column"),
    Case("enterprise-same-header-twice", {"enterprises.csv": "id,name,district,links,links\nE1,甲,east,cell,pack\n"},
         "enterprises.csv, row 1, column links", "two columns mean links: 'links' (column D) and 'links' (column E)"),
    Case("enterprise-registry-headers-twice", {"enterprises.csv": "编号,企业名称,所在板块,环节,营业收入,营收\nE1,甲,east,cell,1,2\n"},
         "enterprises.csv, row 1, column 营收", "two columns mean revenue"),
    Case("enterprise-empty-file", {"enterprises.csv": ""}, "enterprises.csv", "empty file"),
    Case("enterprise-binary-garbage", {"enterprises.csv": bytes(range(256)) * 8}, "enterprises.csv, row 3",
         "cannot read the file: neither UTF-8 nor GBK/GB18030"),
    Case("enterprise-broken-link", {"enterprises.csv": _broken_link("enterprises.csv")}, "enterprises.csv", "does not exist"),
    Case("enterprise-xlsx-not-a-workbook", {"enterprises.csv": None, "enterprises.xlsx": "id,name\nE1,甲\n"},
         "enterprises.xlsx", "cannot read the file"),
    Case("pool-many-control-characters", {"pool.csv": Append("\n".join(f"Q{n},外地\u202e{n},上海市,cell,1" for n in range(25)))},
         "pool.csv, row 24, column name", "5 more cells with control characters in this column from this row on"),
    Case("pool-missing-name-column", {"pool.csv": "id,province,links\nP1,上海市,cell\n"},
         "pool.csv, row 1, column name", "missing required column"),
    Case("pool-full-width-id-of-a-local-firm", {"pool.csv": Append("Ｅ2,外地同名,上海市,cell,1")},
         "pool.csv, row 4, column id", "equals 'E2' at enterprises.csv row 3"),
    Case("pool-credit-code-of-a-local-firm", {"pool.csv": "id,name,credit_code,province,links\n"
                                              "P9,外地,9132110058513066XM,上海市,cell\n"},
         "pool.csv, row 2, column credit_code", "is already enterprise E2 at enterprises.csv row 3"),
    Case("pool-founded-after-as-of", {"pool.csv": "id,name,province,links,founded\nP1,外地,上海市,cell,2024-07-01\n"},
         "pool.csv, row 2, column founded", "2024-07-01 is after the dataset's as_of"),
    Case("pool-employees-words", {"pool.csv": "id,name,province,links,参保人数\nP1,外地,上海市,cell,很多\n"},
         "pool.csv, row 2, column 参保人数", "not a number of people: '很多'"),
    Case("pool-negative-employees", {"pool.csv": "id,name,province,links,employees\nP1,外地,上海市,cell,-12人\n"},
         "pool.csv, row 2, column employees", "negative number of people: '-12人'"),
    Case("enterprise-employees-a-range", {"enterprises.csv": "id,name,district,links,员工人数\nE1,甲,east,cell,50-99人\n"},
         "enterprises.csv, row 2, column 员工人数", "not a number of people: '50-99人'"),
    Case("enterprise-employees-not-whole", {"enterprises.csv": "id,name,district,links,从业人数\nE1,甲,east,cell,12.5\n"},
         "enterprises.csv, row 2, column 从业人数", "not a whole number of people: '12.5'"),
    Case("pool-5000-digit-revenue", {"pool.csv": Append("P3,外地,上海市,cell," + "1" * 5000 + "万元")},
         "pool.csv, row 4, column revenue", "amount too large"),
    # projects.csv and project_stages.csv
    Case("project-unknown-stage", {"projects.csv": Append("J2,新项目,east,cell,P1,1亿元,dreaming,2024-03-12,formal")},
         "projects.csv, row 3, column stage", "dreaming"),
    Case("project-unknown-agreement", {"projects.csv": Append("J2,新项目,east,cell,P1,1亿元,signed,2024-03-12,handshake")},
         "projects.csv, row 3, column agreement", "unknown agreement type 'handshake'"),
    Case("project-duplicate-id", {"projects.csv": Append("J1,新项目,east,cell,P1,1亿元,signed,2024-03-12,formal")},
         "projects.csv, row 3, column id", "duplicate project id 'J1'"),
    Case("project-unknown-district", {"projects.csv": Append("J2,新项目,mars,cell,P1,1亿元,signed,2024-03-12,formal")},
         "projects.csv, row 3, column district", "unknown district id 'mars'"),
    Case("project-negative-investment", {"projects.csv": Append("J2,新项目,east,cell,P1,-1亿元,signed,2024-03-12,formal")},
         "projects.csv, row 3, column investment", "negative amount"),
    Case("project-bad-signing-date", {"projects.csv": Append("J2,新项目,east,cell,P1,1亿元,signed,someday,formal")},
         "projects.csv, row 3, column signed_on", "someday"),
    Case("project-formula-name", {"projects": _workbook("projects", "projects", [
        ["id", "name", "district", "links", "investment"], ["J1", "电芯扩产项目", "east", "cell", "=SUM(1,2)"]])},
         "projects.xlsx, row 2, column investment", "formula '=SUM(1,2)' has no saved value"),
    Case("project-two-name-columns", {"projects.csv": "id,name,项目名称,district\nJ1,甲,乙,east\n"},
         "projects.csv, row 1, column 项目名称", "two columns mean name"),
    Case("stage-unknown-project", {"project_stages.csv": Append("J9,signed,2024-03-12")},
         "project_stages.csv, row 3, column project", "unknown project id 'J9'"),
    Case("stage-missing-date", {"project_stages.csv": Append("J1,landed,")},
         "project_stages.csv, row 3, column date", "empty required cell"),
    # products, supply, bases, benchmarks
    Case("product-duplicate-id", {"products.csv": Append("PR1,又一个,E1,cell")},
         "products.csv, row 3, column id", "duplicate product id 'PR1'"),
    Case("product-unknown-enterprise", {"products.csv": Append("PR2,电池,E9,cell")},
         "products.csv, row 3, column enterprise", "unknown enterprise 'E9'"),
    Case("product-unknown-link", {"products.csv": Append("PR2,电池,E1,nowhere")},
         "products.csv, row 3, column link", "unknown link id 'nowhere'"),
    Case("supply-unknown-supplier", {"supply.csv": Append("E9,E2,")},
         "supply.csv, row 3, column supplier", "unknown enterprise 'E9'"),
    Case("supply-unknown-product", {"supply.csv": Append("E1,E2,PR9")},
         "supply.csv, row 3, column product", "unknown product id 'PR9'"),
    Case("supply-self-by-name", {"supply.csv": Append("东区电芯有限公司,E1,")},
         "supply.csv, row 3, column customer", "supplies itself"),
    Case("base-unknown-chain", {"bases.csv": "id,name,district,chain\nB1,基地,east,nochain\n"},
         "bases.csv, row 2, column chain", "unknown chain id 'nochain'"),
    Case("benchmark-not-whole", {"benchmarks.csv": "link,enterprises\ncell,1.5\n"},
         "benchmarks.csv, row 2, column enterprises", "not a whole number: '1.5'"),
    Case("benchmark-unknown-link", {"benchmarks.csv": "link,enterprises\nnowhere,3\n"},
         "benchmarks.csv, row 2, column link", "unknown link id 'nowhere'"),
    Case("benchmark-huge-count", {"benchmarks.csv": "link,enterprises\ncell," + "9" * 30 + "\n"},
         "benchmarks.csv, row 2, column enterprises", "number too large"),
    # outreach.csv (走访记录)
    Case("outreach-unknown-firm", {"outreach.csv": "企业,日期,结果,备注\nP9,2024-03-01,婉拒,\n"},
         "outreach.csv, row 2, column 企业", "unknown enterprise 'P9'"),
    Case("outreach-bad-date", {"outreach.csv": "enterprise,date,kind\nP1,2024-02-30,visit\n"},
         "outreach.csv, row 2, column date", "not a date: '2024-02-30'"),
    Case("outreach-after-as-of", {"outreach.csv": "enterprise,date,kind\nP1,2024-07-01,洽谈\n"},
         "outreach.csv, row 2, column date", "outreach date 2024-07-01 is after the dataset's as_of 2024-06-30"),
    Case("outreach-unknown-kind", {"outreach.csv": "enterprise,date,kind\nP1,2024-03-01,电话\n"},
         "outreach.csv, row 2, column kind", "unknown outreach kind '电话'"),
    Case("outreach-without-as-of", {"outreach.csv": "enterprise,date,kind\nP1,2024-03-01,declined\n",
                                    "dataset.yaml": Replace("as_of: '2024-06-30'\n", "")},
         "dataset.yaml, column as_of", "an outreach log needs the dataset's as_of"),
]
