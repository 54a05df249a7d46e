"""How well criticality tells links apart on the chainkg data, with the plain-reachability rule
(the one before the condensation) and with chaingap's rule, at several minimum feed weights.

Usage: ``python benchmarks/chainkg_criticality.py [--province 江苏省] [--min-weight 2 ...]``.
Prints, per minimum weight, the edges that count, the distinct criticality values and the
largest tie (value and links) under each rule; docs/real-data.md quotes the figures.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
from collections import Counter
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path

import duckdb
import networkx as nx

from chaingap.graph.measures import kept_feeds, link_graph, link_measures
from chaingap.loaders import load_dataset
from chaingap.loaders.tables_of_record import write_tables


def reachability(graph: nx.DiGraph) -> dict[str, Decimal]:
    """The rule before: reachable links / (weakly connected component size - 1)."""
    size = {node: len(component) for component in nx.weakly_connected_components(graph) for node in component}
    return {node: (Decimal(len(nx.descendants(graph, node))) / (size[node] - 1) if size[node] > 1 else Decimal(0))
            .quantize(Decimal("0.000001"), rounding=ROUND_HALF_EVEN) for node in graph.nodes}


def _mapping():
    path = Path(__file__).with_name("chainkg.py")
    spec = importlib.util.spec_from_file_location("chainkg_mapping", path)
    module = sys.modules.setdefault("chainkg_mapping", importlib.util.module_from_spec(spec))
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--province", default="江苏省")
    parser.add_argument("--min-weight", type=Decimal, action="append", dest="weights")
    args = parser.parse_args()
    chainkg = _mapping()
    if chainkg.SOURCE is None:
        raise SystemExit("no chainkg data (set CHAINGAP_CHAINKG or put it in ../shared/data/chainkg)")
    mapped = chainkg.write_dataset(chainkg.SOURCE, Path(tempfile.mkdtemp()) / "chainkg", args.province)
    con = duckdb.connect()
    write_tables(load_dataset(mapped.folder), con)
    links = [row[0] for row in con.execute("SELECT DISTINCT id FROM links ORDER BY id").fetchall()]
    rows = con.execute("SELECT source, target, weight FROM feeds").fetchall()
    for weight in [None] + (args.weights or [Decimal(2), Decimal(3)]):
        kept = kept_feeds(rows, weight)
        before = Counter(reachability(link_graph(links, kept)).values())
        after = Counter(value for _, value in link_measures(links, rows, weight).values())
        print(f"min weight {weight or '-'}: {len(kept)} edges, {len(links)} links | "
              f"before {len(before)} values, largest tie {before.most_common(1)[0]} | "
              f"after {len(after)} values, largest tie {after.most_common(1)[0]}, "
              f"largest positive tie {max(((n, v) for v, n in after.items() if v), default=None)}")


if __name__ == "__main__":
    main()
