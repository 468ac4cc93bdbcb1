"""The records the store keeps: accounts, tasks, resources, and immutable task snapshots."""

import hashlib
import json
from collections import deque
from collections.abc import Iterator, MutableMapping, Sequence
from datetime import datetime
from typing import Any, NamedTuple

from .clock import Clock
from .engine import Progress, Timeline
from .kinds import KINDS, ResourceKind
from .operations import Operation
from .scenario_model import Outcome, Scenario

# Account, Resource and Task are plain classes, not dataclasses (why in docs/architecture.md, "Start-up
# reads what the first request needs"); they compare by identity, as mutable records should.
ResourceKey = tuple[str, int]  # (kind name, id)
HISTORY_LIMIT = 64  # status changes kept per task (the first, then the latest): enough for any real timeline


def secret_digest(secret: str) -> str:
    """Secrets are kept as digests: a snapshot or a listing can never show one in clear."""
    return "sha256:" + hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def parent_key(resource: "Resource") -> ResourceKey | None:
    parent = resource.kind.parent
    if parent is None:
        return None
    value = resource.ids.get(KINDS[parent].id_param)
    return None if value is None else (parent, value)


class ResourceIndex(MutableMapping):
    """An account's resources by (kind, id), with the indexes reads need kept up to date on every
    change: the resources of each kind and the children of each resource, in creation order. A read
    of one resource, a listing and every business rule then cost what they return, not the account's
    size."""

    def __init__(self) -> None:
        self._all: dict[ResourceKey, Resource] = {}
        self._by_kind: dict[str, dict[int, Resource]] = {}
        self._children: dict[ResourceKey, dict[str, dict[int, Resource]]] = {}

    def __getitem__(self, key: ResourceKey) -> "Resource":
        return self._all[key]

    def __setitem__(self, key: ResourceKey, resource: "Resource") -> None:
        if key in self._all:
            del self[key]
        self._all[key] = resource
        kind, rid = key
        self._by_kind.setdefault(kind, {})[rid] = resource
        parent = parent_key(resource)
        if parent is not None:
            self._children.setdefault(parent, {}).setdefault(kind, {})[rid] = resource

    def __delitem__(self, key: ResourceKey) -> None:
        resource = self._all.pop(key)
        kind, rid = key
        self._by_kind[kind].pop(rid, None)
        parent = parent_key(resource)
        if parent is not None and parent in self._children:
            self._children[parent].get(kind, {}).pop(rid, None)

    def __iter__(self) -> Iterator[ResourceKey]:
        return iter(self._all)

    def __len__(self) -> int:
        return len(self._all)

    def add(self, resource: "Resource") -> None:
        self[resource.key] = resource

    def of_kind(self, kind: str) -> list["Resource"]:
        """The resources of one kind, oldest first (a copy: the caller may drop some while iterating)."""
        return list(self._by_kind.get(kind, {}).values())

    def children(self, parent: ResourceKey, kind: str) -> list["Resource"]:
        """The resources of ``kind`` under ``parent``, oldest first (a copy)."""
        return list(self._children.get(parent, {}).get(kind, {}).values())

    def clear(self) -> None:
        self._all.clear()
        self._by_kind.clear()
        self._children.clear()


class Account:
    def __init__(self, id: int, key: str, secret: str, configured: bool = False) -> None:
        self.id = id
        self.key = key
        self.secret = secret  # the digest (secret_digest), never the secret itself
        self.configured = configured  # from --accounts: kept (emptied) by a global reset
        self.tasks: dict[str, Task] = {}
        self.finished: deque[str] = deque()  # finished task ids, oldest first (retention)
        self.resources = ResourceIndex()
        self.due: list[tuple[datetime, int, str]] = []  # heap of (deadline, seq, task id)
        self.children_in_creation: dict[ResourceKey, int] = {}  # parent → unfinished child creates
        self.clock: Clock | None = None  # the account's own time, over the server's (set by the store)
        # Per-account choices (pytest markers, control API); None: the server's own.
        self.profile: str | None = None
        self.links: str | None = None
        self.scenario: str | None = None  # every task-creating request of this account uses it
        self.next_scenarios: list[str] = []  # used once each, before `scenario`

    def __repr__(self) -> str:
        return f"Account(id={self.id}, key={self.key!r}, tasks={len(self.tasks)}, resources={len(self.resources)})"

    def clear(self) -> None:
        """Forget every task, resource and per-account choice, and the account's own time (the
        identity stays)."""
        self.tasks.clear()
        self.finished.clear()
        self.resources.clear()
        self.due.clear()
        self.children_in_creation.clear()
        self.profile = self.links = self.scenario = None
        self.next_scenarios.clear()
        if self.clock is not None:
            self.clock.reset()


