"""Which files of a dataset folder a load may open: its own, inside the folder.

A symbolic link that leads out of the dataset folder is refused (a dataset shared as a
folder must not read ``/etc/passwd`` or another user's files); a table or YAML name that is
a folder, or a YAML file too large to be settings, is one problem naming the file. These
are root causes: when there is one, nothing else of the folder is read.
"""

from __future__ import annotations

from pathlib import Path

from .errors import Problem
from .limits import MAX_YAML_BYTES
from .tables import TABLE_SUFFIXES, TableFile

__all__ = ["folder_problems", "encoding_mismatch"]


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder)
    except (ValueError, OSError, RuntimeError):  # outside, unreadable, or a loop of links
        return False
    return True


def folder_problems(folder: Path, table_names: list[str]) -> list[Problem]:
    """Problems of the folder's entries a load would read (dataset.yaml, chains.yaml, tables, workbooks)."""
    root = folder.resolve()
    wanted = {"dataset.yaml", "chains.yaml", *(f"{name}{suffix}" for name in table_names for suffix in TABLE_SUFFIXES)}
    problems: list[Problem] = []
    for entry in sorted(folder.iterdir(), key=lambda path: path.name):
        name = entry.name
        if name not in wanted and not (name.lower().endswith(".xlsx") and not name.startswith("~$")):
            continue
        if entry.is_symlink() and not _inside(entry, root):
            target = _target(entry)
            problems.append(Problem(name, None, None, f"a symbolic link to {target}, outside the dataset folder",
                                    "the file itself inside the dataset folder (links out of it are refused)"))
            continue
        if entry.is_dir() and name in wanted:
            problems.append(Problem(name, None, None, "a folder, not a file",
                                    "a file" if name.endswith(".yaml") else "a CSV or .xlsx file"))
            continue
        if name.endswith(".yaml") and entry.is_file() and entry.stat().st_size > MAX_YAML_BYTES:
            problems.append(Problem(name, None, None, f"file too large: {entry.stat().st_size:,} bytes",
                                    f"at most {MAX_YAML_BYTES:,} bytes"))
        elif entry.exists() is False and entry.is_symlink():
            problems.append(Problem(name, None, None, f"a symbolic link to {_target(entry)}, which does not exist",
                                    "the file itself inside the dataset folder"))
    return problems


def _target(entry: Path) -> str:
    try:
        return str(entry.readlink())
    except OSError:
        return "?"


def encoding_mismatch(table: TableFile, encoding: str | None) -> list[Problem]:
    """The one root cause of a CSV read with a wrong ``--encoding``: its text turned into C1
    control characters (UTF-8 or GBK read as Latin-1 does that), while the file decodes as it
    is without the option. Empty when that is not the case."""
    if not encoding or table.is_xlsx or not any("control character U+00" in problem.message
                                                and problem.message[len("control character U+00")] in "89"
                                                for problem in table.problems):
        return []
    from .reading import ReadError, csv_encoding

    try:
        detected = csv_encoding(table.path)
    except (ReadError, ValueError, LookupError, OSError):
        return []
    if detected.replace("-sig", "") == encoding.lower().replace("_", "-"):
        return []
    return [Problem(table.file, None, None, f"read with --encoding {encoding}, the text turns into control "
                    f"characters (mojibake); the file reads as {detected}",
                    f"no --encoding, or --encoding {detected.replace('-sig', '')}")]
