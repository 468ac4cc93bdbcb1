"""Scenario files → ScenarioSpecs: structure checked against the JSON Schema (scenario_schema.py),
then what a schema cannot say, against the operation table and the kinds: a commandType glob must
match a commandType, parameters must be the matched operations' own, resource statuses their kinds'
own, a task's statuses never go back. Every problem of every source is reported, with file, line and
column, and nothing of a set with a problem is loaded. The format is documented in docs/scenarios.md.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from .engine import Step
from .operations import COMMAND_TYPES, OPERATIONS, Operation
from .placeholders import PLACEHOLDER
from .scenario_model import (BY_NAME_ONLY, GONE, PLACEHOLDER_NAME_PATTERN, TASK_STEP_ORDER, ErrorTriple, Match,
                             Outcome, ResourceSpec, ScenarioSpec, glob)
from .scenario_schema import SCENARIO_FILE, document
from .schema_check import Finding, SchemaChecker, suggestion
from .timelines import statuses_of
from .problems import PathKey, Problem, SourceError
from .yamlsource import Located, parse

SOURCE_SUFFIXES = (".yaml", ".yml", ".json")
PLACEHOLDER_NAME = re.compile(PLACEHOLDER_NAME_PATTERN)
MAX_LOADED_SCENARIOS = 1000  # scenarios loaded at run time (POST /_mock/scenarios), all together
MAX_LOADED_TEXT = 8 << 20  # their definitions, as JSON: what GET /_mock/scenarios serves back
TASK_OPERATIONS: tuple[Operation, ...] = tuple(op for op in OPERATIONS if op.command_type)


@lru_cache(maxsize=None)
def checker() -> SchemaChecker:
    """The schema's reader, built once (the schema only changes with the code)."""
    return SchemaChecker(document())


def path_sources(paths: Iterable[str]) -> list[tuple[str, bytes]]:
    """Files named, and the .yaml/.yml/.json files of folders named, in a stable order. A folder
    without any is refused (its subfolders are not read)."""
    sources: list[tuple[str, bytes]] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.iterdir() if p.suffix in SOURCE_SUFFIXES and p.is_file())
            if not files:
                folders = sorted(p.name for p in path.iterdir() if p.is_dir() and not p.name.startswith("."))
                inside = f"; subfolders are not read ({', '.join(folders)})" if folders else ""
                raise SourceError([Problem(str(path), 1, 1, "", f"no scenario files ({', '.join(SOURCE_SUFFIXES)}) "
                                                                f"in this folder{inside}")])
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


def load_specs(sources: Sequence[tuple[str, bytes]], defaults_named: bool = False) -> list[ScenarioSpec]:
    """Parse and check; raise SourceError with every problem of every source. An operationId names
    that operation's default scenario, so no written scenario may take it (``defaults_named``: a
    snapshot's written-out defaults)."""
    specs: list[ScenarioSpec] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    reserved = set() if defaults_named else {op.name for op in TASK_OPERATIONS}
    for name, text in sources:
        try:
            located = parse(text, name)
        except SourceError as error:
            problems.extend(error.problems)
            continue
        found, loaded = check_document(located)
        for spec, path in loaded:
            if spec.name in reserved:
                found.append(located.problem(path + ("name",), f"{spec.name!r} names that operation's default "
                                                               "scenario; choose another name"))
            elif spec.name in seen:
                found.append(located.problem(path + ("name",), f"scenario name {spec.name!r} already used at "
                                                               f"{seen[spec.name]}"))
            seen[spec.name] = spec.origin
        problems += sorted(found, key=lambda p: (p.line, p.column))
        specs += [spec for spec, _ in loaded]
    if problems:
        raise SourceError(problems)
    return specs


def check_loaded_total(specs: Sequence[ScenarioSpec], source: str) -> None:
    """Run-time scenarios accumulate: refuse (SourceError) a set past the bounds, so memory and the
    listing stay bounded however many documents are posted."""
    text = sum(len(json.dumps(spec.definition)) for spec in specs)
    if len(specs) > MAX_LOADED_SCENARIOS or text > MAX_LOADED_TEXT:
        raise SourceError([Problem(source, 1, 1, "", f"run-time scenarios would number {len(specs)} ({text} "
                                   f"characters); at most {MAX_LOADED_SCENARIOS} ({MAX_LOADED_TEXT} characters) are "
                                   "kept: DELETE /_mock/scenarios first")])


