"""The ``chaingap`` command line: a thin click layer over the library.

Each command group lives in its own module and registers itself on the main group, so
the CLI grows without one file that everybody edits.
"""

from __future__ import annotations

import importlib

import click

from .. import __version__
from .errors import as_click_error

COMMAND_MODULES = ("core", "analysis", "servers", "views", "compare", "leads", "pipeline", "history")


class ChaingapGroup(click.Group):
    """The main group: library errors become click errors (and exit codes) in one place."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except Exception as error:  # mapped by kind in chaingap.cli.errors; unknown ones propagate
            mapped = as_click_error(error)
            if mapped is None or mapped is error:
                raise
            raise mapped from error


@click.group(cls=ChaingapGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="chaingap")
def cli() -> None:
    """chaingap: which links of our industry chains are missing or weak, and whom to recruit.

    \b
    Example:
        chaingap sample ./zhenjiang && chaingap load ./zhenjiang && chaingap stats
    """


for _name in COMMAND_MODULES:
    importlib.import_module(f"{__name__}.{_name}").register(cli)


def main() -> None:
    cli()
