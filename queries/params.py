"""Parameters into query text: the ``VALUES`` rows marked ``#@params`` are rewritten.

Each bundled ``.rq`` file runs as is (its marked VALUES rows carry the default profile's
values); the engine substitutes the profile's values before running. Every value is
serialised by pyoxigraph as an RDF term (IRIs validated, literals escaped), so data never
reaches the query text unescaped. Plain SPARQL 1.1, so the same text runs on rdflib and on
any endpoint.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .backend import to_term

__all__ = ["render", "param_names"]

_MARKED = re.compile(r"VALUES\s*\(([^)]*)\)\s*\{.*\}(\s*)#@params")


def param_names(text: str) -> set[str]:
    """Variables set by the marked VALUES rows of ``text``."""
    names: set[str] = set()
    for match in _MARKED.finditer(text):
        names.update(name.lstrip("?$") for name in match.group(1).split())
    return names


def render(text: str, values: Mapping[str, Any]) -> str:
    """``text`` with every marked VALUES row holding ``values`` (defaults kept for names not given)."""

    def replace(match: re.Match[str]) -> str:
        names = [name.lstrip("?$") for name in match.group(1).split()]
        original = match.group(0)
        if not any(name in values for name in names):
            return original
        missing = [name for name in names if name not in values]
        if missing:
            raise KeyError(f"parameters {missing} not given for VALUES ({match.group(1)})")
        cells = " ".join(str(to_term(values[name])) for name in names)
        return f"VALUES ({match.group(1)}) {{ ({cells}) }}{match.group(2)}#@params"

    return _MARKED.sub(replace, text)
