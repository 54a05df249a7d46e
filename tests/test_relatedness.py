"""Relatedness equals an independent implementation: the ``ecomplexity`` package (Growth Lab).

On generated firm counts per (province, link), chaingap's specialisation (M), Hidalgo–Hausmann
proximity and density must be those ``ecomplexity`` computes; on a toy city, a link next to
what the region does (by the pool's co-location, not by feeds) is listed as an extension.
"""

from __future__ import annotations

import random
from fractions import Fraction

import pytest
from toycity import ToyCity

from chaingap.queries.relatedness import LOCAL, from_counts, relatedness

ecomplexity = pytest.importorskip("ecomplexity")
pd = pytest.importorskip("pandas")


def generated(seed: int, regions: int = 12, links: int = 15) -> dict[tuple[str, str], int]:
    rng = random.Random(seed)
    return {(f"R{r:02d}", f"L{l:02d}"): rng.choice([0, 0, 1, 2, 3, 5, 8, 13])
            for r in range(regions) for l in range(links)}


def _exact_one(counts) -> bool:
    """Whether some LQ is exactly 1 (floating point may put it either side: no fair comparison)."""
    total = sum(counts.values())
    rs, ls = {}, {}
    for (r, l), n in counts.items():
        rs[r] = rs.get(r, 0) + n
        ls[l] = ls.get(l, 0) + n
    return any(n and Fraction(n * total, rs[r] * ls[l]) == 1 for (r, l), n in counts.items())


@pytest.mark.parametrize("seed", [s for s in range(1, 40) if not _exact_one(generated(s))][:6])
def test_proximity_and_density_equal_ecomplexity(seed):
    counts = generated(seed)
    ours = from_counts(counts)
    frame = pd.DataFrame([{"year": 2024, "region": r, "link": l, "firms": n} for (r, l), n in counts.items()])
    cols = {"time": "year", "loc": "region", "prod": "link", "val": "firms"}
    theirs = ecomplexity.ecomplexity(frame, cols, verbose=False, check_logsupermodularity=False)
    theirs = theirs[theirs["density"].notna()]
    assert len(theirs) == len(ours.regions) * len(ours.links)
    for row in theirs.itertuples():
        key = (row.region, row.link)
        assert bool(row.mcp) == (key in ours.specialised), key
        assert float(ours.density[key]) == pytest.approx(row.density, abs=1e-9), key
    pairs = ecomplexity.proximity(frame, cols)
    for row in pairs.itertuples():
        if row.link_1 in ours.links and row.link_2 in ours.links:
            assert float(ours.proximity[(row.link_1, row.link_2)]) == pytest.approx(row.proximity, abs=1e-9)


def test_a_link_that_goes_with_what_the_region_does_is_an_extension_without_feeds():
    """Provinces that do A and B also do C; the region does A and B, has no C: C is feasible, D is not."""
    toy = ToyCity(region_province="江苏省").chain("X")
    for link in "ABCD":
        toy.link(link, "X")
    for i, link in enumerate("AB"):
        toy.enterprise(f"H{i}", [link], local=True, province="江苏省")
    n = 0
    for province in ("浙江省", "安徽省", "山东省"):
        for link in "ABC":
            toy.enterprise(f"P{n}", [link], province=province)
            n += 1
    for province in ("四川省", "云南省"):
        for _ in range(3):
            toy.enterprise(f"P{n}", ["D"], province=province)
            n += 1
    found = relatedness(toy.tables())
    assert found.specialised.get((LOCAL, "A")) and not found.specialised.get((LOCAL, "C"))
    extensions = {row["link"]: row["density"] for row in found.extensions()}
    assert "C" in extensions and "D" not in extensions
    assert extensions["C"] == found.density[(LOCAL, "C")] > found.density[(LOCAL, "D")]


def test_related_on_the_cli_lists_feasible_extensions(tmp_path):
    import json

    from click.testing import CliRunner

    from chaingap.cli import cli
    from chaingap.graph.store import ChainStore

    toy = ToyCity(region_province="江苏省").chain("X")
    for link in "ABC":
        toy.link(link, "X")
    toy.enterprise("H0", ["A"], local=True, province="江苏省")
    for i, province in enumerate(("浙江省", "安徽省")):
        toy.enterprise(f"P{i}a", ["A"], province=province).enterprise(f"P{i}c", ["C"], province=province)
    toy.enterprise("Q0", ["B"], province="四川省")
    with ChainStore(tmp_path / "store") as store:
        store.load(toy.dataset())
    # density of C here: phi(C, A) / (phi(C, A) + phi(C, C)) = (2/3) / (5/3) = 0.4; of B: 0
    result = CliRunner().invoke(cli, ["related", "--home", str(tmp_path), "--min-density", "0.3", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert [row["link"] for row in json.loads(result.output)] == ["C"]
