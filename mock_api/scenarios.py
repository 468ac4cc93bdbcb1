"""Scenarios: what happens to a task (and its resource) after a request, loaded from YAML.

A scenario file holds ``scenarios:``, a list of entries like::

    - name: subscription-create
      match: {commandType: subscriptionCreateRequest}   # globs; also method, path, params, headers, body
      steps:                                            # the task's statuses before its outcome
        - {status: received, polls: 1}
        - {status: processing-in-progress, polls: 1}
      outcome: completed                                # or {error: {type, status, description}}
      resource:                                         # how the resource moves once the task completed
        steps: [{status: pending, polls: 1}]
        final: active

Validation reports every problem with its file, line and column; nothing of a bad set is loaded.
The format is documented in docs/scenarios.md.
"""
from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field
from importlib import resources as importlib_resources
from pathlib import Path
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from .engine import Step, Timeline
from .yamlsource import Located, PathKey, Problem, SourceError, parse

COMPLETED = "processing-completed"
FAILED = "processing-error"
FINISHED = (COMPLETED, FAILED)
# Task statuses a step may hold, in the only order a task may pass through them.
TASK_STEP_ORDER = ("initialized", "received", "processing-in-progress")
MAX_POLLS = 1_000_000
MAX_SECONDS = 10 * 24 * 3600  # the task list's own window: a longer step could never be observed
ERROR_STATUS = re.compile(r"^[1-5]\d\d [A-Z][A-Z_]*$")  # e.g. "404 NOT_FOUND"
PLACEHOLDER = re.compile(r"\$\{([^}]*)\}")
PLACEHOLDER_NAME = re.compile(r"^(taskId|commandType|accountId|resourceId|additionalResourceId"
                              r"|params\.[A-Za-z_]\w*|body(\.[A-Za-z_]\w*)+)$")
GONE = "gone"  # resource final status meaning "deleted: answers 404"


@dataclass(frozen=True)
class ErrorTriple:
    type: str
    status: str
    description: str

    def as_json(self) -> Dict[str, str]:
        return {"type": self.type, "status": self.status, "description": self.description}


@dataclass(frozen=True)
class Outcome:
    error: Optional[ErrorTriple] = None  # None: the task completes
    response: Optional[Mapping[str, Any]] = None  # merged over the operation's own response
    additional_info: Optional[str] = None

    @property
    def final_status(self) -> str:
        return FAILED if self.error else COMPLETED


@dataclass(frozen=True)
class Match:
    """Every given field must match (fnmatch globs on strings)."""

    command_type: str = "*"
    method: str = "*"
    path: str = "*"
    params: Mapping[str, str] = field(default_factory=dict)
    headers: Mapping[str, str] = field(default_factory=dict)  # names lower-cased
    body: Mapping[str, str] = field(default_factory=dict)  # dotted field path → glob


@dataclass(frozen=True)
class RequestFacts:
    """What a scenario can be matched on."""

    command_type: str
    method: str
    path: str
    params: Mapping[str, Any]
    headers: Mapping[str, str]  # names lower-cased
    body: Any


@dataclass(frozen=True)
class Scenario:
    name: str
    match: Match
    steps: Tuple[Step, ...]
    outcome: Outcome
    resource: Optional[Timeline]  # None: the resource is in its final state at once
    origin: str  # "file:line", for listings and messages
    definition: Mapping[str, Any] = field(default_factory=dict, compare=False)  # the entry as written
    # One Timeline per scenario, shared by every task that follows it.
    task_timeline: Timeline = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "task_timeline", Timeline(self.steps, self.outcome.final_status))

    def matches(self, facts: RequestFacts) -> bool:
        m = self.match
        if not (_glob(facts.command_type, m.command_type) and _glob(facts.method, m.method)
                and _glob(facts.path, m.path)):
            return False
        if any(not _glob(facts.params.get(k), pattern) for k, pattern in m.params.items()):
            return False
        if any(not _glob(facts.headers.get(k), pattern) for k, pattern in m.headers.items()):
            return False
        return all(_glob(_dig(facts.body, key), pattern) for key, pattern in m.body.items())


