"""chaingap's queries: SQL/SPARQL/Cypher files, gap-engine profiles and the engines that run them.

``load_query(name, language)`` reads a bundled query by name, so the engines, the CLI, tests
and the servers all run the very same text that ships in ``queries/sql``, ``queries/sparql``
and ``queries/cypher``.
"""

from __future__ import annotations

from importlib.resources import files

__all__ = ["load_query", "query_names"]

_FOLDERS = {"sql": ".sql", "sparql": ".rq", "cypher": ".cypher"}


def load_query(name: str, language: str = "sparql") -> str:
    """Text of the bundled query ``name``: ``sql/{name}.sql``, ``sparql/{name}.rq`` or ``cypher/{name}.cypher``."""
    if language not in _FOLDERS:
        raise ValueError(f"language must be one of {sorted(_FOLDERS)}")
    resource = files(__name__).joinpath(language, f"{name}{_FOLDERS[language]}")
    if not resource.is_file():
        known = ", ".join(query_names(language)) or "none"
        raise FileNotFoundError(f"no bundled {language} query {name!r} (known: {known})")
    return resource.read_text(encoding="utf-8")


def query_names(language: str = "sparql") -> list[str]:
    """Names of the bundled queries of one language, sorted."""
    folder = files(__name__).joinpath(language)
    suffix = _FOLDERS[language]
    if not folder.is_dir():
        return []
    return sorted(item.name[: -len(suffix)] for item in folder.iterdir() if item.name.endswith(suffix))
