"""What a finished task does to the account's resources, and the bodies resources are served with."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Callable, Dict, Mapping, Optional

from . import lookups
from .actions import PERFORMERS, QUERIES
from .engine import Timeline
from .kinds import KINDS, seed_resources
from .operations import Action, Operation
from .pro import dry_run_pricing
from .records import Account, Resource, Task
from .lookups import key_of

FINAL_STATUS = {Action.CREATE: "active", Action.UPDATE: "active", Action.PERFORM: "active", Action.DELETE: "gone"}


def completed_response(operation: Operation, ids: Mapping[str, int], body: Mapping[str, Any],
                       resources: Mapping, account: Account, result: Optional[Dict[str, Any]],
                       read: Callable[[Resource], bool]) -> Dict[str, Any]:
    """The `response` of a completed task, before the scenario's own additions."""
    if operation.action is Action.CREATE and body.get("dryRun"):
        return {"resource": dry_run_pricing(body)}
    response: Dict[str, Any] = {}
    if operation.kind is not None:
        kind = KINDS[operation.kind]
        response["resourceId"] = ids[kind.id_param]
        if kind.parent is not None:
            response["additionalResourceId"] = ids[KINDS[kind.parent].id_param]
    if operation.action is Action.QUERY:
        response["resource"] = QUERIES[operation.effect](account, resources[key_of(operation.kind, ids)], read)
    elif result is not None:
        response["resource"] = result
    return response


def apply_effect(account: Account, task: Task, body: Mapping[str, Any], at: datetime,
                 new_id: Callable[[str], int]) -> Optional[Dict[str, Any]]:
    """Apply a completed task; returns what a performer gives for ``response.resource``, if anything."""
    operation, ids = task.operation, task.ids
    provisioning = task.scenario.resource
    if operation.action is Action.QUERY:
        return None
    kind = KINDS[operation.kind] if operation.kind else None
    if operation.action is Action.CREATE:
        if not body.get("dryRun"):
            _create(account, kind, ids, body, provisioning, at, new_id)
        return None
    resource = account.resources.get(key_of(kind.name, ids)) if kind else None
    result = None
    if operation.action is Action.UPDATE:
        kind.update(resource.data, body, at)
    elif operation.action is Action.PERFORM:
        result = PERFORMERS[operation.effect](resource, body, at)
    if resource is not None and (operation.action is not Action.PERFORM or provisioning is not None):
        if operation.action is not Action.DELETE:
            resource.data["status"] = "active"
        resource.start(provisioning, FINAL_STATUS[operation.action], at)
    return result


def _create(account: Account, kind, ids: Mapping[str, int], body: Mapping[str, Any],
            provisioning: Optional[Timeline], at: datetime, new_id: Callable[[str], int]) -> None:
    parent = account.resources[key_of(kind.parent, ids)].data if kind.parent else None
    resource = Resource(kind, dict(ids), kind.build(ids, body, at, parent))
    add_resource(account, resource, provisioning, at)
    if kind.plan is not None:  # e.g. a subscription's creation plan: its databases come with it
        child_kind = KINDS[kind.plan_kind]
        for child_body in kind.plan(body):
            child_ids = {**ids, child_kind.id_param: new_id(child_kind.name)}
            child = Resource(child_kind, child_ids, child_kind.build(child_ids, child_body, at, resource.data))
            add_resource(account, child, provisioning, at)


def seed_account(account: Account) -> None:
    """What every account starts with (and comes back to on reset): kinds.seed_resources."""
    for kind, ids, data in seed_resources(account.id):
        resource = Resource(KINDS[kind], dict(ids), dict(data))
        account.resources[resource.key] = resource


def add_resource(account: Account, resource: Resource, provisioning: Optional[Timeline], at: datetime) -> None:
    account.resources[resource.key] = resource
    resource.start(provisioning, "active", at)


def resource_body(account: Account, resource: Resource, read: Optional[lookups.Reader] = None) -> Dict[str, Any]:
    """The body as served: stored fields, the current status, and fields derived from children.

    ``read``, given for a client's read, also reads the resource's dependent children (a
    subscription's databases): the parent's status shows their provisioning, so reading it moves them
    as reading them would."""
    body = dict(resource.data, status=resource.status())
    counted = resource.kind.counted_children
    kinds = lookups.dependent_kinds(resource.kind.name) + ((counted,) if counted else ())
    children = lookups.children(account.resources, resource, *kinds) if kinds else []  # one look for both
    if read is not None:
        children = [child for child in children if read(child)]
    # The real subscription is not active while one of its databases is being created or changed.
    if body["status"] == "active" and (lookups.busy(children) or account.children_in_creation.get(resource.key)):
        body["status"] = "pending"
    if counted is not None:
        body["numberOfDatabases"] = sum(1 for r in children if r.kind.name == counted and r.status() != "gone")
    return body


def listed_body(body: Dict[str, Any]) -> Dict[str, Any]:
    """A resource as a listing shows it: a database's password only appears when it is read alone
    (an Essentials capture shows it in GET and not in the list)."""
    security = body.get("security")
    if isinstance(security, dict) and "password" in security:
        body = dict(body, security={k: v for k, v in security.items() if k != "password"})
    return body
