"""What a scenario is: as written in a file (a ScenarioSpec, which may name a profile's timelines)
and as a task follows it (a Scenario, every timeline written out).

Pure data and matching; loading and validation are in scenario_files.py, resolution against a
profile in profiles.py.
"""

import fnmatch
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, NamedTuple

from .engine import Step, Timeline

COMPLETED = "processing-completed"
FAILED = "processing-error"
FINISHED = (COMPLETED, FAILED)
# Task statuses a step may hold, in the only order a task may pass through them.
TASK_STEP_ORDER = ("initialized", "received", "processing-in-progress")
MAX_POLLS = 1_000_000
MAX_SECONDS = 10 * 24 * 3600  # the task list's own window: a longer step could never be observed
# Patterns, compiled by the modules that match them (scenario files, placeholders, the recorder):
# serving with the shipped scenarios never needs them.
ERROR_STATUS_PATTERN = r"^[1-5]\d\d [A-Z][A-Z_]*$"  # e.g. "404 NOT_FOUND"
PLACEHOLDER_PATTERN = r"\$\{([^}]*)\}"
PLACEHOLDER_NAME_PATTERN = (r"^(taskId|commandType|accountId|resourceId|additionalResourceId"
                            r"|params\.[A-Za-z_]\w*|body(\.[A-Za-z_]\w*)+)$")
GONE = "gone"  # resource final status meaning "deleted: answers 404"
BY_NAME_ONLY = "none"  # `match: none`: never matched by a request, only chosen by name
NOTHING: Mapping[str, str] = MappingProxyType({})  # an empty mapping that no holder can change

# NamedTuples, not frozen dataclasses: why in docs/architecture.md ("Start-up reads what the first
# request needs").


class ErrorTriple(NamedTuple):
    type: str
    status: str
    description: str

    def as_json(self) -> dict[str, str]:
        return {"type": self.type, "status": self.status, "description": self.description}


class Outcome(NamedTuple):
    error: ErrorTriple | None = None  # None: the task completes
    response: Mapping[str, Any] | None = None  # merged over the operation's own response
    additional_info: str | None = None

    @property
    def final_status(self) -> str:
        return FAILED if self.error else COMPLETED


class Match(NamedTuple):
    """Every given field must match (fnmatch globs on strings)."""

    command_type: str = "*"
    method: str = "*"
    path: str = "*"
    params: Mapping[str, str] = NOTHING
    headers: Mapping[str, str] = NOTHING  # names lower-cased
    body: Mapping[str, str] = NOTHING  # dotted field path → glob

    def admits(self, command_type: str, method: str) -> bool:
        """Whether a request of this commandType and method can match at all."""
        return glob(command_type, self.command_type) and glob(method, self.method)

    @property
    def conditional(self) -> bool:
        """Whether it also looks at the request itself (path, parameters, headers, body)."""
        return self.path != "*" or bool(self.params or self.headers or self.body)


class RequestFacts(NamedTuple):
    """What a scenario can be matched on."""

    command_type: str
    method: str
    path: str
    params: Mapping[str, Any]
    headers: Mapping[str, str]  # names lower-cased
    body: Any
    operation: str  # the operationId, which picks the default timelines


class ResourceSpec(NamedTuple):
    """A scenario's `resource:` as written: steps, or the name of a profile's resource timeline."""

    steps: str | tuple[Step, ...]
    final: str | None = None  # None: the named timeline's own final status
    status: str | None = None  # with a named timeline: the status its steps show


class ScenarioSpec(NamedTuple):
    """One scenario as written; ``steps`` may be the name of a profile timeline (e.g. "task")."""

    name: str
    match: Match | None  # None: `match: none`, chosen by name only
    steps: str | tuple[Step, ...]
    outcome: Outcome
    resource: ResourceSpec | None  # None: the resource is in its final state at once
    origin: str  # "file:line", for listings and messages
    definition: Mapping[str, Any]  # the entry as written

    @property
    def names_timelines(self) -> bool:
        return isinstance(self.steps, str) or (self.resource is not None and isinstance(self.resource.steps, str))

    def matches(self, facts: RequestFacts) -> bool:
        m = self.match
        if m is None or not (m.admits(facts.command_type, facts.method) and glob(facts.path, m.path)):
            return False
        if any(not glob(facts.params.get(k), pattern) for k, pattern in m.params.items()):
            return False
        if any(not glob(facts.headers.get(k), pattern) for k, pattern in m.headers.items()):
            return False
        return all(glob(_dig(facts.body, key), pattern) for key, pattern in m.body.items())


class _ScenarioFields(NamedTuple):
    name: str
    match: Match | None
    steps: tuple[Step, ...]
    outcome: Outcome
    resource: Timeline | None  # None: the resource is in its final state at once
    origin: str  # "file:line", for listings and messages
    definition: Mapping[str, Any]
    task_timeline: Timeline  # one Timeline per scenario, shared by every task that follows it


class Scenario(_ScenarioFields):
    """A scenario with every timeline written out: what a task follows. ``definition`` is
    self-contained (timeline names replaced by their steps), so it loads again on its own."""

    __slots__ = ()

    def __new__(cls, name: str, match: Match | None, steps: tuple[Step, ...], outcome: Outcome,
                resource: Timeline | None, origin: str, definition: Mapping[str, Any]) -> "Scenario":
        return super().__new__(cls, name, match, steps, outcome, resource, origin, definition,
                               Timeline(steps, outcome.final_status))


def glob(value: Any, pattern: str) -> bool:
    if value is None:
        return pattern == "*"
    if isinstance(value, bool):
        value = "true" if value else "false"
    return fnmatch.fnmatchcase(str(value), pattern)


def _dig(data: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


def steps_json(steps: tuple[Step, ...]) -> list:
    """Steps as a scenario file writes them."""
    written = []
    for step in steps:
        entry: dict[str, Any] = {"status": step.status}
        if step.polls is not None:
            entry["polls"] = step.polls
        if step.seconds is not None:
            entry["seconds"] = int(step.seconds) if float(step.seconds).is_integer() else step.seconds
        if step.description is not None:
            entry["description"] = step.description
        written.append(entry)
    return written
