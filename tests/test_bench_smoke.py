"""The scale benchmark runs end to end on a tiny pool, and its DuckDB floor agrees with chaingap.

No time is asserted: only that every selected step measured something and that the floor's
per-link aggregates equal the numbers ``chaingap gaps`` prints (the check the benchmark makes).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "scale.py"


@pytest.mark.slow
def test_scale_quick_floors_on_2000_enterprises(tmp_path: Path) -> None:
    result = tmp_path / "scale.json"
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--quick", "--sizes", "2000", "--steps", "floors", "gaps",
         "--data", str(tmp_path / "data"), "--work", str(tmp_path / "work"), "--json", str(result)],
        capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    rows = json.loads(result.read_text(encoding="utf-8"))["rows"]
    assert [(row["step"], row["status"]) for row in rows] == [
        ("parse", "ok"), ("duckdb", "ok"), ("export", "ok"), ("bulkload", "ok"), ("gaps", "ok")]
    assert all(row["cpu_s"] > 0 and row["peak_mib"] > 0 for row in rows)
    duckdb = next(row for row in rows if row["step"] == "duckdb")
    assert duckdb["inner"]["same_as_chaingap"] is True, duckdb["notes"]
    assert "| 2,000 | 1 floor: pyarrow parse |" in done.stdout
