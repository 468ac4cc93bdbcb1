"""All state, behind one lock: accounts, their tasks and their resources.

The store never formats JSON (see representation.py) and never decides a status by itself (see
engine.py): it records progress, asks the engine where a task or resource stands on each read,
and applies a task's effect (the resource it creates, changes or deletes) the moment the task is
seen to finish. Tasks whose steps end by time sit in a heap keyed by their next deadline, so
``_settle`` finds the ones the clock has finished without scanning every task.

Memory is bounded: finished tasks beyond ``max_tasks`` per account are dropped oldest first (the
real API lists ten days of tasks), an account cannot hold more than ``max_tasks`` running tasks, and
accounts made by unknown key pairs are at most ``max_accounts`` (the least recently used goes) and
are forgotten by a global reset.
"""
from __future__ import annotations

import heapq
import json
import random
import threading
import uuid
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from . import engine
from .accounts import AccountRegistry
from .clock import Clock
from .effects import apply_effect, completed_response, resource_body, seed_account
from .engine import Progress
from .operations import Action, Operation
from .records import Account, Resource, StatusChange, Task, TaskRecord, TaskView, secret_digest
from .kinds import KINDS
from .resource_view import VisibleResources, candidates, parent_in_creation, read_resource, same_parent
from .scenario_model import COMPLETED, ErrorTriple, Outcome, Scenario

TASK_LIST_WINDOW = timedelta(days=10)
DEFAULT_MAX_TASKS = 10_000
DEFAULT_MAX_ACCOUNTS = 10_000


class TooManyTasks(Exception):
    """The account already has ``max_tasks`` tasks in progress (the real API's 429)."""


