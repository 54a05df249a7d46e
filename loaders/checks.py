"""Check a dataset's tables in DuckDB and write its tables of record, in one pass per table.

Each table file has been read once into columns of text (:mod:`.tables`); here those columns
are registered in DuckDB and checked by the vectorised SQL of ``sql/checks/*.sql``, table
after table (districts, enterprises and pool, projects and their stages, products, supply,
bases, benchmarks), because later tables refer to earlier ones. The checks write the
tables of record and a table of problems; only the problem rows become text
(:mod:`.problems`). Cells the SQL cannot decide — unusual spellings, Excel number and date
cells, bad values — go to the Python parsers once per distinct text (:mod:`.cells`), so
values and messages are exactly those of the row-by-row checks they replace.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa

from chaingap.ontology.vocab import AGREEMENTS, DISTRICT_KINDS, STAGES, normalise_name

from .booleans import FALSE_WORDS, TRUE_WORDS
from .cells import CellParsers
from .chains import ChainFile
from .creditcode import check_codes, organisation_code_failures, valid_codes
from .errors import Problem
from .pipeline_cells import pipeline_map_functions
from .problems import PROJECT_STAGES, message
from .reading import WHITESPACE
from .records import FLAG_COLUMNS, fill_shares
from .tables import TableFile

if TYPE_CHECKING:
    import duckdb

__all__ = ["FAST", "Checks", "TYPED_COLUMNS"]

#: False sends every cell to the Python parsers (the tests compare both paths).
FAST = True

#: Columns whose Excel cells are read as values (numbers, dates, booleans), not as text.
TYPED_COLUMNS = frozenset({"revenue", "registered_capital", "investment", "founded", "signed_on", "date",
                           "enterprises", "employees", "illustrative", *FLAG_COLUMNS})
_MONEY_COLUMNS = {"enterprises": ("revenue", "registered_capital"), "pool": ("revenue", "registered_capital"),
                  "projects": ("investment",), "benchmarks": ("revenue",), "targets": ("investment",),
                  "project_commitments": ("amount",)}
_FLAG_SEQ = {column: 9 + index for index, column in enumerate((*FLAG_COLUMNS, "illustrative"))}


def _literal(text: str) -> str:
    """A SQL string literal of code-defined text (never data)."""
    return "'" + text.replace("'", "''") + "'"


def _char_class(chars: Iterable[str]) -> str:
    """An RE2 character class matching exactly ``chars``."""
    codes = sorted({ord(char) for char in chars})
    parts, start = [], None
    for index, code in enumerate(codes):
        if start is None:
            start = code
        if index + 1 == len(codes) or codes[index + 1] != code + 1:
            parts.append(f"\\x{{{start:x}}}" if start == code else f"\\x{{{start:x}}}-\\x{{{code:x}}}")
            start = None
    return "[" + "".join(parts) + "]*"


@cache
def _name_classes() -> tuple[str, str]:
    """Character classes for names in SQL: ``normal`` strings are their own ``normalise_name``
    key; ``safe`` strings (normal ones, ASCII capitals and whitespace, the ideographic space and
    full-width brackets) are normalised by ``_l_norm_fast``; anything else goes to Python."""
    import unicodedata

    normal = set(map(chr, range(0x21, 0x7F))) - set(map(chr, range(0x41, 0x5B)))
    for low, high in ((0x3001, 0x303F), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0x2010, 0x2027), (0xB7, 0xB7)):
        for code in range(low, high + 1):
            char = chr(code)
            if (unicodedata.normalize("NFKC", char) == char and not unicodedata.combining(char)
                    and not char.isspace() and char.casefold() == char == char.lower() == char.upper()):
                normal.add(char)
    safe = normal | set(map(chr, range(0x41, 0x5B))) | set("\t\n\x0b\x0c\r \u3000（）【】〔〕［］")
    return _char_class(normal), _char_class(safe)


@cache
def _constants(fast: bool) -> dict[str, str]:
    normal, safe = _name_classes()
    flags = list(_FLAG_SEQ)
    return {
        "fast": "TRUE" if fast else "FALSE",
        "ws": WHITESPACE.replace("'", "''"),
        "normal": normal,
        "safe": safe,
        "money_branches": "\n".join(
            f"    WHEN {scale} THEN "
            + (f"CASE WHEN _l_decimals(num) <= {8 - scale} THEN " if scale > 4 else "")
            + f"(try_cast(num AS DECIMAL(19, {8 - scale})) * try_cast(factor AS DECIMAL(18, {scale})))::DECIMAL(38, 8)"
            + (" END" if scale > 4 else "") for scale in range(9)),
        "flag_words": " ".join(f"WHEN x = {_literal(word)} THEN {'true' if word in TRUE_WORDS else 'false'}"
                               for word in sorted(TRUE_WORDS | FALSE_WORDS - {""}, key=lambda w: (w not in "10", w))),
        "stage_order": "CASE e.stage " + " ".join(f"WHEN {_literal(code)} THEN {STAGES.order(code)}"
                                                  for code in PROJECT_STAGES) + " END",
        "flag_wanted": "\n".join(f"UNION ALL SELECT DISTINCT 'flag', {c}, '' FROM _l_raw_ent "
                                 f"WHERE {c} IS NOT NULL AND _l_flag_fast({c}) IS NULL" for c in flags),
        "flag_problems": "\n".join(
            f"UNION ALL SELECT 6, e._fno, e._row, {seq}, 0, e._file, '{c}', 'flag', m.original, NULL FROM _l_e0 e "
            f"JOIN _l_map m ON m.kind = 'flag' AND m.unit = '' AND m.text = e.{c} "
            f"WHERE e.eid IS NOT NULL AND m.pkind IS NOT NULL" for c, seq in _FLAG_SEQ.items()),
        "flag_slow": ", ".join(f"m_{c}.v_bool AS {c}_slow" for c in flags),
        "flag_joins": "\n    ".join(f"LEFT JOIN _l_map m_{c} ON m_{c}.kind = 'flag' AND m_{c}.unit = '' "
                                     f"AND m_{c}.text = p.{c}" for c in flags),
        "flag_values": ", ".join(f"coalesce(_l_flag_fast({c}), {c}_slow, false)" for c in FLAG_COLUMNS),
        "illustrative_value": "coalesce(_l_flag_fast(illustrative), illustrative_slow, false)",
    }


@cache
def _sections(name: str, fast: bool) -> dict[str, list[str]]:
    """The statements of ``sql/checks/{name}.sql`` by section (``-- name: x``), constants filled in."""
    text = files(__package__).joinpath("sql", "checks", f"{name}.sql").read_text(encoding="utf-8")
    text = text.format(**_constants(fast))
    sections: dict[str, list[str]] = {}
    for block in re.split(r"^-- name: ", text, flags=re.M)[1:]:
        title, _, body = block.partition("\n")
        statements = [s.strip() for s in re.split(r";\s*\n", body + "\n") if s.strip() and not _only_comments(s)]
        sections[title.strip()] = statements
    return sections


def _only_comments(statement: str) -> bool:
    return all(not line.strip() or line.strip().startswith("--") for line in statement.splitlines())


@dataclass
class Checks:
    """One load's checks, run in ``con`` (its temporary tables are dropped by :meth:`close`)."""

    con: duckdb.DuckDBPyConnection
    dataset_id: str
    chains: ChainFile
    rates: dict[str, Decimal]
    tables: dict[str, TableFile]
    region: str | None = None
    warnings: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    assignment_counts: Counter = field(default_factory=Counter)
    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.fast = FAST
        self.parsers = CellParsers(self.rates)
        self._known: set[tuple[str, str, str]] = set()
        self._known_units: set[tuple[str, str]] = set()
        self._slow_units: set[tuple[str, str]] = set()
        self._registered: list[str] = []
        self._functions_made: list[str] = []
        self._district_lookup: dict[str, str] = {}
        self._names_ready = False
        self._map_functions: dict[str, Callable[[str, str], dict]] = {
            "money": self.parsers.money, "date": self.parsers.date, "flag": self.parsers.flag,
            "int": self.parsers.integer, "headcount": self.parsers.headcount,
            "credit": self.parsers.credit, "ccnorm": self.parsers.credit_key,
            "norm": self.parsers.name_key, "share": self.parsers.share, "admin": self.parsers.admin_code,
            "kind": CellParsers.lookup(DISTRICT_KINDS.parse), "stage": CellParsers.lookup(_stage),
            "agreement": CellParsers.lookup(AGREEMENTS.parse),
            **pipeline_map_functions(self.parsers),
            "district": CellParsers.lookup(self._district), "county": CellParsers.lookup(self._county),
        }

    # --- plumbing -----------------------------------------------------------------------------

    def run(self, file: str, section: str, **params: Any) -> list[tuple]:
        """Execute one section of a SQL file; returns the rows of its last statement."""
        rows: list[tuple] = []
        column = params.pop("col", None)
        for statement in _sections(file, self.fast)[section]:
            if column is not None:
                if column not in _FLAG_SEQ:
                    raise ValueError(f"not a yes/no column: {column!r}")
                statement = statement.replace("@col@", column)
            wanted = {name: value for name, value in params.items() if f"${name}" in statement}
            if "$dataset" in statement:
                wanted["dataset"] = self.dataset_id
            result = self.con.execute(statement, wanted) if wanted else self.con.execute(statement)
            rows = result.fetchall() if result.description else []
        return rows

    def register(self, name: str, table: pa.Table) -> None:
        self.con.register(name, table)
        self._registered.append(name)

    def _functions(self) -> None:
        """The vectorised credit-code checks, as DuckDB functions over Arrow batches."""
        from duckdb.sqltypes import BOOLEAN, VARCHAR

        for name, function in (("_l_gb32100", valid_codes), ("_l_gb11714_fails", organisation_code_failures)):
            self.con.create_function(name, function, [VARCHAR], BOOLEAN, type="arrow")
            self._functions_made.append(name)

    def close(self) -> None:
        """Drop the temporary tables, views, macros and functions of the checks."""
        for name in self._registered:
            self.con.unregister(name)
        for (name,) in self.con.execute("SELECT view_name FROM duckdb_views() WHERE temporary AND view_name LIKE '\\_l\\_%' ESCAPE '\\'").fetchall():
            self.con.execute(f'DROP VIEW IF EXISTS temp."{name}"')
        for (name,) in self.con.execute("SELECT table_name FROM duckdb_tables() WHERE temporary AND table_name LIKE '\\_l\\_%' ESCAPE '\\'").fetchall():
            self.con.execute(f'DROP TABLE IF EXISTS temp."{name}"')
        for (name,) in self.con.execute("SELECT DISTINCT function_name FROM duckdb_functions() WHERE function_type = 'macro' "
                                        "AND schema_name = 'main' AND database_name = 'temp' AND function_name LIKE '\\_l\\_%' ESCAPE '\\'").fetchall():
            self.con.execute(f'DROP MACRO IF EXISTS temp."{name}"')
        for name in self._functions_made:
            self.con.remove_function(name)
        self._functions_made.clear()

    def fill(self, rows: Iterable[tuple]) -> set[str]:
        """Ask the Python parsers about each (kind, text, unit) not asked yet; append to ``_l_map``.

        Rows may name a fourth field, the column the text is in; returns those columns.
        """
        rows = list(rows)
        columns_seen = {row[3] for row in rows if len(row) > 3}
        new = [key for key in dict.fromkeys(tuple(row[:3]) for row in rows) if key not in self._known]
        if not new:
            return columns_seen
        self._known.update(new)
        columns: dict[str, list] = {name: [] for name in
                                    ("kind", "text", "unit", "v_text", "v_dec", "v_date", "v_bool", "v_int",
                                     "original", "pkind", "msg")}
        for kind, text, unit in new:
            found = self._map_functions[kind](text, unit)
            columns["kind"].append(kind)
            columns["text"].append(text)
            columns["unit"].append(unit)
            for name in ("v_text", "v_dec", "v_date", "v_bool", "v_int", "original", "pkind", "msg"):
                columns[name].append(found.get(name))
        self._append("_l_map", columns)
        return columns_seen

    def _money(self, file: str) -> None:
        """Factors of the money units of ``file``'s cells, and the Python parsers for the rest."""
        rows = self.run(file, "money_units")
        self.fill([row for row in rows if row[0] == "money"])
        units = [tuple(row[1:]) for row in rows if row[0] == "unit"]
        self.fill_units(units)
        if self._slow_units.intersection(units):
            self.fill(self.run(file, "money_wanted"))

    def fill_units(self, rows: Iterable[tuple]) -> None:
        """Factors of money units for the fast path (``_l_mfac``); the units whose factor the
        fast path cannot always use are remembered (their cells may need the Python parser)."""
        """Factors of money units for the fast path (``_l_mfac``)."""
        new = [key for key in dict.fromkeys(map(tuple, rows)) if key not in self._known_units]
        if not new:
            return
        self._known_units.update(new)
        columns: dict[str, list] = {"unit": [], "rest": [], "factor": [], "scale": []}
        for unit, rest in new:
            found = self.parsers.money_factor(unit, rest)
            columns["unit"].append(unit)
            columns["rest"].append(rest)
            columns["factor"].append(found.get("v_text"))
            columns["scale"].append(found.get("v_int"))
        self._append("_l_mfac", columns)
        self._slow_units.update(key for key, scale in zip(new, columns["scale"]) if scale is None or scale > 4)

    def _append(self, table: str, columns: dict[str, list]) -> None:
        arrow = pa.table({name: pa.array(values) if any(v is not None for v in values) else pa.nulls(len(values))
                          for name, values in columns.items()})
        self.con.register("_l_incoming", arrow)
        try:
            names = ", ".join(columns)
            self.con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM _l_incoming")
        finally:
            self.con.unregister("_l_incoming")

    def _district(self, text: str) -> str | None:
        return self._district_lookup.get(text) or self._district_lookup.get(normalise_name(text))

    def _county(self, text: str) -> str | None:
        return self._district_lookup.get(normalise_name(text))

    # --- input --------------------------------------------------------------------------------

    def _raw(self, name: str, spec_columns: Iterable[str], extra: dict[str, object] | None = None,
             fno: int = 0) -> pa.Table:
        """The rows of a usable table file as Arrow (an empty table when absent or unusable)."""
        table = self.tables.get(name)
        columns = list(spec_columns)
        data = table.data if table is not None and table.usable else None
        if data is None:
            data = pa.table({"_row": pa.array([], pa.int32()), **{c: pa.array([], pa.string()) for c in columns}})
        if table is not None and table.typed:
            data = self._with_tokens(data, table)
        count = data.num_rows
        label = table.file if table is not None else name
        if name in ("enterprises", "pool"):
            valid, failing = check_codes(data.column("credit_code"))
            extra = {**(extra or {}), "_cc_ok": valid if self.fast else _constant(False, count), "_org_bad": failing}
        fixed = {"_file": _constant(label, count), "_fno": pa.array(np.full(count, fno, np.int32))}
        for key, value in (extra or {}).items():
            fixed[key] = value if isinstance(value, (pa.Array, pa.ChunkedArray)) else _constant(value, count)
        return pa.table({**fixed, "_row": data.column("_row"), **{c: data.column(c) for c in columns}})

    def _with_tokens(self, data: pa.Table, table: TableFile) -> pa.Table:
        """Excel number, date and boolean cells of typed columns stand in the text as tokens."""
        position = {row: index for index, row in enumerate(data.column("_row").to_pylist())}
        for column in {c for c, _ in table.typed} & TYPED_COLUMNS:
            values = data.column(column).to_pylist()
            for (name, row), value in table.typed.items():
                if name == column and row in position:
                    values[position[row]] = self.parsers.token(value)
            data = data.set_column(data.schema.get_field_index(column), column, pa.array(values, pa.string()))
        return data

    def _units(self, name: str) -> dict[str, object]:
        table = self.tables.get(name)
        return {f"_hu_{column}": (table.units.get(column) if table is not None else None)
                for column in _MONEY_COLUMNS.get(name, ())}

    def _is_usable(self, name: str) -> bool:
        table = self.tables.get(name)
        return table is not None and table.usable

    # --- the phases ---------------------------------------------------------------------------

    def check(self) -> None:
        """Run every check, in order, writing the tables of record and collecting problems."""
        from .schemas import TABLES

        self._functions()
        for statement_block in ("macros", "tables"):
            self.run("common", statement_block)
        self.con.execute("CREATE TEMP TABLE _l_codes (key VARCHAR, link VARCHAR, pos INTEGER)")
        self.con.execute("CREATE TEMP TABLE _l_keywords (keyword VARCHAR, link VARCHAR, pos INTEGER)")
        self.run("resolve", "tables")
        self.con.execute("CREATE TEMP TABLE _l_rest (given VARCHAR, n INTEGER, rest DECIMAL(38, 8))")
        self._chain_tables()
        self.register("_l_raw_districts", self._raw("districts", TABLES["districts"].columns))
        self._districts()
        ent = pa.concat_tables([
            self._raw("enterprises", TABLES["enterprises"].columns, {"_local": True, **self._units("enterprises")}, 0),
            self._raw("pool", TABLES["pool"].columns, {"_local": False, **self._units("pool")}, 1)])
        self.register("_l_raw_ent", ent)
        self._enterprises()
        self.register("_l_raw_projects", self._raw("projects", TABLES["projects"].columns, self._units("projects")))
        self.register("_l_raw_stages", self._raw("project_stages", TABLES["project_stages"].columns))
        self._projects()
        self._pipeline()
        self._commitments()
        for name in ("products", "supply", "bases", "benchmarks"):
            self.register(f"_l_raw_{name}", self._raw(name, TABLES[name].columns, self._units(name)))
        self._small_tables()
        self._outreach()
        self._collect_problems()

    def _chain_tables(self) -> None:
        chains = self.chains
        self._append_rows("_l_link_ids", {"id": list(chains.links)})
        self._append_rows("_l_chain_ids", {"id": list(chains.chains)})
        codes = {_code_key(code): links for code, links in chains.code_index().items()}
        self._append_rows("_l_codes", {"key": [k for k, links in codes.items() if k for _ in links],
                                       "link": [l for k, links in codes.items() if k for l in links],
                                       "pos": [i for k, links in codes.items() if k for i, _ in enumerate(links, 1)]})
        keyword_links: dict[str, list[str]] = {}
        for link in chains.links.values():
            for keyword in link.keywords:
                keyword_links.setdefault(normalise_name(keyword), []).append(link.id)
        self.keyword_links = {keyword: links for keyword, links in keyword_links.items() if keyword}
        self._append_rows("_l_keywords", {
            "keyword": [k for k, links in self.keyword_links.items() for _ in links],
            "link": [l for links in self.keyword_links.values() for l in links],
            "pos": [i for links in self.keyword_links.values() for i, _ in enumerate(links, 1)]})

    def _append_rows(self, table: str, columns: dict[str, list]) -> None:
        if any(columns.values()):
            self._append(table, {name: values for name, values in columns.items()})

    def _districts(self) -> None:
        self.fill(self.con.execute(
            "SELECT DISTINCT 'kind', kind, '' FROM _l_raw_districts WHERE kind IS NOT NULL "
            "UNION ALL SELECT DISTINCT 'admin', admin_code, '' FROM _l_raw_districts "
            "WHERE admin_code IS NOT NULL AND _l_admin_fast(admin_code) IS NULL "
            "UNION ALL SELECT DISTINCT 'flag', illustrative, '' FROM _l_raw_districts "
            "WHERE illustrative IS NOT NULL AND _l_flag_fast(illustrative) IS NULL").fetchall())
        self.run("districts", "rows")
        self.run("districts", "problems")
        self.run("districts", "write")
        accepted = self.con.execute("SELECT id, name FROM districts WHERE dataset = ? ORDER BY _row",
                                    [self.dataset_id]).fetchall()
        lookup = {normalise_name(name): district for district, name in accepted}
        lookup.update({district: district for district, _ in accepted})
        self._district_lookup = lookup
        if self._is_usable("districts"):
            self.counts["districts"] = len(accepted)
        ids = {district for district, _ in accepted}
        if self.region and ids and self.region not in ids:
            self.con.execute("INSERT INTO _l_problems VALUES (5, 0, NULL, 1, 0, 'dataset.yaml', 'region', 'region', ?, NULL)",
                             [self.region])
        if self.region and not ids:
            self.warnings.append(f"dataset.yaml: region {self.region!r} is not described (no districts table)")

    def _enterprises(self) -> None:
        self.fill(self.run("enterprises", "distinct_texts"))
        self.run("enterprises", "links")
        self.fill(self.run("enterprises", "share_wanted"))
        self.run("enterprises", "link_items")
        self.run("enterprises", "by_code")
        self._money("enterprises")
        self.fill(self.run("enterprises", "wanted"))
        self.run("enterprises", "ids")
        if self.keyword_links:
            self.fill(self.run("enterprises", "keyword_wanted"))
            ordered = sorted(self.keyword_links, key=len, reverse=True)
            self.run("enterprises", "by_keyword", pattern="|".join(map(re.escape, ordered)))
        else:
            self.con.execute("CREATE TEMP TABLE _l_ek (_fno INTEGER, _row INTEGER, link VARCHAR, pos BIGINT, "
                             "confidence DECIMAL(9, 6))")
        self.run("enterprises", "accept")
        self._fill_rest(self.run("enterprises", "rest_wanted"))
        self.run("enterprises", "problems")
        unassigned: dict[str, list[str]] = {}
        for file, row in self.run("enterprises", "unassigned"):
            unassigned.setdefault(file, []).append(str(row))
        for file, rows in unassigned.items():
            self.warnings.append(f"{file}: {len(rows)} enterprise row(s) match no link (rows {_first(rows)}); "
                                 "they are skipped")
        self.con.execute("INSERT INTO _l_rtexts " + _sections("enterprises", self.fast)["group_texts"][0])
        self._resolve()
        unmatched = [f"{file} row {row} ({text})" for file, row, text in self.run("enterprises", "unmatched_groups")]
        if unmatched:
            self.warnings.append(f"{len(unmatched)} parent group(s) match no single enterprise and are not linked: "
                                 + _first(unmatched, 5))
        review: dict[str, list[str]] = {}
        for file, row in self.run("enterprises", "review"):
            review.setdefault(file, []).append(str(row))
        for file, rows in review.items():
            self.warnings.append(f"{file}: {len(rows)} enterprise row(s) name keywords of several links (rows "
                                 f"{_first(rows)}); each is assigned to the link of the longest keyword, with its "
                                 "confidence in operations.confidence: please review")
        named: dict[str, list[str]] = {}
        for file, row in self.run("enterprises", "named"):
            named.setdefault(file, []).append(str(row))
        for file, rows in named.items():
            self.warnings.append(f"{file}: {len(rows)} enterprise row(s) have neither id nor credit code (rows "
                                 f"{_first(rows)}); each gets a stable id from its normalised name (name-…)")
        inactive: dict[str, list[str]] = {}
        for file, row in self.run("enterprises", "inactive"):
            inactive.setdefault(file, []).append(str(row))
        for file, rows in inactive.items():
            self.warnings.append(f"{file}: {len(rows)} enterprise row(s) no longer operate (登记状态 注销, 吊销 …; "
                                 f"rows {_first(rows)}); kept, but they count in no link and are never targets")
        odd: dict[str, list[str]] = {}
        for file, row in self.run("enterprises", "odd_codes"):
            odd.setdefault(file, []).append(str(row))
        for file, rows in odd.items():
            self.warnings.append(f"{file}: {len(rows)} credit code(s) whose embedded organisation code "
                                 f"(characters 9-17, GB 11714) fails its own check (rows {_first(rows)}); "
                                 "loaded as given")
        counted = dict(self.run("enterprises", "counts"))
        for fno, name in enumerate(("enterprises", "pool")):
            if self._is_usable(name):
                self.counts[name] = counted.get(fno, 0)
        for method, count in self.run("enterprises", "methods"):
            if count:
                self.assignment_counts[method] += count
        self.run("enterprises", "write")

    def _fill_rest(self, rows: list[tuple]) -> None:
        """The share each link without one gets (``fill_shares``), per distinct (given shares, count)."""
        from .cells import parse_share

        values: dict[str, list] = {"given": [], "n": [], "rest": []}
        for given, missing in rows:
            shares = [parse_share(text) for text in given.split(";")] if given else []
            links = [(f"g{i}", share) for i, share in enumerate(shares) if share is not None]
            filled = fill_shares(links + [(f"m{i}", None) for i in range(missing)])
            values["given"].append(given)
            values["n"].append(missing)
            values["rest"].append(filled[-1][1])
        self._append_rows("_l_rest", values)

    def _name_index(self) -> None:
        """Index the names asked for in ``_l_nkeys`` (keying every enterprise's name on first use)."""
        if not self._names_ready:
            self.run("resolve", "names")
            wanted = self.run("resolve", "names_wanted")
            if wanted:
                self.fill(wanted)
                self.run("resolve", "names_patch")
            self._names_ready = True
        self.run("resolve", "name_index")

    def _resolve(self) -> None:
        """Resolve the texts in ``_l_rtexts`` to enterprises (``_l_res``)."""
        self.run("resolve", "exact")
        self.fill(self.run("resolve", "ckey_wanted"))
        self.run("resolve", "ckeys")
        self.run("resolve", "credit_index")
        self.fill(self.run("resolve", "nkey_wanted"))
        [(names,)] = self.run("resolve", "nkeys")
        if names:
            self._name_index()
        self.run("resolve", "resolve")

    def _projects(self) -> None:
        self._money("projects")
        self.fill(self.run("projects", "wanted"))
        self.run("projects", "rows")
        self.run("projects", "items")
        self.fill(self.run("projects", "share_wanted"))
        self.run("projects", "item_checks")
        self.run("projects", "investor_codes")
        self.run("resolve", "credit_index")
        self.fill(self.run("projects", "investor_wanted"))
        [(names,)] = self.run("projects", "investor_names")
        if names:
            self._name_index()
        self.run("projects", "investors")
        for file, row, investor, ids in self.run("projects", "ambiguous_investors"):
            self.warnings.append(f"{file} row {row}: investor {investor!r} matches several enterprises "
                                 f"({', '.join(ids)}); none linked")
        self.run("projects", "stages")
        self.run("projects", "problems")
        [(projects, events)] = self.run("projects", "counts")
        if self._is_usable("projects"):
            self.counts["projects"] = projects
        if self._is_usable("project_stages"):
            self.counts["project_stages"] = events
        self.run("projects", "write")

    def _pipeline(self) -> None:
        """project_terms, project_transfers and targets (docs/pipeline.md)."""
        from .schemas import TABLES

        self.register("_l_raw_transfers", self._raw("project_transfers", TABLES["project_transfers"].columns))
        self.register("_l_raw_targets", self._raw("targets", TABLES["targets"].columns, self._units("targets")))
        self.run("pipeline", "macros")
        self.fill(self.run("pipeline", "wanted"))
        for section in ("terms", "transfers", "targets", "problems"):
            self.run("pipeline", section)
        [(transfers, targets)] = self.run("pipeline", "counts")
        for name, count in (("project_transfers", transfers), ("targets", targets)):
            if self._is_usable(name):
                self.counts[name] = count
        usd = {str(code).upper(): rate for code, rate in self.rates.items()}.get("USD")
        self.run("pipeline", "write", usd_rate=Decimal(str(usd)) if usd is not None else Decimal(0))

    def _commitments(self) -> None:
        """project_commitments: contracted commitments and actuals (docs/pipeline.md, laggards)."""
        from .schemas import TABLES

        self.register("_l_raw_commitments", self._raw("project_commitments", TABLES["project_commitments"].columns,
                                                      self._units("project_commitments")))
        self.fill(self.run("commitments", "wanted"))
        self.run("commitments", "rows")
        self.run("commitments", "problems")
        [(count,)] = self.run("commitments", "counts")
        if self._is_usable("project_commitments"):
            self.counts["project_commitments"] = count
        self.run("commitments", "write")

    def _small_tables(self) -> None:
        self._money("small")
        self.fill(self.run("small", "wanted"))
        for table, columns in (("products", ("enterprise",)), ("supply", ("supplier", "customer"))):
            for column in columns:
                self.con.execute(f"INSERT INTO _l_rtexts SELECT DISTINCT {column} FROM _l_raw_{table} "
                                 f"WHERE {column} IS NOT NULL")
        self._resolve()
        for section in ("products", "supply", "bases", "benchmarks", "problems_products", "problems_rest"):
            self.run("small", section)
        [counted] = self.run("small", "counts")
        for name, count in zip(("products", "supply", "bases", "benchmarks"), counted):
            if self._is_usable(name):
                self.counts[name] = count
        self.run("small", "write")

    def _outreach(self) -> None:
        """outreach (走访记录): contacts with firms, after every enterprise is known (docs/pipeline.md)."""
        from .schemas import TABLES

        self.register("_l_raw_outreach", self._raw("outreach", TABLES["outreach"].columns))
        self.fill(self.run("outreach", "wanted"))
        self.con.execute("INSERT INTO _l_rtexts SELECT DISTINCT enterprise FROM _l_raw_outreach WHERE enterprise IS NOT NULL")
        self._resolve()
        self.run("outreach", "rows")
        self.run("outreach", "problems")
        [(count,)] = self.run("outreach", "counts")
        if self._is_usable("outreach"):
            self.counts["outreach"] = count
        self.run("outreach", "write")

    def _collect_problems(self) -> None:
        labels = {table.file: table.labels for table in self.tables.values()}
        rows = self.con.execute("SELECT _file, _row, col, kind, value, detail FROM _l_problems "
                                "ORDER BY phase, fno, _row NULLS FIRST, seq, sub").fetchall()
        for file, row, column, kind, value, detail in rows:
            text, expected = message(kind, value, detail)
            shown = labels.get(file, {}).get(column, column) if column else None
            self.problems.append(Problem(file, row, shown, text, expected))


def _constant(value: object, count: int) -> pa.Array:
    """A column holding ``value`` on every row, without a Python list of that length."""
    if isinstance(value, bool):
        return pa.array(np.full(count, value, bool))
    if value is None:
        return pa.DictionaryArray.from_arrays(pa.nulls(count, pa.int32()), pa.array([], pa.string()))
    return pa.DictionaryArray.from_arrays(pa.array(np.zeros(count, np.int32)), pa.array([value], pa.string()))


def _stage(text: str) -> str:
    code = STAGES.parse(text)
    if code not in PROJECT_STAGES:
        raise ValueError(f"unknown stage {text!r}")
    return code


def _code_key(code: str) -> str:
    return re.sub(r"[^0-9A-Za-z]", "", str(code)).upper()


def _first(rows: list[str], limit: int = 10) -> str:
    return ", ".join(rows[:limit]) + (" …" if len(rows) > limit else "")
