"""Where chaingap keeps its embedded store, and how to change it."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["HOME_ENV", "default_home", "default_store_path"]

HOME_ENV = "CHAINGAP_HOME"


def default_home() -> Path:
    """``$CHAINGAP_HOME`` if set, else ``~/.chaingap`` (works the same on Windows)."""
    value = os.environ.get(HOME_ENV)
    return Path(value).expanduser() if value else Path.home() / ".chaingap"


def default_store_path() -> Path:
    """The on-disk embedded store every command uses unless told otherwise."""
    return default_home() / "store"
