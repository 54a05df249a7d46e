"""Proximity class of a pool enterprise to the region: same province, neighbouring, same region.

A national pool of a million firms names only a few dozen provinces, so an engine classes
each distinct province text once (:func:`province_classes`) and joins that small table to
the candidates (SQL: a registered table; SPARQL: a ``VALUES`` table; Cypher: a map
parameter); no fact is written per firm. Province lookups use ``chaingap.loaders.divisions``
(the maintained division table); without it only "same province" can be recognised, by
normalised name. Classes are the codes of :data:`chaingap.ontology.vocab.PROXIMITY`.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from typing import Any, Callable

__all__ = ["normalise_province", "classify", "Classifier", "classifier_for", "province_classes",
           "choose_region_province"]

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


def province_classes(region_province: str | None, provinces: Iterable[str]) -> dict[str, str]:
    """``{province text: class}`` of the given texts that are near the region (never "other")."""
    classify_one = classifier_for(region_province)
    found = {str(text): classify_one(str(text)) for text in provinces if text}
    return {text: label for text, label in sorted(found.items()) if label != "other"}


def choose_region_province(configured: str | None, regions: Iterable[tuple[str | None, str | None]],
                           local_provinces: Mapping[str, int]) -> str | None:
    """The region's province (docs/gap-rules.md): the profile's ``region_province``; else, for
    the regions in IRI order, the province their district row names or that its admin code
    lies in; else the province most local firms give (ties: the smallest name)."""
    if configured:
        return configured
    divisions = _divisions()
    for province, code in regions:
        if province:
            return str(province)
        if code and divisions is not None:
            found = _call(divisions, "province_of", str(code))
            if found:
                return str(getattr(found, "name", found))
    counts = {str(name): int(count) for name, count in local_provinces.items() if name}
    if not counts:
        return None
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[0][0]
