"""The N-Quads rendering agrees with the shared IRI minting and escapes every literal."""

from __future__ import annotations

import pyoxigraph as ox
from hypothesis import given, settings
from hypothesis import strategies as st

from chaingap.loaders.rdf import ref, text
from chaingap.ontology.terms import KINDS, iri


@settings(deadline=None)  # timing on a busy CI machine is not what is tested
@given(st.sampled_from(sorted(KINDS)), st.text(max_size=30))
def test_fast_ref_is_exactly_terms_iri(kind, id_):
    assert ref(kind, id_) == f"<{iri(kind, id_)}>"


@settings(deadline=None)  # timing on a busy CI machine is not what is tested
@given(st.text(max_size=60))
def test_any_text_survives_the_nquads_round_trip(value):
    line = f"<http://example.org/s> <http://example.org/p> {text(value)} .\n"
    [quad] = ox.parse(line.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    assert quad.object.value == value
