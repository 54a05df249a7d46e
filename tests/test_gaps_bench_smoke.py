"""The gap-engine benchmark runs end to end on a tiny pool (no time is asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "engine_bench.py"


@pytest.mark.slow
def test_engine_bench_on_2000_enterprises(tmp_path: Path) -> None:
    result = tmp_path / "bench.json"
    done = subprocess.run([sys.executable, str(SCRIPT), "--sizes", "2000", "--oracle", "--data", str(tmp_path / "data"),
                           "--json", str(result)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    rows = json.loads(result.read_text(encoding="utf-8"))[0]["rows"]
    assert [(row["step"], row["status"]) for row in rows] == [("floor", "ok"), ("first", "ok"), ("warm", "ok"), ("oracle", "ok")]
    assert all(row["cpu_s"] > 0 and row["peak_mib"] > 0 for row in rows)
    first = next(row for row in rows if row["step"] == "first")["inner"]
    assert first["links"] > 0 and first["targets"] > 0
    assert "| 2,000 | first |" in done.stdout
