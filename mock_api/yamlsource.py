"""YAML (or JSON) text → plain JSON data, remembering where each value stands in the file.

Only PyYAML's safe loader is used, so a tag such as ``!!python/object`` is refused, never run. What
comes out is JSON and nothing else: string keys; strings, finite numbers, booleans and null; lists and
mappings nested at most MAX_DEPTH deep. YAML's extras that JSON cannot carry (dates, ``!!binary``,
sets, ``.nan``) are refused where they stand, so a loaded document can always be served back as JSON.
Every refusal is a :class:`SourceError` naming the file, line and column.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .problems import PathKey, Problem, SourceError, path_text


class _OnFirstUse:
    """PyYAML, imported the first time one of its names is read: `mock-api serve` with a built-in
    profile parses no YAML before its first task, and importing PyYAML is 12 ms of its start-up
    (docs/performance.md). The import system's lock makes the first import safe across threads."""

    def __getattr__(self, name: str) -> Any:
        import yaml as module

        return getattr(module, name)


yaml: Any = _OnFirstUse()

MAX_SOURCE_BYTES = 1 << 20  # a scenario file is small; a 1 MiB one is a mistake or an attack
MAX_NODES = 50_000  # bounds alias expansion ("billion laughs")
MAX_TEXT = 4 << 20  # characters of keys and strings once aliases are expanded: what a listing serves back
MAX_DEPTH = 64  # nesting of lists and mappings; deeper is refused before anything recurses
MAX_INT = 2**63 - 1  # whole numbers must fit in 64 bits, as every JSON client decodes them
_TAG = "tag:yaml.org,2002:"
_JSON_SCALARS = {_TAG + name for name in ("str", "int", "float", "bool", "null")}
_NOT_JSON = {
    _TAG + "timestamp": "an unquoted date or time is not a JSON value; quote it",
    _TAG + "binary": "binary data (!!binary) is not a JSON value",
    _TAG + "set": "a set (!!set) is not a JSON value; write a list",
    _TAG + "omap": "an ordered map (!!omap) is not a JSON value; write a mapping",
    _TAG + "pairs": "pairs (!!pairs) are not a JSON value; write a mapping",
}
_SURROGATE = re.compile("[\ud800-\udfff]")
# A JSON escape pair such as \ud83d\ude00 (how json.dumps writes an emoji); YAML reads each half alone.
_ESCAPED_PAIR = re.compile(r"(?<!\\)((?:\\\\)*)\\u(d[89ab][0-9a-f]{2})\\u(d[c-f][0-9a-f]{2})", re.IGNORECASE)


@dataclass
class Located:
    """Parsed data plus the (line, column) of every value, and of every mapping key, by path."""

    source: str
    data: Any
    marks: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[PathKey, tuple[int, int]] = field(default_factory=dict)

    def problem(self, path: PathKey, reason: str, at_key: bool = False) -> Problem:
        """Report at the value (or at its key when ``at_key``), else at the closest located
        ancestor (a missing key is reported at its mapping)."""
        if at_key and path in self.key_marks:
            line, column = self.key_marks[path]
            return Problem(self.source, line, column, path_text(path), reason)
        for cut in range(len(path), -1, -1):
            if path[:cut] in self.marks:
                line, column = self.marks[path[:cut]]
                return Problem(self.source, line, column, path_text(path), reason)
        return Problem(self.source, 1, 1, path_text(path), reason)


@lru_cache(maxsize=None)
def _composer() -> Any:
    """libyaml's parser when PyYAML has it (10x faster); both are safe loaders and keep marks."""
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _problem_from_yaml_error(source: str, error: yaml.YAMLError) -> Problem:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    reason = " ".join(str(part) for part in (getattr(error, "context", None), getattr(error, "problem", None)) if part)
    if "could not determine a constructor" in reason:
        reason = f"tag not allowed ({reason}); scenarios are data, nothing in them is executed"
    return Problem(source, line, column, "", reason or str(error))


def _decode(text: str | bytes, source: str) -> str:
    if isinstance(text, bytes):
        if len(text) > MAX_SOURCE_BYTES:
            raise SourceError([Problem(source, 1, 1, "", f"file is larger than {MAX_SOURCE_BYTES} bytes")])
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as error:
            raise SourceError([Problem(source, 1, 1, "", f"not UTF-8 text ({error.reason})")]) from None
    if len(text) > MAX_SOURCE_BYTES:
        raise SourceError([Problem(source, 1, 1, "", f"file is larger than {MAX_SOURCE_BYTES} bytes")])
    return text


def _join_escaped_pairs(text: str) -> str:
    """JSON writes a character beyond U+FFFF as two escaped surrogates, which YAML refuses one by
    one; in a JSON document (where escapes only occur in strings) each pair becomes YAML's own
    \\UXXXXXXXX escape of the same character."""
    if "\\u" not in text or not _ESCAPED_PAIR.search(text):
        return text
    try:
        json.loads(text)
    except (ValueError, RecursionError):
        return text  # YAML, not JSON: written as it is (a lone surrogate is refused with its place)

    def joined(match: re.Match[str]) -> str:
        high, low = int(match.group(2), 16), int(match.group(3), 16)
        return f"{match.group(1)}\\U{0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00):08X}"
    return _ESCAPED_PAIR.sub(joined, text)


