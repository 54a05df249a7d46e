"""Ids as people type them: a link, chain or district by its id in any case, or by its name.

An id that matches nothing is a usage error (exit code 2) that says what was meant when it
can guess: ``no link 'L_NEV_BMS'; did you mean nev-bms (电池管理系统)?``.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping

from chaingap.ontology.vocab import normalise_name

from .errors import UnknownId

__all__ = ["resolve_id"]


def resolve_id(kind: str, text: str, known: Mapping[str, str], hint: str = "") -> str:
    """The id in ``known`` (id -> name) that ``text`` means: the id itself, the id in another
    case, or the (normalised) name; raises :class:`UnknownId` with suggestions otherwise."""
    if text in known:
        return text
    key = normalise_name(text)
    by_id = {normalise_name(identifier): identifier for identifier in known}
    by_name: dict[str, list[str]] = {}
    for identifier, name in known.items():
        by_name.setdefault(normalise_name(name or ""), []).append(identifier)
    if key in by_id:
        return by_id[key]
    if len(by_name.get(key, [])) == 1:
        return by_name[key][0]
    choices = {**{normalise_name(i): i for i in known}, **{normalise_name(n): i for i, n in known.items() if n}}
    close = difflib.get_close_matches(key, list(choices), n=3, cutoff=0.5)
    guesses = list(dict.fromkeys(choices[c] for c in close))
    guesses = guesses or [i for i in known if key and (key in normalise_name(i) or key in normalise_name(known[i] or ""))][:3]
    message = f"no {kind} {text!r}"
    if guesses:
        message += "; did you mean " + ", ".join(f"{g} ({known[g]})" if known[g] and known[g] != g else g for g in guesses) + "?"
    raise UnknownId(message + (f" ({hint})" if hint else ""))