def _glob(value: Any, pattern: str) -> bool:
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


class ScenarioSet:
    """The loaded scenarios, in priority order (first match wins)."""

    def __init__(self, scenarios: Sequence[Scenario]):
        self.scenarios = list(scenarios)
        self.by_name = {s.name: s for s in self.scenarios}
        self._candidates: Dict[str, List[Scenario]] = {}  # commandType → scenarios whose glob admits it

    def select(self, facts: RequestFacts) -> Optional[Scenario]:
        candidates = self._candidates.get(facts.command_type)
        if candidates is None:  # filtered once per commandType, in priority order
            candidates = [s for s in self.scenarios if _glob(facts.command_type, s.match.command_type)]
            self._candidates[facts.command_type] = candidates
        for scenario in candidates:
            if scenario.matches(facts):
                return scenario
        return None

    def with_first(self, extra: Sequence[Scenario]) -> "ScenarioSet":
        """A new set where ``extra`` comes first (replacing scenarios of the same name)."""
        names = {s.name for s in extra}
        return ScenarioSet(list(extra) + [s for s in self.scenarios if s.name not in names])


# ---------------------------------------------------------------- loading


def _builtin_root():
    """The shipped profiles: package data when installed, the repo's scenarios/ in a source tree
    (an editable install maps the package to the source folder, not the data folder)."""
    try:
        return importlib_resources.files("mock_api.default_scenarios")
    except ModuleNotFoundError:
        return Path(__file__).resolve().parent.parent / "scenarios"


def builtin_profiles() -> List[str]:
    root = _builtin_root()
    return sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))


def profile_sources(profile: str) -> List[Tuple[str, bytes]]:
    """The built-in files of a profile, as (name, content)."""
    if profile not in builtin_profiles():
        raise SourceError([Problem(f"profile {profile!r}", 1, 1, "",
                                   f"unknown profile; choose one of {', '.join(builtin_profiles())}")])
    folder = _builtin_root() / profile
    files = sorted((p for p in folder.iterdir() if p.name.endswith((".yaml", ".yml"))), key=lambda p: p.name)
    return [(f"scenarios/{profile}/{p.name}", p.read_bytes()) for p in files]


def path_sources(paths: Iterable[str]) -> List[Tuple[str, bytes]]:
    """Files named, and the .yaml/.yml/.json files of folders named, in a stable order."""
    sources: List[Tuple[str, bytes]] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml", ".json") and p.is_file())
        elif path.is_file():
            files = [path]
        else:
            raise SourceError([Problem(str(path), 1, 1, "", "no such file or folder")])
        for file in files:
            try:
                sources.append((str(file), file.read_bytes()))
            except OSError as error:
                raise SourceError([Problem(str(file), 1, 1, "", f"cannot read ({error.strerror})")]) from None
    return sources


def load_sources(sources: Sequence[Tuple[str, bytes]]) -> List[Scenario]:
    """Parse and validate; raise SourceError with every problem of every source."""
    scenarios: List[Scenario] = []
    problems: List[Problem] = []
    seen: Dict[str, str] = {}
    for name, text in sources:
        try:
            located = parse(text, name)
            loaded = _validate_document(located, problems)
        except SourceError as error:
            problems.extend(error.problems)
            continue
        for scenario, path in loaded:
            if scenario.name in seen:
                problems.append(located.problem(path + ("name",),
                                                f"scenario name {scenario.name!r} already used at {seen[scenario.name]}"))
            seen[scenario.name] = scenario.origin
            scenarios.append(scenario)
    if problems:
        raise SourceError(problems)
    return scenarios


# ---------------------------------------------------------------- validation


class _Refused(Exception):
    """One problem found; validation of this entry stops, other entries go on."""

    def __init__(self, problem: Problem):
        self.problem = problem


