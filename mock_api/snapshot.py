"""The whole state as JSON and back: restart a dev server where it was.

A snapshot carries accounts with their tasks (progress, outcome, the scenario each follows, by
definition) and resources (body and provisioning), the id counters and the clock. Importing
validates the scenarios again and refuses a malformed snapshot as a whole (SnapshotError).
"""
from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Dict, List, Optional

from .engine import Progress, Step, Timeline
from .operations import BY_NAME
from .records import Account, Resource, Task
from .kinds import KINDS
from .scenarios import ErrorTriple, Outcome, Scenario, load_sources

VERSION = 1


class SnapshotError(ValueError):
    pass


def _time(value: datetime) -> str:
    return value.isoformat()


def _parse_time(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise SnapshotError(f"time without a zone: {value}")
    return moment


def _progress(progress: Optional[Progress]) -> Optional[Dict[str, Any]]:
    if progress is None:
        return None
    return {"index": progress.index, "enteredAt": _time(progress.entered_at), "polls": progress.polls,
            "enteredPoll": progress.entered_poll, "held": progress.held}


def _load_progress(data: Optional[Dict[str, Any]]) -> Optional[Progress]:
    if data is None:
        return None
    return Progress(int(data["index"]), _parse_time(data["enteredAt"]), int(data["polls"]),
                    int(data["enteredPoll"]), bool(data["held"]))


def _timeline(timeline: Optional[Timeline]) -> Optional[Dict[str, Any]]:
    if timeline is None:
        return None
    return {"steps": [{"status": s.status, "polls": s.polls, "seconds": s.seconds, "description": s.description}
                      for s in timeline.steps], "final": timeline.final}


def _load_timeline(data: Optional[Dict[str, Any]]) -> Optional[Timeline]:
    if data is None:
        return None
    return Timeline(tuple(Step(str(s["status"]), s.get("polls"), s.get("seconds"), s.get("description"))
                          for s in data["steps"]), str(data["final"]))


def _outcome(outcome: Optional[Outcome]) -> Optional[Dict[str, Any]]:
    if outcome is None:
        return None
    return {"error": outcome.error.as_json() if outcome.error else None, "response": outcome.response,
            "additionalInfo": outcome.additional_info}


def _load_outcome(data: Optional[Dict[str, Any]]) -> Optional[Outcome]:
    if data is None:
        return None
    error = data.get("error")
    return Outcome(ErrorTriple(error["type"], error["status"], error["description"]) if error else None,
                   data.get("response"), data.get("additionalInfo"))


def dump_account(account: Account, scenarios: Dict[str, Dict[str, Any]]) -> Dict[str, Any]:
    tasks = []
    for task in account.tasks.values():
        scenarios[task.scenario.name] = dict(task.scenario.definition)
        tasks.append({
            "id": task.id, "operation": task.operation.name, "scenario": task.scenario.name,
            "progress": _progress(task.progress), "submittedAt": _time(task.submitted_at), "ids": task.ids,
            "body": task.body, "outcome": _outcome(task.outcome), "response": task.response,
            "forcedOutcome": _outcome(task.forced_outcome), "hiddenPolls": task.hidden_polls,
        })
    resources = [{"kind": r.kind.name, "ids": r.ids, "data": r.data, "timeline": _timeline(r.timeline),
                  "progress": _progress(r.progress), "extra": r.extra} for r in account.resources.values()]
    return {"id": account.id, "key": account.key, "secret": account.secret, "profile": account.profile,
            "links": account.links, "scenario": account.scenario, "nextScenarios": list(account.next_scenarios),
            "tasks": tasks, "resources": resources}


def load_scenarios(definitions: Dict[str, Any]) -> Dict[str, Scenario]:
    if not definitions:
        return {}
    document = json.dumps({"scenarios": list(definitions.values())}).encode()
    return {s.name: s for s in load_sources([("snapshot", document)])}


def load_account(data: Dict[str, Any], scenarios: Dict[str, Scenario]) -> Account:
    account = Account(int(data["id"]), str(data["key"]), str(data["secret"]))
    account.profile, account.links, account.scenario = data.get("profile"), data.get("links"), data.get("scenario")
    account.next_scenarios = list(data.get("nextScenarios") or [])
    for raw in data.get("tasks") or []:
        scenario = scenarios[raw["scenario"]]
        body = raw.get("body") or {}
        task = Task(str(raw["id"]), BY_NAME[raw["operation"]], scenario, _load_progress(raw["progress"]),
                    _parse_time(raw["submittedAt"]), {k: int(v) for k, v in raw["ids"].items()},
                    json.dumps(body, separators=(",", ":")).encode() if body else b"", bool(body.get("dryRun")),
                    _load_outcome(raw.get("outcome")), raw.get("response"), _load_outcome(raw.get("forcedOutcome")))
        task.hidden_polls = int(raw.get("hiddenPolls") or 0)
        account.tasks[task.id] = task
    for raw in data.get("resources") or []:
        resource = Resource(KINDS[raw["kind"]], {k: int(v) for k, v in raw["ids"].items()}, dict(raw["data"]),
                            _load_timeline(raw.get("timeline")), _load_progress(raw.get("progress")),
                            dict(raw.get("extra") or {}))
        account.resources[resource.key] = resource
    return account


def snapshot_document(accounts: List[Dict[str, Any]], scenarios: Dict[str, Any], next_ids: Dict[str, int],
                      next_account_id: int, now: datetime, faults: List[Dict[str, Any]]) -> Dict[str, Any]:
    return {"version": VERSION, "now": _time(now), "nextIds": next_ids, "nextAccountId": next_account_id,
            "scenarios": scenarios, "accounts": accounts, "faults": faults}
