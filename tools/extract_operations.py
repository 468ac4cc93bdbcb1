"""Extract the official list of operations from the Redis Cloud OpenAPI spec kept in the package.

    python tools/extract_operations.py            # writes mock_api/spec/operations.json

One entry per operation: operationId, method, path (relative to the API root, without /v1), the
2xx codes, the success schema (the `$ref` name of the first 2xx JSON body, or what stands in its
place) and whether it answers with a task. The output is committed: the coverage test reads it, and
when the spec is replaced its diff shows at a glance which operations came, went or changed.
tests/test_coverage.py checks that the committed file is what this script extracts.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Dict, List

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "mock_api" / "spec" / "redis-cloud-openapi.json"
TARGET = ROOT / "mock_api" / "spec" / "operations.json"
METHODS = ("get", "put", "post", "delete", "patch")
TASK_SCHEMA = "TaskStateUpdate"


def _success_schema(responses: Dict[str, Any]) -> str:
    """The first 2xx answer's schema name; "(no body)" or the media type when there is no JSON schema."""
    for code in sorted(code for code in responses if code.startswith("2")):
        content = responses[code].get("content") or {}
        if not content:
            return "(no body)"
        for media_type, entry in content.items():
            schema = entry.get("schema") or {}
            if "$ref" in schema:
                return schema["$ref"].rsplit("/", 1)[-1]
            if schema.get("type"):
                return schema["type"]
            return media_type
    return "(none)"


def extract(spec: Dict[str, Any]) -> List[Dict[str, Any]]:
    operations = []
    for path, entries in spec["paths"].items():
        relative = path[3:] if path.startswith("/v1") else path
        for method in METHODS:
            if method not in entries:
                continue
            entry = entries[method]
            schema = _success_schema(entry["responses"])
            operations.append({
                "operationId": entry["operationId"],
                "method": method.upper(),
                "path": relative or "/",
                "successCodes": sorted(int(code) for code in entry["responses"] if code.startswith("2")),
                "successSchema": schema,
                "taskBacked": schema == TASK_SCHEMA,
            })
    return sorted(operations, key=lambda op: (op["path"], op["method"]))


def main() -> None:
    operations = extract(json.loads(SPEC.read_text()))
    TARGET.write_text(json.dumps(operations, indent=1) + "\n")
    print(f"wrote {len(operations)} operations to {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.exit(main())
