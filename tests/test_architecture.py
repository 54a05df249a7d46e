"""The architecture as a test: data flows one way through the layers, and each concept lives in one module.

``lint-imports`` (import-linter) checks the contracts of ``pyproject.toml``. Its import graph
is built by walking package folders, while the card's top-level folders (``graph/``,
``loaders/`` …) are mapped into ``chaingap.*`` by setuptools' ``package-dir``; so the test
first lays the package out as one tree of links in a temporary folder, exactly as
``pip install .`` would, and lints that.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def package_folders() -> dict[str, Path]:
    """Every package of ``pyproject.toml`` and its source folder (setuptools' ``package-dir`` rule)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    folders = config["tool"]["setuptools"]["package-dir"]
    found = {}
    for package in config["tool"]["setuptools"]["packages"]:
        base = max((name for name in folders if package == name or package.startswith(name + ".")), key=len)
        found[package] = ROOT / folders[base] / package[len(base):].lstrip(".").replace(".", "/")
    return found


def package_tree(dest: Path) -> Path:
    """``dest/chaingap``: every module of the package at its import path (symlinks, or copies)."""
    for package, source in package_folders().items():
        target = dest.joinpath(*package.split("."))
        target.mkdir(parents=True, exist_ok=True)
        for module in source.glob("*.py"):
            try:
                (target / module.name).symlink_to(module)
            except OSError:
                shutil.copy(module, target / module.name)
    return dest


def modules() -> dict[str, Path]:
    """Every source module of the package: dotted name -> file."""
    found = {}
    for package, source in package_folders().items():
        for module in source.glob("*.py"):
            found[f"{package}.{module.stem}"] = module
    return found


def test_imports_follow_the_layers_and_make_no_cycles(tmp_path):
    lint = Path(sys.executable).with_name("lint-imports")
    if not lint.exists():
        pytest.skip("import-linter is not installed (pip install -e '.[test]')")
    package_tree(tmp_path)
    result = subprocess.run([str(lint), str(ROOT / "pyproject.toml"), "--no-cache"], cwd=tmp_path,
                            env={**os.environ, "PYTHONPATH": str(tmp_path)}, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]


def _assigned_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(t.id for t in targets if isinstance(t, ast.Name))
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
    return names


#: A concept and the one module allowed to define it.
ONE_PLACE = {
    "PREFIXES": "chaingap.ontology.namespace",
    "to_python": "chaingap.graph.values",
    "to_term": "chaingap.graph.values",
    "canonical_decimal": "chaingap.graph.values",
    "normalise_name": "chaingap.ontology.vocab",
    "STATUSES": "chaingap.ontology.vocab",
    "STAGES": "chaingap.ontology.vocab",
    "SEGMENTS": "chaingap.ontology.vocab",
    "DISTRICT_KINDS": "chaingap.ontology.vocab",
    "STATUS_LABELS": None,
    "STAGE_ZH": None,
    "STAGE_ORDER": None,
}


@pytest.mark.parametrize("name", sorted(ONE_PLACE))
def test_each_conversion_prefix_table_and_label_table_is_defined_once(name):
    owners = sorted(module for module, path in modules().items() if name in _assigned_names(path))
    expected = [ONE_PLACE[name]] if ONE_PLACE[name] else []
    assert owners == expected


def test_no_module_but_the_vocabulary_spells_out_a_status_label():
    """缺链/补链中/长板 … are the vocabulary's words; another module writing them is a second label table."""
    words = ("缺链", "补链中", "长板", "区位商", "区位熵")
    offenders = []
    for module, path in modules().items():
        if module == "chaingap.ontology.vocab":
            continue
        text = path.read_text(encoding="utf-8")
        tree = ast.parse(text)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in words:
                offenders.append(f"{module}: {node.value!r}")
    assert offenders == []
