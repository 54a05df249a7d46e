"""Decode the bytes of a text table the way Chinese office files are actually encoded.

Strict order: UTF-8 with BOM, UTF-8, GB18030 (a superset of GBK and GB2312), and only
then a detector. Detectors alone misread short GBK files as Korean cp949, so they come last.
"""

from __future__ import annotations

import codecs

import charset_normalizer

__all__ = ["decode_text", "detect_encoding"]

_STRICT_ORDER = ("utf-8", "gb18030")


def detect_encoding(data: bytes) -> str:
    """Name of the encoding :func:`decode_text` would use for ``data``."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    for name in _STRICT_ORDER:
        try:
            data.decode(name)
        except UnicodeDecodeError:
            continue
        return name
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise ValueError("cannot determine the text encoding; pass encoding= explicitly")
    return best.encoding


def decode_text(data: bytes, encoding: str | None = None) -> str:
    """Text of ``data``, in ``encoding`` when given, else by :func:`detect_encoding`.

    An explicit encoding is applied strictly: a wrong override is an error, not mojibake.
    A UTF-8 BOM is always dropped.
    """
    if encoding:
        name = codecs.lookup(encoding).name
        if name == "utf-8":
            name = "utf-8-sig"
        return data.decode(name)
    return data.decode(detect_encoding(data))