class _Checker:
    def __init__(self, located: Located):
        self.located = located

    def refuse(self, path: PathKey, reason: str) -> "_Refused":
        return _Refused(self.located.problem(path, reason))

    def mapping(self, value: Any, path: PathKey, allowed: Iterable[str], required: Iterable[str] = ()) -> dict:
        if not isinstance(value, dict):
            raise self.refuse(path, f"must be a mapping, not {_kind(value)}")
        allowed = set(allowed)
        for key in value:
            if key not in allowed:
                raise self.refuse(path + (str(key),), f"unknown key {key!r}; allowed: {', '.join(sorted(allowed))}")
        for key in required:
            if key not in value:
                raise self.refuse(path, f"missing required key {key!r}")
        return value

    def text(self, value: Any, path: PathKey, pattern: Optional[re.Pattern] = None, what: str = "") -> str:
        if not isinstance(value, str):
            raise self.refuse(path, f"must be a string, not {_kind(value)}")
        if not value.strip():
            raise self.refuse(path, "must not be empty")
        if pattern is not None and not pattern.match(value):
            raise self.refuse(path, f"{value!r} is not {what}")
        return value

    def number(self, value: Any, path: PathKey, integer: bool, maximum: float) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (integer and not isinstance(value, int)):
            raise self.refuse(path, f"must be a {'whole ' if integer else ''}number, not {_kind(value)} ({value!r})")
        if value != value or not 0 < value <= maximum:  # NaN fails the first test
            raise self.refuse(path, f"must be greater than 0 and at most {maximum:g} (got {value!r})")
        return value

    def globs(self, value: Any, path: PathKey, lower_keys: bool = False) -> Dict[str, str]:
        if not isinstance(value, dict):
            raise self.refuse(path, f"must be a mapping of name to glob, not {_kind(value)}")
        result = {}
        for key, pattern in value.items():
            if isinstance(pattern, bool):
                pattern = "true" if pattern else "false"
            if isinstance(pattern, (int, float)):
                pattern = str(pattern)
            self.text(pattern, path + (str(key),))
            result[str(key).lower() if lower_keys else str(key)] = pattern
        return result

    def placeholders(self, value: Any, path: PathKey) -> None:
        if isinstance(value, str):
            for name in PLACEHOLDER.findall(value):
                if not PLACEHOLDER_NAME.match(name):
                    raise self.refuse(path, f"unknown placeholder ${{{name}}}; use taskId, commandType, accountId, "
                                            "resourceId, additionalResourceId, params.NAME or body.FIELD")
        elif isinstance(value, dict):
            for key, item in value.items():
                self.placeholders(item, path + (str(key),))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                self.placeholders(item, path + (index,))


def _kind(value: Any) -> str:
    return {dict: "a mapping", list: "a list", str: "a string", bool: "a boolean",
            type(None): "empty"}.get(type(value), f"a {type(value).__name__}")


def _validate_document(located: Located, problems: List[Problem]) -> List[Tuple[Scenario, PathKey]]:
    check = _Checker(located)
    try:
        top = check.mapping(located.data, (), {"version", "scenarios"}, {"scenarios"})
        if "version" in top and top["version"] != 1:
            raise check.refuse(("version",), "only version 1 is known")
        entries = top["scenarios"]
        if not isinstance(entries, list) or not entries:
            raise check.refuse(("scenarios",), "must be a non-empty list of scenarios")
    except _Refused as refused:
        problems.append(refused.problem)
        return []
    loaded = []
    for index, entry in enumerate(entries):
        try:
            loaded.append((_scenario(check, entry, ("scenarios", index)), ("scenarios", index)))
        except _Refused as refused:
            problems.append(refused.problem)
    return loaded


def _scenario(check: _Checker, entry: Any, path: PathKey) -> Scenario:
    check.mapping(entry, path, {"name", "description", "match", "steps", "outcome", "resource"},
                  {"name", "steps", "outcome"})
    name = check.text(entry["name"], path + ("name",))
    match = _match(check, entry.get("match", {}), path + ("match",))
    steps = _steps(check, entry["steps"], path + ("steps",), task=True)
    outcome = _outcome(check, entry["outcome"], path + ("outcome",))
    resource = None
    if entry.get("resource") is not None:
        rpath = path + ("resource",)
        block = check.mapping(entry["resource"], rpath, {"steps", "final"}, {"final"})
        resource = Timeline(_steps(check, block.get("steps", []), rpath + ("steps",), task=False),
                            check.text(block["final"], rpath + ("final",)))
    line, _ = check.located.marks.get(path, (1, 1))
    return Scenario(name, match, steps, outcome, resource, f"{check.located.source}:{line}", entry)


