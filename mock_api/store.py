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
import hmac
import json
import random
import threading
import uuid
from collections import OrderedDict
from datetime import datetime, timedelta
from collections.abc import Mapping
from typing import Any, Dict, Iterable, List, Optional, Tuple

from . import engine
from .clock import Clock
from .effects import apply_effect, completed_response, resource_body, seed_account
from .engine import Progress
from .operations import Action, Operation
from .placeholders import render
from .records import Account, Resource, ResourceKey, StatusChange, Task, TaskRecord, TaskView, secret_digest
from .kinds import KINDS
from .rules import business_error, key_of
from .scenarios import COMPLETED, GONE, ErrorTriple, Outcome, Scenario

TASK_LIST_WINDOW = timedelta(days=10)
DEFAULT_MAX_TASKS = 10_000
DEFAULT_MAX_ACCOUNTS = 10_000


class TooManyTasks(Exception):
    """The account already has ``max_tasks`` tasks in progress (the real API's 429)."""


class Store:
    def __init__(self, seed: Optional[int] = None, accounts: Optional[List[Mapping[str, Any]]] = None,
                 clock: Optional[Clock] = None, max_tasks: int = DEFAULT_MAX_TASKS,
                 max_accounts: int = DEFAULT_MAX_ACCOUNTS):
        self._lock = threading.RLock()
        self._random = random.Random(seed)
        self._seq = 0
        self.clock = clock or Clock()
        self.max_tasks = max_tasks
        self.max_accounts = max_accounts
        self._accounts: "OrderedDict[Tuple[str, str], Account]" = OrderedDict()  # least recently used first
        self._by_key: Dict[str, Account] = {}
        self._by_id: Dict[int, Account] = {}
        self._task_owner: Dict[str, Account] = {}
        self._next_ids = {name: kind.first_id for name, kind in KINDS.items()}
        self._open = accounts is None  # open: every distinct key pair is its own account
        self._next_account_id = 1001
        for entry in accounts or []:
            self._add_account(entry["key"], secret_digest(entry["secret"]), entry.get("accountId"), configured=True)

    # ------------------------------------------------------------ accounts

    def _add_account(self, key: str, digest: str, account_id: Optional[int] = None,
                     configured: bool = False) -> Account:
        if account_id is None:
            account_id = self._next_account_id
        self._next_account_id = max(self._next_account_id, account_id) + 1
        account = Account(account_id, key, digest, configured)
        self._adopt(account)
        seed_account(account)
        return account

    def _adopt(self, account: Account) -> None:
        account.clock = Clock(self.clock.now)
        self._accounts[(account.key, account.secret)] = account
        self._by_key[account.key] = account
        self._by_id[account.id] = account
        for task_id in account.tasks:
            self._task_owner[task_id] = account

    def authenticate(self, key: str, secret: str) -> Optional[Account]:
        digest = secret_digest(secret)
        with self._lock:
            account = self._accounts.get((key, digest))
            if account is not None:
                self._accounts.move_to_end((key, digest))
                return account
            if not self._open:
                known = self._by_key.get(key)
                if known is not None:  # constant-time compare, for form's sake
                    hmac.compare_digest(known.secret, digest)
                return None
            while len(self._accounts) >= self.max_accounts:
                self._forget(next(iter(self._accounts.values())))
            return self._add_account(key, digest)

    def lookup(self, key: str, secret: str) -> Optional[Account]:
        """The account of a key pair, if it exists (never makes one)."""
        with self._lock:
            return self._accounts.get((key, secret_digest(secret)))

    def forget(self, account: Account) -> None:
        """Drop an account and everything in it (a fixture's teardown; its key pair is never reused)."""
        with self._lock:
            self._forget(account)

    def _forget(self, account: Account) -> None:
        if self._accounts.get((account.key, account.secret)) is account:
            del self._accounts[(account.key, account.secret)]
        if self._by_key.get(account.key) is account:
            del self._by_key[account.key]
        if self._by_id.get(account.id) is account:
            del self._by_id[account.id]
        for task_id in account.tasks:
            self._task_owner.pop(task_id, None)
        account.clear()

    def accounts(self) -> List[Account]:
        with self._lock:
            return list(self._accounts.values())

    def account_by_id(self, account_id: int) -> Optional[Account]:
        with self._lock:
            return self._by_id.get(account_id)

    def account_of_task(self, task_id: str) -> Optional[Account]:
        with self._lock:
            return self._task_owner.get(task_id)

    def now(self, account: Optional[Account]) -> datetime:
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
            self._task_owner[task.id] = account
            parent = _parent_in_creation(task)
            if parent is not None:
                account.children_in_creation[parent] = account.children_in_creation.get(parent, 0) + 1
            self._after_move(account, task)
            return self._view(account, task)

    def poll(self, account: Account, task_id: str, now: datetime) -> Optional[TaskView]:
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
            return self._view(account, task)

    def task_list(self, account: Account, now: datetime) -> List[TaskView]:
        with self._lock:
            self._settle(account, now)
            since = now - TASK_LIST_WINDOW
            recent = [task for task in account.tasks.values() if task.submitted_at > since]
            recent.sort(key=lambda task: task.progress.entered_at, reverse=True)
            return [self._view(account, task) for task in recent]

    def inspect(self, account: Account, task_id: Optional[str], now: datetime) -> List[TaskRecord]:
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
            self._task_owner.pop(dropped, None)

    # ------------------------------------------------------------ effects

    def _finish(self, account: Account, task: Task, at: datetime) -> None:
        """Decide the outcome (a business rule may turn it into an error) and apply the effect."""
        outcome = task.forced_outcome or task.scenario.outcome
        resources = VisibleResources(self, account, at)
        body = task.body
        if outcome.error is None:
            outcome = business_error(task.operation, task.ids, body, resources, account) or outcome
        task.outcome = outcome
        task.record_change(StatusChange(outcome.final_status, at, task.progress.entered_poll))
        parent = _parent_in_creation(task)
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
                                      lambda resource: self._read_resource(account, resource, at, poll=True))
        context = {"taskId": task.id, "commandType": task.operation.command_type, "accountId": account.id,
                   "resourceId": response.get("resourceId"), "additionalResourceId": response.get("additionalResourceId"),
                   "params": task.ids, "body": body}
        response.update(render(dict(outcome.response or {}), context))
        task.response = response

    # ------------------------------------------------------------ resources

    def get_resource(self, account: Account, kind: str, ids: Mapping[str, int],
                     now: datetime) -> Optional[Dict[str, Any]]:
        """The body of one resource; the read counts as a poll of it."""
        with self._lock:
            self._settle(account, now)
            resource = account.resources.get((kind, ids[KINDS[kind].id_param]))
            if resource is None or not _same_parent(resource, ids):
                return None
            if not self._read_resource(account, resource, now, poll=True):
                return None
            return resource_body(account, resource, lambda child: self._read_resource(account, child, now, True))

    def list_resources(self, account: Account, kind: str, parent_ids: Mapping[str, int],
                       now: datetime) -> List[Tuple[Dict[str, int], Dict[str, Any]]]:
        """(ids, body) of each resource of ``kind`` under ``parent_ids``, in creation order."""
        with self._lock:
            self._settle(account, now)
            # A listing shows each resource, so it counts as a poll of each (a client waiting
            # for `numberOfDatabases` or a status in a list must see it move).
            listed = [resource for resource in _candidates(account, kind, parent_ids)
                      if _same_parent(resource, parent_ids) and self._read_resource(account, resource, now, poll=True)]
            read = lambda child: self._read_resource(account, child, now, poll=True)  # noqa: E731
            return [(dict(resource.ids), resource_body(account, resource, read)) for resource in listed]

    def run(self, account: Account, now: datetime, operation):
        """Run a synchronous operation (``operation(resources)``) on the account's resources as they
        stand at ``now``, under the lock: it reads and changes them atomically."""
        with self._lock:
            self._settle(account, now)
            return operation(VisibleResources(self, account, now))

    @staticmethod
    def _read_resource(account: Account, resource: Resource, now: datetime, poll: bool) -> bool:
        """Advance a resource for one read; False (and forgotten) once it is gone."""
        if resource.timeline is not None and resource.progress is not None:
            resource.progress = engine.advance(resource.timeline, resource.progress, now, poll=poll)
        if resource.status() == GONE:
            account.resources.pop(resource.key, None)
            return False
        return True

    # ------------------------------------------------------------ control

    def export(self) -> Tuple[List[Account], Dict[str, int], int]:
        """(accounts, next ids, next account id), for snapshot.py (which must not keep them)."""
        with self._lock:
            return list(self._accounts.values()), dict(self._next_ids), self._next_account_id

    def restore(self, accounts: List[Account], next_ids: Mapping[str, int], next_account_id: int) -> None:
        """Replace the whole state with accounts already built and checked by snapshot.py."""
        with self._lock:
            self._accounts.clear()
            self._by_key.clear()
            self._by_id.clear()
            self._task_owner.clear()
            for account in accounts:
                self._adopt(account)
            for kind, value in next_ids.items():
                self._next_ids[kind] = max(self._next_ids[kind], value)
            self._next_account_id = max(self._next_account_id, next_account_id,
                                        max((a.id + 1 for a in accounts), default=0))
            for account in accounts:
                done = sorted((t for t in account.tasks.values() if t.outcome is not None),
                              key=lambda t: t.progress.entered_at)
                account.finished.extend(t.id for t in done)
                for task in list(account.tasks.values()):
                    parent = _parent_in_creation(task)
                    if task.outcome is None and parent is not None:
                        account.children_in_creation[parent] = account.children_in_creation.get(parent, 0) + 1
                    if task.outcome is None:
                        self._after_move(account, task)

    def hide_task(self, account: Account, task_id: str, polls: int) -> None:
        with self._lock:
            account.tasks[task_id].hidden_polls = polls

    def reset(self, account: Optional[Account] = None) -> None:
        """Forget the tasks and resources of one account; or, globally, forget the accounts made by
        unknown key pairs and empty the configured ones (ids keep counting up)."""
        with self._lock:
            if account is not None:
                for task_id in account.tasks:
                    self._task_owner.pop(task_id, None)
                account.clear()
                seed_account(account)
                return
            for each in list(self._accounts.values()):
                if each.configured:
                    for task_id in each.tasks:
                        self._task_owner.pop(task_id, None)
                    each.clear()
                    seed_account(each)
                else:
                    self._forget(each)

    def control_task(self, account: Account, task_id: str, action: str, now: datetime,
                     error: Optional[ErrorTriple] = None, additional_info: Optional[str] = None
                     ) -> Optional[TaskView]:
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
            return self._view(account, task)

    def peek_resource(self, account: Account, kind: str, ids: Mapping[str, int], now: datetime) -> Optional[Resource]:
        """The resource record as it stands (no read counted), or None."""
        with self._lock:
            self._settle(account, now)
            resource = VisibleResources(self, account, now).get((kind, ids[KINDS[kind].id_param]))
            return resource if resource is not None and _same_parent(resource, ids) else None

    def peek_resources(self, account: Account, kind: Optional[str], now: datetime) -> List[Dict[str, Any]]:
        """Bodies of the account's resources as they stand, without counting a read."""
        with self._lock:
            self._settle(account, now)
            pool: Iterable[Resource] = account.resources.of_kind(kind) if kind else list(account.resources.values())
            return [resource_body(account, r) for r in pool if self._read_resource(account, r, now, poll=False)]

    def queue_scenarios(self, account: Account, names: List[str]) -> None:
        with self._lock:
            account.next_scenarios.extend(names)

    def take_chosen_scenario(self, account: Account) -> Optional[str]:
        """The scenario a control action chose for this account's next request, if any."""
        with self._lock:
            if account.next_scenarios:
                return account.next_scenarios.pop(0)
            return account.scenario

    def next_deadline(self, account: Account, task_id: str) -> Optional[datetime]:
        """When the task's current step runs out by time (None: only polls or control move it)."""
        with self._lock:
            task = account.tasks.get(task_id)
            if task is None or task.outcome is not None:
                return None
            return engine.next_deadline(task.timeline, task.progress)

    # ------------------------------------------------------------ views

    def _view(self, account: Account, task: Task) -> TaskView:
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
        view = TaskView(task.id, op.command_type or "", status, description, task.progress.entered_at,
                        task.response, resource_path, title, [] if finished else None)
        if finished:
            task.final_view = view
        return view


