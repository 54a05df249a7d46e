"""The RDF a dataset's tables of record turn into, for tests that check the mapping."""

from __future__ import annotations

import pyoxigraph as ox

from chaingap.graph.build import dataset_quads

__all__ = ["quads_of"]


def quads_of(dataset) -> list[ox.Quad]:
    """Every quad the graph build renders from ``dataset`` (read by ``load_dataset``), in its graph."""
    return list(dataset_quads(dataset.con, dataset.id))
