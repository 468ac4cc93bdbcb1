"""Generates docs/operations.md from the operation table: ``python -m mock_api.docgen > docs/operations.md``.
A test keeps the committed file current."""
from __future__ import annotations

import sys

from .operations import OPERATIONS, Action
from .timelines import INFERENCES

ANSWERS = {Action.GET: "the resource", Action.LIST: "the list", Action.VIEW: "a view of the resource",
           Action.CATALOG: "a catalog", Action.QUERY: "a task; the result in `response.resource`"}


def operations_table() -> str:
    lines = [
        "# Emulated operations",
        "",
        "Generated from `mock_api/operations.py` by `python -m mock_api.docgen`; do not edit by hand.",
        "Every path is served at the root and under `/v1`. Task-backed operations answer with a task of the",
        "given commandType and the official spec's success code.",
        "",
        "| method | path | commandType | code | answers | request body (official schema) |",
        "|---|---|---|---|---|---|",
        "| GET | /tasks | – | 200 | `{\"tasks\": [...]}` | – |",
        "| GET | /tasks/{taskId} | – | 200 | the task (a poll) | – |",
    ]
    for op in OPERATIONS:
        if op.action is Action.PERFORM:
            answer = f"a task ({op.effect}{' of the ' + op.kind if op.kind else ''})"
        else:
            answer = ANSWERS.get(op.action, f"a task ({op.action.value} a {op.kind})")
        lines.append(f"| {op.method} | {op.path} | {op.command_type or '–'} | {op.status_code} | {answer} | "
                     f"{op.request_schema or '–'} |")
    lines += ["", "## Inferences", "", "Where no official spec or capture says it, what mock_api infers and why.", ""]
    lines += [f"- **{topic}**: {text}" for topic, text in INFERENCES]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(operations_table())
