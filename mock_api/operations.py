"""The operation table: the one place that lists the emulated paths, methods and commandTypes.

Each entry is declarative. ``api/routes.py`` registers one Flask route per entry and hands every
request to the generic handler of its ``action``; adding a task-backed operation is one entry here
(plus a default scenario for its commandType in every profile under scenarios/).
"""
from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Dict, Optional, Tuple


class Action(enum.Enum):
    CREATE = "create"  # answers with a task; on completion a new resource exists
    UPDATE = "update"  # answers with a task; on completion the resource has the new fields
    DELETE = "delete"  # answers with a task; on completion the resource is deprovisioned
    GET = "get"  # synchronous read of one resource
    LIST = "list"  # synchronous read of a collection

    @property
    def is_task(self) -> bool:
        return self in (Action.CREATE, Action.UPDATE, Action.DELETE)


@dataclass(frozen=True)
class Operation:
    name: str  # the official spec's operationId
    method: str
    path: str  # relative to the API root (served at / and at /v1), {param} for path parameters
    action: Action
    kind: str  # resource kind, see resources.KINDS
    status_code: int = 200  # the official spec's success code
    command_type: Optional[str] = None  # for task-backed operations
    request_schema: Optional[str] = None  # name in schemas/requests.json (from the official spec)

    @property
    def params(self) -> Tuple[str, ...]:
        return tuple(part[1:-1] for part in self.path.split("/") if part.startswith("{"))


SUBSCRIPTION = "/subscriptions/{subscriptionId}"
DATABASE = SUBSCRIPTION + "/databases/{databaseId}"

OPERATIONS: Tuple[Operation, ...] = (
    # Pro subscriptions
    Operation("getAllSubscriptions", "GET", "/subscriptions", Action.LIST, "subscription"),
    Operation("createSubscription", "POST", "/subscriptions", Action.CREATE, "subscription", 202,
              "subscriptionCreateRequest", "SubscriptionCreateRequest"),
    Operation("getSubscriptionById", "GET", SUBSCRIPTION, Action.GET, "subscription"),
    Operation("updateSubscription", "PUT", SUBSCRIPTION, Action.UPDATE, "subscription", 200,
              "subscriptionUpdateRequest", "SubscriptionUpdateRequest"),
    Operation("deleteSubscriptionById", "DELETE", SUBSCRIPTION, Action.DELETE, "subscription", 200,
              "subscriptionDeleteRequest"),
    # Pro databases
    Operation("getSubscriptionDatabases", "GET", SUBSCRIPTION + "/databases", Action.LIST, "database"),
    Operation("createDatabase", "POST", SUBSCRIPTION + "/databases", Action.CREATE, "database", 202,
              "databaseCreateRequest", "DatabaseCreateRequest"),
    Operation("getSubscriptionDatabaseByID", "GET", DATABASE, Action.GET, "database"),
    Operation("updateDatabase", "PUT", DATABASE, Action.UPDATE, "database", 200,
              "databaseUpdateRequest", "DatabaseUpdateRequest"),
    Operation("deleteDatabaseById", "DELETE", DATABASE, Action.DELETE, "database", 200,
              "databaseDeleteRequest"),
)

BY_NAME: Dict[str, Operation] = {op.name: op for op in OPERATIONS}
COMMAND_TYPES: Tuple[str, ...] = tuple(op.command_type for op in OPERATIONS if op.command_type)
