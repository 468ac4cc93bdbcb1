"""recording.md: what the recording saw, for a person — each task's statuses with their polls and
seconds and its outcome, each resource's statuses over time, the shape of each kind of resource,
what could not be written and why, and the spec check's summary."""
from __future__ import annotations

import json
from collections.abc import Sequence
from itertools import groupby
from typing import Any

from .observations import ObservedStep, TaskObservation


def _steps(steps: Sequence[ObservedStep]) -> str:
    parts = []
    for step in steps:
        timing = f"{step.polls} answer{'s' if step.polls != 1 else ''}"
        if step.seconds is not None:
            timing += f", {step.seconds:g} s"
        parts.append(f"{step.status} ({timing})")
    return " → ".join(parts)


def _outcome(task: TaskObservation) -> str:
    error = task.outcome.error
    if error is None:
        return "completed" + (" with response.resource" if (task.outcome.response or {}).get("resource") else "")
    text = " / ".join(str(error.get(key)) for key in ("type", "status", "description") if error.get(key))
    return text + (f" (additionalInfo {task.outcome.additional_info})" if task.outcome.additional_info else "")


def _resource(task: TaskObservation) -> str:
    if task.resource is None:
        return "–"
    shown = _steps(task.resource.steps)
    return (shown + " → " if shown else "") + task.resource.final + ("" if task.resource.settled else " (still moving)")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _timeline(reads: list[tuple[float, str]]) -> str:
    """``pending ×10 from 31 s, active from 331 s``: runs of one status, with the first read's time."""
    parts = []
    for status, run in groupby(reads, key=lambda read: read[1]):
        run = list(run)
        count = f" ×{len(run)}" if len(run) > 1 else ""
        parts.append(f"{status}{count} from {run[0][0]:g} s")
    return ", ".join(parts)


def render_report(header: Sequence[str], tasks: Sequence[TaskObservation], resources: dict[str, list[tuple[float, str]]],
                  shapes: dict[str, Any], notes: Sequence[str], spec_summary: Sequence[str]) -> str:
    lines = ["# Recording", ""] + list(header) + [""]
    lines += ["## Tasks", "", "| commandType | request | statuses (answers, seconds) | outcome | resource afterwards |"
              " 404 / 429 polls |", "|---|---|---|---|---|---|"]
    for task in tasks:
        lines.append(f"| {task.command_type} | {task.method} {_cell(task.path)} | {_cell(_steps(task.steps))} | "
                     f"{_cell(_outcome(task))} | {_cell(_resource(task))} | "
                     f"{task.not_found_polls} / {task.rate_limited_polls} |")
    if not tasks:
        lines.append("| (no finished task) | | | | | |")
    lines += ["", "## Resources read", "", "Seconds since the first request, on the upstream's clock. "
              "`gone` is a 404.", "", "| path | statuses |", "|---|---|"]
    lines += [f"| {_cell(path)} | {_cell(_timeline(reads))} |" for path, reads in sorted(resources.items())]
    lines += ["", "## Shapes", "", "Field names and JSON types of the last body read of each kind of resource.", ""]
    for template, shape in sorted(shapes.items()):
        lines += [f"### GET {template}", "", "```json", json.dumps(shape, indent=1), "```", ""]
    if notes:
        lines += ["## Not written as recorded", ""] + [f"- {note}" for note in notes] + [""]
    if spec_summary:
        lines += ["## Spec check", "", "```"] + list(spec_summary) + ["```", ""]
    return "\n".join(lines).rstrip() + "\n"
