"""What was observed of tasks, as plain data: the input of the scenario export.

The recorder builds these from proxied traffic; the mock's own journal can build them too. Nothing
here knows HTTP. ``steps_from_answers`` turns the answers a client saw (one status each, with the
time that status began) into steps with their number of polls and their duration.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..scenarios import FINISHED, TASK_STEP_ORDER


@dataclass(frozen=True)
class ObservedStep:
    status: str
    polls: int  # answers that showed it (for a task's first step, the creating answer is the first)
    seconds: float | None = None  # how long it lasted; None when unknown or not positive
    description: str | None = None  # the description the answers carried, if any


@dataclass(frozen=True)
class ObservedOutcome:
    """How the task ended: an error triple (``{"type", "status", "description"}``) with its
    ``additionalInfo``, or completed with the ``response`` it carried (``resourceId``,
    ``resource``…; ids are the service's own and are not replayed)."""

    error: Mapping[str, Any] | None = None
    additional_info: str | None = None
    response: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class ResourceObservation:
    """The provisioning of the resource a task touched, read after the task finished."""

    path: str
    steps: tuple[ObservedStep, ...]  # statuses before the last one seen, in order
    final: str  # the last status seen ("gone" when the resource answered 404)
    settled: bool  # the last status is one a resource stays in (active, error, gone…)


@dataclass(frozen=True)
class TaskObservation:
    command_type: str
    method: str
    path: str  # relative to the API root (no /v1), e.g. /subscriptions/12/databases
    params: Mapping[str, str]  # path parameters by the operation table's names
    body: Any  # the request's JSON body (None when it had none)
    steps: tuple[ObservedStep, ...]  # running statuses (initialized, received, processing-in-progress)
    outcome: ObservedOutcome
    resource: ResourceObservation | None = None
    not_found_polls: int = 0  # polls answered 404 (the task not yet known to the service)
    rate_limited_polls: int = 0  # polls answered 429
    task_id: str | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Answer:
    """One answer about a task or resource: its status, when that status began (from the answer's
    own ``timestamp`` when it has one) and when the answer was seen, in seconds on one clock."""

    status: str
    began: float | None
    seen: float
    description: str | None = None


class NotRepresentable(ValueError):
    """A sequence no scenario can reproduce (a status that goes back, an unknown status)."""


def group_answers(answers: Sequence[Answer], start: float | None = None) -> list[ObservedStep]:
    """Consecutive answers with the same status become one step: ``polls`` is how many answers
    showed it, ``seconds`` the time from its beginning to the next status's beginning. ``start``,
    when given, is when the first status began (e.g. when provisioning started)."""
    groups: list[tuple[str, float, int, str | None]] = []  # status, began, answers, description
    for answer in answers:
        if groups and groups[-1][0] == answer.status:
            status, began, count, description = groups[-1]
            groups[-1] = (status, began, count + 1, description)
            continue
        began = answer.began if answer.began is not None else answer.seen
        if not groups and start is not None:
            began = start
        groups.append((answer.status, began, 1, answer.description))
    steps = []
    for index, (status, began, count, description) in enumerate(groups):
        seconds = None
        if index + 1 < len(groups):
            lasted = round(groups[index + 1][1] - began, 3)
            seconds = lasted if lasted > 0 else None
        steps.append(ObservedStep(status, count, seconds, description))
    return steps


def task_steps(answers: Sequence[Answer]) -> tuple[tuple[ObservedStep, ...], ObservedStep]:
    """A task's running steps and its final step, from every answer up to the first final one.
    Raises NotRepresentable when the statuses could not come from a scenario."""
    steps = group_answers(answers)
    if not steps or steps[-1].status not in FINISHED:
        raise NotRepresentable("the task never finished while recording")
    running, final = steps[:-1], steps[-1]
    if not running:
        raise NotRepresentable("the creating answer was already final (a scenario starts with a running status)")
    rank = 0
    for step in running:
        if step.status not in TASK_STEP_ORDER:
            raise NotRepresentable(f"status {step.status!r} is not a running task status")
        if TASK_STEP_ORDER.index(step.status) < rank:
            raise NotRepresentable(f"status went back to {step.status!r}")
        rank = TASK_STEP_ORDER.index(step.status)
    return tuple(running), final