def check_document(located: Located) -> tuple[list[Problem], list[tuple[ScenarioSpec, PathKey]]]:
    """(problems, specs of the entries without any) of one parsed scenario document."""
    if isinstance(located.data, dict) and "timelines" in located.data and "scenarios" not in located.data:
        return [located.problem(("timelines",), "this is a profile file (it has `timelines`), not a scenario file: "
                                                "give it with --profile (or create_app(profile=…))", at_key=True)], []
    findings = checker().check(located.data, {"$ref": "#/definitions/" + SCENARIO_FILE})
    entries = located.data.get("scenarios") if isinstance(located.data, dict) else None
    loaded = []
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        path = ("scenarios", index)
        if not isinstance(entry, dict):
            continue
        semantic = check_entry(entry, path)
        findings += semantic
        if not semantic and not any(f.path[:2] == path for f in findings):
            line, _ = located.marks.get(path, (1, 1))
            loaded.append((build_spec(entry, f"{located.source}:{line}"), path))
    return [located.problem(f.path, f.reason, f.at_key) for f in findings], loaded


# ---------------------------------------------------------------- what a schema cannot say


def check_steps(steps: Any, path: PathKey, task: bool) -> list[Finding]:
    """A task's statuses never go back; every step has a duration."""
    found = []
    rank = 0
    for index, step in enumerate(steps if isinstance(steps, list) else []):
        if not isinstance(step, dict):
            continue
        status = step.get("status")
        if task and status in TASK_STEP_ORDER:
            if TASK_STEP_ORDER.index(status) < rank:
                found.append(Finding(path + (index, "status"), f"{status!r} comes after {TASK_STEP_ORDER[rank]!r}: "
                                                               "a task's status never goes back"))
            rank = max(rank, TASK_STEP_ORDER.index(status))
        if "polls" not in step and "seconds" not in step:
            found.append(Finding(path + (index,), "a step needs 'polls', 'seconds' or both (it ends at whichever "
                                                  "comes first)"))
    return found


def admitted_operations(match: Any) -> tuple[Operation, ...]:
    """The task-backed operations a written match block can apply to (all, for none or no match)."""
    if not isinstance(match, dict):
        return TASK_OPERATIONS
    command_type, method = match.get("commandType", "*"), match.get("method", "*")
    if not isinstance(command_type, str) or not isinstance(method, str):
        return TASK_OPERATIONS
    return tuple(op for op in TASK_OPERATIONS if Match(command_type, method.upper()).admits(op.command_type, op.method))


def check_known_status(status: Any, path: PathKey, operations: Sequence[Operation], final: bool) -> list[Finding]:
    if not isinstance(status, str) or not status.strip():
        return []
    known = statuses_of(op.kind for op in operations) | ({GONE} if final else set())
    if status in known:
        return []
    return [Finding(path, f"{status!r} is not a status of {_kinds_text(operations)}{suggestion(status, known)}; "
                          f"known: {', '.join(sorted(known))}")]


def _kinds_text(operations: Sequence[Operation]) -> str:
    kinds = sorted({op.kind for op in operations if op.kind})
    return "a " + " or ".join(kinds) if len(kinds) < 4 else "the resources these operations touch"


def check_entry(entry: dict[str, Any], path: PathKey) -> list[Finding]:
    match = entry.get("match")
    operations = admitted_operations(match)
    found = _check_match(match, path + ("match",)) + check_steps(entry.get("steps"), path + ("steps",), task=True)
    found += _check_outcome(entry.get("outcome"), path + ("outcome",), operations)
    found += _check_resource(entry.get("resource"), path + ("resource",), operations)
    return found


def _check_match(match: Any, path: PathKey) -> list[Finding]:
    if not isinstance(match, dict):
        return []
    found = []
    command_type, method = match.get("commandType", "*"), match.get("method", "*")
    if isinstance(command_type, str) and command_type.strip():
        if not any(glob(known, command_type) for known in COMMAND_TYPES):
            found.append(Finding(path + ("commandType",), f"{command_type!r} matches no commandType of the operation "
                                 f"table{suggestion(command_type, COMMAND_TYPES)}; to choose a scenario only by "
                                 f"name (X-Mock-Scenario, PUT /_mock/account), write `match: {BY_NAME_ONLY}`"))
            return found
        if isinstance(method, str) and method.strip() and not admitted_operations(match):
            methods = sorted({op.method for op in admitted_operations({"commandType": command_type})})
            found.append(Finding(path + ("method",), f"{method!r} is not the method of any operation of commandType "
                                 f"{command_type!r} ({', '.join(methods)})"))
            return found
    params = match.get("params")
    if isinstance(params, dict):
        known = sorted({name for op in admitted_operations(match) for name in op.params})
        for name in params:
            if name not in known:
                found.append(Finding(path + ("params", name), f"{name!r} is not a path parameter of the matched "
                                     f"operations{suggestion(name, known)}; they have: {', '.join(known) or 'none'}",
                                     at_key=True))
    return found


