"""CPU seconds of the user-facing commands on the bundled sample: validate, report, explain.

Each command runs as its own process (``python -c "from chaingap.cli import cli; cli()" …``, ``os.wait4`` gives that
process's CPU time and peak RSS); the floor is ``python -c "import chaingap.cli"`` measured in
the same run, so the ratio says how much a command costs beyond starting Python and importing
chaingap. The store is a fresh ``--home`` holding the sample, loaded once before the timings.

    python benchmarks/cli_bench.py                                  # this checkout
    python benchmarks/cli_bench.py --python /other/checkout/.venv/bin/python   # another one
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FLOOR = ["-c", "import chaingap.cli"]


def run(python: str, args: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """(CPU s, wall s, peak RSS MiB) of one process."""
    start = time.perf_counter()
    process = subprocess.Popen([python, *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    stderr = process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{stderr}")
    return usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--python", default=sys.executable, help="The interpreter whose chaingap is measured.")
    parser.add_argument("--repeat", type=int, default=1, help="Runs per command (the fastest is kept).")
    parser.add_argument("--skip-shacl", action="store_true")
    options = parser.parse_args()
    cli = ["-c", "from chaingap.cli import cli; cli(prog_name='chaingap')"]
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "CHAINGAP_HOME": str(Path(tmp) / "home")}
        sample = Path(tmp) / "zhenjiang"
        subprocess.run([options.python, *cli, "sample", str(sample)], env=env, check=True, capture_output=True)
        subprocess.run([options.python, *cli, "load", str(sample)], env=env, check=True, capture_output=True)
        commands = {
            "floor (import chaingap.cli)": FLOOR,
            "validate": [*cli, "validate", str(sample)],
            "validate --shacl": [*cli, "validate", str(sample), "--shacl"],
            "explain (cold)": [*cli, "explain", "aero-prepreg"],
            "explain (warm)": [*cli, "explain", "aero-prepreg"],
            "report": [*cli, "report", "--out", str(Path(tmp) / "report")],
        }
        if options.skip_shacl:
            commands.pop("validate --shacl")
        figures = {}
        for name, args in commands.items():
            runs = [run(options.python, args, env) for _ in range(options.repeat if "cold" not in name else 1)]
            figures[name] = min(runs)
    floor = figures["floor (import chaingap.cli)"][0]
    print(f"load average {os.getloadavg()[0]:.2f}, {os.cpu_count()} CPUs, {options.python}")
    print("| command | CPU s | × floor | wall s | peak RSS MiB |")
    print("| --- | --- | --- | --- | --- |")
    for name, (cpu, wall, rss) in figures.items():
        print(f"| {name} | {cpu:.2f} | {cpu / floor:.1f} | {wall:.2f} | {rss:.0f} |")


if __name__ == "__main__":
    main()
