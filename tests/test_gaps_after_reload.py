"""Loading changed data never leaves the gap engine answering from stale derived facts."""

from __future__ import annotations

import csv
import shutil

from chaingap.graph.store import ChainStore
from chaingap.loaders import load_dataset
from chaingap.queries.gaps import analyse


def status_of(analysis, link_id: str) -> str:
    return next(link.status for link in analysis.links if link.id == link_id)


def test_a_reload_that_fills_a_missing_link_changes_its_status(sample_dir, tmp_path):
    changed = tmp_path / "zj"
    shutil.copytree(sample_dir, changed)
    with ChainStore(tmp_path / "store") as store:
        store.load(load_dataset(changed))
        before = analyse(store)
        missing = sorted(link.id for link in before.links if link.status == "missing")[0]

        with (changed / "enterprises.csv").open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
        for n, row in enumerate(rows[:6]):  # six large local firms now work in the missing link
            rows.append({**row, "id": f"NEW{n}", "name": f"新建企业{n}有限公司", "credit_code": "",
                         "links": missing, "industry_code": "", "revenue": "500000"})
        with (changed / "enterprises.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)

        store.load(load_dataset(changed))
        after = analyse(store)
    assert status_of(before, missing) == "missing"
    assert status_of(after, missing) not in ("missing", "being_filled")