def _check_outcome(outcome: Any, path: PathKey, operations: Sequence[Operation]) -> list[Finding]:
    if not isinstance(outcome, dict):
        return []
    if "error" in outcome and "response" in outcome:
        return [Finding(path, "an outcome is either completed (with a response) or an error, not both")]
    if "additionalInfo" in outcome and "error" not in outcome:
        return [Finding(path + ("additionalInfo",), "additionalInfo goes with an error outcome")]
    params = sorted({name for op in operations for name in op.params})
    return list(_check_placeholders(outcome.get("response"), path + ("response",), params))


def _check_placeholders(value: Any, path: PathKey, params: Sequence[str]):
    if isinstance(value, str):
        for name in PLACEHOLDER.findall(value):
            if not PLACEHOLDER_NAME.match(name):
                yield Finding(path, f"unknown placeholder ${{{name}}}; use taskId, commandType, accountId, "
                                    "resourceId, additionalResourceId, params.NAME or body.FIELD")
            elif name.startswith("params.") and name[7:] not in params:
                yield Finding(path, f"${{{name}}}: {name[7:]!r} is not a path parameter of the matched operations"
                                    f"{suggestion(name[7:], params)}; they have: {', '.join(params) or 'none'}")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _check_placeholders(item, path + (key,), params)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _check_placeholders(item, path + (index,), params)


def _check_resource(resource: Any, path: PathKey, operations: Sequence[Operation]) -> list[Finding]:
    if resource is None:
        return []
    if not any(op.kind for op in operations):
        names = ", ".join(op.name for op in operations)
        return [Finding(path, f"the operations this scenario matches ({names}) touch no resource")]
    if not isinstance(resource, dict):
        return []
    steps = resource.get("steps", [])
    found = []
    if isinstance(steps, list):
        if "final" not in resource:
            found.append(Finding(path, "missing required key 'final' (steps written out need their final status)"))
        if "status" in resource:
            found.append(Finding(path + ("status",), "status goes with a named timeline (steps: provision, …); "
                                                     "written-out steps name their own"))
        found += check_steps(steps, path + ("steps",), task=False)
        for index, step in enumerate(steps):
            if isinstance(step, dict):
                found += check_known_status(step.get("status"), path + ("steps", index, "status"), operations, False)
    found += check_known_status(resource.get("status"), path + ("status",), operations, False)
    found += check_known_status(resource.get("final"), path + ("final",), operations, True)
    return found


# ---------------------------------------------------------------- building


def _steps(raw: list[dict[str, Any]]) -> tuple[Step, ...]:
    return tuple(Step(s["status"], int(s["polls"]) if "polls" in s else None,
                      float(s["seconds"]) if "seconds" in s else None, s.get("description")) for s in raw)


def _glob_text(patterns: dict[str, Any], lower_keys: bool = False) -> dict[str, str]:
    written = {True: "true", False: "false"}
    return {(k.lower() if lower_keys else k): written.get(v, str(v)) if isinstance(v, bool) else str(v)
            for k, v in patterns.items()}


def build_spec(entry: dict[str, Any], origin: str) -> ScenarioSpec:
    """A ScenarioSpec from an entry that passed every check."""
    raw_match = entry.get("match", {})
    match: Match | None = None
    if raw_match != BY_NAME_ONLY:
        match = Match(raw_match.get("commandType", "*"), raw_match.get("method", "*").upper(),
                      raw_match.get("path", "*"), _glob_text(raw_match.get("params", {})),
                      _glob_text(raw_match.get("headers", {}), lower_keys=True), _glob_text(raw_match.get("body", {})))
    steps = entry["steps"] if isinstance(entry["steps"], str) else _steps(entry["steps"])
    raw = entry["outcome"]
    if raw == "completed":
        outcome = Outcome()
    elif "error" in raw:
        outcome = Outcome(error=ErrorTriple(**raw["error"]), additional_info=raw.get("additionalInfo"))
    else:
        outcome = Outcome(response=raw.get("response", {}))
    resource = entry.get("resource")
    if isinstance(resource, str):
        resource = ResourceSpec(resource)
    elif isinstance(resource, dict):
        written = resource.get("steps", [])
        resource = ResourceSpec(written if isinstance(written, str) else _steps(written), resource.get("final"),
                                resource.get("status"))
    return ScenarioSpec(entry["name"], match, steps, outcome, resource, origin, entry)
