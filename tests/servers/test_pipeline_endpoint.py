"""The pipeline's laggards, month facts and stages on a day from a REAL ``oxigraph serve`` equal
the SQL rows (docs/pipeline.md): the .rq files are plain SPARQL 1.1, so a server answers them
as the embedded store does. On the ledger of tests/test_pipeline_events.py and the sample's 2024-03."""

from __future__ import annotations

import datetime as dt

import pytest

from chaingap.graph import endpoint
from chaingap.graph.store import ChainStore
from chaingap.loaders import load_dataset
from chaingap.queries.laggards import laggards, sparql_laggards
from chaingap.queries.pipeline import month_facts, sparql_month_facts, sparql_stages_on, stages_on

from ..test_commitments import COMMITMENTS, with_commitments
from ..test_pipeline_events import EXTRA

pytestmark = pytest.mark.endpoint

MARCH = (dt.date(2024, 3, 1), dt.date(2024, 3, 31))


class Served:
    """The server seen as a graph the pipeline's SPARQL functions run on (queries/backend.select)."""

    def __init__(self, url: str) -> None:
        self.url = url

    def query(self, sparql: str, bindings=None):
        assert not bindings
        return endpoint.query(self.url, sparql)


@pytest.mark.parametrize("case, districts", [("ledger", (None, "xq", "jk")), ("sample", (None, "dantu"))])
def test_the_server_gives_the_sql_rows(case, districts, tmp_path, sample_dataset, sparql_endpoint):
    dataset = sample_dataset if case == "sample" else load_dataset(with_commitments(tmp_path / "l", COMMITMENTS + EXTRA))
    with ChainStore() as store:
        store.load(dataset)
        for graph in endpoint.named_graphs(sparql_endpoint):
            endpoint.push_quads([(graph, [])], sparql_endpoint)
        endpoint.push(store, sparql_endpoint)
        served = Served(sparql_endpoint)
        for district in districts:
            expected = laggards(store, MARCH[1], district)
            assert expected and sparql_laggards(served, MARCH[1], district) == expected, district
        facts = month_facts(store, *MARCH)
        assert facts and sparql_month_facts(served, *MARCH) == facts
        assert sparql_stages_on(served, MARCH[1]) == stages_on(store, MARCH[1])