class VisibleResources(Mapping):
    """A read-only mapping over an account's resources that settles each one it hands out."""

    def __init__(self, store: Store, account: Account, now: datetime):
        self._store, self._account, self._now = store, account, now

    def _fresh(self, resource: Optional[Resource]) -> Optional[Resource]:
        if resource is None:
            return None
        return resource if self._store._read_resource(self._account, resource, self._now, poll=False) else None

    def __getitem__(self, key: ResourceKey) -> Resource:
        resource = self._fresh(self._account.resources.get(key))
        if resource is None:
            raise KeyError(key)
        return resource

    def __iter__(self):
        for key, resource in list(self._account.resources.items()):
            if self._fresh(resource) is not None:
                yield key

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def of_kind(self, kind: str) -> List[Resource]:
        """The live resources of one kind (its index: no scan of the account)."""
        return [r for r in self._account.resources.of_kind(kind) if self._fresh(r) is not None]

    def children(self, parent: ResourceKey, kind: str) -> List[Resource]:
        """The live resources of ``kind`` under ``parent`` (its index: no scan of the account)."""
        return [r for r in self._account.resources.children(parent, kind) if self._fresh(r) is not None]


def _candidates(account: Account, kind: str, parent_ids: Mapping[str, int]) -> List[Resource]:
    """Resources of ``kind`` that may sit under ``parent_ids``: the parent's children when the kind
    has a parent named in ``parent_ids``, else every resource of the kind (both from indexes)."""
    parent = KINDS[kind].parent
    if parent is not None and KINDS[parent].id_param in parent_ids:
        return account.resources.children(key_of(parent, parent_ids), kind)
    return account.resources.of_kind(kind)


def _parent_in_creation(task: Task) -> Optional[ResourceKey]:
    """The parent of a child being created (a subscription getting a database), else None."""
    if task.operation.action is not Action.CREATE or task.operation.kind is None:
        return None
    kind = KINDS[task.operation.kind]
    return key_of(kind.parent, task.ids) if kind.parent is not None else None


def _same_parent(resource: Resource, ids: Mapping[str, int]) -> bool:
    return all(resource.ids.get(name) == value for name, value in ids.items() if name in resource.ids)
