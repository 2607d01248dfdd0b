"""A tiny YAML loader with line/column marks for the condition tests, and tests of it."""

from __future__ import annotations

import yaml

from engine.errors import Path, SourceMap
from engine.spec.model import Mark


def load_with_marks(text: str, file: str = "t.yaml") -> tuple[object, SourceMap]:
    """Load `text` with yaml.SafeLoader and record where each key and value was written."""
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    finally:
        loader.dispose()
    marks = SourceMap(default=Mark(file, 1, 1))

    def mark(node: yaml.Node) -> Mark:
        return Mark(file, node.start_mark.line + 1, node.start_mark.column + 1)

    def walk(node: yaml.Node, path: Path) -> None:
        marks.values[path] = mark(node)
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                sub = (*path, str(key_node.value))
                marks.keys[sub] = mark(key_node)
                walk(value_node, sub)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, (*path, i))

    if root is not None:
        walk(root, ())
    return data, marks


def test_the_marks_loader_records_keys_and_values_by_path() -> None:
    data, marks = load_with_marks("c:\n  all:\n    - {field: a, equals: x}\n")
    assert data == {"c": {"all": [{"field": "a", "equals": "x"}]}}
    assert marks.key(("c", "all")) == Mark("t.yaml", 2, 3)
    assert marks.value(("c", "all", 0)) == Mark("t.yaml", 3, 7)
    assert marks.key(("c", "all", 0, "equals")) == Mark("t.yaml", 3, 18)
    assert marks.value(("c", "all", 0, "equals")) == Mark("t.yaml", 3, 26)
