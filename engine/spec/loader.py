"""Read a spec's YAML with the line and column of every node; splice its `include:` fragments."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any

import yaml

from engine.errors import Path, SourceMap, SpecError, make_error
from engine.spec.model import Mark
from engine.spec.yaml_nodes import MAX_DEPTH, MAX_NODES, PLAIN_TAGS, STR_TAG, parse_yaml, resolved
from engine.spec.yaml_nodes import display_name as display_name
from engine.spec.yaml_nodes import hash_chunk as hash_chunk
from engine.spec.yaml_nodes import mark_of as _mark
from engine.spec.yaml_nodes import source_hash as source_hash

# The project's own exams folder: a spec kept elsewhere (tests/specs/) still finds common/.
PROJECT_EXAMS_DIR = FsPath(__file__).resolve().parents[2] / "exams"
# Mappings whose `include:` names a fragment of pairs that the mapping's own keys may replace.
MAPPING_INCLUDES: tuple[Path, ...] = (("texts",), ("documents",))


@dataclass
class LoadedSpec:
    """A spec's merged data, where each node was written, and the files it was built from."""

    path: FsPath
    display: str
    data: dict[str, Any] | None
    marks: SourceMap
    files: list[FsPath] = field(default_factory=list)
    source_hash: str = ""
    errors: list[SpecError] = field(default_factory=list)


