"""What the checks need to know of enterprise rows beyond their cells: the yes/no columns and
how shares are filled in when a row names several links without shares."""

from __future__ import annotations

from decimal import Decimal

__all__ = ["FLAG_COLUMNS", "fill_shares"]

#: Yes/no columns of the enterprise tables -> the ontology property each is written as.
FLAG_COLUMNS = {
    "listed": "isListed",
    "specialised": "isSpecialised",
    "high_tech": "isHighTech",
    "above_scale": "isAboveScale",
    "chain_leader": "isChainLeader",
}


def fill_shares(links: list[tuple[str, Decimal | None]]) -> list[tuple[str, Decimal]]:
    """Every link with a share: missing shares split what the given ones leave (at least 0).

    The SHACL shapes want one ``cg:share`` on every operation; a single link without a
    share gets 1, two links without shares get 0.5 each.
    """
    missing = [link for link, share in links if share is None]
    if not missing:
        return [(link, share) for link, share in links if share is not None]
    given = sum((share for _, share in links if share is not None), Decimal(0))
    rest = max(Decimal(1) - given, Decimal(0)) / len(missing)
    rest = rest.quantize(Decimal("0.0001")) if rest.as_tuple().exponent < -4 else rest
    return [(link, rest if share is None else share) for link, share in links]
