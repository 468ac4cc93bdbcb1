"""The journal as a scenario file (``GET /_mock/requests?format=scenario``): what the mock's own
tasks did — the statuses each showed, for how many polls and seconds, and how it ended — written
as scenarios that replay it, through the same export as ``mock-api record``."""
from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from .operations import OPERATIONS
from .record import ObservedOutcome, ObservedStep, TaskObservation, export_scenarios, render_yaml
from .records import TaskRecord
from .scenario_model import FINISHED

_TEMPLATES = [(op, re.compile("^" + re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", op.path) + "/?$"))
              for op in OPERATIONS if op.command_type]


def _params(command_type: str, method: str, path: str) -> dict[str, str]:
    for op, pattern in _TEMPLATES:
        if op.command_type == command_type and op.method == method:
            match = pattern.match(path)
            if match:
                return match.groupdict()
    return {}


def _steps(record: TaskRecord) -> list[ObservedStep]:
    history = [c for c in record.history if c.status not in FINISHED]
    following = list(record.history[1:])
    steps = []
    for change, after in zip(history, following):
        seconds = (after.at - change.at).total_seconds()
        steps.append(ObservedStep(change.status, max(1, after.poll - change.poll), seconds if seconds > 0 else None))
    return steps


def _outcome(record: TaskRecord) -> ObservedOutcome:
    response: Mapping[str, Any] = record.view.response or {}
    if "error" in response:
        return ObservedOutcome(error=response["error"], additional_info=response.get("additionalInfo"))
    return ObservedOutcome(response=response)


def observation(entry: Mapping[str, Any], record: TaskRecord) -> TaskObservation | None:
    """One finished task seen by the journal (its creating request), or None while it runs."""
    if record.view.status not in FINISHED or not entry.get("commandType"):
        return None
    return TaskObservation(entry["commandType"], entry["method"], entry["path"],
                           _params(entry["commandType"], entry["method"], entry["path"]), entry.get("body"),
                           tuple(_steps(record)), _outcome(record), task_id=record.view.id)


def scenario_file(observations: list[TaskObservation], now: datetime) -> str:
    export = export_scenarios(observations)
    header = [f"Exported from mock_api's request journal at {now.isoformat(timespec='seconds')}: "
              f"{len(observations)} finished task(s)."] + [f"Not written: {note}" for note in export.notes]
    return render_yaml(export.document, header)
