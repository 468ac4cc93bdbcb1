"""Building blocks of mock_api's OpenAPI document, shared by openapi.py and openapi_sync.py."""
from __future__ import annotations

from typing import Any

REF = "#/components/schemas/"
STRING, INTEGER, NUMBER, BOOLEAN = ({"type": t} for t in ("string", "integer", "number", "boolean"))
STRINGS = {"type": "array", "items": STRING}
ID = {"type": "integer", "minimum": 1}
TIMESTAMP = {"type": "string", "pattern": r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$"}
SECONDS_TIME = {"type": "string", "pattern": r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$"}  # resource timestamps


def ref(name: str) -> dict[str, str]:
    return {"$ref": REF + name}


def obj(properties: dict[str, Any], required=(), additional: bool = True) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        schema["required"] = list(required)
    if not additional:
        schema["additionalProperties"] = False
    return schema


def array(items: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": items}


HAL_LINK = obj({"href": STRING, "title": STRING, "type": {"enum": ["GET"]}}, ["href", "type"], additional=False)
V1_LINK = obj({"rel": STRING, "type": {"enum": ["GET"]}, "href": STRING}, ["rel", "type", "href"], additional=False)
LINKS = {"_links": {"type": "object", "additionalProperties": HAL_LINK}, "links": array(V1_LINK)}
ONE_LINK_FORM = {"oneOf": [{"required": ["_links"]}, {"required": ["links"]}]}


def linked(properties: dict[str, Any], required=()) -> dict[str, Any]:
    """An answer carrying the self link of its link profile (`links` array or `_links` object)."""
    return {**obj({**properties, **LINKS}, required), **ONE_LINK_FORM}
