"""A CJK font for matplotlib, so Chinese labels render as characters and not as empty boxes.

matplotlib's default DejaVu Sans has no Han glyphs. Any of the families in
:data:`CJK_FAMILIES` found on the machine is used first (``scripts/setup-browser.sh`` installs
Debian's ``fonts-wqy-zenhei``); failing that, the Noto Sans CJK collection that chaingap
installs as a dependency (PyPI ``noto-cjk-sans-otc``, SIL Open Font License), so a fresh
machine or Windows box still draws Chinese labels. A font file can also be given
with the ``CHAINGAP_CJK_FONT`` environment variable (e.g. on Windows: ``C:/Windows/Fonts/msyh.ttc``)
or dropped in the package's ``report/fonts/`` folder.
"""

from __future__ import annotations

import os
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from matplotlib import font_manager
from matplotlib.ft2font import FT2Font

__all__ = ["CJK_FAMILIES", "FONT_ENV", "NoCJKFont", "cjk_font_path", "use_cjk_font", "missing_glyphs"]

FONT_ENV = "CHAINGAP_CJK_FONT"

#: Families tried in order: Debian's packages first, then common desktop fonts.
CJK_FAMILIES = (
    "WenQuanYi Zen Hei",
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "Heiti SC",
    "AR PL UMing CN",
)

#: Well-known file locations, checked when fontconfig/matplotlib's cache has not caught up.
KNOWN_FILES = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/simhei.ttf",
    "/System/Library/Fonts/PingFang.ttc",
)

PROBE = "产业链镇江缺链"


class NoCJKFont(RuntimeError):
    """No font with Chinese glyphs was found; says how to install one."""


def missing_glyphs(font_file: str | os.PathLike[str], text: str) -> list[str]:
    """Characters of ``text`` the font has no glyph for (index 0 is the 'missing' box)."""
    font = FT2Font(str(font_file))
    return sorted({ch for ch in text if not ch.isspace() and font.get_char_index(ord(ch)) == 0})


def _bundled_files() -> list[str]:
    folder = files("chaingap.report") / "fonts"
    try:
        return [str(item) for item in folder.iterdir() if item.name.lower().endswith((".ttf", ".otf", ".ttc"))]
    except (FileNotFoundError, NotADirectoryError):
        return []


def _candidates() -> list[str]:
    found: list[str] = []
    if os.environ.get(FONT_ENV):
        found.append(os.environ[FONT_ENV])
    found.extend(_bundled_files())
    for family in CJK_FAMILIES:
        try:
            path = font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
        except ValueError:
            continue
        found.append(path)
    found.extend(path for path in KNOWN_FILES if Path(path).exists())
    found.extend(_installed_noto())
    return found


def _installed_noto() -> list[str]:
    """The Noto Sans CJK collection installed from PyPI with chaingap (the last resort)."""
    try:
        from noto_cjk_sans_otc import FONT_PATH
    except ImportError:
        return []
    return [str(FONT_PATH)]


@lru_cache(maxsize=1)
def cjk_font_path() -> str:
    """Path of the first available font that really has Chinese glyphs."""
    for path in _candidates():
        if Path(path).exists() and not missing_glyphs(path, PROBE):
            return path
    raise NoCJKFont(
        "no CJK font found: run scripts/setup-browser.sh (installs Debian's fonts-wqy-zenhei), "
        f"or set {FONT_ENV} to a .ttf/.ttc file with Chinese glyphs"
    )


@lru_cache(maxsize=1)
def use_cjk_font() -> str:
    """Register the CJK font with matplotlib and make it the default sans-serif; its family name.

    DejaVu Sans stays as a fallback after it so Latin text keeps its usual look.
    """
    import logging

    import matplotlib

    # WenQuanYi Zen Hei has only a "medium" (500) weight: matplotlib would warn on every chart
    # that it used 500 for "normal", which is exactly what we want.
    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
    path = cjk_font_path()
    font_manager.fontManager.addfont(path)
    family = font_manager.FontProperties(fname=path).get_name()
    matplotlib.rcParams["font.family"] = "sans-serif"
    current = [name for name in matplotlib.rcParams["font.sans-serif"] if name != family]
    matplotlib.rcParams["font.sans-serif"] = [family, *current]
    matplotlib.rcParams["axes.unicode_minus"] = False
    matplotlib.rcParams["svg.fonttype"] = "path"
    return family