class Resource:
    __slots__ = ("kind", "ids", "data", "timeline", "progress", "extra")

    def __init__(self, kind: ResourceKind, ids: dict[str, int], data: dict[str, Any],
                 timeline: Timeline | None = None, progress: Progress | None = None,
                 extra: dict[str, Any] | None = None) -> None:
        self.kind = kind
        self.ids = ids  # path parameters that name it, e.g. {subscriptionId, databaseId}
        self.data = data  # the body as served, with a `status` key the store fills in on read
        self.timeline = timeline  # its provisioning; None: at rest in data["status"]
        self.progress = progress
        self.extra: dict[str, Any] = {} if extra is None else extra  # state not in its body (backup, CIDRs…)

    def __repr__(self) -> str:
        return f"Resource({self.kind.name}, {self.ids}, status={self.data.get('status')!r})"

    @property
    def key(self) -> ResourceKey:
        return (self.kind.name, self.ids[self.kind.id_param])

    def status(self) -> str:
        if self.timeline is None or self.progress is None:
            return self.data["status"]
        return self.progress.status(self.timeline)

    def start(self, timeline: Timeline | None, final_default: str, at: datetime) -> None:
        """Start a provisioning timeline (None: jump to its final status at once)."""
        self.timeline = timeline
        self.progress = Progress.start(at, shown_now=False) if timeline else None
        if timeline is None:
            self.data["status"] = final_default


class StatusChange(NamedTuple):
    status: str
    at: datetime  # when the status began
    poll: int  # the number of the first poll that showed it (0: the creating answer)


class Task:
    """One task. Slotted, with its request body kept as compact JSON bytes: a server holds many
    (100,000 live tasks fit in the memory budget, and the garbage collector has little to walk)."""

    __slots__ = ("id", "operation", "scenario", "progress", "submitted_at", "ids", "body_json", "dry_run",
                 "outcome", "response", "forced_outcome", "scheduled", "hidden_polls", "final_view",
                 "running_json", "first_status", "later")

    def __init__(self, id: str, operation: Operation, scenario: Scenario, progress: Progress,
                 submitted_at: datetime, ids: dict[str, int], body_json: bytes, dry_run: bool = False,
                 outcome: Outcome | None = None, response: dict[str, Any] | None = None,
                 forced_outcome: Outcome | None = None) -> None:
        self.id = id
        self.operation = operation
        self.scenario = scenario
        self.progress = progress
        self.submitted_at = submitted_at
        self.ids = ids  # path parameters, plus the new resource's id for a create
        self.body_json = body_json  # the request body, compact; `body` decodes it (once, when the task finishes)
        self.dry_run = dry_run
        self.outcome = outcome  # decided when the task finishes
        self.response = response  # the `response` object, once finished
        self.forced_outcome = forced_outcome  # set by a control action (complete / fail)
        self.scheduled: datetime | None = None  # the deadline this task is queued under in Account.due
        self.hidden_polls = 0  # a fault: this many polls still answer 404, as if the task were unknown yet
        self.final_view: TaskView | None = None  # a finished task never changes: its snapshot is kept
        self.running_json: list[Any] | None = None  # a running task's one-slot cache of its JSON, once listed
        # The status history. Its first entry is nearly always the status the task was created in, at
        # submitted_at, poll 0: only that status is kept for it (a server holds many tasks, and two
        # objects per task were 15 MiB per 100,000); `later` holds the changes after it.
        self.first_status = ""  # "" when the first entry is not that one (a snapshot may say otherwise)
        self.later: tuple[StatusChange, ...] = ()

    def __repr__(self) -> str:
        return f"Task({self.id}, {self.operation.name}, {self.status})"

    @property
    def timeline(self) -> Timeline:
        return self.scenario.task_timeline

    @property
    def body(self) -> dict[str, Any]:
        return json.loads(self.body_json) if self.body_json else {}

    @property
    def status(self) -> str:
        if self.outcome is not None:
            return self.outcome.final_status
        return self.progress.status(self.timeline)

    @property
    def history(self) -> tuple[StatusChange, ...]:
        """Each status with when it began and the first poll that showed it, oldest first."""
        if self.first_status:
            return (StatusChange(self.first_status, self.submitted_at, 0),) + self.later
        return self.later

    @history.setter
    def history(self, changes: Sequence[StatusChange]) -> None:
        self.first_status, self.later = "", ()
        for change in changes:
            self.record_change(change)

    def record_change(self, change: StatusChange) -> None:
        if not self.first_status and not self.later and change.at == self.submitted_at and change.poll == 0:
            self.first_status = change.status
            return
        later = self.later
        if len(later) + bool(self.first_status) >= HISTORY_LIMIT:  # keep the first status and the latest ones
            later = later[1:] if self.first_status else later[:1] + later[2:]
        self.later = later + (change,)


class TaskView(NamedTuple):
    """An immutable snapshot of a task, for representation outside the lock (a tuple: built on
    every poll, it has to be cheap)."""

    id: str
    command_type: str
    status: str
    description: str | None
    timestamp: datetime
    response: dict[str, Any] | None
    resource_path: str | None  # for the `resource` link of a completed create/update
    resource_title: str | None
    # The task's one-slot cache of its encoded JSON (the representation fills it, keyed by what
    # the JSON depends on): a finished task is encoded once, a running one once per status by
    # listings. None: not kept (a creating answer, a poll of a running task).
    encoded: list[Any] | None = None


class TaskRecord(NamedTuple):
    """A task as the control API and the dashboard show it: its view plus what a poll does not show."""

    view: TaskView
    history: tuple[StatusChange, ...]
    held: bool
    polls: int
    next_deadline: datetime | None
