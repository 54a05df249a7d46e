"""The pipeline figures from Cypher on a REAL Neo4j equal the SQL ones (docs/pipeline.md): on the
hand-made ledger of tests/test_pipeline.py (city and districts, a transfer) and on the sample."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from chaingap.graph.neo4j import push
from chaingap.graph.store import ChainStore
from chaingap.loaders import load_dataset
from chaingap.queries.pipeline import cypher_rates, cypher_signed, rates, signed

from ..test_pipeline import AS_OF, Q1, ledger

pytestmark = pytest.mark.neo4j


def _round(value):
    return round(float(value), 6) if isinstance(value, Decimal) else value


def _figures(found) -> dict:
    return {key: _round(value) for key, value in vars(found).items()}


def _rates(found) -> list:
    return [(r.rate, _round(r.numerator), _round(r.denominator), _round(r.value), r.reached, r.cohort) for r in found]


@pytest.mark.parametrize("case, districts", [("ledger", (None, "xq", "jk", "dy")), ("sample", (None, "zjxq"))])
def test_cypher_gives_the_sql_figures(case, districts, tmp_path, sample_dataset, empty_neo4j):
    dataset = load_dataset(ledger(tmp_path / "ledger")) if case == "ledger" else sample_dataset
    with ChainStore() as store:
        store.load(dataset)
        push(store, empty_neo4j, progress=False)
        for district in districts:
            assert _figures(cypher_signed(empty_neo4j, *Q1, district)) == _figures(signed(store, *Q1, district)), district
            assert _rates(cypher_rates(empty_neo4j, 2023, AS_OF, district)) == _rates(rates(store, 2023, AS_OF, district))
        if case == "sample":
            figures = cypher_signed(empty_neo4j, dt.date(2024, 1, 1), dt.date(2024, 3, 31))
            assert (figures.projects, round(figures.investment)) == (106, 6415000)
