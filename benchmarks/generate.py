"""Write a synthetic chaingap dataset folder and report how fast it was written.

Example: python benchmarks/generate.py OUT --enterprises 1000000 --seed 1
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from chaingap.sample.synthetic import SHAPES, generate


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, help="folder to write (created)")
    parser.add_argument("--enterprises", type=int, default=100_000, help="local + pool enterprises")
    parser.add_argument("--chains", type=int, default=8)
    parser.add_argument("--links", type=int, nargs=2, default=(10, 25), metavar=("MIN", "MAX"),
                        help="links per chain")
    parser.add_argument("--local-share", type=float, default=0.05)
    parser.add_argument("--projects", type=int, default=None)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--shape", choices=SHAPES, default="layered")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    generate(args.out, enterprises=args.enterprises, chains=args.chains, links_per_chain=tuple(args.links),
             local_share=args.local_share, projects=args.projects, seed=args.seed, shape=args.shape)
    seconds = time.perf_counter() - started
    size = sum(p.stat().st_size for p in args.out.iterdir()) / 2**20
    print(f"wrote {args.out}: {args.enterprises} enterprises in {seconds:.1f} s "
          f"({args.enterprises / max(seconds, 1e-9):,.0f} enterprises/s, {size:.1f} MiB)")


if __name__ == "__main__":
    main()
