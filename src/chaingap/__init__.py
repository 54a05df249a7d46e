"""chaingap: an industry-chain knowledge graph that finds missing and weak links."""

__version__ = "0.1.0"
