"""A written scenario + a profile + an operation → the Scenario a task follows.

Named timelines (``steps: task``, ``resource: provision``) take the profile's steps for that
operation; a resource step without a status shows the operation's kind's own. Every operation also
has a default scenario, from the operation table alone: its action and kind pick the timelines
(timelines.ACTION_TIMELINES), so a new task-backed operation needs no scenario file.
"""
from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from .engine import Step, Timeline
from .operations import Operation
from .profiles import Profile
from .scenario_model import Match, Outcome, ResourceSpec, Scenario, ScenarioSpec, steps_json
from .timelines import TIMELINES, default_timelines, shown_status
from .problems import Problem, SourceError

# Which profile entry gave each timeline of a resolved scenario: {"steps": "timelines.task", ...}.
Entries = Mapping[str, str]


@lru_cache(maxsize=None)
def default_spec(operation: Operation) -> ScenarioSpec:
    """What an operation does when no scenario matches it: its action's timelines, completing."""
    task, resource = default_timelines(operation)
    definition: dict[str, Any] = {"name": operation.name,
                                  "match": {"commandType": operation.command_type, "method": operation.method},
                                  "steps": task, "outcome": "completed"}
    if resource:
        definition["resource"] = resource
    origin = f"operation table ({operation.action.value}: {task}{' + ' + resource if resource else ''})"
    return ScenarioSpec(operation.name, Match(operation.command_type, operation.method), task, Outcome(),
                        ResourceSpec(resource) if resource else None, origin, definition)


def resolve(spec: ScenarioSpec, profile: Profile | None, operation: Operation | None) -> tuple[Scenario, Entries]:
    """The scenario with every timeline written out, and the profile entries it used. Without a
    profile, a spec that names a timeline is refused (SourceError)."""
    if spec.names_timelines and profile is None:
        raise SourceError([Problem(spec.origin, 1, 1, "", f"scenario {spec.name!r} names a timeline; it needs a "
                                                          "profile")])
    entries: dict[str, str] = {}
    steps = spec.steps
    if isinstance(steps, str):
        entries["steps"], steps = profile.timeline(steps, operation)
    resource = None
    if spec.resource is not None:
        resource = _resource(spec.resource, profile, operation, entries)
    definition = spec.definition
    if spec.names_timelines:  # self-contained: it loads again without the profile (snapshots)
        definition = {**definition, "steps": steps_json(steps)}
        definition.pop("resource", None)
        if resource is not None:
            definition["resource"] = {"steps": steps_json(resource.steps), "final": resource.final}
    return Scenario(spec.name, spec.match, steps, spec.outcome, resource, spec.origin, definition), entries


def _resource(written: ResourceSpec, profile: Profile | None, operation: Operation | None,
              entries: dict[str, str]) -> Timeline | None:
    if not isinstance(written.steps, str):
        return Timeline(written.steps, written.final)
    entries["resource"], raw = profile.timeline(written.steps, operation)
    status = written.status or shown_status(operation.kind if operation else None, written.steps)
    steps = tuple(Step(step.status or status, step.polls, step.seconds, step.description) for step in raw)
    if not steps and written.final is None:
        return None  # an empty timeline: the resource is in its final status at once
    return Timeline(steps, written.final or TIMELINES[written.steps].final)
