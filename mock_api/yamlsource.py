"""YAML (or JSON) text → plain data, remembering where each value stands in the file.

Only PyYAML's safe loader is used, so a tag such as ``!!python/object`` is refused, never run.
Every refusal is a :class:`SourceError` naming the file, line and column.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Tuple, Union

import yaml

PathKey = Tuple[Union[str, int], ...]
MAX_SOURCE_BYTES = 1 << 20  # a scenario file is small; a 1 MiB one is a mistake or an attack
MAX_NODES = 50_000  # bounds alias expansion ("billion laughs")
# libyaml's parser when PyYAML has it (10x faster); both are safe loaders and keep marks.
COMPOSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Problem:
    source: str
    line: int
    column: int
    where: str  # dotted path in the document, e.g. scenarios[0].steps[1].polls
    reason: str

    def __str__(self) -> str:
        where = f" {self.where}:" if self.where else ""
        return f"{self.source}:{self.line}:{self.column}:{where} {self.reason}"


class SourceError(Exception):
    """One or more problems in scenario sources; nothing from them was loaded."""

    def __init__(self, problems: List[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def path_text(path: PathKey) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


@dataclass
class Located:
    """Parsed data plus the (line, column) of every value, keyed by its path."""

    source: str
    data: Any
    marks: Dict[PathKey, Tuple[int, int]] = field(default_factory=dict)

    def problem(self, path: PathKey, reason: str) -> Problem:
        # Report at the closest located ancestor (a missing key is reported at its mapping).
        for cut in range(len(path), -1, -1):
            if path[:cut] in self.marks:
                line, column = self.marks[path[:cut]]
                return Problem(self.source, line, column, path_text(path), reason)
        return Problem(self.source, 1, 1, path_text(path), reason)


def _problem_from_yaml_error(source: str, error: yaml.YAMLError) -> Problem:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    reason = " ".join(str(part) for part in (getattr(error, "context", None), getattr(error, "problem", None)) if part)
    if "could not determine a constructor" in reason:
        reason = f"tag not allowed ({reason}); scenarios are data, nothing in them is executed"
    return Problem(source, line, column, "", reason or str(error))


def parse(text: Union[str, bytes], source: str) -> Located:
    """Parse one YAML/JSON document. Raises SourceError."""
    if isinstance(text, bytes):
        if len(text) > MAX_SOURCE_BYTES:
            raise SourceError([Problem(source, 1, 1, "", f"file is larger than {MAX_SOURCE_BYTES} bytes")])
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as error:
            raise SourceError([Problem(source, 1, 1, "", f"not UTF-8 text ({error.reason})")]) from None
    if len(text) > MAX_SOURCE_BYTES:
        raise SourceError([Problem(source, 1, 1, "", f"file is larger than {MAX_SOURCE_BYTES} bytes")])
    try:
        node = yaml.compose(text, Loader=COMPOSER)
    except yaml.YAMLError:
        try:  # the pure-Python parser words its errors better (it names the offending character)
            node = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError as error:
            raise SourceError([_problem_from_yaml_error(source, error)]) from None
    if node is None:
        raise SourceError([Problem(source, 1, 1, "", "file is empty")])
    located = Located(source, None)
    problems: List[Problem] = []
    counter = [0]
    constructor = yaml.SafeLoader("")
    try:
        located.data = _build(node, (), located, problems, constructor, counter)
    except yaml.YAMLError as error:
        raise SourceError([_problem_from_yaml_error(source, error)]) from None
    except _TooLarge:
        raise SourceError([Problem(source, 1, 1, "", f"document expands to more than {MAX_NODES} values")]) from None
    if problems:
        raise SourceError(problems)
    return located


class _TooLarge(Exception):
    pass


_PLAIN_TAGS = {yaml.MappingNode: "tag:yaml.org,2002:map", yaml.SequenceNode: "tag:yaml.org,2002:seq"}


def _build(node: yaml.Node, path: PathKey, located: Located, problems: List[Problem],
           constructor: yaml.SafeLoader, counter: List[int], stack: frozenset = frozenset()) -> Any:
    counter[0] += 1
    if counter[0] > MAX_NODES:
        raise _TooLarge()
    line, column = node.start_mark.line + 1, node.start_mark.column + 1
    located.marks[path] = (line, column)
    if id(node) in stack:
        problems.append(Problem(located.source, line, column, path_text(path), "recursive alias (a value contains itself)"))
        return None
    stack = stack | {id(node)}
    expected_tag = _PLAIN_TAGS.get(type(node))
    if expected_tag and node.tag != expected_tag:
        problems.append(Problem(located.source, line, column, path_text(path),
                                f"tag {node.tag!r} not allowed; scenarios are data, nothing in them is executed"))
        return None
    if isinstance(node, yaml.MappingNode):
        constructor.flatten_mapping(node)  # resolves `<<` merge keys
        result: Dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = constructor.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int, float, bool)) or key is None:
                problems.append(Problem(located.source, key_node.start_mark.line + 1,
                                        key_node.start_mark.column + 1, path_text(path), "keys must be plain strings"))
                continue
            if key in result:
                problems.append(Problem(located.source, key_node.start_mark.line + 1,
                                        key_node.start_mark.column + 1, path_text(path + (str(key),)),
                                        "duplicate key"))
                continue
            result[key] = _build(value_node, path + (str(key),), located, problems, constructor, counter, stack)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, path + (index,), located, problems, constructor, counter, stack)
                for index, item in enumerate(node.value)]
    return constructor.construct_object(node, deep=True)
