"""YAML as a dataset's settings need it: a key written twice is an error, not "the last wins".

PyYAML keeps the last value of a repeated key without a word, so ``id:`` written twice in
``dataset.yaml`` silently loads another dataset. :func:`load_yaml` composes the document,
looks at every mapping for repeated keys (naming the key's path and both lines), and only
then constructs it with the given loader.
"""

from __future__ import annotations

import yaml

__all__ = ["DuplicateKeyError", "load_yaml"]


class DuplicateKeyError(ValueError):
    """``path`` (``currency.rates.USD``) is written at ``line`` and again at ``again`` (1-based lines)."""

    def __init__(self, path: str, line: int, again: int):
        super().__init__(f"key {path!r} written twice (lines {line} and {again})")
        self.path, self.line, self.again = path, line, again


def _key_text(node: yaml.Node) -> str:
    return str(node.value) if isinstance(node, yaml.ScalarNode) else f"<{node.tag}>"


def _check(node: yaml.Node, path: str, seen_nodes: set[int]) -> None:
    if id(node) in seen_nodes:  # an alias: checked where it was anchored
        return
    seen_nodes.add(id(node))
    if isinstance(node, yaml.MappingNode):
        first: dict[tuple[str, str], int] = {}
        for key, value in node.value:
            if key.tag == "tag:yaml.org,2002:merge":
                continue
            text = _key_text(key)
            here = f"{path}.{text}" if path else text
            identity = (key.tag, text)
            if identity in first:
                raise DuplicateKeyError(here, first[identity], key.start_mark.line + 1)
            first[identity] = key.start_mark.line + 1
            _check(value, here, seen_nodes)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _check(item, f"{path}[{index}]", seen_nodes)


def load_yaml(text: str, loader: type[yaml.SafeLoader] = yaml.SafeLoader) -> object:
    """The document in ``text`` (None when empty); raises :class:`DuplicateKeyError` or ``yaml.YAMLError``."""
    instance = loader(text)
    try:
        node = instance.get_single_node()
        if node is None:
            return None
        _check(node, "", set())
        return instance.construct_document(node)
    finally:
        instance.dispose()
