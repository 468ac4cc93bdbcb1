"""Checks parsed data against a JSON Schema, reporting every problem in words a person can act on.

It reads the subset of draft-07 that scenario_schema.py writes: $ref, type, enum, const, anyOf
(whose branches differ by JSON type), properties, required, additionalProperties, propertyNames,
items, minItems, minLength, pattern, minimum, exclusiveMinimum, maximum. `title` is the words used
for a value that does not fit. The same schema is what editors use (docs/scenario-schema.json), so
what an editor marks and what the loader refuses cannot drift apart. A keyword outside the subset
is an error of the schema itself, caught by the tests.
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

from .problems import PathKey

ANNOTATIONS = {"title", "description", "examples", "default", "$schema", "$id", "definitions", "markdownDescription"}
KEYWORDS = {"$ref", "type", "enum", "const", "anyOf", "properties", "required", "additionalProperties",
            "propertyNames", "items", "minItems", "minLength", "pattern", "minimum", "exclusiveMinimum", "maximum"}
_TYPE_WORDS = {"object": "a mapping", "array": "a list", "string": "a string", "integer": "a whole number",
               "number": "a number", "boolean": "a boolean", "null": "empty"}


class Finding(NamedTuple):
    path: PathKey
    reason: str
    at_key: bool = False  # about a mapping key (reported where the key is written)


def suggestion(value: Any, candidates: Iterable[str]) -> str:
    """` (did you mean 'x'?)` when a candidate is close, else nothing."""
    if not isinstance(value, str):
        return ""
    close = difflib.get_close_matches(value, list(candidates), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a decimal number"
    return {dict: "a mapping", list: "a list", str: "a string", type(None): "empty"}.get(type(value), "a value")


def shown(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "null" if value is None else repr(value)


def json_type_fits(value: Any, name: str) -> bool:
    if name == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if name == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return isinstance(value, {"object": dict, "array": list, "string": str, "boolean": bool,
                              "null": type(None)}[name])


class SchemaChecker:
    def __init__(self, root: dict[str, Any]):
        self.root = root

    def resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in schema:
            ref = schema["$ref"]
            if not ref.startswith("#/definitions/"):
                raise ValueError(f"unsupported $ref {ref!r}")
            schema = self.root["definitions"][ref[len("#/definitions/"):]]
        return schema

    def describe(self, schema: dict[str, Any]) -> str:
        schema = self.resolve(schema)
        if "title" in schema:
            return schema["title"]
        if "const" in schema:
            return shown(schema["const"])
        if "enum" in schema:
            return "one of " + ", ".join(shown(v) for v in schema["enum"])
        if "anyOf" in schema:
            return " or ".join(self.describe(branch) for branch in schema["anyOf"])
        types = schema.get("type")
        types = [types] if isinstance(types, str) else list(types or [])
        return " or ".join(_TYPE_WORDS[t] for t in types) or "a value"

    def types(self, schema: dict[str, Any]) -> list[str]:
        """The JSON types a schema admits (from `type`, or from its const / enum values)."""
        schema = self.resolve(schema)
        if "type" in schema:
            return [schema["type"]] if isinstance(schema["type"], str) else list(schema["type"])
        values = [schema["const"]] if "const" in schema else list(schema.get("enum", []))
        if "anyOf" in schema:
            return [t for branch in schema["anyOf"] for t in self.types(branch)]
        found = []
        for value in values:
            found += [t for t in ("null", "boolean", "integer", "number", "string", "array", "object")
                      if json_type_fits(value, t) and t not in found]
        return found

    def check(self, value: Any, schema: dict[str, Any], path: PathKey = ()) -> list[Finding]:
        return list(self._check(value, schema, path))

    def _check(self, value: Any, schema: dict[str, Any], path: PathKey) -> Iterator[Finding]:
        schema = self.resolve(schema)
        unknown = set(schema) - KEYWORDS - ANNOTATIONS
        if unknown:
            raise ValueError(f"schema keyword(s) not supported by schema_check: {sorted(unknown)}")
        if "anyOf" in schema:
            yield from self._any_of(value, schema, path)
            return
        if "type" in schema and not any(json_type_fits(value, t) for t in self.types(schema)):
            extra = "" if isinstance(value, (dict, list)) or value is None else f" ({shown(value)})"
            yield Finding(path, f"must be {self.describe(schema)}, not {kind_of(value)}{extra}")
            return
        for word in ("const", "enum"):
            allowed = [schema[word]] if word == "const" and word in schema else schema.get(word)
            if allowed is not None and value not in allowed:
                yield Finding(path, f"{shown(value)} is not {self.describe(schema)}"
                                    f"{suggestion(value, [a for a in allowed if isinstance(a, str)])}")
                return
        if isinstance(value, str):
            yield from self._string(value, schema, path)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            yield from self._number(value, schema, path)
        elif isinstance(value, list):
            yield from self._array(value, schema, path)
        elif isinstance(value, dict):
            yield from self._object(value, schema, path)

    def _any_of(self, value: Any, schema: dict[str, Any], path: PathKey) -> Iterator[Finding]:
        fitting = [b for b in schema["anyOf"] if any(json_type_fits(value, t) for t in self.types(b))]
        if not fitting:
            extra = "" if isinstance(value, (dict, list)) or value is None else f" ({shown(value)})"
            yield Finding(path, f"must be {self.describe(schema)}, not {kind_of(value)}{extra}")
            return
        branch = self.resolve(fitting[0])
        findings = list(self._check(value, branch, path))
        scalar_choice = "const" in branch or "enum" in branch
        if findings and scalar_choice and "title" in schema:  # say what else it could have been
            allowed = [branch["const"]] if "const" in branch else branch["enum"]
            yield Finding(path, f"{shown(value)} is not {schema['title']}"
                                f"{suggestion(value, [a for a in allowed if isinstance(a, str)])}")
            return
        yield from findings

    def _string(self, value: str, schema: dict[str, Any], path: PathKey) -> Iterator[Finding]:
        if len(value) < schema.get("minLength", 0):
            yield Finding(path, "must not be empty")
        elif "pattern" in schema and not re.search(schema["pattern"], value):
            yield Finding(path, f"{shown(value)} is not {self.describe(schema)}")

    def _number(self, value: float, schema: dict[str, Any], path: PathKey) -> Iterator[Finding]:
        low, low_open, high = schema.get("minimum"), schema.get("exclusiveMinimum"), schema.get("maximum")
        if (low is not None and value < low) or (low_open is not None and value <= low_open) \
                or (high is not None and value > high):
            bounds = [f"greater than {low_open:g}" if low_open is not None else None,
                      f"at least {low:g}" if low is not None else None,
                      f"at most {high:g}" if high is not None else None]
            yield Finding(path, f"must be {' and '.join(b for b in bounds if b)} (got {shown(value)})")

    def _array(self, value: list[Any], schema: dict[str, Any], path: PathKey) -> Iterator[Finding]:
        if len(value) < schema.get("minItems", 0):
            yield Finding(path, f"must be {self.describe(schema)}")
            return
        if "items" in schema:
            for index, item in enumerate(value):
                yield from self._check(item, schema["items"], path + (index,))

    def _object(self, value: dict[str, Any], schema: dict[str, Any], path: PathKey) -> Iterator[Finding]:
        properties: dict[str, Any] = schema.get("properties", {})
        extra = schema.get("additionalProperties", True)
        names = schema.get("propertyNames")
        for key, item in value.items():
            if names is not None:
                bad = list(self._check(key, names, path + (key,)))
                if bad:
                    yield Finding(path + (key,), bad[0].reason, at_key=True)
                    continue
            if key in properties:
                yield from self._check(item, properties[key], path + (key,))
            elif extra is False:
                yield Finding(path + (key,), f"unknown key {key!r}{suggestion(key, properties)}; allowed: "
                                             f"{', '.join(sorted(properties))}", at_key=True)
            elif isinstance(extra, dict):
                yield from self._check(item, extra, path + (key,))
        for key in schema.get("required", ()):
            if key not in value:
                yield Finding(path, f"missing required key {key!r}")
