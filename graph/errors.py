"""The exceptions of ``chaingap.graph``: one base class, so callers can catch the layer at once."""

from __future__ import annotations

__all__ = ["GraphError", "StoreError", "LoadError", "ForeignQuadError", "UnknownDatasetError", "ExportError"]


class GraphError(Exception):
    """Base of every error raised by the graph layer."""


class StoreError(GraphError):
    """The embedded store could not do what was asked (it is left as it was)."""


class LoadError(StoreError):
    """A dataset could not be loaded; the store still holds exactly what it held before."""


class ForeignQuadError(LoadError):
    """A dataset yielded a quad outside its own named graph (a loader bug, refused so that
    replacing one dataset can never touch another's facts)."""


class UnknownDatasetError(StoreError, KeyError):
    """No dataset with that id is loaded."""

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0]) if self.args else "unknown dataset"


class ExportError(GraphError):
    """An export format or option that chaingap does not offer."""
