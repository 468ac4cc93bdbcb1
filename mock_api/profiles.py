"""Profiles: how long each named timeline takes. Three ship (default, instant, realistic); a user's
own is one file, given by its path.

A profile file::

    timelines:                       # every operation's timing, by timeline (see timelines.py)
      task: [{status: received, polls: 1}, {status: processing-in-progress, polls: 1}]
      provision: [{polls: 1, seconds: 10}]        # no status: the resource shows its kind's own
      change: [{polls: 1}]
      deprovision: []                             # empty: final at once
    kinds:                           # optional: the timelines of the operations on one kind
      database: {provision: [{seconds: 300}]}
    operations:                      # optional: the timelines of one operation (by operationId)
      createSubscription: {task: [{status: received, seconds: 2}, {status: processing-in-progress, seconds: 15}]}

An operation's timeline is looked up in its own entry, then its kind's, then the base ones.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from .engine import Step
from .operations import BY_NAME, Operation
from .scenario_files import SOURCE_SUFFIXES, TASK_OPERATIONS, check_known_status, check_steps, checker, load_specs
from .scenario_model import ScenarioSpec
from .scenario_schema import PROFILE_FILE
from .schema_check import Finding
from .shipped import PROFILES_FOLDER, builtin_profiles, builtin_root
from .timelines import TIMELINES
from .problems import PathKey, Problem, SourceError
from .yamlsource import Located, parse

TimelineSteps = tuple[Step, ...]  # a resource step's status may be None: the kind's own


class Profile(NamedTuple):
    name: str
    origin: str  # the file it was read from
    timelines: Mapping[str, TimelineSteps]
    kinds: Mapping[str, Mapping[str, TimelineSteps]]
    operations: Mapping[str, Mapping[str, TimelineSteps]]
    description: str

    def timeline(self, name: str, operation: Operation | None) -> tuple[str, TimelineSteps]:
        """(the profile entry that says it, its steps) of a named timeline for one operation."""
        for candidate in (name, TIMELINES[name].fallback):
            if candidate is None:
                continue
            if operation is not None and candidate in self.operations.get(operation.name, {}):
                return f"operations.{operation.name}.{candidate}", self.operations[operation.name][candidate]
            if operation is not None and candidate in self.kinds.get(operation.kind or "", {}):
                return f"kinds.{operation.kind}.{candidate}", self.kinds[operation.kind][candidate]
            if candidate in self.timelines:
                return f"timelines.{candidate}", self.timelines[candidate]
        raise KeyError(name)  # cannot happen: a profile is refused when a required timeline is missing


class UnknownProfile(SourceError):
    """A profile name that is neither built in nor the server's own file; says what exists."""

    def __init__(self, name: str, known: Sequence[str]):
        self.message = (f"profile {name!r}: unknown profile; choose one of {', '.join(known)}, or give a profile "
                        f"file ({', '.join(SOURCE_SUFFIXES)}) when the server starts")
        super().__init__([Problem(f"profile {name!r}", 1, 1, "", self.message)])

    def __str__(self) -> str:
        return self.message


# ---------------------------------------------------------------- shipped files


@lru_cache(maxsize=None)
def builtin_profile(name: str) -> Profile:
    """A shipped profile, read once per process (they never change)."""
    if name not in builtin_profiles():
        raise UnknownProfile(name, builtin_profiles())
    return load_profile_text(f"scenarios/{PROFILES_FOLDER}/{name}.yaml",
                             (builtin_root() / PROFILES_FOLDER / f"{name}.yaml").read_bytes(), name)


@lru_cache(maxsize=None)
def shipped_specs() -> tuple[ScenarioSpec, ...]:
    """The shipped scenarios: only where an operation differs from what its action and kind say,
    written once for every profile."""
    root = builtin_root()
    files = sorted((p for p in root.iterdir() if p.name.endswith(".yaml")), key=lambda p: p.name)
    return tuple(load_specs([(f"scenarios/{p.name}", p.read_bytes()) for p in files]))


def is_profile_file(name: str) -> bool:
    return name.endswith(SOURCE_SUFFIXES) or "/" in name or "\\" in name


def load_profile(name: str) -> Profile:
    """A built-in profile by name, or a profile file by path. Raises SourceError."""
    if name in builtin_profiles() or not is_profile_file(name):
        return builtin_profile(name)
    try:
        text = Path(name).read_bytes()
    except OSError as error:
        raise SourceError([Problem(name, 1, 1, "", f"cannot read profile file ({error.strerror})")]) from None
    return load_profile_text(name, text, name)


# ---------------------------------------------------------------- reading a profile file


def load_profile_text(source: str, text: bytes, name: str) -> Profile:
    located = parse(text, source)
    problems = check_profile(located)
    if problems:
        raise SourceError(problems)
    data = located.data
    return Profile(name, source, _timelines(data["timelines"]),
                   {kind: _timelines(entry) for kind, entry in data.get("kinds", {}).items()},
                   {op: _timelines(entry) for op, entry in data.get("operations", {}).items()},
                   data.get("description", ""))


def is_profile_document(located: Located) -> bool:
    return isinstance(located.data, dict) and "timelines" in located.data and "scenarios" not in located.data


def check_profile(located: Located) -> list[Problem]:
    findings = checker().check(located.data, {"$ref": "#/definitions/" + PROFILE_FILE})
    data = located.data if isinstance(located.data, dict) else {}
    findings += _check_timelines(data.get("timelines"), ("timelines",), TASK_OPERATIONS)
    for section, operations_of in (("kinds", lambda k: [op for op in TASK_OPERATIONS if op.kind == k]),
                                   ("operations", lambda o: [BY_NAME[o]] if o in BY_NAME else [])):
        entries = data.get(section)
        for key, entry in (entries.items() if isinstance(entries, dict) else ()):
            findings += _check_timelines(entry, (section, key), operations_of(key))
    problems = [located.problem(f.path, f.reason, f.at_key) for f in findings]
    return sorted(problems, key=lambda p: (p.line, p.column))


def _check_timelines(entry: Any, path: PathKey, operations: Sequence[Operation]) -> list[Finding]:
    found: list[Finding] = []
    for name, steps in (entry.items() if isinstance(entry, dict) else ()):
        timeline = TIMELINES.get(name)
        if timeline is None or not isinstance(steps, list):
            continue  # the schema said so
        found += check_steps(steps, path + (name,), task=not timeline.resource)
        if timeline.resource and operations and not any(op.kind for op in operations):
            found.append(Finding(path + (name,), f"{', '.join(op.name for op in operations)} touches no resource"))
            continue
        for index, step in enumerate(steps if timeline.resource else ()):
            if isinstance(step, dict):
                found += check_known_status(step.get("status"), path + (name, index, "status"), operations, False)
    return found


def _timelines(entry: Mapping[str, Any]) -> dict[str, TimelineSteps]:
    return {name: tuple(Step(s.get("status"), int(s["polls"]) if "polls" in s else None,
                             float(s["seconds"]) if "seconds" in s else None, s.get("description")) for s in steps)
            for name, steps in entry.items()}
