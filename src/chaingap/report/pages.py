"""Chain pages written side by side: one process per CPU, the same files as one by one.

A chain page is independent of the others (its maps, lists and HTML), and its static maps
(matplotlib) are CPU-bound, so the pages of a city are shared among worker processes; the
overview is written after them by the caller. One page, one CPU, or a platform without
``fork`` (where a worker would import everything again, costing more than it saves) writes
them in this process. The result is the same either way: each page's name by chain id.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Any

__all__ = ["write_pages", "default_workers"]


def default_workers(pages: int) -> int:
    """Processes worth starting for ``pages`` pages: one per CPU this process may use, at most one per page."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, pages))


def write_pages(write_chain: Callable[[Any, Any, Path, str], str], city: Any, out: Path, lang: str,
                progress: Callable[[str], None] | None = None, workers: int | None = None) -> dict[str, str]:
    """``{chain id: page file name}`` after ``write_chain(city, chain, out, lang)`` for every chain."""
    chains = list(city.chains)
    workers = default_workers(len(chains)) if workers is None else max(1, workers)
    done: dict[str, str] = {}
    if workers == 1 or "fork" not in multiprocessing.get_all_start_methods():
        for chain in chains:
            done[chain.id] = write_chain(city, chain, out, lang)
            if progress:
                progress(done[chain.id])
    else:
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
            futures = {pool.submit(write_chain, city, chain, out, lang): chain.id for chain in chains}
            for future in as_completed(futures):
                done[futures[future]] = future.result()
                if progress:
                    progress(done[futures[future]])
    return {chain.id: done[chain.id] for chain in chains}
