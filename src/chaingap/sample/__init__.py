"""The bundled Zhenjiang sample dataset, and where to find it.

The sample is package data (``chaingap/sample/zhenjiang/``), so it is read through
``importlib.resources`` and works from a wheel, an editable install or a zip alike.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

__all__ = ["SAMPLE_NAME", "sample_path", "with_sample_dir", "write_sample"]

#: Folder name of the bundled sample inside the package.
SAMPLE_NAME = "zhenjiang"


def sample_path() -> Traversable:
    """The bundled sample folder as a resource (not necessarily on the file system)."""
    return resources.files(__name__).joinpath(SAMPLE_NAME)


@contextmanager
def with_sample_dir() -> Iterator[Path]:
    """A real file-system path to the sample for the ``with`` block (extracted if zipped).

    ``importlib.resources.as_file`` handles folders only from Python 3.12, so a zipped
    sample is copied to a temporary folder here, removed when the block ends.
    """
    source = sample_path()
    if isinstance(source, Path):
        yield source
        return
    with tempfile.TemporaryDirectory(prefix="chaingap-sample-") as tmp:
        folder = Path(tmp) / SAMPLE_NAME
        _copy_tree(source, folder)
        yield folder


def _copy_tree(source: Traversable, dest: Path) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    for entry in source.iterdir():
        if entry.name.startswith((".", "__")):
            continue
        if entry.is_dir():
            _copy_tree(entry, dest / entry.name)
        else:
            (dest / entry.name).write_bytes(entry.read_bytes())


def write_sample(dest: Path) -> Path:
    """Copy the bundled sample into ``dest`` (created; existing files overwritten); return it.

    Used by ``chaingap sample DIR`` so users can copy the sample's shape for their own data.
    """
    dest = Path(dest)
    source = sample_path()
    if isinstance(source, Path):
        shutil.copytree(source, dest, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns(".*", "__*"))
    else:
        _copy_tree(source, dest)
    return dest
