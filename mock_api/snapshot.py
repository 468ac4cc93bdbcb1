"""The whole state as JSON and back: restart a dev server where it was.

A snapshot carries accounts with their tasks (progress, outcome, status history, the scenario each
follows, by definition) and resources (body and provisioning), each account's clock, the id
counters, the server's clock and fault rules. Secrets never leave in clear: account secrets as
digests, secret body fields masked (unless the admin asks for them).

Importing checks everything first — the JSON Schema (snapshot_schema.py), then what a schema
cannot say (known operations, kinds and profiles, ids a route needs, steps within timelines, no
duplicates) — and builds the new state aside; only a snapshot found whole replaces the state
(``Loaded`` is swapped in by the emulator). A refused snapshot changes nothing.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from .clock import MAX_TIME, MIN_TIME, ClockState
from .engine import Progress, Step, Timeline
from .faults import FaultError, FaultRule, parse_rule
from .kinds import KINDS
from .operations import BY_NAME, Action
from .records import Account, Resource, StatusChange, Task, secret_digest
from .representation import LINK_PROFILES
from .scenarios import ErrorTriple, Outcome, Scenario, ScenarioSpec, load_sources, load_specs
from .schemacheck import first_error
from .secrets import mask_body
from .snapshot_schema import SNAPSHOT_SCHEMA, VERSION
from .problems import SourceError

MAX_DEPTH = 96  # a snapshot nests request bodies (themselves up to 64 levels) a few levels down


class SnapshotError(ValueError):
    pass


# ---------------------------------------------------------------- export


def _time(value: datetime) -> str:
    return value.isoformat()


def _progress(progress: Progress | None) -> dict[str, Any] | None:
    if progress is None:
        return None
    return {"index": progress.index, "enteredAt": _time(progress.entered_at), "polls": progress.polls,
            "enteredPoll": progress.entered_poll, "held": progress.held}


def _timeline(timeline: Timeline | None) -> dict[str, Any] | None:
    if timeline is None:
        return None
    return {"steps": [{"status": s.status, "polls": s.polls, "seconds": s.seconds, "description": s.description}
                      for s in timeline.steps], "final": timeline.final}


def _outcome(outcome: Outcome | None) -> dict[str, Any] | None:
    if outcome is None:
        return None
    return {"error": outcome.error.as_json() if outcome.error else None, "response": outcome.response,
            "additionalInfo": outcome.additional_info}


def clock_json(state: ClockState) -> dict[str, Any]:
    return {"offsetSeconds": state.offset.total_seconds(),
            "frozenAt": _time(state.frozen_at) if state.frozen_at else None}


def dump_account(account: Account, scenarios: dict[str, Any], runtime: list[ScenarioSpec],
                 reveal: bool = False) -> dict[str, Any]:
    shown = (lambda body: body) if reveal else mask_body
    tasks = []
    for task in account.tasks.values():
        scenarios[task.scenario.name] = dict(task.scenario.definition)
        tasks.append({
            "id": task.id, "operation": task.operation.name, "scenario": task.scenario.name,
            "progress": _progress(task.progress), "submittedAt": _time(task.submitted_at), "ids": task.ids,
            "body": shown(task.body), "outcome": _outcome(task.outcome), "response": task.response,
            "forcedOutcome": _outcome(task.forced_outcome), "hiddenPolls": task.hidden_polls,
            "history": [{"status": c.status, "at": _time(c.at), "poll": c.poll} for c in task.history],
        })
    resources = [{"kind": r.kind.name, "ids": r.ids, "data": shown(r.data), "timeline": _timeline(r.timeline),
                  "progress": _progress(r.progress), "extra": shown(r.extra)} for r in account.resources.values()]
    return {"id": account.id, "key": account.key, "secretDigest": account.secret, "configured": account.configured,
            "profile": account.profile, "links": account.links, "scenario": account.scenario,
            "nextScenarios": list(account.next_scenarios),
            "clock": clock_json(account.clock.state) if account.clock else None,
            "runtimeScenarios": [dict(s.definition) for s in runtime], "tasks": tasks, "resources": resources}


# ---------------------------------------------------------------- import


@dataclass
class Loaded:
    """A checked snapshot, built aside; the emulator swaps it in whole."""

    accounts: list[Account]
    account_clocks: dict[int, ClockState]
    account_runtime: dict[int, list[ScenarioSpec]]
    next_ids: dict[str, int]
    next_account_id: int
    now: datetime
    clock: ClockState | None
    runtime: list[ScenarioSpec]
    faults: list[FaultRule] = field(default_factory=list)


class _Reader:
    """Builds records from checked JSON; every refusal names where it is."""

    def __init__(self, scenarios: dict[str, Scenario], profile_known: Callable[[str], bool]):
        self.scenarios, self.profile_known = scenarios, profile_known

    def time(self, value: Any, where: str) -> datetime:
        try:
            moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except ValueError:
            raise SnapshotError(f"{where}: {value!r} is not an ISO-8601 time") from None
        if moment.tzinfo is None:
            raise SnapshotError(f"{where}: {value!r} has no time zone")
        if not MIN_TIME <= moment <= MAX_TIME + timedelta(days=11):
            raise SnapshotError(f"{where}: {value!r} is outside the clock's range (1970 … 9000)")
        return moment

    def progress(self, data: dict[str, Any] | None, steps: int, where: str) -> Progress | None:
        if data is None:
            return None
        if data["index"] > steps:
            raise SnapshotError(f"{where}.index: {data['index']} is past the {steps} steps of its timeline")
        return Progress(data["index"], self.time(data["enteredAt"], where + ".enteredAt"), data["polls"],
                        data["enteredPoll"], data["held"])

    @staticmethod
    def timeline(data: dict[str, Any] | None, where: str) -> Timeline | None:
        if data is None:
            return None
        steps = []
        for index, step in enumerate(data["steps"]):
            if step.get("polls") is None and step.get("seconds") is None:
                raise SnapshotError(f"{where}.steps[{index}]: a step needs polls or seconds")
            steps.append(Step(step["status"], step.get("polls"), step.get("seconds"), step.get("description")))
        return Timeline(tuple(steps), data["final"])

    @staticmethod
    def outcome(data: dict[str, Any] | None) -> Outcome | None:
        if data is None:
            return None
        error = data.get("error")
        return Outcome(ErrorTriple(error["type"], error["status"], error["description"]) if error else None,
                       data.get("response"), data.get("additionalInfo"))

    def task(self, raw: dict[str, Any], where: str) -> Task:
        operation = BY_NAME.get(raw["operation"])
        if operation is None or not operation.action.is_task:
            raise SnapshotError(f"{where}.operation: {raw['operation']!r} is not a task-backed operation")
        scenario = self.scenarios.get(raw["scenario"])
        if scenario is None:
            raise SnapshotError(f"{where}.scenario: {raw['scenario']!r} is not among the snapshot's scenarios")
        ids, body = raw["ids"], raw.get("body") or {}
        needed = set(operation.params)
        if operation.action is Action.CREATE and operation.kind and not body.get("dryRun"):
            needed.add(KINDS[operation.kind].id_param)
        if not needed <= set(ids):
            raise SnapshotError(f"{where}.ids: {operation.name} needs {', '.join(sorted(needed))}")
        task = Task(raw["id"], operation, scenario,
                    self.progress(raw["progress"], len(scenario.steps), where + ".progress"),
                    self.time(raw["submittedAt"], where + ".submittedAt"), dict(ids),
                    json.dumps(body, separators=(",", ":")).encode() if body else b"", bool(body.get("dryRun")),
                    self.outcome(raw.get("outcome")), raw.get("response"), self.outcome(raw.get("forcedOutcome")))
        if (task.outcome is None) != (task.response is None):
            raise SnapshotError(f"{where}: a finished task has both an outcome and a response, a running one neither")
        task.hidden_polls = raw.get("hiddenPolls") or 0
        task.history = [StatusChange(c["status"], self.time(c["at"], where + ".history"), c["poll"])
                        for c in raw.get("history") or []]
        return task

    def resource(self, raw: dict[str, Any], where: str) -> Resource:
        kind = KINDS.get(raw["kind"])
        if kind is None:
            raise SnapshotError(f"{where}.kind: {raw['kind']!r} is not a resource kind ({', '.join(KINDS)})")
        needed = {kind.id_param} | ({KINDS[kind.parent].id_param} if kind.parent else set())
        if not needed <= set(raw["ids"]):
            raise SnapshotError(f"{where}.ids: a {kind.name} needs {', '.join(sorted(needed))}")
        timeline = self.timeline(raw.get("timeline"), where + ".timeline")
        progress = self.progress(raw.get("progress"), len(timeline.steps) if timeline else 0, where + ".progress")
        if (timeline is None) != (progress is None):
            raise SnapshotError(f"{where}: a timeline and its progress go together")
        return Resource(kind, dict(raw["ids"]), dict(raw["data"]), timeline, progress, dict(raw.get("extra") or {}))

    def account(self, raw: dict[str, Any], where: str, task_ids: set[str]) -> Account:
        if "secretDigest" in raw:
            digest = raw["secretDigest"]
        elif "secret" in raw:
            digest = secret_digest(raw["secret"])
        else:
            raise SnapshotError(f"{where}: an account needs secretDigest")
        account = Account(raw["id"], raw["key"], digest, bool(raw.get("configured")))
        for name in ("profile", "links"):
            value = raw.get(name)
            known = self.profile_known(value) if name == "profile" else value in LINK_PROFILES
            if value is not None and not known:
                raise SnapshotError(f"{where}.{name}: unknown {name} {value!r}")
        account.profile, account.links, account.scenario = raw.get("profile"), raw.get("links"), raw.get("scenario")
        account.next_scenarios = list(raw.get("nextScenarios") or [])
        for index, entry in enumerate(raw.get("tasks") or []):
            task = self.task(entry, f"{where}.tasks[{index}]")
            if task.id in task_ids:
                raise SnapshotError(f"{where}.tasks[{index}].id: task {task.id} appears twice")
            task_ids.add(task.id)
            account.tasks[task.id] = task
        for index, entry in enumerate(raw.get("resources") or []):
            resource = self.resource(entry, f"{where}.resources[{index}]")
            if resource.key in account.resources:
                raise SnapshotError(f"{where}.resources[{index}]: {resource.key[0]} {resource.key[1]} appears twice")
            account.resources.add(resource)
        return account

    def clock(self, raw: dict[str, Any] | None, where: str) -> ClockState | None:
        if raw is None:
            return None
        frozen = raw.get("frozenAt")
        return ClockState(timedelta(seconds=raw["offsetSeconds"]),
                          self.time(frozen, where + ".frozenAt") if frozen else None)


def _validate_schema(document: Any) -> None:
    problem = first_error("snapshot", SNAPSHOT_SCHEMA, document)
    if problem:
        raise SnapshotError(problem)


def _scenarios(definitions: Mapping[str, Any]) -> dict[str, Scenario]:
    if not definitions:
        return {}
    document = json.dumps({"scenarios": list(definitions.values())}).encode()
    try:
        return {s.name: s for s in load_sources([("snapshot", document)])}
    except SourceError as error:
        raise SnapshotError(f"its scenarios are invalid: {error}") from None


def load(document: Any, profile_known: Callable[[str], bool]) -> Loaded:
    """Check a snapshot whole and build its state aside. Raises SnapshotError."""
    _validate_schema(document)
    scenarios = _scenarios(document.get("scenarios") or {})
    reader = _Reader(scenarios, profile_known)
    accounts, clocks, runtime_by_account = [], {}, {}
    ids: set[int] = set()
    pairs: set[Any] = set()
    task_ids: set[str] = set()
    for index, raw in enumerate(document["accounts"]):
        where = f"accounts[{index}]"
        account = reader.account(raw, where, task_ids)
        if account.id in ids or (account.key, account.secret) in pairs:
            raise SnapshotError(f"{where}: account {account.id} (or its key pair) appears twice")
        ids.add(account.id)
        pairs.add((account.key, account.secret))
        accounts.append(account)
        clock = reader.clock(raw.get("clock"), where + ".clock")
        if clock is not None:
            clocks[account.id] = clock
        runtime_by_account[account.id] = _specs(raw.get("runtimeScenarios") or [], where)
    next_ids = document.get("nextIds") or {}
    unknown = set(next_ids) - set(KINDS)
    if unknown:
        raise SnapshotError(f"nextIds: unknown kinds {', '.join(sorted(unknown))}")
    faults = []
    for index, spec in enumerate(document.get("faults") or []):
        owner = spec.get("accountId")
        if owner is not None and owner not in ids:
            raise SnapshotError(f"faults[{index}].accountId: no account {owner!r} in the snapshot")
        rule_id = spec.get("id") if isinstance(spec.get("id"), int) and spec["id"] > 0 else index + 1
        try:
            rule = parse_rule(rule_id, {k: v for k, v in spec.items() if k not in ("id", "hits")}, owner)
        except FaultError as error:
            raise SnapshotError(f"faults[{index}]: {error}") from None
        hits = spec.get("hits", 0)
        if isinstance(hits, bool) or not isinstance(hits, int) or not 0 <= hits <= 2**31 - 1:
            raise SnapshotError(f"faults[{index}].hits: must be a whole number of at least 0")
        rule.hits = hits  # a rule with `times` goes on from where it was
        faults.append(rule)
    now = reader.time(document["now"], "now")
    if now > MAX_TIME:
        raise SnapshotError(f"now: {document['now']!r} is past the clock's range (1970 … 9000)")
    return Loaded(accounts, clocks, runtime_by_account, dict(next_ids), document.get("nextAccountId") or 0,
                  now, reader.clock(document.get("clock"), "clock"),
                  _specs(document.get("runtimeScenarios") or [], "snapshot"), faults)


def _specs(definitions: list[Any], where: str) -> list[ScenarioSpec]:
    """Run-time scenarios as they were loaded (they may name timelines: resolved under the profile
    in force when a request matches, as before the snapshot)."""
    if not definitions:
        return []
    document = json.dumps({"scenarios": definitions}).encode()
    try:
        return load_specs([(f"{where}.runtimeScenarios", document)])
    except SourceError as error:
        raise SnapshotError(f"{where}.runtimeScenarios are invalid: {error}") from None


def snapshot_document(accounts: list[dict[str, Any]], scenarios: dict[str, Any], next_ids: dict[str, int],
                      next_account_id: int, now: datetime, clock: ClockState, runtime: list[dict[str, Any]],
                      faults: list[dict[str, Any]]) -> dict[str, Any]:
    return {"version": VERSION, "now": _time(now), "clock": clock_json(clock), "nextIds": next_ids,
            "nextAccountId": next_account_id, "scenarios": scenarios, "runtimeScenarios": runtime,
            "accounts": accounts, "faults": faults}
