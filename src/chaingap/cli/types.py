"""The one parameter type of the CLI: ``--param NAME=VALUE`` for SPARQL and Cypher queries alike.

VALUE is read the same way everywhere: ``<https://…>`` is an IRI, a JSON value (``42``,
``1.25``, ``true``, ``"L07"``, ``["a", "b"]``) is that value (numbers with a fraction as exact
decimals), anything else is text. Text is always a literal, never an IRI, so a value typed
by a user cannot turn into one by accident.

>>> QUERY_PARAM.convert("id=\\"L07\\"", None, None)
('id', 'L07')
>>> QUERY_PARAM.convert("lq=1.25", None, None)
('lq', Decimal('1.25'))
>>> QUERY_PARAM.convert("link=<https://w3id.org/chaingap/id/link/L07>", None, None)[1].__class__.__name__
'Iri'
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import click

from chaingap.ontology.terms import Iri

__all__ = ["QUERY_PARAM", "QueryParam", "parse_value"]


def parse_value(text: str) -> Any:
    """A parameter value as typed on the command line (see the module docstring)."""
    stripped = text.strip()
    if stripped.startswith("<") and stripped.endswith(">") and len(stripped) > 2:
        return Iri(stripped[1:-1])
    try:
        return json.loads(stripped, parse_float=Decimal)
    except ValueError:
        return text


class QueryParam(click.ParamType):
    """``NAME=VALUE`` -> ``(name, value)``; a leading ``?`` or ``$`` on the name is dropped."""

    name = "NAME=VALUE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> tuple[str, Any]:
        if isinstance(value, tuple):
            return value
        name, sep, text = str(value).partition("=")
        name = name.strip().lstrip("?$")
        if not sep or not name:
            self.fail(f"expected NAME=VALUE, got {value!r}", param, ctx)
        return name, parse_value(text)


QUERY_PARAM = QueryParam()
