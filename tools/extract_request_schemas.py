"""Copy the request-body schemas the emulator validates from the official Redis Cloud OpenAPI spec.

Run by hand when the operation table gains a request schema (the output is committed, so serving
never parses the spec):

    python tools/extract_request_schemas.py        # reads mock_api/spec/redis-cloud-openapi.json

References are inlined; OpenAPI-only keywords that JSON Schema does not know are dropped. A
`readOnly` property is the server's (set from the path or the route, ignored if a client sends it):
it goes, and so does its place in `required` (OpenAPI: a required readOnly property is required in
responses only; the spec marks `pscServiceId`, `regionId`… both). Where the spec contradicts itself,
PATCHES says what is accepted instead, and why.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mock_api.operations import OPERATIONS  # noqa: E402

DROP = {"example", "examples", "readOnly", "writeOnly", "nullable", "xml", "externalDocs", "deprecated"}
# Set by the server from the path or the route, never by a client: ignore them if sent.
SERVER_FIELDS = {"commandType", "subscriptionId", "databaseId"}
# Transit Gateway attachment CIDRs: the schema says objects ({cidrAddress}); the spec's own example and
# the Go SDK send strings ("10.10.10.0/24"). Both are accepted.
CIDR_ITEM = {"anyOf": [{"type": "string"}, {"type": "object", "properties": {"cidrAddress": {"type": "string"}}}]}
PATCHES = {name: (("properties", "cidrs", "items"), CIDR_ITEM)
           for name in ("TgwUpdateCidrsRequest", "ActiveActiveTgwUpdateCidrsRequest")}


def without_read_only(schema):
    """The schema as a request sees it: no readOnly property, nor its place in `required`."""
    if isinstance(schema, list):
        return [without_read_only(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    result = {key: without_read_only(value) for key, value in schema.items()}
    properties = schema.get("properties")
    if isinstance(properties, dict):
        server = {name for name, prop in properties.items() if isinstance(prop, dict) and prop.get("readOnly")}
        result["properties"] = {name: value for name, value in result["properties"].items() if name not in server}
        if "required" in schema:
            result["required"] = [name for name in schema["required"] if name not in server]
            if not result["required"]:
                del result["required"]
    return result


def inline(schema, schemas, seen=()):
    if isinstance(schema, list):
        return [inline(item, schemas, seen) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        if name in seen:
            return {}
        return inline(without_read_only(schemas[name]), schemas, seen + (name,))
    return {key: inline(value, schemas, seen) for key, value in schema.items() if key not in DROP}


def main(spec_path: str) -> None:
    spec = json.loads(Path(spec_path).read_text())
    schemas = spec["components"]["schemas"]
    wanted = sorted({op.request_schema for op in OPERATIONS if op.request_schema})
    out = {}
    for name in wanted:
        schema = inline(without_read_only(schemas[name]), schemas)
        for field in SERVER_FIELDS:
            schema.get("properties", {}).pop(field, None)
        if name in PATCHES:
            where, replacement = PATCHES[name]
            parent = schema
            for key in where[:-1]:
                parent = parent[key]
            parent[where[-1]] = replacement
        out[name] = schema
    target = Path(__file__).resolve().parents[1] / "mock_api" / "schemas" / "requests.json"
    target.write_text(json.dumps(out, indent=1, sort_keys=True) + "\n")
    print(f"wrote {len(out)} schemas to {target}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else str(Path(__file__).resolve().parents[1] / "mock_api" / "spec"
                                                  / "redis-cloud-openapi.json"))
