"""Validating JSON against schemas written in the OpenAPI 3.0 dialect (the official request schemas,
the control API's bodies, the snapshot): the same schema documents a body and checks it.

OpenAPI 3.0 says ``nullable: true`` where JSON Schema says ``"type": [T, "null"]``; schemas are
converted once, then validated with jsonschema's Draft 4 validator (the dialect OpenAPI 3.0 builds
on), with the numeric formats of the spec enforced: ``int32`` and ``int64`` ranges.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from .problems import path_text

INT64 = 2**63


def closed_object(properties: dict[str, Any], required=(), **more: Any) -> dict[str, Any]:
    """An object schema that admits only ``properties`` (the shape files and snapshots must have)."""
    schema: dict[str, Any] = {"type": "object", "additionalProperties": False, "properties": properties}
    if required:
        schema["required"] = list(required)
    schema.update(more)
    return schema


def to_json_schema(schema: Any) -> Any:
    """A copy where ``nullable: true`` admits null (and ``$ref``s into components stay as they are)."""
    if isinstance(schema, list):
        return [to_json_schema(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    converted = {key: to_json_schema(value) for key, value in schema.items() if key != "nullable"}
    if schema.get("nullable"):
        kind = converted.get("type")
        if isinstance(kind, str):
            converted["type"] = [kind, "null"]
        if "enum" in converted and None not in converted["enum"]:
            converted["enum"] = list(converted["enum"]) + [None]
    return converted


def _int_in(low: int, high: int):
    return lambda value: isinstance(value, bool) or not isinstance(value, int) or low <= value <= high


@lru_cache(maxsize=256)
def _validator(key: tuple[str, int]):
    import jsonschema  # loaded on the first body to check: it costs a third of the start-up time

    schema = _REGISTERED[key]
    formats = jsonschema.FormatChecker(())  # only the numeric formats: the spec's others are documentation
    formats.checks("int32")(_int_in(-2**31, 2**31 - 1))
    formats.checks("int64")(_int_in(-INT64, INT64 - 1))
    return jsonschema.Draft4Validator(to_json_schema(schema), format_checker=formats)


_REGISTERED: dict[tuple[str, int], Any] = {}


def first_error(name: str, schema: dict[str, Any], document: Any) -> str | None:
    """``where: why`` of the first problem (in document order), or None when ``document`` fits.
    ``name`` identifies the schema for the cache of compiled validators."""
    key = (name, id(schema))
    _REGISTERED.setdefault(key, schema)
    errors = sorted(_validator(key).iter_errors(document), key=lambda e: [str(p) for p in e.absolute_path])
    if not errors:
        return None
    first = errors[0]
    where = path_text(tuple(first.absolute_path))
    return f"{where + ': ' if where else ''}{first.message[:300]}"
