"""How much of the official spec mock_api emulates: the official operations (extracted from the spec
by tools/extract_operations.py into spec/operations.json), the ones the table emulates, and the one
list of those it does not, each with its reason. tests/test_coverage.py fails for any official
operation that is neither emulated nor listed here.
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources as importlib_resources
from typing import Any, Dict, List, NamedTuple

from .operations import OPERATIONS

# The task routes (GET /tasks, GET /tasks/{taskId}) are served by api/tasks.py, outside the table.
TASK_ROUTES = {"getAllTasks": ("GET", "/tasks"), "getTaskById": ("GET", "/tasks/{taskId}")}

ISSUE_12 = "task-backed; issue 12 (every task-backed family) adds it"
RDI_PROXY = ("a pass-through to the Cloud RDI service, whose own API the spec does not describe: the answer is "
             "any JSON (JsonNode) and the path a wildcard, so there is no shape to be faithful to")
_TASK_FAMILIES = {
    "Active-Active": ("updateCrdbLocalProperties", "flushCrdb", "addNewRegionToActiveActiveSubscription",
                      "deleteRegionsFromActiveActiveSubscription", "getActiveActiveVpcPeerings",
                      "createActiveActiveVpcPeering", "updateActiveActiveVpcPeering", "deleteActiveActiveVpcPeering"),
    "Transit Gateway": ("getTgws", "getTgwSharedInvitations", "createTgwAttachment", "updateTgwAttachmentCidrs",
                        "deleteTgwAttachment", "acceptTgwResourceShare", "rejectTgwResourceShare",
                        "getActiveActiveTgws", "getActiveActiveTgwSharedInvitations",
                        "createActiveActiveTgwAttachment", "updateActiveActiveTgwAttachmentCidrs",
                        "deleteActiveActiveTgwAttachment", "acceptActiveActiveTgwResourceShare",
                        "rejectActiveActiveTgwResourceShare"),
    "Private Service Connect": ("getPscService", "createPscService", "deletePscService", "getPscServiceEndpoints",
                                "createPscServiceEndpoint", "updatePscServiceEndpoint", "deletePscServiceEndpoint",
                                "getPscServiceEndpointCreationScript", "getPscServiceEndpointDeletionScript",
                                "getActiveActivePscService", "createActiveActivePscService",
                                "deleteActiveActivePscService", "getActiveActivePscServiceEndpoints",
                                "createActiveActivePscServiceEndpoint", "updateActiveActivePscServiceEndpoint",
                                "deleteActiveActivePscServiceEndpoint",
                                "getActiveActivPscServiceEndpointCreationScript",  # sic: the spec's operationIds
                                "getActiveActivPscServiceEndpointDeletionScript"),
    "PrivateLink": ("getPrivateLink", "createPrivateLink", "deletePrivateLink", "createPrivateLinkPrincipal",
                    "deletePrivateLinkPrincipals", "disassociatePrivateLinkConnections",
                    "getPrivateLinkEndpointScript", "getActiveActivePrivateLink", "createActiveActivePrivateLink",
                    "deleteActiveActivePrivateLink", "createActiveActivePrivateLinkPrincipal",
                    "deleteActiveActivePrivateLinkPrincipals", "disassociateActiveActivePrivateLinkConnections",
                    "getActiveActivePrivateLinkEndpointScript"),
    "account users": ("updateUser", "deleteUserById"),
}
# operationId → (family, reason): the one list of official operations mock_api does not emulate.
NOT_EMULATED: Dict[str, tuple] = {
    **{name: (family, ISSUE_12) for family, names in _TASK_FAMILIES.items() for name in names},
    "getDataIntegrationWorkspaces": ("Data Integration", RDI_PROXY),
    **{f"proxyDataIntegrationWorkspace{suffix}": ("Data Integration", RDI_PROXY)
       for suffix in ("", "_1", "_2", "_3", "_4", "_5", "_6", "_7", "_8", "_9")},
}


class Official(NamedTuple):
    operation_id: str
    method: str
    path: str
    success_codes: tuple
    success_schema: str
    task_backed: bool


@lru_cache(maxsize=1)
def official() -> List[Official]:
    """The official operations, as tools/extract_operations.py extracted them from the spec."""
    raw: List[Dict[str, Any]] = json.loads(
        (importlib_resources.files("mock_api") / "spec" / "operations.json").read_text())
    return [Official(op["operationId"], op["method"], op["path"], tuple(op["successCodes"]), op["successSchema"],
                     op["taskBacked"]) for op in raw]


def emulated() -> Dict[str, tuple]:
    """operationId → (method, path) of every operation mock_api answers."""
    return {**{op.name: (op.method, op.path) for op in OPERATIONS}, **TASK_ROUTES}


def counts() -> Dict[str, int]:
    ops = official()
    served = emulated()
    return {"official": len(ops), "emulated": sum(op.operation_id in served for op in ops),
            "task_backed": sum(op.task_backed for op in ops),
            "task_backed_emulated": sum(op.task_backed and op.operation_id in served for op in ops),
            "synchronous": sum(not op.task_backed for op in ops),
            "synchronous_emulated": sum(not op.task_backed and op.operation_id in served for op in ops),
            "not_emulated": len(NOT_EMULATED)}
