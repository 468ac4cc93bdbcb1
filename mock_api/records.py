"""The records the store keeps: accounts, tasks, resources, and immutable task snapshots."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Dict, List, NamedTuple, Optional, Tuple

from .engine import Progress, Timeline
from .operations import Operation
from .kinds import ResourceKind
from .scenarios import Outcome, Scenario

ResourceKey = Tuple[str, int]  # (kind name, id)


@dataclass
class Account:
    id: int
    key: str
    secret: str
    tasks: Dict[str, "Task"] = field(default_factory=dict)
    resources: Dict[ResourceKey, "Resource"] = field(default_factory=dict)
    due: List[Tuple[datetime, int, str]] = field(default_factory=list)  # heap of (deadline, seq, task id)
    children_in_creation: Dict[ResourceKey, int] = field(default_factory=dict)  # parent → unfinished child creates
    # Per-account choices (pytest markers, control API); None: the server's own.
    profile: Optional[str] = None
    links: Optional[str] = None
    scenario: Optional[str] = None  # every task-creating request of this account uses it
    next_scenarios: List[str] = field(default_factory=list)  # used once each, before `scenario`

    def clear(self) -> None:
        """Forget every task and resource and per-account choice (the identity stays)."""
        self.tasks.clear()
        self.resources.clear()
        self.due.clear()
        self.children_in_creation.clear()
        self.profile = self.links = self.scenario = None
        self.next_scenarios.clear()


@dataclass(slots=True)
class Resource:
    kind: ResourceKind
    ids: Dict[str, int]  # path parameters that name it, e.g. {subscriptionId, databaseId}
    data: Dict[str, Any]  # the body as served, with a `status` key the store fills in on read
    timeline: Optional[Timeline] = None  # its provisioning; None: at rest in data["status"]
    progress: Optional[Progress] = None
    extra: Dict[str, Any] = field(default_factory=dict)  # state not in its body (backup status, CIDR list…)

    @property
    def key(self) -> ResourceKey:
        return (self.kind.name, self.ids[self.kind.id_param])

    def status(self) -> str:
        if self.timeline is None or self.progress is None:
            return self.data["status"]
        return self.progress.status(self.timeline)

    def start(self, timeline: Optional[Timeline], final_default: str, at: datetime) -> None:
        """Start a provisioning timeline (None: jump to its final status at once)."""
        self.timeline = timeline
        self.progress = Progress.start(at, shown_now=False) if timeline else None
        if timeline is None:
            self.data["status"] = final_default


@dataclass(slots=True)
class Task:
    """One task. Slotted, with its request body kept as compact JSON bytes: a server holds many
    (100,000 live tasks fit in the memory budget, and the garbage collector has little to walk)."""

    id: str
    operation: Operation
    scenario: Scenario
    progress: Progress
    submitted_at: datetime
    ids: Dict[str, int]  # path parameters, plus the new resource's id for a create
    body_json: bytes  # the request body, compact; `body` decodes it (needed once, when the task finishes)
    dry_run: bool = False
    outcome: Optional[Outcome] = None  # decided when the task finishes
    response: Optional[Dict[str, Any]] = None  # the `response` object, once finished
    forced_outcome: Optional[Outcome] = None  # set by a control action (complete / fail)
    scheduled: Optional[datetime] = None  # the deadline this task is queued under in Account.due
    hidden_polls: int = 0  # a fault: this many polls still answer 404, as if the task were unknown yet
    final_view: Optional["TaskView"] = None  # a finished task never changes: its snapshot is kept

    @property
    def timeline(self) -> Timeline:
        return self.scenario.task_timeline

    @property
    def body(self) -> Dict[str, Any]:
        return json.loads(self.body_json) if self.body_json else {}

    @property
    def status(self) -> str:
        if self.outcome is not None:
            return self.outcome.final_status
        return self.progress.status(self.timeline)


class TaskView(NamedTuple):
    """An immutable snapshot of a task, for representation outside the lock (a tuple: built on
    every poll, it has to be cheap)."""

    id: str
    command_type: str
    status: str
    description: Optional[str]
    timestamp: datetime
    response: Optional[Dict[str, Any]]
    resource_path: Optional[str]  # for the `resource` link of a completed create/update
    resource_title: Optional[str]
