"""Generates docs/operations.md from the operation table, the coverage of the official spec and the
list of inferences: ``python -m mock_api.docgen > docs/operations.md``. A test keeps the committed
file current."""
from __future__ import annotations

import sys

from . import coverage
from .inferences import INFERENCES
from .operations import OPERATIONS, Action, Operation
from .timelines import INFERENCES as TIMELINE_INFERENCES

ANSWERS = {Action.GET: "the resource", Action.LIST: "the list", Action.QUERY: "a task; the result in `response.resource`"}


def _answer(op: Operation) -> str:
    if op.action is Action.PERFORM:
        return f"a task ({op.effect}{' of the ' + op.kind if op.kind else ''})"
    if op.action in (Action.VIEW, Action.CATALOG):
        return f"at once: {op.effect}" + (f" of the {op.kind}" if op.kind else "")
    return ANSWERS.get(op.action, f"a task ({op.action.value} a {op.kind})")


def _coverage() -> list[str]:
    n = coverage.counts()
    return [
        "## Coverage of the official spec",
        "",
        f"mock_api emulates **{n['emulated']} of the {n['official']} operations** of the official spec "
        "(`mock_api/spec/redis-cloud-openapi.json`, listed by `tools/extract_operations.py` in "
        "`mock_api/spec/operations.json`):",
        "",
        f"- synchronous (the answer is not a task): {n['synchronous_emulated']} of {n['synchronous']};",
        f"- answering with a task (`TaskStateUpdate`): {n['task_backed_emulated']} of {n['task_backed']}.",
        "",
        f"The {n['not_emulated']} others are listed below with their reasons, and so are the {n['deviations']} "
        "that answer another code than the spec's.",
        "",
    ]


def _emulated() -> list[str]:
    lines = [
        "## Emulated operations",
        "",
        "Every path is served at the root and under `/v1`. Task-backed operations answer with a task of the",
        "given commandType and the official spec's success code; the others answer at once.",
        "",
        "| method | path | commandType | code | answers | request body (official schema) |",
        "|---|---|---|---|---|---|",
        "| GET | /tasks | – | 200 | `{\"tasks\": [...]}` | – |",
        "| GET | /tasks/{taskId} | – | 200 | the task (a poll) | – |",
    ]
    for op in OPERATIONS:
        lines.append(f"| {op.method} | {op.path} | {op.command_type or '–'} | {op.status_code} | {_answer(op)} | "
                     f"{op.request_schema or '–'} |")
        for alias in op.aliases:
            lines.append(f"| {op.method} | {alias} | – | {op.status_code} | the same (the Go SDK escapes the `?`) "
                         "| – |")
    return lines + [""]


def _not_emulated() -> list[str]:
    official = {op.operation_id: op for op in coverage.official()}
    lines = [
        "## Not emulated",
        "",
        f"{len(coverage.NOT_EMULATED)} operations, each with its reason (`mock_api/coverage.py`). They answer 404.",
        "",
        "| family | method | path | operationId | reason |",
        "|---|---|---|---|---|",
    ]
    for name, (family, reason) in coverage.NOT_EMULATED.items():
        op = official[name]
        lines.append(f"| {family} | {op.method} | {op.path} | {name} | {reason} |")
    return lines + [""]


def _deviations() -> list[str]:
    official = {op.operation_id: op for op in coverage.official()}
    lines = [
        "## Answered with another code than the spec's",
        "",
        f"{len(coverage.DEVIATIONS)} operations whose official success code is self-contradictory "
        "(`mock_api/coverage.py`):",
        "",
        "| method | path | operationId | the spec | mock_api | why |",
        "|---|---|---|---|---|---|",
    ]
    for name, (code, reason) in coverage.DEVIATIONS.items():
        op = official[name]
        spec_codes = ", ".join(map(str, op.success_codes))
        lines.append(f"| {op.method} | {op.path} | {name} | {spec_codes} | {code} | {reason} |")
    return lines + [""]


def _inferences() -> list[str]:
    lines = [
        "## Inferences",
        "",
        "Where neither the official spec nor a real capture (the SDK's fixtures, Terraform's tests, the docs) says",
        "what the real API does, mock_api infers it. Each inference and its reason:",
        "",
        "### commandTypes",
        "",
        "| operation | commandType | why |",
        "|---|---|---|",
    ]
    lines += [f"| {op.method} {op.path} | {op.command_type} | {op.inferred} |" for op in OPERATIONS if op.inferred]
    lines += ["", "### Errors, shapes and behaviour", "", "| what | mock_api | why |", "|---|---|---|"]
    lines += [f"| {topic} | {what} | {why} |" for topic, what, why in INFERENCES]
    lines += ["", "### Timelines and profiles", ""]
    lines += [f"- **{topic}**: {text}" for topic, text in TIMELINE_INFERENCES]
    return lines + [""]


def operations_table() -> str:
    header = ["# Operations", "",
              "Generated from `mock_api/operations.py`, `mock_api/coverage.py` and `mock_api/inferences.py` by",
              "`python -m mock_api.docgen`; do not edit by hand.", ""]
    return "\n".join(header + _coverage() + _emulated() + _not_emulated() + _deviations() + _inferences())


if __name__ == "__main__":
    sys.stdout.write(operations_table())
