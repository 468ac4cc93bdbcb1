"""How much of the official spec mock_api emulates: the official operations (extracted from the spec
by tools/extract_operations.py into spec/operations.json), the ones the table emulates, and the one
list of those it does not, each with its reason. tests/test_coverage.py fails for any official
operation that is neither emulated nor listed here.
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources as importlib_resources
from typing import Any, NamedTuple

from .operations import OPERATIONS

# The task routes (GET /tasks, GET /tasks/{taskId}) are served by api/tasks.py, outside the table.
TASK_ROUTES = {"getAllTasks": ("GET", "/tasks"), "getTaskById": ("GET", "/tasks/{taskId}")}

RDI_PROXY = ("a pass-through to the Cloud RDI service, whose own API the spec does not describe: the answer is "
             "any JSON (JsonNode) and the path a wildcard, so there is no shape to be faithful to")
# operationId → (family, reason): the one list of official operations mock_api does not emulate.
NOT_EMULATED: dict[str, tuple] = {
    "getDataIntegrationWorkspaces": ("Data Integration", RDI_PROXY),
    **{f"proxyDataIntegrationWorkspace{suffix}": ("Data Integration", RDI_PROXY)
       for suffix in ("", "_1", "_2", "_3", "_4", "_5", "_6", "_7", "_8", "_9")},
}

NO_BODY_204 = ("the spec answers 204 with a TaskStateUpdate body, which HTTP forbids (a 204 has no body) and no "
               "client can read (the Go SDK decodes every 2xx body and waits on its taskId): answered 202, as the "
               "family's other task operations (disassociate, get, endpoint script) are in the spec")
# operationId → (the code mock_api answers, why): emulated operations whose official success code is
# self-contradictory. Every other operation answers the spec's own code.
DEVIATIONS: dict[str, tuple] = {
    name: (202, NO_BODY_204) for name in (
        "createPrivateLink", "deletePrivateLink", "createPrivateLinkPrincipal", "deletePrivateLinkPrincipals",
        "createActiveActivePrivateLink", "deleteActiveActivePrivateLink", "createActiveActivePrivateLinkPrincipal",
        "deleteActiveActivePrivateLinkPrincipals")
}


class Official(NamedTuple):
    operation_id: str
    method: str
    path: str
    success_codes: tuple
    success_schema: str
    task_backed: bool


@lru_cache(maxsize=1)
def official() -> list[Official]:
    """The official operations, as tools/extract_operations.py extracted them from the spec."""
    raw: list[dict[str, Any]] = json.loads(
        (importlib_resources.files("mock_api") / "spec" / "operations.json").read_text())
    return [Official(op["operationId"], op["method"], op["path"], tuple(op["successCodes"]), op["successSchema"],
                     op["taskBacked"]) for op in raw]


def emulated() -> dict[str, tuple]:
    """operationId → (method, path) of every operation mock_api answers."""
    return {**{op.name: (op.method, op.path) for op in OPERATIONS}, **TASK_ROUTES}


def counts() -> dict[str, int]:
    ops = official()
    served = emulated()
    return {"official": len(ops), "emulated": sum(op.operation_id in served for op in ops),
            "task_backed": sum(op.task_backed for op in ops),
            "task_backed_emulated": sum(op.task_backed and op.operation_id in served for op in ops),
            "synchronous": sum(not op.task_backed for op in ops),
            "synchronous_emulated": sum(not op.task_backed and op.operation_id in served for op in ops),
            "not_emulated": len(NOT_EMULATED), "deviations": len(DEVIATIONS)}
