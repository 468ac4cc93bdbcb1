"""Scenarios: what happens to a task (and its resource) after a request.

A scenario file holds ``scenarios:``, a list of entries like::

    - name: declined
      match: {commandType: subscriptionCreateRequest, body: {name: "declined-*"}}   # globs
      steps: task                                       # the profile's task timeline, or steps written out
      outcome: {error: {type: PAYMENT_INFO_NOT_PROVIDED, status: 400 BAD_REQUEST, description: …}}
      resource: provision                               # optional: the profile's timeline, or steps + final

A ScenarioSet is what is in force under one profile: the loaded scenarios in priority order (first
match wins), then each operation's default from the operation table. This module is the entry point;
the pieces are scenario_model.py (data, matching), scenario_files.py (loading and checks),
profiles.py (timings) and resolution.py (written → followed). docs/scenarios.md documents the format.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

from .operations import BY_NAME, Operation
from .profiles import (Profile, UnknownProfile, builtin_profile, builtin_profiles, load_profile,  # noqa: F401
                       shipped_specs)
from .resolution import Entries, default_spec, resolve
from .scenario_files import TASK_OPERATIONS, load_specs, path_sources  # noqa: F401
from .scenario_model import (COMPLETED, FAILED, FINISHED, GONE,  # noqa: F401
                             TASK_STEP_ORDER, ErrorTriple, Match, Outcome, RequestFacts, Scenario, ScenarioSpec,
                             glob, steps_json)


class Choice(NamedTuple):
    """What one operation gets under a profile, for listings."""

    operation: Operation
    scenario: Scenario
    entries: Entries  # the profile entries of its timelines
    conditional: tuple[str, ...]  # scenarios before it that take over for some requests (body, params…)


class ScenarioSet:
    """The scenarios in force under one profile: ``specs`` in priority order (first match wins),
    then each operation's default. Resolved scenarios are cached, one per (scenario, operation)
    when it names timelines, else one per scenario, and shared by every task that follows it."""

    def __init__(self, profile: Profile, specs: Sequence[ScenarioSpec]):
        self.profile = profile
        self.specs = list(specs)
        self.by_name: dict[str, ScenarioSpec] = {s.name: s for s in reversed(self.specs)}  # the first wins
        self._candidates: dict[str, list[ScenarioSpec]] = {}  # commandType → specs whose glob admits it
        self._resolved: dict[tuple[int, str], tuple[Scenario, Entries]] = {}

    def resolved(self, spec: ScenarioSpec, operation: Operation) -> tuple[Scenario, Entries]:
        key = (id(spec), operation.name if spec.names_timelines else "")
        found = self._resolved.get(key)
        if found is None:
            found = self._resolved[key] = resolve(spec, self.profile, operation)
        return found

    def select(self, facts: RequestFacts) -> Scenario:
        operation = BY_NAME[facts.operation]
        candidates = self._candidates.get(facts.command_type)
        if candidates is None:  # filtered once per commandType, in priority order
            candidates = [s for s in self.specs if s.match is not None
                          and glob(facts.command_type, s.match.command_type)]
            self._candidates[facts.command_type] = candidates
        for spec in candidates:
            if spec.matches(facts):
                return self.resolved(spec, operation)[0]
        return self.resolved(default_spec(operation), operation)[0]

    def _spec_named(self, name: str) -> ScenarioSpec | None:
        """A loaded scenario by name, or an operation's default by its operationId."""
        if name in self.by_name:
            return self.by_name[name]
        operation = BY_NAME.get(name)
        return default_spec(operation) if operation is not None and operation.command_type else None

    def named(self, name: str, operation: Operation) -> Scenario | None:
        """The scenario chosen by name (X-Mock-Scenario, an account's choice) for one operation."""
        spec = self._spec_named(name)
        return None if spec is None else self.resolved(spec, operation)[0]

    def has(self, name: str) -> bool:
        return self._spec_named(name) is not None

    def names(self) -> list[str]:
        return [spec.name for spec in self.specs]

    def explain(self, operations: Iterable[Operation] = TASK_OPERATIONS) -> list[Choice]:
        """For each operation: the scenario a plain request gets, its timelines' profile entries,
        and the scenarios that take over for some requests only."""
        choices = []
        for operation in operations:
            conditional, plain = [], default_spec(operation)
            for spec in self.specs:
                if spec.match is None or not spec.match.admits(operation.command_type, operation.method):
                    continue
                if not spec.match.conditional:
                    plain = spec
                    break
                conditional.append(spec.name)
            scenario, entries = self.resolved(plain, operation)
            choices.append(Choice(operation, scenario, entries, tuple(conditional)))
        return choices


def compose(profile: Profile, layers: Sequence[Sequence[ScenarioSpec]]) -> ScenarioSet:
    """The set in force: ``layers`` from the first to match to the last (e.g. run-time, user files,
    shipped); a scenario replaces any later one of the same name."""
    seen, specs = set(), []
    for layer in layers:
        for spec in layer:
            if spec.name not in seen:
                seen.add(spec.name)
                specs.append(spec)
    return ScenarioSet(profile, specs)


def load_sources(sources: Sequence[tuple[str, bytes]]) -> list[Scenario]:
    """Scenarios whose timelines are all written out (as snapshots store them); raises SourceError."""
    return [resolve(spec, None, None)[0] for spec in load_specs(sources, defaults_named=True)]


def timeline_json(choice: Choice) -> Mapping[str, object]:
    """One operation's choice as GET /_mock/scenarios and `mock-api validate` show it."""
    scenario = choice.scenario
    resource = scenario.resource
    return {"operation": choice.operation.name, "commandType": choice.operation.command_type,
            "scenario": scenario.name, "origin": scenario.origin, "timelines": dict(choice.entries),
            "steps": steps_json(scenario.steps),
            "resource": None if resource is None else {"steps": steps_json(resource.steps), "final": resource.final},
            "conditional": list(choice.conditional)}