class _Reader:
    """Loads one spec: parses each file once, converts nodes to data while recording marks."""

    def __init__(self, path: FsPath, search: list[FsPath], overrides: dict[FsPath, bytes]):
        self.root = path
        self.overrides = overrides
        self.search = search
        self.marks = SourceMap()
        self.errors: list[SpecError] = []
        self.files: list[FsPath] = []
        self.hasher = hashlib.sha256()
        self._parsed: dict[FsPath, yaml.Node | None] = {}
        self._open: set[int] = set()  # collections being converted (a recursive alias)
        self.count = 0
        self.too_big = False
        self._loader: Any = None

    # ---------------------------------------------------------------- files

    def parse(self, path: FsPath, display: str, where: Mark | None) -> yaml.Node | None:
        if path in self._parsed:
            return self._parsed[path]
        node: yaml.Node | None = None
        try:
            raw = self.overrides[path] if path in self.overrides else path.read_bytes()
        except OSError as exc:
            folder = path.is_dir()
            why = "it is a folder, not a spec file (*.yaml)" if folder else exc.strerror or exc
            self.errors.append(
                make_error(
                    "E008",
                    f"cannot read '{display}': {why}",
                    where or Mark(display, 1, 1),
                    (),
                    hint="Check the file name.",
                )
            )
            self._parsed[path] = None
            return None
        self.files.append(path)
        self.hasher.update(hash_chunk(raw))
        node, loader, error = parse_yaml(raw, display)
        if error is not None:
            self.errors.append(error)
        elif loader is not None:
            self._loader = loader  # constructs the file's non-string scalars later
        self._parsed[path] = node
        return node

    def find_fragment(self, name: str) -> FsPath | None:
        # Only inside the exams folders: a draft checked on the preview page must not be
        # able to pull /etc/passwd or a secret into its error messages.
        for base in self.search:
            candidate = resolved(base / name)
            if candidate is not None and candidate.is_relative_to(base) and candidate.is_file():
                return candidate
        return None

    # ---------------------------------------------------------------- nodes

    def scalar(self, node: yaml.ScalarNode, file: str, path: Path) -> Any:
        if node.tag == STR_TAG:  # most values: skip the constructor's machinery
            return node.value
        try:
            return self._loader.construct_object(node, deep=True)
        except yaml.YAMLError as exc:
            problem = getattr(exc, "problem", None) or str(exc)
            self.errors.append(
                make_error(
                    "E001",
                    f"malformed YAML: {problem}",
                    _mark(file, node),
                    path,
                    hint="Write plain values: no YAML tags (!!…) in a spec.",
                )
            )
            return None

    def convert(self, node: yaml.Node, file: str, path: Path, chain: tuple[FsPath, ...]) -> Any:
        self.marks.values[path] = _mark(file, node)
        self.count += 1
        trouble = (
            "an alias (*name) refers to a node that contains it"
            if id(node) in self._open
            else f"nested more than {MAX_DEPTH} levels deep"
            if len(path) > MAX_DEPTH
            else f"more than {MAX_NODES} values: are aliases (*name) multiplying it?"
            if self.count > MAX_NODES
            else ""
        )
        if trouble:
            if not self.too_big:  # one report is enough: the rest is the same problem
                self.too_big = True
                self.errors.append(
                    make_error(
                        "E001",
                        f"malformed YAML: {trouble}",
                        _mark(file, node),
                        path,
                        hint="Write the spec plainly; share parts with include:, not YAML aliases.",
                    )
                )
            return None
        if node.tag not in PLAIN_TAGS:
            self.errors.append(
                make_error(
                    "E001",
                    f"malformed YAML: the tag '{node.tag}' is not allowed in a spec",
                    _mark(file, node),
                    path,
                    hint="Write plain values: no YAML tags (!!…) in a spec.",
                )
            )
            return None
        if isinstance(node, yaml.MappingNode | yaml.SequenceNode):
            self._open.add(id(node))
            try:
                return self._convert_collection(node, file, path, chain)
            finally:
                self._open.discard(id(node))
        assert isinstance(node, yaml.ScalarNode)
        return self.scalar(node, file, path)

    def _convert_collection(
        self, node: yaml.Node, file: str, path: Path, chain: tuple[FsPath, ...]
    ) -> Any:
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            pairs = node.value
            if path in MAPPING_INCLUDES:
                pairs = self.texts_include(node, file, chain, out, path)
            own: set[str] = set()  # keys of this mapping (a shared text may be replaced)
            for key_node, value_node in pairs:
                key = (
                    self.scalar(key_node, file, path)
                    if isinstance(key_node, yaml.ScalarNode)
                    else None
                )
                if not isinstance(key, str | int | float | bool) or isinstance(key, bool):
                    key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
                if key is None:
                    self.errors.append(
                        make_error(
                            "E001",
                            "malformed YAML: a key must be a plain name",
                            _mark(file, key_node),
                            path,
                            hint="Write keys as plain words.",
                        )
                    )
                    continue
                key = str(key)
                if key in own:
                    first = self.marks.keys[path + (key,)]
                    self.errors.append(
                        make_error(
                            "E007",
                            f"duplicate key '{key}' (first written at line {first.line})",
                            _mark(file, key_node),
                            path + (key,),
                            hint="Keep one of the two: YAML would silently drop the first.",
                        )
                    )
                    continue
                own.add(key)
                self.marks.keys[path + (key,)] = _mark(file, key_node)
                out[key] = self.convert(value_node, file, path + (key,), chain)
            return out
        items: list[Any] = []
        for item in node.value:
            if _is_include(item):
                self.include(item, file, path, chain, items)
            else:
                items.append(self.convert(item, file, path + (len(items),), chain))
        return items

    def include(
        self,
        item: yaml.MappingNode,
        file: str,
        path: Path,
        chain: tuple[FsPath, ...],
        items: list[Any],
    ) -> None:
        """Splice a fragment's item(s) into `items`, marked with the fragment's own file."""
        where = _mark(file, item)
        at = path + (len(items),)
        keys = [k.value for k, _ in item.value]
        value = item.value[keys.index("include")][1]
        if len(keys) != 1 or not isinstance(value, yaml.ScalarNode) or not value.value:
            extra = [k for k in keys if k != "include"]
            msg = (
                f"an include item holds only 'include:', not {', '.join(map(repr, extra))}"
                if extra
                else "'include:' names a file, e.g. include: common/identification.yaml"
            )
            self.errors.append(
                make_error(
                    "E009", msg, where, at, hint="Put other keys in the fragment file itself."
                )
            )
            return
        found = self.fragment(value, file, at, chain)
        if found is None:
            return
        node, shown, target = found
        if isinstance(node, yaml.SequenceNode):
            for sub in node.value:
                if _is_include(sub):
                    self.include(sub, shown, path, (*chain, target), items)
                else:
                    items.append(self.convert(sub, shown, path + (len(items),), (*chain, target)))
        elif isinstance(node, yaml.MappingNode):
            items.append(self.convert(node, shown, at, (*chain, target)))
        else:
            self.errors.append(
                make_error(
                    "E006",
                    f"the fragment '{value.value}' must hold a mapping or a list of items",
                    _mark(shown, node),
                    at,
                    hint="Write one item, or a list of items, in the fragment.",
                )
            )

    def texts_include(
        self, node: yaml.MappingNode, file: str, chain: tuple[FsPath, ...], out: dict[str, Any],
        where: Path = ("texts",),
    ) -> list[tuple[yaml.Node, yaml.Node]]:
        """`texts: {include: common/texts.yaml, …}` (or `documents:`): the fragment's pairs
        go into `out` first; the other pairs, returned, add to them or replace them."""
        pairs: list[tuple[yaml.Node, yaml.Node]] = []
        value: yaml.Node | None = None
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == "include":
                value = v
            else:
                pairs.append((k, v))
        if value is None:
            return pairs
        at: Path = (*where, "include")
        if not isinstance(value, yaml.ScalarNode) or not value.value:
            self.errors.append(make_error(
                "E009", "'include:' names a file, e.g. include: common/texts.yaml",
                _mark(file, value), at, hint="Name one fragment file of exams/common/."))
            return pairs
        found = self.fragment(value, file, at, chain)
        if found is None:
            return pairs
        fragment, shown, target = found
        if not isinstance(fragment, yaml.MappingNode):
            self.errors.append(make_error(
                "E006", f"the fragment '{value.value}' included in {where[0]} must hold a "
                f"mapping of {where[0]}", _mark(shown, fragment), at,
                hint="Write key: text lines in the fragment, as under texts:."))
            return pairs
        shared = self.convert(fragment, shown, where, (*chain, target))
        if isinstance(shared, dict):
            out.update(shared)
        self.marks.values[where] = _mark(file, node)
        return pairs

    def fragment(
        self, value: yaml.ScalarNode, file: str, at: Path, chain: tuple[FsPath, ...]
    ) -> tuple[yaml.Node, str, FsPath] | None:
        """The parsed fragment `value` names, its name as shown and its path; None after
        reporting it missing (E004), in a cycle (E005) or unreadable."""
        name = str(value.value)
        target = self.find_fragment(name)
        names = " → ".join(display_name(p) for p in chain)
        if target is None:
            self.errors.append(
                make_error(
                    "E004",
                    f"included file '{name}' not found in the exams folder (in {names})",
                    _mark(file, value),
                    at,
                    hint=f"Fragments live in {self.search[0].name}/common/; check the name.",
                )
            )
            return None
        if target in chain:
            loop = " → ".join(display_name(p) for p in (*chain, target))
            self.errors.append(
                make_error(
                    "E005",
                    f"include cycle: {loop}",
                    _mark(file, value),
                    at,
                    hint="A fragment must not include itself, directly or through another one.",
                )
            )
            return None
        shown = display_name(target)
        node = self.parse(target, shown, _mark(file, value))
        return None if node is None else (node, shown, target)


