"""Looking resources and finished tasks up: the one place that asks questions of an account's state.

Every function here is a question ("the children of this resource of kind K", "the resources of
kind K", …). ``resources`` is the store's settling view (``resource_view.VisibleResources``) or the account's
``ResourceIndex`` itself: both keep indexes by kind and by parent, so a question costs what it
returns, not the account's size. Any other mapping is scanned (tests, hand-made states).
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from .kinds import KINDS
from .records import Account, Resource, ResourceKey

Resources = Mapping[ResourceKey, Resource]
Reader = Callable[[Resource], bool]  # advances a resource for one read; False once it is gone


def key_of(kind_name: str, ids: Mapping[str, int]) -> ResourceKey:
    return (kind_name, ids[KINDS[kind_name].id_param])


def same_parent(resource: Resource, ids: Mapping[str, int]) -> bool:
    """The resource sits under the parents ``ids`` name (a database under that subscription)."""
    return all(resource.ids.get(name) == value for name, value in ids.items() if name in resource.ids)


def find(resources: Resources, kind_name: str, ids: Mapping[str, int]) -> Resource | None:
    resource = resources.get(key_of(kind_name, ids))
    return resource if resource is not None and same_parent(resource, ids) else None


def of_kind(resources: Resources, kind_name: str) -> list[Resource]:
    """The resources of one kind, in creation order."""
    indexed = getattr(resources, "of_kind", None)
    if indexed is not None:
        return indexed(kind_name)
    return [resource for resource in _each(resources) if resource.kind.name == kind_name]


def children(resources: Resources, parent: Resource, *kind_names: str) -> list[Resource]:
    """The resources of these kinds under ``parent``, in creation order within each kind."""
    indexed = getattr(resources, "children", None)
    if indexed is not None:
        return [child for kind_name in dict.fromkeys(kind_names) for child in indexed(parent.key, kind_name)]
    id_param, own_id = parent.kind.id_param, parent.ids[parent.kind.id_param]
    return [resource for resource in _each(resources)
            if resource.kind.name in kind_names and resource.ids.get(id_param) == own_id]


def target(resources: Resources, kind_name: str, ids: Mapping[str, int]) -> Resource | None:
    """The resource an operation's path names: by its id; or, for a kind with one per parent (a PSC
    service, a private link) whose path names only the parent, the parent's one in the path's region."""
    kind = KINDS[kind_name]
    if kind.id_param in ids:
        return find(resources, kind_name, ids)
    if not kind.singleton or kind.parent is None or KINDS[kind.parent].id_param not in ids:
        return None
    parent = find(resources, kind.parent, ids)
    return None if parent is None else next(iter(in_region(resources, parent, kind_name, ids.get("regionId"))), None)


def in_region(resources: Resources, parent: Resource, kind_name: str, region_id: int | None) -> list[Resource]:
    """The parent's children of one kind in one Active-Active region (None: those of no region)."""
    return [child for child in children(resources, parent, kind_name) if child.ids.get("regionId") == region_id]


def named(resources: Resources, kind_name: str, name: Any) -> Resource | None:
    return next((r for r in of_kind(resources, kind_name) if r.data.get("name") == name), None)


def first(resources: Resources, kind_name: str, predicate: Callable[[Resource], bool]) -> Resource | None:
    return next((r for r in of_kind(resources, kind_name) if predicate(r)), None)


def in_transition(resource: Resource) -> bool:
    """Provisioning, changing or deprovisioning: its timeline has not reached its final status."""
    return resource.timeline is not None and resource.progress is not None \
        and not resource.progress.is_final(resource.timeline)


def dependent_kinds(kind_name: str) -> tuple[str, ...]:
    """Kinds whose resources need this one active to be created (a subscription's databases): while
    one of them is being created or changed, the parent is not active either."""
    return _DEPENDENT_KINDS.get(kind_name, ())


def busy(children_of_parent: list[Resource]) -> bool:
    """Whether one of a parent's dependent children (see dependent_kinds) is in transition."""
    return any(child.kind.needs_active_parent and in_transition(child) for child in children_of_parent)


def finished_results(account: Account, command_type: str) -> Iterator[dict[str, Any]]:
    """``response.resource`` of each completed task of this commandType (e.g. the cost reports made)."""
    for task in list(account.tasks.values()):
        if task.operation.command_type == command_type and task.response and task.response.get("resource"):
            yield task.response["resource"]


def finished_tasks(account: Account) -> list[Any]:
    """The account's finished tasks, oldest first (the account's system log is made of them)."""
    done = [task for task in list(account.tasks.values()) if task.outcome is not None]
    done.sort(key=lambda task: task.progress.entered_at)
    return done


def _each(resources: Resources) -> list[Resource]:
    # A snapshot: reading a resource may forget it (deprovisioned) while the caller iterates.
    return list(resources.values())


_DEPENDENT_KINDS: dict[str, tuple[str, ...]] = {
    name: tuple(kind.name for kind in KINDS.values() if kind.parent == name and kind.needs_active_parent)
    for name in KINDS}
