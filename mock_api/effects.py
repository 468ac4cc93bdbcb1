"""What a finished task does to the account's resources, and the business rules that can fail it.

Rules are checked when the task finishes (as the real service checks them while processing), so
a well-formed request never fails synchronously for a business reason: its task ends
``processing-error`` with the real error triple instead.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any, Callable, Dict, Mapping, Optional

from .operations import Action, Operation
from .records import Account, Resource, ResourceKey, Task
from .resources import (KINDS, UPDATERS, creation_plan, dry_run_pricing, new_database, new_subscription,
                        subscription_region)
from .scenarios import ErrorTriple

SUBSCRIPTION_NOT_ACTIVE = ErrorTriple(
    "SUBSCRIPTION_NOT_ACTIVE", "403 FORBIDDEN",
    "Cannot preform any actions for subscription that is not in an active state")  # sic, as served
# The enum has SUBSCRIPTION_IN_USE; its status and wording are not recorded anywhere (inference).
SUBSCRIPTION_IN_USE = ErrorTriple(
    "SUBSCRIPTION_IN_USE", "400 BAD_REQUEST",
    "Subscription is in use: delete its databases before deleting the subscription")

FINAL_STATUS = {Action.CREATE: "active", Action.UPDATE: "active", Action.DELETE: "gone"}


def _not_found(kind_name: str) -> ErrorTriple:
    return ErrorTriple(*KINDS[kind_name].not_found)


def _key(kind_name: str, ids: Mapping[str, int]) -> ResourceKey:
    return (kind_name, ids[KINDS[kind_name].id_param])


def business_error(operation: Operation, ids: Mapping[str, int], resources: Mapping[ResourceKey, Resource],
                   account: Account) -> Optional[ErrorTriple]:
    kind = KINDS[operation.kind]
    if kind.parent is not None:
        parent = resources.get(_key(kind.parent, ids))
        if parent is None:
            return _not_found(kind.parent)
        if operation.action is Action.CREATE and parent.status() != "active":
            return SUBSCRIPTION_NOT_ACTIVE
    if operation.action in (Action.UPDATE, Action.DELETE):
        if _key(kind.name, ids) not in resources:
            return _not_found(kind.name)
    if operation.action is Action.DELETE and kind.name == "subscription":
        sub_id = ids[kind.id_param]
        if any(r.kind.parent == "subscription" and r.ids.get("subscriptionId") == sub_id for r in resources.values()):
            return SUBSCRIPTION_IN_USE
    return None


def completed_response(operation: Operation, ids: Mapping[str, int], body: Mapping[str, Any],
                       account_id: int) -> Dict[str, Any]:
    """The `response` of a completed task, before the scenario's own additions."""
    kind = KINDS[operation.kind]
    if operation.action is Action.CREATE and body.get("dryRun"):
        return {"resource": dry_run_pricing(body)}
    response: Dict[str, Any] = {"resourceId": ids[kind.id_param]}
    if kind.parent is not None:
        response["additionalResourceId"] = ids[KINDS[kind.parent].id_param]
    return response


def apply_effect(account: Account, task: Task, at: datetime, new_id: Callable[[str], int]) -> None:
    operation, ids, body = task.operation, task.ids, task.body
    kind = KINDS[operation.kind]
    provisioning = task.scenario.resource
    if operation.action is Action.CREATE:
        if body.get("dryRun"):
            return
        if kind.name == "subscription":
            resource = Resource(kind, dict(ids), new_subscription(ids["subscriptionId"], body, at))
            _add(account, resource, provisioning, at)
            for plan in creation_plan(body):  # the creation plan's databases come with it
                db_ids = {"subscriptionId": ids["subscriptionId"], "databaseId": new_id("database")}
                data = new_database(db_ids["databaseId"], db_ids["subscriptionId"], plan,
                                    subscription_region(resource.data), at)
                _add(account, Resource(KINDS["database"], db_ids, data), provisioning, at)
        else:
            parent = account.resources[_key(kind.parent, ids)]
            data = new_database(ids["databaseId"], ids["subscriptionId"], body, subscription_region(parent.data), at)
            _add(account, Resource(kind, dict(ids), data), provisioning, at)
        return
    resource = account.resources[_key(kind.name, ids)]
    if operation.action is Action.UPDATE:
        UPDATERS[kind.name](resource.data, body, at)
        resource.data["status"] = "active"
    resource.start(provisioning, FINAL_STATUS[operation.action], at)


def _add(account: Account, resource: Resource, provisioning, at: datetime) -> None:
    account.resources[resource.key] = resource
    resource.start(provisioning, "active", at)


def resource_body(account: Account, resource: Resource) -> Dict[str, Any]:
    """The body as served: stored fields, the current status, and fields derived from children."""
    body = dict(resource.data, status=resource.status())
    if resource.kind.name == "subscription":
        sub_id = resource.ids["subscriptionId"]
        children = [r for r in account.resources.values()
                    if r.kind.name == "database" and r.ids.get("subscriptionId") == sub_id and r.status() != "gone"]
        body["numberOfDatabases"] = len(children)
        # The real subscription goes `pending` while one of its databases is being created.
        if body["status"] == "active" and account.children_in_creation.get(sub_id):
            body["status"] = "pending"
    return body
