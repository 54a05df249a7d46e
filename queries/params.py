"""Parameters into SPARQL text: the ``VALUES`` rows marked ``#@params`` or ``#@table NAME`` are rewritten.

Each bundled ``.rq`` file runs as is (its marked VALUES rows carry the default profile's
values, its marked tables a default or no row); the engine substitutes the profile's values
and its small tables (link measures, province classes, stage orders) before running. Every
value is serialised by pyoxigraph as an RDF term (:func:`chaingap.graph.values.to_term`: IRIs
only from :class:`~chaingap.ontology.terms.Iri`, every other string a literal, escaped), so
data never reaches the query text unescaped. Plain SPARQL 1.1, so the same text runs on
rdflib and on any endpoint.

>>> render('SELECT ?x WHERE { VALUES (?x) { (1) } #@params\\n}', {"x": 'a "quoted" word'})
'SELECT ?x WHERE { VALUES (?x) { ("a \\\\"quoted\\\\" word") } #@params\\n}'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from chaingap.graph.values import to_term

__all__ = ["render", "param_names", "table_names"]

_MARKED = re.compile(r"VALUES\s*\(([^)]*)\)\s*\{.*\}(\s*)#@params")
_TABLE = re.compile(r"VALUES\s*\(([^)]*)\)\s*\{[^{}]*\}(\s*)#@table\s+(\w+)")


def param_names(text: str) -> set[str]:
    """Variables set by the marked VALUES rows (``#@params``) of ``text``."""
    names: set[str] = set()
    for match in _MARKED.finditer(text):
        names.update(name.lstrip("?$") for name in match.group(1).split())
    return names


def table_names(text: str) -> set[str]:
    """Names of the marked VALUES tables (``#@table NAME``) of ``text``."""
    return {match.group(3) for match in _TABLE.finditer(text)}


def _cells(row: Sequence[Any]) -> str:
    return "(" + " ".join("UNDEF" if value is None else str(to_term(value)) for value in row) + ")"


def render(text: str, values: Mapping[str, Any],
           tables: Mapping[str, Iterable[Sequence[Any]]] | None = None) -> str:
    """``text`` with every marked VALUES row holding ``values`` and every marked table ``tables[name]``.

    Rows and tables not named keep their defaults. A table row is a sequence of values in the
    order of the VALUES variables (None for UNDEF).
    """

    def replace(match: re.Match[str]) -> str:
        names = [name.lstrip("?$") for name in match.group(1).split()]
        original = match.group(0)
        if not any(name in values for name in names):
            return original
        missing = [name for name in names if name not in values]
        if missing:
            raise KeyError(f"parameters {missing} not given for VALUES ({match.group(1)})")
        return f"VALUES ({match.group(1)}) {{ {_cells([values[name] for name in names])} }}{match.group(2)}#@params"

    given = dict(tables or {})

    def replace_table(match: re.Match[str]) -> str:
        name = match.group(3)
        if name not in given:
            return match.group(0)
        width = len(match.group(1).split())
        rows = [tuple(row) for row in given[name]]
        if any(len(row) != width for row in rows):
            raise ValueError(f"table {name}: every row needs {width} values ({match.group(1).strip()})")
        body = " ".join(_cells(row) for row in rows)
        return f"VALUES ({match.group(1)}) {{ {body} }}{match.group(2)}#@table {name}"

    return _TABLE.sub(replace_table, _MARKED.sub(replace, text))
