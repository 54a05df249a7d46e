"""District kinds and stages in the dict shapes ``loaders/rdf.py`` reads.

Derived from :mod:`chaingap.ontology.vocab`, the one vocabulary (the loaders parse with it
directly); this module goes when the RDF writer is replaced by the graph built from the
tables of record.
"""

from __future__ import annotations

from chaingap.ontology.vocab import DISTRICT_KINDS as _KINDS
from chaingap.ontology.vocab import STAGES as _STAGES

__all__ = ["DISTRICT_KINDS", "STAGES"]

#: kind code -> (most specific cg class, broader cg class, Chinese names)
DISTRICT_KINDS = {term.code: (term.extra[0], term.extra[1], (term.zh, *term.aliases)) for term in _KINDS}
#: stage code -> (cg individual, Chinese name)
STAGES = {term.code: (term.iri_name, term.zh) for term in _STAGES}
