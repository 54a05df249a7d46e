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


# --- laggards, the month's facts and the stage on a day (tests/test_pipeline_events.py) -------------

def _laggard_rows(found) -> list:
    return [(l.district, l.project, l.name, l.kind, l.due_on, _round(l.committed), _round(l.actual), l.actual_on,
             _round(l.gap), _round(l.weight)) for l in found]


def _fact_rows(found) -> list:
    return [{key: _round(value) for key, value in fact.items()} for fact in found]


def _events_dataset(case, tmp_path, sample_dataset):
    from ..test_commitments import COMMITMENTS, with_commitments
    from ..test_pipeline_events import EXTRA

    if case == "sample":
        return sample_dataset
    return load_dataset(with_commitments(tmp_path / "ledger", COMMITMENTS + EXTRA))


@pytest.mark.parametrize("case, districts", [("ledger", (None, "xq", "jk", "dy")), ("sample", (None, "dantu", "zjxq"))])
def test_cypher_gives_the_sql_laggards_facts_and_stages(case, districts, tmp_path, sample_dataset, empty_neo4j):
    from chaingap.queries.laggards import cypher_laggards, laggards
    from chaingap.queries.pipeline import cypher_month_facts, cypher_stages_on, month_facts, stages_on

    march = (dt.date(2024, 3, 1), dt.date(2024, 3, 31))
    with ChainStore() as store:
        store.load(_events_dataset(case, tmp_path, sample_dataset))
        push(store, empty_neo4j, progress=False)
        for district in districts:
            expected = _laggard_rows(laggards(store, AS_OF, district))
            assert _laggard_rows(cypher_laggards(empty_neo4j, AS_OF, district)) == expected, district
        assert len(laggards(store, AS_OF)) == (3 if case == "ledger" else 9)
        periods = [march] if case == "sample" else [march, (dt.date(2023, 6, 1), dt.date(2023, 9, 30)),
                                                    (dt.date(2024, 1, 1), AS_OF)]
        for period in periods:
            expected = _fact_rows(month_facts(store, *period))
            assert expected and _fact_rows(cypher_month_facts(empty_neo4j, *period)) == expected, period
        for day in (dt.date(2023, 8, 15), AS_OF):
            assert cypher_stages_on(empty_neo4j, day) == stages_on(store, day), day
