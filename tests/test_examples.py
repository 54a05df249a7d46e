"""Every example a user is shown runs on the sample: the README's commands and each `--help`'s Example block.

An example is a sequence of ``chaingap …`` commands (joined by ``&&`` or on successive lines),
run in a fresh folder holding the files examples name (``my-profile.yaml``, ``my.rq``, and
``./zhenjiang`` when the example does not write it first), with a home where the sample is loaded. ``> file`` redirections write the command's output there.
Examples that need a server (Neo4j, a SPARQL endpoint) are run by ``tests/servers`` against
real servers and are left out here.
"""

from __future__ import annotations

import re
import shlex
import shutil
from importlib.resources import files
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from chaingap.cli import cli

ROOT = Path(__file__).resolve().parents[1]
#: Words that mark an example needing a server.
NEEDS_SERVER = ("neo4j", "sparql", "--endpoint", "--cypher")


def _commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, command in sorted(group.commands.items()):
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))


def _help_examples() -> list[tuple[str, list[str]]]:
    found = []
    for path, command in _commands(cli):
        text = (command.help or "").split("Example:", 1)
        if len(text) == 2:
            lines = [part.split("  #")[0].strip() for line in text[1].splitlines() for part in line.split("&&")]
            found.append((" ".join(path), [line for line in lines if line.startswith("chaingap")]))
    return found


def _readme_examples() -> list[tuple[str, list[str]]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    found = []
    for number, block in enumerate(re.findall(r"```bash\n(.*?)```", text, re.DOTALL)):
        lines = []
        for line in block.splitlines():
            for part in line.split("&&"):
                part = part.split("  #")[0].strip().replace(".venv/bin/chaingap", "chaingap")
                if part.startswith("chaingap"):
                    lines.append(part)
        if lines:
            found.append((f"README block {number + 1}", lines))
    return found


def _local(lines: list[str]) -> list[str]:
    return [line for line in lines if not any(word in shlex.split(line) for word in NEEDS_SERVER)]


EXAMPLES = [(name, _local(lines)) for name, lines in _help_examples() + _readme_examples() if _local(lines)]


def test_every_command_shows_an_example():
    missing = [" ".join(path) for path, command in _commands(cli) if "Example:" not in (command.help or "")]
    assert missing == []


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("examples")
    runner = CliRunner()
    for args in (["sample", str(tmp / "zj")], ["load", str(tmp / "zj"), "--home", str(tmp / "home")]):
        assert runner.invoke(cli, args, catch_exceptions=False).exit_code == 0
    return tmp / "home"


@pytest.mark.parametrize(("name", "lines"), EXAMPLES, ids=[name for name, _ in EXAMPLES])
def test_the_example_runs_on_the_sample(name, lines, home, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CHAINGAP_HOME", str(home))
    shutil.copy(files("chaingap.queries").joinpath("profiles", "default.yaml"), tmp_path / "my-profile.yaml")
    (tmp_path / "my.rq").write_text("SELECT ?n WHERE { VALUES (?link) { (<urn:x>) } #@params\n"
                                    " ?link cg:name ?n }\n", encoding="utf-8")
    runner = CliRunner()
    if "zhenjiang" in " ".join(lines) and not lines[0].startswith("chaingap sample"):
        # the example follows `chaingap sample ./zhenjiang`, as its command's help says
        assert runner.invoke(cli, ["sample", "zhenjiang"], catch_exceptions=False).exit_code == 0
    for line in lines:
        words = shlex.split(line)[1:]
        target = None
        if ">" in words:
            target = tmp_path / words[words.index(">") + 1]
            words = words[: words.index(">")]
        result = runner.invoke(cli, words, catch_exceptions=False)
        assert result.exit_code == 0, f"{line}\n{result.output}"
        if target is not None:
            target.write_text(result.stdout, encoding="utf-8")
            assert target.stat().st_size > 0
