"""Every output of the sample speaks one language with one word per concept.

Under the default ``--lang zh`` no output a person reads (terminal tables, explain, stats,
the report's Markdown, CSV, xlsx and HTML text) shows an English code of the vocabulary
(``midstream``, ``weak``, ``supplies_local``, ``local_enterprises``, ``True``…), and no
concept appears under a second word (区位熵 beside 区位商, 在补 beside 补链中, 短板 or 强项
as a status, 强链 — the action on a weak link — used as a status). With ``--lang en`` no
Chinese word of the vocabulary is left. Ids and names from the data are exempt: they are the
data's, in whatever script it wrote them. JSON is not scanned: its keys are English and its
values codes, by design.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from chaingap.cli import cli
from chaingap.ontology import vocab
from chaingap.queries.common import METRICS

#: Codes a Chinese output must never show (words of vocabularies whose codes are English).
CODED = (vocab.STATUSES, vocab.SEGMENTS, vocab.PROXIMITY, vocab.REASONS, vocab.LQ_BASES, vocab.STAGES,
         vocab.ASSIGNMENT_METHODS, vocab.SCORE_PARTS)
CODES = {term.code for v in CODED for term in v} | set(METRICS) | {"True", "False", "true", "false", "None",
                                                                     "being", "filled", "extension_signal"}
#: Second words of one concept (never written by chaingap).
SECOND_WORDS = ("区位熵", "在补", "强项", "短板")
#: 强链 is the action on a weak link, never a status: "判定为强链" or a cell holding only 强链.
STATUS_AS_ACTION = re.compile(r"判定为强链|(^|[|,\t])\s*强链\s*($|[|,\t])", re.MULTILINE)
WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
#: Chinese words of the vocabulary that an English output must not show.
ZH_WORDS = sorted({term.zh for v in (vocab.STATUSES, vocab.SEGMENTS, vocab.PROXIMITY, vocab.LQ_BASES,
                                      vocab.SCORE_PARTS, vocab.WORDS, vocab.MAP_WORDS)
                   for term in v if len(term.zh) >= 2 and re.search(r"[\u4e00-\u9fff]", term.zh)} - {"万元"},
                  key=len, reverse=True)


class _Text(HTMLParser):
    """The text of a page a person sees (no script, no style)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("script", "style")
        self.parts += [value for name, value in attrs if name in ("title", "alt", "aria-label") and value]

    def handle_endtag(self, tag):
        self.skip -= tag in ("script", "style")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def _page_text(path: Path) -> str:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return "\n".join(parser.parts)


def _xlsx_text(path: Path) -> str:
    book = load_workbook(path, read_only=True)
    cells = [sheet.title for sheet in book.worksheets]
    for sheet in book.worksheets:
        cells += [str(value) for row in sheet.iter_rows(values_only=True) for value in row if value is not None]
    return "\n".join(cells)


@pytest.fixture(scope="module")
def sample_outputs(tmp_path_factory) -> dict[str, dict[str, str]]:
    """``{lang: {output name: text}}`` of every command and report file on the loaded sample."""
    tmp = tmp_path_factory.mktemp("scan")
    home, folder = tmp / "home", tmp / "zhenjiang"
    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(cli, [*args, "--home", str(home)] if args[0] not in ("sample",) else list(args),
                               catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.stdout

    run("sample", str(folder))
    run("load", str(folder))
    found: dict[str, dict[str, str]] = {}
    for lang in ("zh", "en"):
        texts = {}
        for fmt in ("table", "csv", "md"):
            texts[f"gaps {fmt}"] = run("gaps", "--lang", lang, "--format", fmt)
            texts[f"targets {fmt}"] = run("targets", "--top", "3", "--lang", lang, "--format", fmt)
            texts[f"stats {fmt}"] = run("stats", "--lang", lang, "--format", fmt)
        texts["targets --shortlist"] = run("targets", "--shortlist", "--lang", lang)
        texts["targets --local"] = run("targets", "--local", "--lang", lang)
        for link in ("aero-prepreg", "aero-chips", "aero-al-parts"):
            texts[f"explain {link}"] = run("explain", link, "--lang", lang)
            texts[f"explain {link} md"] = run("explain", link, "--lang", lang, "--format", "md")
        out = tmp / f"report-{lang}"
        # The English HTML pages are scanned by test_report_html (on the demo city): one HTML run here.
        run("report", "--lang", lang, "--out", str(out), *(["--no-html"] if lang == "en" else []))
        for path in sorted(out.rglob("*")):
            name = f"report {path.relative_to(out)}"
            if path.suffix in (".md", ".csv"):
                texts[name] = path.read_text(encoding="utf-8-sig")
            elif path.suffix == ".html":
                texts[name] = _page_text(path)
            elif path.suffix == ".xlsx":
                texts[name] = _xlsx_text(path)
        found[lang] = texts
    con = duckdb.connect()
    from chaingap.loaders import load_dataset
    from chaingap.loaders.tables_of_record import write_tables

    write_tables(load_dataset(folder), con)
    data = set()
    for (table,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall():
        for (column,) in con.execute("SELECT column_name FROM information_schema.columns WHERE table_name = ? "
                                     "AND data_type = 'VARCHAR'", [table]).fetchall():
            data |= {v for (v,) in con.execute(f'SELECT DISTINCT "{column}" FROM "{table}"').fetchall() if v}
    found["data"] = {"strings": "\n".join(sorted(data, key=len, reverse=True))}
    return found


def _without_data(text: str, data: list[str]) -> str:
    for value in data:
        if value in text:
            text = text.replace(value, " ")
    return text


def test_every_chinese_output_is_written_in_the_vocabularys_chinese_words(sample_outputs):
    data = sample_outputs["data"]["strings"].split("\n")
    data_words = {w for value in data for w in WORD.findall(value)}
    offenders = {}
    for name, text in sample_outputs["zh"].items():
        words = {w for w in WORD.findall(_without_data(text, data)) if w in CODES and w not in data_words}
        if words:
            offenders[name] = sorted(words)
    assert offenders == {}
    assert len(sample_outputs["zh"]) > 30  # every output was produced, the report's files included


def test_no_concept_has_a_second_word(sample_outputs):
    offenders = {}
    for lang in ("zh", "en"):
        for name, text in sample_outputs[lang].items():
            found = [word for word in SECOND_WORDS if word in text] + STATUS_AS_ACTION.findall(text)[:1]
            if found:
                offenders[f"{lang}: {name}"] = found
    assert offenders == {}


def test_every_english_output_has_no_chinese_word_of_the_vocabulary(sample_outputs):
    data = sample_outputs["data"]["strings"].split("\n")
    offenders = {}
    for name, text in sample_outputs["en"].items():
        rest = _without_data(text, data)
        words = [word for word in ZH_WORDS if word in rest]
        if words:
            offenders[name] = words[:5]
    assert offenders == {}


def test_a_reason_is_a_sentence(sample_outputs):
    text = sample_outputs["zh"]["targets table"]
    assert "为本地" in text and "家企业供货" in text and "；" in text


def test_links_are_listed_upstream_first(sample_outputs):
    lines = [line for line in sample_outputs["zh"]["gaps csv"].splitlines()[1:] if line.startswith("aero,")]
    segments = [line.split(",")[3] for line in lines]
    order = [vocab.SEGMENTS.label(code) for code in vocab.SEGMENTS.codes]
    assert segments == sorted(segments, key=order.index)
