"""The one place where errors become exit codes (README: 0 success, 1 invalid data, 2 usage or runtime).

Library code raises its own exceptions (``DataError``, ``GraphError`` …); commands let them
through, and the ``chaingap`` group turns them into click errors here, so every command
answers the same way and a user never sees a traceback for a known failure.
"""

from __future__ import annotations

import click

__all__ = ["EXIT_INVALID", "EXIT_ERROR", "InvalidData", "CommandError", "UnknownId", "PROBLEM_LIMIT", "problems_text",
           "as_click_error"]

EXIT_INVALID = 1
EXIT_ERROR = 2


class InvalidData(click.ClickException):
    """The data does not load: exit code 1, problems listed on stderr."""

    exit_code = EXIT_INVALID


class CommandError(click.ClickException):
    """A runtime error: the store or a server is unreachable, busy or refuses: exit code 2."""

    exit_code = EXIT_ERROR


class UnknownId(click.UsageError):
    """An id (link, chain, district, dataset) that the data does not hold: a usage error, exit code 2."""


#: Problems printed at most; the rest are counted (``--problems FILE`` writes them all).
PROBLEM_LIMIT = 200


def problems_text(problems, limit: int = PROBLEM_LIMIT) -> str:
    """The first ``limit`` problems, one a line, then how many more there are."""
    problems = list(problems)
    lines = [f"  - {problem}" for problem in problems[:limit]]
    if len(problems) > limit:
        lines.append(f"  … and {len(problems) - limit:,} more ({len(problems):,} problems in all; "
                     "--problems FILE writes every one)")
    return "\n".join(lines)


def as_click_error(error: BaseException) -> click.ClickException | None:
    """The click error for a library exception, or None when it is not one we know."""
    from chaingap.graph.errors import GraphError, UnknownDatasetError
    from chaingap.loaders.errors import DataError

    if isinstance(error, click.ClickException):
        return error
    if isinstance(error, DataError):
        count = len(error.problems)
        return InvalidData(f"{count} problem(s); nothing was stored:\n" + problems_text(error.problems))
    if isinstance(error, UnknownDatasetError):
        return UnknownId(str(error))
    if isinstance(error, GraphError):  # the store, a SPARQL server or Neo4j: unreachable, busy, refusing
        return CommandError(str(error))
    if isinstance(error, OSError):
        return CommandError(f"{error.strerror or error}" + (f": {error.filename}" if error.filename else ""))
    return None
