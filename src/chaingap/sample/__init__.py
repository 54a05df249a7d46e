"""chaingap."""
