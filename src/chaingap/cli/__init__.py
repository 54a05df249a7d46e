"""The ``chaingap`` command line: a thin click layer over the library.

Each command group lives in its own module and registers itself on the main group, so
the CLI grows without one file that everybody edits.
"""

from __future__ import annotations

import importlib

import click

from .. import __version__

COMMAND_MODULES = ("core", "analysis", "servers", "views")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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
