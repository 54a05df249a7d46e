"""Fixed vocabularies of the input: district kinds, project stages, and their Chinese names."""

from __future__ import annotations

from .names import normalise_name

__all__ = ["DISTRICT_KINDS", "STAGES", "district_kind", "stage_key"]

#: canonical kind -> (most specific cg class, broader cg class, Chinese names)
DISTRICT_KINDS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "city": ("City", "AdministrativeDistrict", ("市", "地级市", "城市")),
    "county_city": ("CountyLevelCity", "AdministrativeDistrict", ("县级市",)),
    "district": ("UrbanDistrict", "AdministrativeDistrict", ("区", "市辖区")),
    "county": ("County", "AdministrativeDistrict", ("县",)),
    "dev_zone": ("DevelopmentZone", "FunctionalZone", ("开发区", "经开区", "经济开发区", "新区")),
    "hightech_zone": ("HighTechZone", "FunctionalZone", ("高新区", "高新技术开发区")),
    "park": ("Park", "FunctionalZone", ("园区", "产业园")),
    "base": ("Base", "FunctionalZone", ("基地",)),
}

#: canonical stage key -> (cg individual, Chinese name), in the order a project passes them
STAGES: dict[str, tuple[str, str]] = {
    "signed": ("signed", "签约"),
    "landed": ("landed", "落地"),
    "started": ("started", "开工"),
    "in_database": ("inDatabase", "入库"),
    "in_statistics": ("inStatistics", "列统"),
    "producing": ("producing", "投产"),
    "reached_output": ("reachedOutput", "达效"),
}

_KIND_INDEX = {normalise_name(alias): kind for kind, (_, _, names) in DISTRICT_KINDS.items() for alias in (kind, *names)}
_KIND_INDEX.update({"countycity": "county_city", "devzone": "dev_zone", "hightechzone": "hightech_zone"})
_STAGE_INDEX = {normalise_name(alias): key for key, (local, zh) in STAGES.items()
                for alias in (key, local, zh, key.replace("_", ""))}


def district_kind(text: str) -> str:
    """Canonical district kind for English or Chinese ``text``; ValueError when unknown."""
    kind = _KIND_INDEX.get(normalise_name(text))
    if kind is None:
        raise ValueError(f"unknown district kind {text!r}")
    return kind


def stage_key(text: str) -> str:
    """Canonical stage key for English or Chinese ``text``; ValueError when unknown."""
    key = _STAGE_INDEX.get(normalise_name(text))
    if key is None:
        raise ValueError(f"unknown stage {text!r}")
    return key