def _is_include(node: yaml.Node) -> bool:
    return isinstance(node, yaml.MappingNode) and any(
        isinstance(k, yaml.ScalarNode) and k.value == "include" for k, _ in node.value
    )


def load_spec(
    path: str | FsPath, search: list[FsPath] | None = None, text: bytes | None = None
) -> LoadedSpec:
    """Read a spec and its fragments; every problem becomes a SpecError, never an exception.

    With `text`, the spec's bytes are those (an unsaved draft) and `path` only names it and
    locates its fragments."""
    # A loop of symbolic links stays unresolved: reading it then fails as E008.
    fs_path = resolved(FsPath(path)) or FsPath(path).absolute()
    shown = display_name(FsPath(path)) if not FsPath(path).is_absolute() else display_name(fs_path)
    dirs = search or [fs_path.parent, PROJECT_EXAMS_DIR]
    dirs = list(dict.fromkeys(resolved(d) or d.absolute() for d in dirs))
    reader = _Reader(fs_path, dirs, {fs_path: text} if text is not None else {})
    reader.marks.default = Mark(shown, 1, 1)
    node = reader.parse(fs_path, shown, None)
    data: dict[str, Any] | None = None
    if node is not None and not reader.errors:
        if not isinstance(node, yaml.MappingNode):
            reader.errors.append(
                make_error(
                    "E006",
                    "a spec must be a mapping of keys (language:, exam:, tabs: …)",
                    _mark(shown, node),
                    (),
                    hint="Start the file with `language: 1` and `exam:`.",
                )
            )
        else:
            data = reader.convert(node, shown, (), (fs_path,))
    elif node is None and not reader.errors:
        reader.errors.append(
            make_error(
                "E006",
                "the spec is empty",
                Mark(shown, 1, 1),
                (),
                hint="Start the file with `language: 1` and `exam:`.",
            )
        )
    return LoadedSpec(
        path=fs_path,
        display=shown,
        data=data,
        marks=reader.marks,
        files=reader.files,
        source_hash=reader.hasher.hexdigest(),
        errors=reader.errors,
    )
