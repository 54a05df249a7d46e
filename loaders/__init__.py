"""Reading a chaingap dataset folder (CSV/xlsx tables, YAML) into its tables of record."""

from .dataset import Dataset, LoadedDataset, load_dataset, read_dataset, validate_dataset
from .errors import DataError, Problem

__all__ = ["DataError", "Dataset", "LoadedDataset", "Problem", "load_dataset", "read_dataset", "validate_dataset"]
