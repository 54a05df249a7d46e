"""CLI commands (filled in by the owning layer)."""

import click


def register(group: click.Group) -> None:
    """Add this module's commands to the main group."""
