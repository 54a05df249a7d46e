"""The industry map's words and colours: every word read from :mod:`chaingap.ontology.vocab`.

The map defines no word of its own: titles, controls and legend entries are the vocabulary's
``MAP_WORDS``, headers its ``WORDS``, and statuses, segments, stages and enterprise flags
their own vocabularies, so a status reads the same (缺链, 补链中, 弱链, 一般, 长板) on the map,
in the lists, in the Markdown report and in the terminal. Only the colours live here.
"""

from __future__ import annotations

from chaingap.ontology.vocab import FLAGS, LANGS, MAP_WORDS, SEGMENTS, STAGES, STATUSES, WORDS, Vocabulary

__all__ = ["STATUS_COLOURS", "STATUS_BORDERS", "KIND_COLOURS", "STAGE_COLOURS", "LANGS", "label", "header", "joined", "status_label"]

#: Fill per status: red missing, amber being filled, orange weak, grey-blue normal, green strong;
#: a rollup (parent link) white with a dark outline: it frames its leaves, it is not judged.
STATUS_COLOURS = {
    "missing": "#d62728",
    "being_filled": "#f2b701",
    "weak": "#ff7f0e",
    "normal": "#7f9fbf",
    "strong": "#2ca02c",
    "insufficient_evidence": "#c7c7c7",
    "no_data": "#f0f0f0",
    "rollup": "#ffffff",
}
#: Outline per status: darker shades, so a missing or weak link stands out even in grey print.
STATUS_BORDERS = {
    "missing": "#7a0c0c",
    "being_filled": "#8a6a00",
    "weak": "#9a4700",
    "normal": "#5b7a99",
    "strong": "#1b6e1b",
    "insufficient_evidence": "#7f7f7f",
    "no_data": "#a0a0a0",
    "rollup": "#404040",
}
#: Border and fill of the nodes hung off links, and of the edges to them.
KIND_COLOURS = {
    "enterprise": {"border": "#7b52ab", "background": "#f1ebf8", "edge": "#b9a3d6"},
    "project": {"border": "#138d99", "background": "#e6f6f7", "edge": "#7fcbd2"},
    "base": {"border": "#6b6b2f", "background": "#f4f4e3", "edge": "#c8c88f"},
    "feeds": {"edge": "#8c8c8c"},
}
#: Project stages from light to dark blue, in pipeline order.
STAGE_COLOURS = dict(zip(STAGES.codes, ("#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6",
                                         "#2171b5", "#08519c", "#08306b")))

#: Where :func:`label` looks a key up, in this order (their codes do not collide).
_VOCABULARIES: tuple[Vocabulary, ...] = (MAP_WORDS, WORDS, STATUSES, SEGMENTS, STAGES, FLAGS)


def label(key: str, lang: str = "zh") -> str:
    """The word for ``key`` in ``lang``; a key no vocabulary knows comes back as it is."""
    for vocabulary in _VOCABULARIES:
        if key in vocabulary:
            return vocabulary.label(key, lang)
    return key


def header(key: str, lang: str = "zh") -> str:
    """A column header: the word, with a capital first letter in English ("Local firms")."""
    word = label(key, lang)
    return word[:1].upper() + word[1:] if lang == "en" else word


def joined(items, lang: str = "zh") -> str:
    """Items of a list in one cell: 、 between them in Chinese, a comma in English."""
    return ("、" if lang != "en" else ", ").join(str(item) for item in items)


def status_label(status: str, lang: str = "zh") -> str:
    return STATUSES.label(status, lang)
