"""What a finished task does to the account's resources, and the bodies resources are served with.

The families' behaviours (actions.py, acts.py and what they gather) are imported when a task first
needs one: a server answers its first requests without them (docs/performance.md, "Start-up")."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from . import lookups
from .engine import Timeline
from .kinds import KINDS, seed_resources
from .operations import Action, Operation
from .pro import dry_run_pricing
from .records import Account, Resource, Task
from .lookups import key_of
from .timelines import TIMELINES, shown_status

FINAL_STATUS = {Action.CREATE: "active", Action.UPDATE: "active", Action.PERFORM: "active", Action.DELETE: "gone"}


def reported_ids(operation: Operation, ids: Mapping[str, int]) -> dict[str, int]:
    """`resourceId` (and the parent's id as `additionalResourceId`) of a completed task: the kind's
    own id, or the one the operation names (a PSC service's endpoints answer their subscription's), or
    the parent's when the path names only the parent (a PSC service, a private link: as captured)."""
    kind = KINDS[operation.kind]
    named = operation.resource_id or (kind.id_param if kind.id_param in ids else KINDS[kind.parent].id_param)
    if named != kind.id_param:
        return {"resourceId": ids[named]}
    reported = {"resourceId": ids[kind.id_param]}
    if kind.parent is not None and kind.reports_parent:
        reported["additionalResourceId"] = ids[KINDS[kind.parent].id_param]
    return reported


def completed_response(operation: Operation, ids: Mapping[str, int], body: Mapping[str, Any],
                       resources: Mapping, account: Account, result: dict[str, Any] | None,
                       read: Callable[[Resource], bool]) -> dict[str, Any]:
    """The `response` of a completed task, before the scenario's own additions."""
    if operation.action is Action.CREATE and body.get("dryRun"):
        return {"resource": dry_run_pricing(body)}
    response: dict[str, Any] = reported_ids(operation, ids) if operation.kind is not None else {}
    if operation.action is Action.QUERY:
        from .actions import QUERIES
        from .acts import Act

        target = lookups.target(resources, operation.kind, ids)
        response["resource"] = QUERIES[operation.effect](Act(account, resources, target, body, ids, None, read=read))
    elif result is not None:
        response["resource"] = result
    return response


def apply_effect(account: Account, task: Task, body: Mapping[str, Any], at: datetime,
                 new_id: Callable[[str], int]) -> dict[str, Any] | None:
    """Apply a completed task; returns what a performer gives for ``response.resource``, if anything.
    A dry run changes nothing."""
    operation, ids = task.operation, task.ids
    provisioning = task.scenario.resource
    if operation.action is Action.QUERY or body.get("dryRun"):
        return None
    kind = KINDS[operation.kind] if operation.kind else None
    if operation.action is Action.CREATE:
        _create(account, kind, ids, body, provisioning, at, new_id)
        return None
    resource = lookups.target(account.resources, kind.name, ids) if kind else None
    if operation.action is Action.UPDATE and operation.effect is None:
        kind.update(resource.data, body, at)
        result = None
    elif operation.action in (Action.UPDATE, Action.PERFORM):
        from .actions import PERFORMERS
        from .acts import Act

        result = PERFORMERS[operation.effect](Act(account, account.resources, resource, body, ids, at, new_id))
    else:
        result = None
    if operation.action is Action.DELETE and resource is not None:
        _forget_descendants(account, resource)
    if resource is not None and (operation.action is not Action.PERFORM or provisioning is not None):
        timeline, final = provisioning, FINAL_STATUS[operation.action]
        if operation.action is not Action.DELETE:
            timeline, final = _settled(resource, provisioning, "change", final)
            resource.data["status"] = final
        resource.start(timeline, final, at)
    return result


# The kinds whose resources sit under each kind (a subscription's peerings, services, gateways…).
CHILD_KINDS = {name: tuple(kind.name for kind in KINDS.values() if kind.parent == name) for name in KINDS}


def _forget_descendants(account: Account, resource: Resource) -> None:
    """What sits under a deleted resource goes with it: a subscription's peerings, PSC services and
    their endpoints, private links, gateways and invitations (its databases refuse the delete first)."""
    for child in lookups.children(account.resources, resource, *CHILD_KINDS[resource.kind.name]):
        _forget_descendants(account, child)
        account.resources.pop(child.key, None)


def _settled(resource: Resource, timeline: Timeline | None, name: str, final: str) -> tuple[Timeline | None, str]:
    """The timeline a resource follows and its final status, as its kind settles them (a PSC endpoint
    shows accept-pending and rests active when accepted): the profile's steps, with the kind's own
    status where the profile left the default one."""
    if resource.kind.settles is None:
        return timeline, final
    shown, final = resource.kind.settles(resource.data, name)
    if timeline is None:
        return None, final
    default = shown_status(resource.kind.name, name)
    steps = tuple(step._replace(status=shown) if shown and step.status == default else step for step in timeline.steps)
    return Timeline(steps, final if timeline.final == TIMELINES[name].final else timeline.final), final


def _create(account: Account, kind, ids: Mapping[str, int], body: Mapping[str, Any],
            provisioning: Timeline | None, at: datetime, new_id: Callable[[str], int]) -> None:
    parent = account.resources[key_of(kind.parent, ids)].data if kind.parent else None
    resource = Resource(kind, dict(ids), kind.build(ids, body, at, parent))
    add_resource(account, resource, provisioning, at)
    if kind.plan is not None:  # e.g. a subscription's creation plan: its databases come with it
        child_kind = KINDS[kind.plan_kind]
        for child_body in kind.plan(body):
            child_ids = {**ids, child_kind.id_param: new_id(child_kind.name)}
            child = Resource(child_kind, child_ids, child_kind.build(child_ids, child_body, at, resource.data))
            add_resource(account, child, provisioning, at)
    if kind.companions is not None:  # e.g. the Transit Gateway shared with a new subscription
        from .acts import Act

        act = Act(account, account.resources, resource, body, ids, at, new_id)
        for companion, extra_ids, companion_body in kind.companions(ids, resource.data):
            act.create(companion, resource, extra_ids, companion_body)


def seed_account(account: Account) -> None:
    """What every account starts with (and comes back to on reset): kinds.seed_resources."""
    for kind, ids, data in seed_resources(account.id):
        resource = Resource(KINDS[kind], dict(ids), dict(data))
        account.resources[resource.key] = resource


def add_resource(account: Account, resource: Resource, provisioning: Timeline | None, at: datetime) -> None:
    account.resources[resource.key] = resource
    timeline, final = _settled(resource, provisioning, "provision", "active")
    resource.start(timeline, final, at)


def resource_body(account: Account, resource: Resource, read: lookups.Reader | None = None) -> dict[str, Any]:
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


def listed_body(body: dict[str, Any]) -> dict[str, Any]:
    """A resource as a listing shows it: a database's password only appears when it is read alone
    (an Essentials capture shows it in GET and not in the list; an Active-Active one's global
    password likewise)."""
    security = body.get("security")
    if isinstance(security, dict) and "password" in security:
        body = dict(body, security={k: v for k, v in security.items() if k != "password"})
    if "globalPassword" in body:
        body = {k: v for k, v in body.items() if k != "globalPassword"}
    return body
