"""The canonical English headers of a dataset folder, and writers that stream rows to it.

Both the Zhenjiang sample script and the synthetic generator write through these sinks, so
the two produce the same file shapes (docs/architecture.md, "Dataset folder").
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import yaml

__all__ = ["HEADERS", "FileSink", "MemorySink", "write_yaml"]

_FIRM = [
    "id", "name", "credit_code", "links", "industry_code", "revenue", "registered_capital",
    "founded", "listed", "specialised", "high_tech", "above_scale", "chain_leader",
    "parent_group", "business_scope", "address", "expansion_signal", "illustrative", "source",
]

#: Header row of every table, in the order columns are written.
HEADERS: dict[str, list[str]] = {
    "districts": ["id", "name", "kind", "parent", "admin_code", "illustrative", "source"],
    "enterprises": _FIRM[:3] + ["district"] + _FIRM[3:],
    "pool": _FIRM[:3] + ["province", "city", "county"] + _FIRM[3:],
    "projects": [
        "id", "name", "district", "links", "chain", "investor", "investor_credit_code",
        "investment", "stage", "signed_on", "agreement", "illustrative", "source", "industry_code", "land_mu",
    ],
    "project_stages": ["project", "stage", "date"],
    "project_transfers": ["project", "date", "from", "to", "credit", "illustrative", "source"],
    "targets": ["year", "district", "projects", "investment", "illustrative", "source"],
    "project_commitments": ["project", "kind", "record", "date", "amount", "illustrative", "source"],
    "outreach": ["enterprise", "date", "kind", "note", "illustrative", "source"],
    "products": ["id", "name", "enterprise", "link", "brand", "illustrative"],
    "supply": ["supplier", "customer", "product", "illustrative"],
    "bases": ["id", "name", "district", "chain", "illustrative", "source"],
    "benchmarks": ["link", "enterprises", "revenue", "illustrative", "source"],
}


class FileSink:
    """Streams rows to ``{table}.csv`` files under one folder (UTF-8, ``\\n`` line ends)."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self._files: dict[str, Any] = {}
        self._writers: dict[str, Any] = {}
        self.counts: dict[str, int] = {}

    def row(self, table: str, values: Sequence[object]) -> None:
        writer = self._writers.get(table)
        if writer is None:
            handle = open(self.folder / f"{table}.csv", "w", encoding="utf-8", newline="")
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(HEADERS[table])
            self._files[table], self._writers[table] = handle, writer
            self.counts[table] = 0
        writer.writerow(values)
        self.counts[table] += 1

    def rows(self, table: str, many: Iterable[Sequence[object]]) -> None:
        for values in many:
            self.row(table, values)

    def close(self) -> None:
        """Close every file; tables that got no row are written with their header only."""
        for table, header in HEADERS.items():
            if table not in self._writers:
                with open(self.folder / f"{table}.csv", "w", encoding="utf-8", newline="") as handle:
                    csv.writer(handle, lineterminator="\n").writerow(header)
                self.counts[table] = 0
        for handle in self._files.values():
            handle.close()
        self._files.clear()
        self._writers.clear()


class MemorySink:
    """Keeps rows as lists of strings per table: the in-memory form for property tests."""

    def __init__(self) -> None:
        self.tables: dict[str, list[list[str]]] = {}

    def row(self, table: str, values: Sequence[object]) -> None:
        self.tables.setdefault(table, []).append(["" if v is None else str(v) for v in values])

    def rows(self, table: str, many: Iterable[Sequence[object]]) -> None:
        for values in many:
            self.row(table, values)

    @property
    def counts(self) -> dict[str, int]:
        return {name: len(rows) for name, rows in self.tables.items()}

    def records(self, table: str) -> list[dict[str, str]]:
        """Rows of ``table`` as dicts keyed by header."""
        header = HEADERS[table]
        return [dict(zip(header, row)) for row in self.tables.get(table, [])]

    def close(self) -> None:
        """Nothing to release; present so both sinks are interchangeable."""


def write_yaml(path: Path, data: object) -> None:
    """YAML with Chinese kept readable and keys in the order given."""
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        yaml.safe_dump(data, handle, allow_unicode=True, sort_keys=False, width=100)
