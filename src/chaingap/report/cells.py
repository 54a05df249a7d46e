"""Text from data made safe for the file it is written into: spreadsheets and Markdown.

Names come from users' ledgers and national pools, so any of them may be hostile:

- **CSV**: a cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would run
  as a formula when opened in Excel (OWASP "CSV injection"); it is written with a leading
  apostrophe, which Excel shows as plain text. (In ``.xlsx`` the writers store such text as a
  string-typed cell instead, which Excel never evaluates, so the text stays exact.)
- **Markdown**: ``|`` would add table columns and a newline would end a row; ``<`` before a
  letter, ``/``, ``!`` or ``?`` would open an HTML tag (``<script>``, ``<img onerror>``) and
  ``&`` before an entity name would spell a character. Those are escaped; an ordinary ``<``
  (``区位商<0.75``) stays readable in the raw file.

>>> spreadsheet_text("=HYPERLINK(\\"http://x\\")")
'\\'=HYPERLINK("http://x")'
>>> markdown_text("A|B <img src=x onerror=alert(1)> 区位商<0.75")
'A\\\\|B &lt;img src=x onerror=alert(1)> 区位商<0.75'
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["spreadsheet_text", "markdown_text", "FORMULA_START"]

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_TAG = re.compile(r"<(?=[A-Za-z/!?])")
_ENTITY = re.compile(r"&(?=#?\w+;)")


def spreadsheet_text(value: Any) -> Any:
    """``value`` as a spreadsheet cell: text that would start a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def markdown_text(value: Any) -> str:
    """``value`` as text inside a Markdown table cell or list item (see the module docstring)."""
    text = str(value).replace("\\", "\\\\").replace("|", "\\|")
    text = re.sub(r"[\r\n]+", " ", text)
    text = _ENTITY.sub("&amp;", text)
    return _TAG.sub("&lt;", text)
