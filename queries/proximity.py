"""Proximity class of each pool enterprise to the region: same province, neighbouring, same region.

The class is written as a ``cgd:proximityClass`` fact at analysis time so that SPARQL (and
Cypher) read it instead of carrying a province table. Province lookups use
``chaingap.loaders.divisions`` (the maintained division table) when it is installed; without
it only "same province" can be recognised, by normalised name.
"""

from __future__ import annotations

import functools
from typing import Any, Callable

__all__ = ["normalise_province", "classify", "Classifier", "classifier_for"]

_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "省", "市")

Classifier = Callable[[str], str]


def normalise_province(name: str) -> str:
    """``江苏省`` / ``江苏`` / `` 江苏 `` all become ``江苏``."""
    text = (name or "").strip()
    for suffix in _SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix):
            return text[: -len(suffix)]
    return text


def _divisions() -> Any | None:
    try:
        from chaingap.loaders import divisions  # type: ignore[attr-defined]
    except ImportError:
        return None
    return divisions


def _call(module: Any, name: str, *args: Any) -> Any:
    function = getattr(module, name, None)
    if function is None:
        return None
    try:
        return function(*args)
    except (KeyError, ValueError, LookupError):
        return None


def classifier_for(region_province: str | None) -> Classifier:
    """A function mapping a pool enterprise's province text to its proximity class."""
    if not region_province:
        return lambda province: "other"
    home = normalise_province(region_province)
    divisions = _divisions()
    neighbours: set[str] = set()
    home_region = None
    if divisions is not None:
        found = _call(divisions, "neighbouring_provinces", region_province) or []
        neighbours = {normalise_province(str(item)) for item in found}
        home_region = _call(divisions, "region_of", region_province)

    @functools.lru_cache(maxsize=None)
    def classify_one(province: str) -> str:
        name = normalise_province(province)
        if not name:
            return "other"
        if name == home:
            return "same_province"
        if name in neighbours:
            return "neighbouring"
        if home_region is not None and divisions is not None:
            if _call(divisions, "region_of", province) == home_region:
                return "same_region"
        return "other"

    return classify_one


def classify(region_province: str | None, province: str) -> str:
    """Proximity class of one province to the region's province."""
    return classifier_for(region_province)(province)
