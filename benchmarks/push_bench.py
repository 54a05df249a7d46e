"""Bulk push speed: generated enterprises into a real Neo4j and a real Oxigraph server.

For each size, the batched push (``chaingap.graph.neo4j.push`` / ``chaingap.graph.endpoint.push``)
is timed end to end (conversion included), and in the same run a naive baseline writes a
10k-enterprise slice one row per transaction (one ``MERGE`` per node, one HTTP request per
enterprise), so the printed ratio compares like with like on this machine.

    python benchmarks/push_bench.py --sizes 100000 1000000          # starts both servers itself
    NEO4J_PASSWORD=... python benchmarks/push_bench.py --neo4j-uri bolt://host:7687 --endpoint http://host:7878

Servers it starts bind 127.0.0.1 only and are stopped at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import urllib.request
from contextlib import ExitStack
from pathlib import Path

from bench_servers import NEO4J_PASSWORD, neo4j_server, oxigraph_server

BASELINE_SLICE = 10_000


def clear_neo4j(settings) -> None:
    from neo4j import GraphDatabase

    with GraphDatabase.driver(settings.uri, auth=(settings.username, settings.password)) as driver:
        with driver.session(database=settings.database) as session:
            session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 20000 ROWS").consume()


def neo4j_naive(settings, nodes) -> float:
    """Rows per second writing ``nodes`` one MERGE, one auto-commit transaction each."""
    from neo4j import GraphDatabase

    from chaingap.graph.neo4j import node_statement

    started = time.perf_counter()
    with GraphDatabase.driver(settings.uri, auth=(settings.username, settings.password)) as driver:
        with driver.session(database=settings.database) as session:
            for node in nodes:
                statement = node_statement(node.labels).replace("UNWIND $rows AS row ", "").replace("row.", "$")
                session.run(statement, iri=node.iri, id=node.id, props=node.props).consume()
    return len(nodes) / (time.perf_counter() - started)


def bench_neo4j(dataset, settings, batch_size: int) -> dict:
    from chaingap.graph import neo4j as pg

    clear_neo4j(settings)
    started = time.perf_counter()
    nodes, relationships = pg.source_rows(dataset)
    convert_s = time.perf_counter() - started
    stats = pg.push_rows(nodes, relationships, settings, batch_size=batch_size, progress=False)
    seconds = convert_s + stats.seconds
    rows = stats.nodes + stats.relationships
    result = {"nodes": stats.nodes, "relationships": stats.relationships, "convert_s": round(convert_s, 1),
              "seconds": round(seconds, 1), "rows_per_s": round(rows / seconds)}
    print("neo4j full push:", json.dumps(result), file=sys.stderr, flush=True)
    enterprises = [node for node in nodes if "Enterprise" in node.labels][:BASELINE_SLICE]
    del nodes, relationships
    clear_neo4j(settings)
    started = time.perf_counter()
    pg.push_rows(enterprises, [], settings, batch_size=batch_size, progress=False)
    result["slice_batched_rows_per_s"] = round(len(enterprises) / (time.perf_counter() - started))
    clear_neo4j(settings)
    result["slice_naive_rows_per_s"] = round(neo4j_naive(settings, enterprises))
    result["ratio_full_push_to_naive"] = round(result["rows_per_s"] / result["slice_naive_rows_per_s"], 1)
    result["ratio_slice_batched_to_naive"] = round(result["slice_batched_rows_per_s"] / result["slice_naive_rows_per_s"], 1)
    clear_neo4j(settings)
    return result


def bench_endpoint(dataset, base: str, batch_triples: int) -> dict:
    import pyoxigraph as ox

    from chaingap.graph import endpoint
    from chaingap.graph.build import dataset_quads

    stats = endpoint.push(dataset, base, batch_triples=batch_triples)
    result = {"triples": stats.triples, "seconds": round(stats.seconds, 1),
              "triples_per_s": round(stats.triples_per_second)}
    by_subject: dict[str, list] = {}
    for quad in dataset_quads(dataset.con, dataset.id):
        if "/enterprise/" in quad.subject.value:
            if quad.subject.value not in by_subject and len(by_subject) >= BASELINE_SLICE:
                continue
            by_subject.setdefault(quad.subject.value, []).append(quad.triple)
    graph = "https://w3id.org/chaingap/graph/_bench_naive"
    target = endpoint.SparqlEndpoint.from_url(base)
    started = time.perf_counter()
    count = 0
    for triples in by_subject.values():
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
        request = urllib.request.Request(f"{target.store_url}?graph={graph}", data=body, method="POST",
                                         headers={"Content-Type": "application/n-triples"})
        urllib.request.urlopen(request, timeout=60).close()
        count += len(triples)
    seconds = time.perf_counter() - started
    result["slice_naive_triples_per_s"] = round(count / seconds)
    result["ratio_full_push_to_naive"] = round(result["triples_per_s"] / result["slice_naive_triples_per_s"], 1)
    endpoint.push_quads([(graph, [])], base)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    parser.add_argument("--neo4j-uri", help="use this Neo4j (password from NEO4J_PASSWORD) instead of starting one")
    parser.add_argument("--endpoint", help="use this SPARQL server instead of starting oxigraph serve")
    parser.add_argument("--batch-size", type=int, default=5_000)
    parser.add_argument("--batch-triples", type=int, default=50_000)
    parser.add_argument("--skip-neo4j", action="store_true")
    parser.add_argument("--skip-endpoint", action="store_true")
    args = parser.parse_args()

    from chaingap.graph.neo4j import Neo4jSettings
    from chaingap.loaders import load_dataset
    from chaingap.sample.synthetic import generate

    with ExitStack() as stack:
        # its own folder under /var/tmp: the loader streams the CSV files while pushing
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="pushbench-", dir="/var/tmp")))
        settings = base = None
        if not args.skip_neo4j:
            if args.neo4j_uri:
                settings = Neo4jSettings.from_env(uri=args.neo4j_uri)
            else:
                uri, _ = stack.enter_context(neo4j_server(workdir / "neo4j", heap="4g"))
                settings = Neo4jSettings(uri=uri, password=NEO4J_PASSWORD)
        if not args.skip_endpoint:
            base = args.endpoint or stack.enter_context(oxigraph_server(workdir / "oxigraph"))
        for size in args.sizes:
            folder = generate(workdir / f"syn{size}", enterprises=size, seed=1)
            started = time.perf_counter()
            dataset = load_dataset(folder)
            row = {"enterprises": size, "load_s": round(time.perf_counter() - started, 1)}
            if settings is not None:
                row["neo4j"] = bench_neo4j(dataset, settings, args.batch_size)
            if base is not None:
                row["oxigraph"] = bench_endpoint(dataset, base, args.batch_triples)
            print(json.dumps(row), flush=True)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
