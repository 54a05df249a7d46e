"""Offline page assets and safe embedding: vis-network from pyvis's own copy, our JS/CSS, Jinja.

Nothing here refers to a CDN: the pages must open from disk with the network unplugged, so
vis-network's JS and CSS are read from the copy pyvis ships (``pyvis/lib/vis-9.1.2``) and
inlined. Bootstrap, which pyvis's template pulls from a CDN, is not used at all.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib.resources import files
from typing import Any

import jinja2
from markupsafe import Markup

__all__ = ["VIS_VERSION", "vis_network_js", "vis_network_css", "static_text", "script_json", "environment"]

VIS_VERSION = "vis-9.1.2"
_SOURCE_MAP = re.compile(r"//# sourceMappingURL=\S+")


@lru_cache(maxsize=None)
def _pyvis_lib(name: str) -> str:
    text = (files("pyvis") / "lib" / VIS_VERSION / name).read_text(encoding="utf-8")
    # A source-map comment makes devtools fetch a file that is not there; drop it.
    return _SOURCE_MAP.sub("", text)


def vis_network_js() -> str:
    return _pyvis_lib("vis-network.min.js")


def vis_network_css() -> str:
    return _pyvis_lib("vis-network.css")


@lru_cache(maxsize=None)
def static_text(name: str) -> str:
    """A file of ``chaingap/report/static`` (our own JS and CSS)."""
    return (files("chaingap.report") / "static" / name).read_text(encoding="utf-8")


def script_json(value: Any) -> Markup:
    """JSON safe inside a ``<script>`` element: ``</script>`` or ``<!--`` in data cannot end it.

    ``<``, ``>`` and ``&`` become ``\\u003c`` ``\\u003e`` ``\\u0026``, which JSON.parse reads back
    as the same characters; U+2028/2029 are escaped for old JS parsers.
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return Markup(text)


def _raw_asset(text: str) -> Markup:
    """Trusted, bundled JS/CSS; refuses text that could close its element early."""
    if re.search(r"</(script|style)", text, re.IGNORECASE):
        raise ValueError("asset contains a closing script/style tag")
    return Markup(text)


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """Jinja with autoescape on for every template: names from data are always escaped."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("chaingap.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["script_json"] = script_json
    env.globals["vis_js"] = lambda: _raw_asset(vis_network_js())
    env.globals["vis_css"] = lambda: _raw_asset(vis_network_css())
    env.globals["static"] = lambda name: _raw_asset(static_text(name))
    return env
