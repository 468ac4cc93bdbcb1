"""An account's resources as they stand at one instant: each brought up to date (its provisioning
advanced, a deprovisioned one forgotten) only when looked at, so a lookup costs what it returns."""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime

from . import engine
from .kinds import KINDS
from .operations import Action
from .records import Account, Resource, ResourceKey, Task
from .lookups import key_of
from .scenario_model import GONE


def read_resource(account: Account, resource: Resource, now: datetime, poll: bool) -> bool:
    """Advance a resource for one read; False (and forgotten) once it is gone."""
    if resource.timeline is not None and resource.progress is not None:
        resource.progress = engine.advance(resource.timeline, resource.progress, now, poll=poll)
    if resource.status() == GONE:
        account.resources.pop(resource.key, None)
        return False
    return True


class VisibleResources(Mapping):
    """A read-only mapping over an account's resources that settles each one it hands out, with the
    index questions of ``ResourceIndex`` (``of_kind``, ``children``) answered the same way."""

    def __init__(self, account: Account, now: datetime):
        self._account, self._now = account, now

    def _fresh(self, resource: Resource | None) -> Resource | None:
        if resource is None:
            return None
        return resource if read_resource(self._account, resource, self._now, poll=False) else None

    def __getitem__(self, key: ResourceKey) -> Resource:
        resource = self._fresh(self._account.resources.get(key))
        if resource is None:
            raise KeyError(key)
        return resource

    def __iter__(self) -> Iterator[ResourceKey]:
        for key, resource in list(self._account.resources.items()):
            if self._fresh(resource) is not None:
                yield key

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def of_kind(self, kind: str) -> list[Resource]:
        """The live resources of one kind (its index: no scan of the account)."""
        return [r for r in self._account.resources.of_kind(kind) if self._fresh(r) is not None]

    def children(self, parent: ResourceKey, kind: str) -> list[Resource]:
        """The live resources of ``kind`` under ``parent`` (its index: no scan of the account)."""
        return [r for r in self._account.resources.children(parent, kind) if self._fresh(r) is not None]


def candidates(account: Account, kind: str, parent_ids: Mapping[str, int]) -> list[Resource]:
    """Resources of ``kind`` that may sit under ``parent_ids``: the parent's children when the kind
    has a parent named in ``parent_ids``, else every resource of the kind (both from indexes)."""
    parent = KINDS[kind].parent
    if parent is not None and KINDS[parent].id_param in parent_ids:
        return account.resources.children(key_of(parent, parent_ids), kind)
    return account.resources.of_kind(kind)


def parent_in_creation(task: Task) -> ResourceKey | None:
    """The parent of a child being created (a subscription getting a database), else None."""
    if task.operation.action is not Action.CREATE or task.operation.kind is None:
        return None
    kind = KINDS[task.operation.kind]
    return key_of(kind.parent, task.ids) if kind.parent is not None else None


def same_parent(resource: Resource, ids: Mapping[str, int]) -> bool:
    return all(resource.ids.get(name) == value for name, value in ids.items() if name in resource.ids)
