"""All state, behind one lock: accounts, their tasks and their resources.

The store never formats JSON (see representation.py) and never decides a status by itself (see
engine.py): it records progress, asks the engine where a task or resource stands on each read,
and applies a task's effect (the resource it creates, changes or deletes) the moment the task is
seen to finish. Tasks whose steps end by time sit in a heap keyed by their next deadline, so
``_settle`` finds the ones the clock has finished without scanning every task.
"""
from __future__ import annotations

import heapq
import hmac
import json
import random
import threading
import uuid
from datetime import datetime, timedelta
from collections.abc import Mapping
from typing import Any, Dict, List, Optional, Tuple

from . import engine
from .effects import apply_effect, completed_response, resource_body, seed_account
from .snapshot import SnapshotError, dump_account, load_account, load_scenarios
from .engine import Progress
from .operations import Action, Operation
from .placeholders import render
from .records import Account, Resource, ResourceKey, Task, TaskView
from .kinds import KINDS
from .rules import business_error, key_of
from .scenarios import COMPLETED, GONE, ErrorTriple, Outcome, Scenario
from .yamlsource import SourceError

TASK_LIST_WINDOW = timedelta(days=10)


class Store:
    def __init__(self, seed: Optional[int] = None, accounts: Optional[List[Mapping[str, Any]]] = None):
        self._lock = threading.RLock()
        self._random = random.Random(seed)
        self._seq = 0
        self._accounts_by_pair: Dict[Tuple[str, str], Account] = {}
        self._accounts_by_key: Dict[str, Account] = {}
        self._next_ids = {name: kind.first_id for name, kind in KINDS.items()}
        self._open = accounts is None  # open: every distinct key pair is its own account
        self._next_account_id = 1001
        for entry in accounts or []:
            self._add_account(entry["key"], entry["secret"], entry.get("accountId"))

    # ------------------------------------------------------------ accounts

    def _add_account(self, key: str, secret: str, account_id: Optional[int] = None) -> Account:
        if account_id is None:
            account_id = self._next_account_id
        self._next_account_id = max(self._next_account_id, account_id) + 1
        account = Account(account_id, key, secret)
        seed_account(account)
        self._accounts_by_pair[(key, secret)] = account
        self._accounts_by_key[key] = account
        return account

    def authenticate(self, key: str, secret: str) -> Optional[Account]:
        with self._lock:
            account = self._accounts_by_pair.get((key, secret))
            if account is not None:
                return account
            if not self._open:
                known = self._accounts_by_key.get(key)
                if known is not None:  # constant-time compare, for form's sake
                    hmac.compare_digest(known.secret, secret)
                return None
            return self._add_account(key, secret)

    # ------------------------------------------------------------ tasks

    def _new_id(self, kind: str) -> int:
        value = self._next_ids[kind]
        self._next_ids[kind] += 1
        return value

    def _new_task_id(self) -> str:
        return str(uuid.UUID(int=self._random.getrandbits(128), version=4))

    def submit(self, account: Account, operation: Operation, params: Mapping[str, int], body: Mapping[str, Any],
               scenario: Scenario, now: datetime) -> TaskView:
        with self._lock:
            self._settle(account, now)
            ids = dict(params)
            dry_run = bool(body.get("dryRun"))
            if operation.action is Action.CREATE and not dry_run:
                kind = KINDS[operation.kind]
                ids[kind.id_param] = self._new_id(kind.name)
            body_json = json.dumps(body, separators=(",", ":")).encode() if body else b""
            task = Task(self._new_task_id(), operation, scenario, Progress.start(now), now, ids, body_json, dry_run)
            account.tasks[task.id] = task
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
                task.progress = engine.advance(task.timeline, task.progress, now, poll=True)
                self._after_move(account, task)
            return self._view(account, task)

    def task_list(self, account: Account, now: datetime) -> List[TaskView]:
        with self._lock:
            self._settle(account, now)
            since = now - TASK_LIST_WINDOW
            recent = [task for task in account.tasks.values() if task.submitted_at > since]
            recent.sort(key=lambda task: task.progress.entered_at, reverse=True)
            return [self._view(account, task) for task in recent]

    def _settle(self, account: Account, now: datetime) -> None:
        """Move every task whose time-based step has run out by ``now``, in deadline order."""
        while account.due and account.due[0][0] <= now:
            deadline, _, task_id = heapq.heappop(account.due)
            task = account.tasks.get(task_id)
            if task is None or task.outcome is not None:
                continue
            if engine.next_deadline(task.timeline, task.progress) != deadline:
                continue  # stale entry: the task moved since (a poll, a control action)
            task.progress = engine.advance(task.timeline, task.progress, deadline)
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

    # ------------------------------------------------------------ effects

    def _finish(self, account: Account, task: Task, at: datetime) -> None:
        """Decide the outcome (a business rule may turn it into an error) and apply the effect."""
        outcome = task.forced_outcome or task.scenario.outcome
        resources = self._visible_resources(account, at)
        body = task.body
        if outcome.error is None:
            outcome = business_error(task.operation, task.ids, body, resources, account) or outcome
        task.outcome = outcome
        parent = _parent_in_creation(task)
        if parent is not None:
            account.children_in_creation[parent] -= 1
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

    def _visible_resources(self, account: Account, now: datetime) -> "VisibleResources":
        """The account's resources as they exist at ``now``; each is brought up to date (and a
        deprovisioned one dropped) only when looked at, so a lookup costs one resource, not all."""
        return VisibleResources(self, account, now)

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
            listed = [resource for resource in list(account.resources.values())
                      if resource.kind.name == kind and _same_parent(resource, parent_ids)
                      and self._read_resource(account, resource, now, poll=True)]
            read = lambda child: self._read_resource(account, child, now, poll=True)  # noqa: E731
            return [(dict(resource.ids), resource_body(account, resource, read)) for resource in listed]

    def run(self, account: Account, now: datetime, operation):
        """Run a synchronous operation (``operation(resources)``) on the account's resources as they
        stand at ``now``, under the lock: it reads and changes them atomically."""
        with self._lock:
            self._settle(account, now)
            return operation(self._visible_resources(account, now))

    @staticmethod
    def _read_resource(account: Account, resource: Resource, now: datetime, poll: bool) -> bool:
        """Advance a resource for one read; False (and forgotten) once it is gone."""
        if resource.timeline is not None and resource.progress is not None:
            resource.progress = engine.advance(resource.timeline, resource.progress, now, poll=poll)
        if resource.status() == GONE:
            del account.resources[resource.key]
            return False
        return True

    # ------------------------------------------------------------ control

    def accounts(self) -> List[Account]:
        with self._lock:
            return list(self._accounts_by_pair.values())

    def account_by_id(self, account_id: int) -> Optional[Account]:
        with self._lock:
            return next((a for a in self._accounts_by_pair.values() if a.id == account_id), None)

    def account_of_task(self, task_id: str) -> Optional[Account]:
        with self._lock:
            return next((a for a in self._accounts_by_pair.values() if task_id in a.tasks), None)

    def export(self) -> Tuple[List[Dict[str, Any]], Dict[str, Any], Dict[str, int], int]:
        """(accounts, scenario definitions, next ids, next account id), for snapshot.py."""
        with self._lock:
            scenarios: Dict[str, Any] = {}
            accounts = [dump_account(a, scenarios) for a in self._accounts_by_pair.values()]
            return accounts, scenarios, dict(self._next_ids), self._next_account_id

    def restore(self, document: Mapping[str, Any]) -> None:
        """Replace the whole state with a snapshot's; raises SnapshotError and keeps the old state
        if the snapshot is malformed."""
        try:
            scenarios = load_scenarios(document.get("scenarios") or {})
            accounts = [load_account(raw, scenarios) for raw in document["accounts"]]
            next_ids = {kind: int(value) for kind, value in document.get("nextIds", {}).items() if kind in KINDS}
            next_account_id = int(document.get("nextAccountId", 0))
        except SourceError as error:
            raise SnapshotError(f"its scenarios are invalid: {error}") from None
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise SnapshotError(f"malformed snapshot ({type(error).__name__}: {error})") from None
        with self._lock:
            self._accounts_by_pair = {(a.key, a.secret): a for a in accounts}
            self._accounts_by_key = {a.key: a for a in accounts}
            for kind, value in next_ids.items():
                self._next_ids[kind] = max(self._next_ids[kind], value)
            self._next_account_id = max(self._next_account_id, next_account_id,
                                        max((a.id + 1 for a in accounts), default=0))
            for account in accounts:
                for task in account.tasks.values():
                    parent = _parent_in_creation(task)
                    if task.outcome is None and parent is not None:
                        account.children_in_creation[parent] = account.children_in_creation.get(parent, 0) + 1
                    if task.outcome is None:
                        self._after_move(account, task)

    def hide_task(self, account: Account, task_id: str, polls: int) -> None:
        with self._lock:
            account.tasks[task_id].hidden_polls = polls

    def reset(self, account: Optional[Account] = None) -> None:
        """Forget the tasks and resources of one account, or of all (ids keep counting up)."""
        with self._lock:
            for each in [account] if account is not None else self._accounts_by_pair.values():
                each.clear()
                seed_account(each)

    def control_task(self, account: Account, task_id: str, action: str, now: datetime,
                     error: Optional[ErrorTriple] = None) -> Optional[TaskView]:
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
            elif action in ("complete", "fail"):
                task.forced_outcome = Outcome(error=error) if action == "fail" else Outcome()
                task.progress = engine.finish(task.timeline, task.progress, now)
            else:
                raise ValueError(f"unknown task action {action!r}")
            self._after_move(account, task)
            return self._view(account, task)

    def peek_resource(self, account: Account, kind: str, ids: Mapping[str, int], now: datetime) -> Optional[Resource]:
        """The resource record as it stands (no read counted), or None."""
        with self._lock:
            self._settle(account, now)
            resource = self._visible_resources(account, now).get((kind, ids[KINDS[kind].id_param]))
            return resource if resource is not None and _same_parent(resource, ids) else None

    def peek_resources(self, account: Account, kind: Optional[str], now: datetime) -> List[Dict[str, Any]]:
        """Bodies of the account's resources as they stand, without counting a read."""
        with self._lock:
            self._settle(account, now)
            return [resource_body(account, r) for r in self._visible_resources(account, now).values()
                    if kind is None or r.kind.name == kind]

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
        view = TaskView(task.id, op.command_type or "", status, description, task.progress.entered_at,
                        task.response, resource_path, title)
        if task.outcome is not None:
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


def _parent_in_creation(task: Task) -> Optional[ResourceKey]:
    """The parent of a child being created (a subscription getting a database), else None."""
    if task.operation.action is not Action.CREATE or task.operation.kind is None:
        return None
    kind = KINDS[task.operation.kind]
    return key_of(kind.parent, task.ids) if kind.parent is not None else None


def _same_parent(resource: Resource, ids: Mapping[str, int]) -> bool:
    return all(resource.ids.get(name) == value for name, value in ids.items() if name in resource.ids)

