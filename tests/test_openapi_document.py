"""mock_api's own OpenAPI document: valid, complete for the operation table, and kept in docs/."""
from __future__ import annotations

import json
from pathlib import Path

from openapi_spec_validator import validate

from mock_api.openapi import document
from mock_api.operations import OPERATIONS

ROOT = Path(__file__).resolve().parents[1]


def test_document_is_valid_openapi():
    validate(document())


def test_committed_copy_is_current():
    committed = json.loads((ROOT / "docs" / "openapi.json").read_text())
    assert committed == document(), "regenerate: python -m mock_api.openapi > docs/openapi.json"


def test_every_operation_of_the_table_is_documented_with_its_code_and_command_type():
    paths = document()["paths"]
    for op in OPERATIONS:
        entry = paths[op.path][op.method.lower()]
        assert entry["operationId"] == op.name
        assert str(op.status_code) in entry["responses"]
        assert entry.get("x-command-type") == op.command_type
    documented = {(path, method.upper()) for path, methods in paths.items() for method in methods
                  if not path.startswith("/_mock/")}
    aliases = {(alias, op.method) for op in OPERATIONS for alias in op.aliases}
    assert documented == {(op.path, op.method) for op in OPERATIONS} | aliases | {("/tasks", "GET"),
                                                                                  ("/tasks/{taskId}", "GET")}


def test_operations_table_in_the_docs_is_generated_and_current():
    from mock_api.docgen import operations_table

    assert (ROOT / "docs" / "operations.md").read_text() == operations_table(), \
        "regenerate: python -m mock_api.docgen > docs/operations.md"
    for op in OPERATIONS:
        assert f"| {op.method} | {op.path} |" in operations_table()
