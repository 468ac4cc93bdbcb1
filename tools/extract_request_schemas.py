"""Copy the request-body schemas the emulator validates from the official Redis Cloud OpenAPI spec.

Run by hand when the operation table gains a request schema (the output is committed, so serving
never parses the spec):

    python tools/extract_request_schemas.py        # reads mock_api/spec/redis-cloud-openapi.json

References are inlined; OpenAPI-only keywords that JSON Schema does not know are dropped.
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


def inline(schema, schemas, seen=()):
    if isinstance(schema, list):
        return [inline(item, schemas, seen) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        if name in seen:
            return {}
        return inline(schemas[name], schemas, seen + (name,))
    return {key: inline(value, schemas, seen) for key, value in schema.items() if key not in DROP}


def main(spec_path: str) -> None:
    spec = json.loads(Path(spec_path).read_text())
    schemas = spec["components"]["schemas"]
    wanted = sorted({op.request_schema for op in OPERATIONS if op.request_schema})
    out = {}
    for name in wanted:
        schema = inline(schemas[name], schemas)
        for field in SERVER_FIELDS:
            schema.get("properties", {}).pop(field, None)
        out[name] = schema
    target = Path(__file__).resolve().parents[1] / "mock_api" / "schemas" / "requests.json"
    target.write_text(json.dumps(out, indent=1, sort_keys=True) + "\n")
    print(f"wrote {len(out)} schemas to {target}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else str(Path(__file__).resolve().parents[1] / "mock_api" / "spec"
                                                  / "redis-cloud-openapi.json"))