def _match(check: _Checker, value: Any, path: PathKey) -> Match:
    check.mapping(value, path, {"commandType", "method", "path", "params", "headers", "body"})
    return Match(
        command_type=check.text(value.get("commandType", "*"), path + ("commandType",)),
        method=check.text(value.get("method", "*"), path + ("method",)).upper(),
        path=check.text(value.get("path", "*"), path + ("path",)),
        params=check.globs(value.get("params", {}), path + ("params",)),
        headers=check.globs(value.get("headers", {}), path + ("headers",), lower_keys=True),
        body=check.globs(value.get("body", {}), path + ("body",)),
    )


def _steps(check: _Checker, value: Any, path: PathKey, task: bool) -> Tuple[Step, ...]:
    if not isinstance(value, list) or (task and not value):
        raise check.refuse(path, "must be a non-empty list of steps" if task else "must be a list of steps")
    steps = []
    rank = 0
    for index, raw in enumerate(value):
        spath = path + (index,)
        check.mapping(raw, spath, {"status", "polls", "seconds", "description"}, {"status"})
        status = check.text(raw["status"], spath + ("status",))
        if task:
            if status not in TASK_STEP_ORDER:
                raise check.refuse(spath + ("status",), f"{status!r} is not a task status a step can hold; use one "
                                   f"of {', '.join(TASK_STEP_ORDER)} (the outcome decides the final status)")
            if TASK_STEP_ORDER.index(status) < rank:
                raise check.refuse(spath + ("status",), f"{status!r} comes after "
                                   f"{TASK_STEP_ORDER[rank]!r}: a task's status never goes back")
            rank = TASK_STEP_ORDER.index(status)
        if "polls" not in raw and "seconds" not in raw:
            raise check.refuse(spath, "a step needs 'polls', 'seconds' or both (it ends at whichever comes first)")
        polls = int(check.number(raw["polls"], spath + ("polls",), True, MAX_POLLS)) if "polls" in raw else None
        seconds = float(check.number(raw["seconds"], spath + ("seconds",), False, MAX_SECONDS)) \
            if "seconds" in raw else None
        description = check.text(raw["description"], spath + ("description",)) if "description" in raw else None
        steps.append(Step(status, polls, seconds, description))
    return tuple(steps)


def _outcome(check: _Checker, value: Any, path: PathKey) -> Outcome:
    if value == "completed":
        return Outcome()
    if isinstance(value, str):
        raise check.refuse(path, f"{value!r} is not an outcome; write 'completed', or a mapping with 'error'")
    check.mapping(value, path, {"response", "error", "additionalInfo"})
    if "error" in value:
        if "response" in value:
            raise check.refuse(path, "an outcome is either completed (with a response) or an error, not both")
        epath = path + ("error",)
        raw = check.mapping(value["error"], epath, {"type", "status", "description"}, {"type", "status", "description"})
        error = ErrorTriple(check.text(raw["type"], epath + ("type",)),
                            check.text(raw["status"], epath + ("status",), ERROR_STATUS,
                                       "an HTTP status like '400 BAD_REQUEST'"),
                            check.text(raw["description"], epath + ("description",)))
        info = check.text(value["additionalInfo"], path + ("additionalInfo",)) if "additionalInfo" in value else None
        return Outcome(error=error, additional_info=info)
    if "additionalInfo" in value:
        raise check.refuse(path + ("additionalInfo",), "additionalInfo goes with an error outcome")
    response = value.get("response", {})
    if not isinstance(response, dict):
        raise check.refuse(path + ("response",), f"must be a mapping, not {_kind(response)}")
    check.placeholders(response, path + ("response",))
    return Outcome(response=response)