def _check_nesting(text: str, source: str) -> None:
    """Refuse syntax errors and nesting deeper than MAX_DEPTH from the event stream, which both of
    PyYAML's parsers produce without recursion (composing a 3,000-deep document would recurse)."""
    for loader in (_composer(), yaml.SafeLoader):  # the pure-Python parser words its errors better
        depth = 0
        try:
            for event in yaml.parse(text, Loader=loader):
                if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                    depth += 1
                    if depth > MAX_DEPTH:
                        mark = event.start_mark
                        raise SourceError([Problem(source, mark.line + 1, mark.column + 1, "",
                                                   f"nested deeper than {MAX_DEPTH} levels")])
                elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                    depth -= 1
            return
        except yaml.YAMLError as error:
            if loader is yaml.SafeLoader:
                raise SourceError([_problem_from_yaml_error(source, error)]) from None


def parse(text: str | bytes, source: str) -> Located:
    """Parse one YAML/JSON document into JSON data. Raises SourceError."""
    text = _join_escaped_pairs(_decode(text, source))
    _check_nesting(text, source)
    try:
        node = yaml.compose(text, Loader=_composer())
    except yaml.YAMLError as error:
        raise SourceError([_problem_from_yaml_error(source, error)]) from None
    if node is None:
        raise SourceError([Problem(source, 1, 1, "", "file is empty")])
    builder = _Builder(Located(source, None))
    try:
        builder.located.data = builder.build(node, (), 1, frozenset())
    except yaml.YAMLError as error:
        raise SourceError([_problem_from_yaml_error(source, error)]) from None
    except _TooLarge as error:
        raise SourceError([Problem(source, 1, 1, "", str(error))]) from None
    if builder.problems:
        raise SourceError(builder.problems)
    return builder.located


class _TooLarge(Exception):
    pass


# A node's kind by its `id` ("scalar", "sequence", "mapping"), not its class: a test runner that
# empties sys.modules between runs (pytester) gets a second PyYAML module, whose node classes are not
# those libyaml's parser, imported once per process, still makes.
_PLAIN_TAGS = {"mapping": _TAG + "map", "sequence": _TAG + "seq"}


class _Builder:
    """Node tree → JSON data, with marks; every problem is collected, not only the first."""

    def __init__(self, located: Located):
        self.located = located
        self.problems: list[Problem] = []
        self.constructor = yaml.SafeLoader("")
        self.nodes = 0
        self.text = 0

    def refuse(self, node: yaml.Node, path: PathKey, reason: str) -> None:
        mark = node.start_mark
        self.problems.append(Problem(self.located.source, mark.line + 1, mark.column + 1, path_text(path), reason))

    def count(self, characters: int) -> None:
        self.nodes += 1
        self.text += characters
        if self.nodes > MAX_NODES:
            raise _TooLarge(f"document expands to more than {MAX_NODES} values")
        if self.text > MAX_TEXT:
            raise _TooLarge(f"document expands to more than {MAX_TEXT} characters of text")

    def build(self, node: yaml.Node, path: PathKey, depth: int, stack: frozenset) -> Any:
        self.count(len(node.value) if node.id == "scalar" else 0)
        self.located.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if id(node) in stack:
            self.refuse(node, path, "recursive alias (a value contains itself)")
            return None
        if node.id == "scalar":
            return self.scalar(node, path)
        if depth > MAX_DEPTH:  # the text is shallow enough, but aliases nest it deeper
            self.refuse(node, path, f"nested deeper than {MAX_DEPTH} levels (through aliases)")
            return None
        if node.tag != _PLAIN_TAGS[node.id]:
            self.refuse(node, path, _NOT_JSON.get(node.tag, f"tag {node.tag!r} not allowed; scenarios are data, "
                                                           "nothing in them is executed"))
            return None
        stack = stack | {id(node)}
        if node.id == "sequence":
            return [self.build(item, path + (index,), depth + 1, stack) for index, item in enumerate(node.value)]
        self.constructor.flatten_mapping(node)  # resolves `<<` merge keys
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self.key(key_node, path)
            if key is None:
                continue
            self.located.key_marks[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key in result:
                self.refuse(key_node, path + (key,), "duplicate key")
                continue
            result[key] = self.build(value_node, path + (key,), depth + 1, stack)
        return result

    def key(self, node: yaml.Node, path: PathKey) -> Any:
        """A key is its text as written (JSON keys are strings: `on:` stays "on", `200:` is "200")."""
        if node.id != "scalar" or node.tag not in _JSON_SCALARS:
            self.refuse(node, path, "keys must be plain strings")
            return None
        self.count(len(node.value))
        if _SURROGATE.search(node.value):
            self.refuse(node, path, "a key holds a lone surrogate (not valid Unicode)")
            return None
        return node.value

    def scalar(self, node: yaml.ScalarNode, path: PathKey) -> Any:
        if node.tag not in _JSON_SCALARS:
            self.refuse(node, path, _NOT_JSON.get(node.tag, f"tag {node.tag!r} not allowed; scenarios are data, "
                                                           "nothing in them is executed"))
            return None
        if node.tag == _TAG + "int" and len(node.value) > 40:  # Python refuses to read very long ints
            self.refuse(node, path, f"whole number out of range (at most {MAX_INT} in size)")
            return None
        try:
            value = self.constructor.construct_object(node, deep=True)
        except ValueError as error:
            self.refuse(node, path, f"not a valid number ({error})")
            return None
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INT:
            self.refuse(node, path, f"whole number out of range (at most {MAX_INT} in size)")
            return None
        if isinstance(value, float) and not math.isfinite(value):
            self.refuse(node, path, f"not a finite number ({node.value}); JSON has no NaN or Infinity")
            return None
        if isinstance(value, str) and _SURROGATE.search(value):
            self.refuse(node, path, "a string holds a lone surrogate (not valid Unicode)")
            return None
        return value