class Store:
    def __init__(self, seed: int | None = None, accounts: list[Mapping[str, Any]] | None = None,
                 clock: Clock | None = None, max_tasks: int = DEFAULT_MAX_TASKS,
                 max_accounts: int = DEFAULT_MAX_ACCOUNTS):
        self._lock = threading.RLock()
        self._random = random.Random(seed)
        self._seq = 0
        self.clock = clock or Clock()
        self.max_tasks = max_tasks
        self._registry = AccountRegistry(self._ready, open_mode=accounts is None, max_accounts=max_accounts)
        self._next_ids = {name: kind.first_id for name, kind in KINDS.items()}
        for entry in accounts or []:
            self._registry.add(entry["key"], secret_digest(entry["secret"]), entry.get("accountId"), configured=True)

    # ------------------------------------------------------------ accounts

    def _ready(self, account: Account) -> None:
        """An account joins: its own clock over the server's; a new one gets what every account has."""
        account.clock = Clock(self.clock.now)
        if not account.tasks and not account.resources:
            seed_account(account)

    def authenticate(self, key: str, secret: str) -> Account | None:
        """The key pair's account; in open mode a new pair becomes one (None: refused)."""
        with self._lock:
            return self._registry.authenticate(key, secret)

    def lookup(self, key: str, secret: str) -> Account | None:
        """The account of a key pair, if it exists (never makes one)."""
        with self._lock:
            return self._registry.lookup(key, secret)

    def forget(self, account: Account) -> None:
        """Drop an account and everything in it (a fixture's teardown; its key pair is never reused)."""
        with self._lock:
            self._registry.forget(account)

    def accounts(self) -> list[Account]:
        with self._lock:
            return self._registry.all()

    def account_by_id(self, account_id: int) -> Account | None:
        with self._lock:
            return self._registry.by_id(account_id)

    def account_of_task(self, task_id: str) -> Account | None:
        with self._lock:
            return self._registry.owner_of_task(task_id)

    def now(self, account: Account | None) -> datetime:
        """The account's time (its own clock over the server's), or the server's."""
        if account is not None and account.clock is not None:
            return account.clock.now()
        return self.clock.now()

    # ------------------------------------------------------------ tasks

    def _new_id(self, kind: str) -> int:
        value = self._next_ids[kind]
        self._next_ids[kind] += 1
        return value

    def _new_task_id(self) -> str:
        return str(uuid.UUID(int=self._random.getrandbits(128), version=4))

    def submit(self, account: Account, operation: Operation, params: Mapping[str, int], body: Mapping[str, Any],
               scenario: Scenario, now: datetime) -> TaskView:
        """Raises TooManyTasks (nothing changed) when the account has max_tasks tasks in progress."""
        with self._lock:
            self._settle(account, now)
            if len(account.tasks) - len(account.finished) >= self.max_tasks:
                raise TooManyTasks(f"account {account.id} already has {self.max_tasks} tasks in progress")
            ids = dict(params)
            dry_run = bool(body.get("dryRun"))
            if operation.action is Action.CREATE and not dry_run:
                kind = KINDS[operation.kind]
                ids[kind.id_param] = self._new_id(kind.name)
            body_json = json.dumps(body, separators=(",", ":")).encode() if body else b""
            task = Task(self._new_task_id(), operation, scenario, Progress.start(now), now, ids, body_json, dry_run)
            task.record_change(StatusChange(task.status, now, 0))
            account.tasks[task.id] = task
            self._registry.track_task(task.id, account)
            parent = parent_in_creation(task)
            if parent is not None:
                account.children_in_creation[parent] = account.children_in_creation.get(parent, 0) + 1
            self._after_move(account, task)
            return self._view(account, task, keep_json=False)  # its creating answer has a shape of its own

    def poll(self, account: Account, task_id: str, now: datetime) -> TaskView | None:
        with self._lock:
            self._settle(account, now)
            task = account.tasks.get(task_id)
            if task is None:
                return None
            if task.hidden_polls:
                task.hidden_polls -= 1  # "not found yet": no poll is counted
                return None
            if task.outcome is None:
                self._advance(task, now, poll=True)
                self._after_move(account, task)
            return self._view(account, task, keep_json=False)  # a running task's JSON: kept by listings only

    def task_list(self, account: Account, now: datetime) -> list[TaskView]:
        with self._lock:
            self._settle(account, now)
            since = now - TASK_LIST_WINDOW
            recent = [task for task in account.tasks.values() if task.submitted_at > since]
            recent.sort(key=lambda task: task.progress.entered_at, reverse=True)
            return [self._view(account, task) for task in recent]

    def inspect(self, account: Account, task_id: str | None, now: datetime) -> list[TaskRecord]:
        """One task (or all, newest status first) with its status history; no poll is counted."""
        with self._lock:
            self._settle(account, now)
            if task_id is not None:
                tasks = [account.tasks[task_id]] if task_id in account.tasks else []
            else:
                tasks = sorted(account.tasks.values(), key=lambda t: t.progress.entered_at, reverse=True)
            return [TaskRecord(self._view(account, t), tuple(t.history), t.progress.held, t.progress.polls,
                               None if t.outcome else engine.next_deadline(t.timeline, t.progress)) for t in tasks]

    def _advance(self, task: Task, now: datetime, poll: bool = False) -> None:
        def entered(progress: Progress) -> None:
            if not progress.is_final(task.timeline):  # the final status is recorded by _finish
                task.record_change(StatusChange(progress.status(task.timeline), progress.entered_at,
                                                progress.entered_poll))

        task.progress = engine.advance(task.timeline, task.progress, now, poll=poll, entered=entered)

    def _settle(self, account: Account, now: datetime) -> None:
        """Move every task whose time-based step has run out by ``now``, in deadline order."""
        while account.due and account.due[0][0] <= now:
            deadline, _, task_id = heapq.heappop(account.due)
            task = account.tasks.get(task_id)
            if task is None or task.outcome is not None:
                continue
            if engine.next_deadline(task.timeline, task.progress) != deadline:
                continue  # stale entry: the task moved since (a poll, a control action)
            self._advance(task, deadline)
            self._after_move(account, task)

    def _after_move(self, account: Account, task: Task) -> None:
        if task.progress.is_final(task.timeline):
            if task.outcome is None:
                self._finish(account, task, task.progress.entered_at)
            return
        deadline = engine.next_deadline(task.timeline, task.progress)
        if deadline is not None and deadline != task.scheduled:
            task.scheduled = deadline
            self._seq += 1
            heapq.heappush(account.due, (deadline, self._seq, task.id))

    def _retire(self, account: Account, task: Task) -> None:
        """Count a finished task; past ``max_tasks`` finished tasks, drop the oldest."""
        account.finished.append(task.id)
        while len(account.finished) > self.max_tasks:
            dropped = account.finished.popleft()
            account.tasks.pop(dropped, None)
            self._registry.untrack_task(dropped)

    # ------------------------------------------------------------ effects

    def _finish(self, account: Account, task: Task, at: datetime) -> None:
        """Decide the outcome (a business rule may turn it into an error) and apply the effect."""
        # The rules, and the families' behaviours behind them, load with the first task to finish:
        # a server answers its first requests without them (docs/performance.md, "Start-up").
        from .placeholders import render
        from .rules import business_error

        outcome = task.forced_outcome or task.scenario.outcome
        resources = VisibleResources(account, at)
        body = task.body
        if outcome.error is None:
            outcome = business_error(task.operation, task.ids, body, resources, account) or outcome
        task.outcome = outcome
        task.record_change(StatusChange(outcome.final_status, at, task.progress.entered_poll))
        parent = parent_in_creation(task)
        if parent is not None:
            account.children_in_creation[parent] -= 1
        self._retire(account, task)
        if outcome.error is not None:
            task.response = {"error": outcome.error.as_json()}
            if outcome.additional_info:
                task.response["additionalInfo"] = outcome.additional_info
            return
        result = apply_effect(account, task, body, at, self._new_id)
        response = completed_response(task.operation, task.ids, body, resources, account, result,
                                      lambda resource: read_resource(account, resource, at, poll=True))
        context = {"taskId": task.id, "commandType": task.operation.command_type, "accountId": account.id,
                   "resourceId": response.get("resourceId"), "additionalResourceId": response.get("additionalResourceId"),
                   "params": task.ids, "body": body}
        response.update(render(dict(outcome.response or {}), context))
        task.response = response

    # ------------------------------------------------------------ resources

    def get_resource(self, account: Account, kind: str, ids: Mapping[str, int],
                     now: datetime) -> dict[str, Any] | None:
        """The body of one resource; the read counts as a poll of it."""
        with self._lock:
            self._settle(account, now)
            resource = account.resources.get((kind, ids[KINDS[kind].id_param]))
            if resource is None or not same_parent(resource, ids):
                return None
            if not read_resource(account, resource, now, poll=True):
                return None
            return resource_body(account, resource, lambda child: read_resource(account, child, now, True))

    def list_resources(self, account: Account, kind: str, parent_ids: Mapping[str, int],
                       now: datetime) -> list[tuple[dict[str, int], dict[str, Any]]]:
        """(ids, body) of each resource of ``kind`` under ``parent_ids``, in creation order."""
        with self._lock:
            self._settle(account, now)
            # A listing shows each resource, so it counts as a poll of each (a client waiting
            # for `numberOfDatabases` or a status in a list must see it move).
            listed = [resource for resource in candidates(account, kind, parent_ids)
                      if same_parent(resource, parent_ids) and read_resource(account, resource, now, poll=True)]
            read = lambda child: read_resource(account, child, now, poll=True)  # noqa: E731
            # ids as they are (they never change once a resource exists): no copy per item listed.
            return [(resource.ids, resource_body(account, resource, read)) for resource in listed]

    def run(self, account: Account, now: datetime, operation):
        """Run a synchronous operation (``operation(resources)``) on the account's resources as they
        stand at ``now``, under the lock: it reads and changes them atomically."""
        with self._lock:
            self._settle(account, now)
            return operation(VisibleResources(account, now))

    # ------------------------------------------------------------ control

    def export(self) -> tuple[list[Account], dict[str, int], int]:
        """(accounts, next ids, next account id), for snapshot.py (which must not keep them)."""
        with self._lock:
            return self._registry.all(), dict(self._next_ids), self._registry.next_id

    def restore(self, accounts: list[Account], next_ids: Mapping[str, int], next_account_id: int) -> None:
        """Replace the whole state with accounts already built and checked by snapshot.py."""
        with self._lock:
            self._registry.clear()
            for account in accounts:
                self._registry.take(account)
            self._registry.add_id_floor(next_account_id)
            for kind, value in next_ids.items():
                self._next_ids[kind] = max(self._next_ids[kind], value)
            for account in accounts:
                done = sorted((t for t in account.tasks.values() if t.outcome is not None),
                              key=lambda t: t.progress.entered_at)
                account.finished.extend(t.id for t in done)
                for task in list(account.tasks.values()):
                    parent = parent_in_creation(task)
                    if task.outcome is None and parent is not None:
                        account.children_in_creation[parent] = account.children_in_creation.get(parent, 0) + 1
                    if task.outcome is None:
                        self._after_move(account, task)

    def hide_task(self, account: Account, task_id: str, polls: int) -> None:
        with self._lock:
            account.tasks[task_id].hidden_polls = polls

    def reset(self, account: Account | None = None) -> None:
        """Forget the tasks and resources of one account; or, globally, forget the accounts made by
        unknown key pairs and empty the configured ones (ids keep counting up)."""
        with self._lock:
            for each in [account] if account is not None else self._registry.all():
                if account is None and not each.configured:
                    self._registry.forget(each)
                    continue
                self._registry.untrack_tasks(each)
                each.clear()
                seed_account(each)

    def control_task(self, account: Account, task_id: str, action: str, now: datetime,
                     error: ErrorTriple | None = None, additional_info: str | None = None
                     ) -> TaskView | None:
        """step | complete | fail (with ``error``) | hold | release; None if there is no such task.

        Raises ValueError when the task has already finished (its outcome is history).
        """
        with self._lock:
            self._settle(account, now)
            task = account.tasks.get(task_id)
            if task is None:
                return None
            if task.outcome is not None:
                raise ValueError(f"task {task_id} has already finished ({task.status})")
            if action == "hold":
                task.progress = task.progress._replace(held=True)
            elif action == "release":
                task.progress = task.progress._replace(held=False)
            elif action == "step":
                task.progress = engine.skip_step(task.timeline, task.progress._replace(held=False), now)
                if not task.progress.is_final(task.timeline):
                    task.record_change(StatusChange(task.status, now, task.progress.entered_poll))
            elif action in ("complete", "fail"):
                task.forced_outcome = Outcome(error=error, additional_info=additional_info) \
                    if action == "fail" else Outcome()
                task.progress = engine.finish(task.timeline, task.progress, now)
            else:
                raise ValueError(f"unknown task action {action!r}")
            self._after_move(account, task)
            return self._view(account, task, keep_json=False)

    def peek_resource(self, account: Account, kind: str, ids: Mapping[str, int], now: datetime) -> Resource | None:
        """The resource record as it stands (no read counted), or None."""
        with self._lock:
            self._settle(account, now)
            resource = VisibleResources(account, now).get((kind, ids[KINDS[kind].id_param]))
            return resource if resource is not None and same_parent(resource, ids) else None

    def peek_resources(self, account: Account, kind: str | None, now: datetime) -> list[dict[str, Any]]:
        """Bodies of the account's resources as they stand, without counting a read."""
        with self._lock:
            self._settle(account, now)
            pool: Iterable[Resource] = account.resources.of_kind(kind) if kind else list(account.resources.values())
            return [resource_body(account, r) for r in pool if read_resource(account, r, now, poll=False)]

    def queue_scenarios(self, account: Account, names: list[str]) -> None:
        with self._lock:
            account.next_scenarios.extend(names)

    def take_chosen_scenario(self, account: Account) -> str | None:
        """The scenario a control action chose for this account's next request, if any."""
        with self._lock:
            if account.next_scenarios:
                return account.next_scenarios.pop(0)
            return account.scenario

    def next_deadline(self, account: Account, task_id: str) -> datetime | None:
        """When the task's current step runs out by time (None: only polls or control move it)."""
        with self._lock:
            task = account.tasks.get(task_id)
            if task is None or task.outcome is not None:
                return None
            return engine.next_deadline(task.timeline, task.progress)

    # ------------------------------------------------------------ views

    def _view(self, account: Account, task: Task, keep_json: bool = True) -> TaskView:
        """The task as it stands. Its view carries the task's one-slot cache of its JSON: a finished
        task's for good; a running one's until its status changes when ``keep_json`` (listings: a
        dashboard or a CloudFormation client lists every second, and each task is encoded once per
        status). A poll of a running task does not fill it: a poll reads one task, and keeping the
        JSON of every running task ever polled would hold memory (0.5 KiB each) for tasks that no
        listing reads, for little gain (its status changes between polls)."""
        if task.final_view is not None:
            return task.final_view
        status = task.status
        step = task.progress.step(task.timeline)
        description = step.description if step is not None else None
        resource_path = title = None
        op = task.operation
        linked = op.action in (Action.CREATE, Action.UPDATE, Action.PERFORM) and op.kind is not None
        if status == COMPLETED and linked and not task.dry_run:
            kind = KINDS[op.kind]
            resource_path, title = kind.path_for(task.ids), kind.link_title
        finished = task.outcome is not None
        if finished:
            cache, task.running_json = [], None
        elif keep_json:
            cache = task.running_json
            if cache is None:
                cache = task.running_json = []
        else:
            cache = None
        view = TaskView(task.id, op.command_type or "", status, description, task.progress.entered_at,
                        task.response, resource_path, title, cache)
        if finished:
            task.final_view = view
        return view
