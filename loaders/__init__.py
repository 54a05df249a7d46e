"""Reading a chaingap dataset folder (CSV/xlsx tables, chains.yaml) and mapping it to RDF."""

from .dataset import Assignment, LoadedDataset, load_dataset, validate_dataset
from .errors import DataError, Problem

__all__ = ["Assignment", "DataError", "LoadedDataset", "Problem", "load_dataset", "validate_dataset"]
