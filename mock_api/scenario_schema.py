"""The JSON Schema of scenario files and profile files, generated from the operation table, the
resource kinds and the named timelines: ``mock-api schema > docs/scenario-schema.json``.

One source of truth: the loader checks every file's structure against this very schema
(schema_check.py), then adds the checks a schema cannot express (scenario_files.py). Editors read it
too: a file that starts with ``$schema:`` pointing at it (or at ``GET /_mock/scenario-schema.json``)
is completed and checked as it is typed.
"""
from __future__ import annotations

import argparse
import json
import sys
from functools import lru_cache
from typing import Any

from .kinds import KINDS
from .schemacheck import closed_object
from .operations import COMMAND_TYPES, OPERATIONS
from .scenario_model import BY_NAME_ONLY, ERROR_STATUS_PATTERN, MAX_POLLS, MAX_SECONDS, TASK_STEP_ORDER
from .timelines import GENERIC_STATUSES, KIND_STATUSES, REQUIRED_TIMELINES, RESOURCE_TIMELINES, TASK_TIMELINES, \
    TIMELINES

DRAFT = "http://json-schema.org/draft-07/schema#"
VERSION = 1
SCENARIO_FILE = "ScenarioFile"
PROFILE_FILE = "ProfileFile"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": "#/definitions/" + name}


def _words(values) -> str:
    quoted = [repr(v) for v in values]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


def _resource_statuses() -> list:
    statuses = list(GENERIC_STATUSES)
    for kind_statuses in KIND_STATUSES.values():
        statuses += [s for s in kind_statuses if s not in statuses]
    return statuses


def _timeline_overrides(required=()) -> dict[str, Any]:
    """A profile's timelines by name (the base ones, or one kind's or one operation's)."""
    properties = {name: {**_ref("ProfileResourceSteps" if t.resource else "ProfileTaskSteps"), "description": t.meaning}
                  for name, t in TIMELINES.items()}
    return closed_object(properties, required, title="a mapping of timeline names (" + ", ".join(TIMELINES) + ") to steps")


def _definitions() -> dict[str, Any]:
    task_ops = [op for op in OPERATIONS if op.command_type]
    glob_text = "a glob: * any text, ? one character, [abc] one of"
    globs = {"type": "object", "title": "a mapping of names to globs",
             "additionalProperties": {"type": ["string", "number", "boolean"], "minLength": 1,
                                      "title": "a glob (text, a number or a boolean)"}}
    return {
        SCENARIO_FILE: closed_object({
            "$schema": {"type": "string", "description": "where editors find this schema"},
            "version": _ref("Version"),
            "description": {"type": "string", "description": "what these scenarios are for, where they come from"},
            "scenarios": {"type": "array", "minItems": 1, "items": _ref("Scenario"),
                          "title": "a non-empty list of scenarios"},
        }, ["scenarios"], description="Scenarios: what happens to a task and its resource after a request."),
        PROFILE_FILE: closed_object({
            "$schema": {"type": "string", "description": "where editors find this schema"},
            "version": _ref("Version"),
            "description": {"type": "string"},
            "timelines": _timeline_overrides(REQUIRED_TIMELINES),
            "kinds": {"type": "object", "additionalProperties": _timeline_overrides(),
                      "propertyNames": {"enum": sorted(KINDS), "title": "a resource kind"},
                      "description": "timelines of the operations on one resource kind"},
            "operations": {"type": "object", "additionalProperties": _timeline_overrides(),
                           "propertyNames": {"enum": [op.name for op in task_ops],
                                             "title": "the operationId of a task-backed operation"},
                           "description": "timelines of one operation (before its kind's and the base ones)"},
        }, ["timelines"], description="A profile: how long each named timeline takes."),
        "Version": {"enum": [VERSION], "title": f"a known version: only version {VERSION} is known"},
        "Text": {"type": "string", "minLength": 1, "pattern": r"\S", "title": "a non-empty text"},
        "Scenario": closed_object({
            "name": {**_ref("Text"), "description": "unique in the loaded set; X-Mock-Scenario: NAME chooses it"},
            "description": {"type": "string"},
            "match": _ref("Match"),
            "steps": _ref("TaskTimeline"),
            "outcome": _ref("Outcome"),
            "resource": _ref("Resource"),
        }, ["name", "steps", "outcome"]),
        "Match": {"title": f"a mapping, or {BY_NAME_ONLY!r} (chosen by name only)", "anyOf": [
            {"const": BY_NAME_ONLY, "description": "never matched by a request: X-Mock-Scenario or "
                                                   "PUT /_mock/account chooses it"},
            closed_object({
                "commandType": {"type": "string", "minLength": 1, "examples": list(COMMAND_TYPES),
                                "description": f"{glob_text}; must match a commandType of the operation table"},
                "method": {"type": "string", "minLength": 1, "examples": ["POST", "PUT", "DELETE", "GET"]},
                "path": {"type": "string", "minLength": 1, "description": "the request path without /v1 (a glob)"},
                "params": {**globs, "description": "path parameters, e.g. subscriptionId"},
                "headers": {**globs, "description": "header names are case-insensitive"},
                "body": {**globs, "description": "dotted paths into the JSON body"},
            }),
        ]},
        "TaskTimeline": {"title": f"a non-empty list of steps, or a task timeline: {_words(TASK_TIMELINES)}",
                         "anyOf": [{"enum": list(TASK_TIMELINES)},
                                   {"type": "array", "minItems": 1, "items": _ref("TaskStep"),
                                    "title": "a non-empty list of steps"}]},
        "TaskStep": closed_object({"status": _ref("TaskStatus"), "polls": _ref("Polls"), "seconds": _ref("Seconds"),
                             "description": _ref("Text")}, ["status"],
                            description="lasts `polls` answers, `seconds` of the clock, or whichever ends first"),
        "TaskStatus": {"enum": list(TASK_STEP_ORDER),
                       "title": f"a task status a step can hold: {_words(TASK_STEP_ORDER)} "
                                "(the outcome decides the final status)"},
        "Polls": {"type": "integer", "exclusiveMinimum": 0, "maximum": MAX_POLLS},
        "Seconds": {"type": "number", "exclusiveMinimum": 0, "maximum": MAX_SECONDS},
        "ResourceStatus": {"type": "string", "minLength": 1, "examples": _resource_statuses(),
                           "description": "a status of the resource's kind"},
        "Resource": {"title": f"a resource timeline ({_words(RESOURCE_TIMELINES)}), a mapping, or empty", "anyOf": [
            {"type": "null"},
            {"enum": list(RESOURCE_TIMELINES)},
            closed_object({
                "steps": {"anyOf": [{"enum": list(RESOURCE_TIMELINES)},
                                    {"type": "array", "items": _ref("ResourceStep")}],
                          "title": f"a list of steps, or a resource timeline: {_words(RESOURCE_TIMELINES)}"},
                "final": {**_ref("ResourceStatus"), "description": "required with steps written out"},
                "status": {**_ref("ResourceStatus"), "description": "with a named timeline: what its steps show"},
            }),
        ]},
        "ResourceStep": closed_object({"status": _ref("ResourceStatus"), "polls": _ref("Polls"),
                                 "seconds": _ref("Seconds")}, ["status"]),
        "ProfileTaskSteps": {"type": "array", "minItems": 1, "items": _ref("TaskStep"),
                             "title": "a non-empty list of steps"},
        "ProfileResourceSteps": {"type": "array", "items": _ref("ProfileResourceStep"),
                                 "title": "a list of steps (empty: the resource is final at once)"},
        "ProfileResourceStep": closed_object({"status": _ref("ResourceStatus"), "polls": _ref("Polls"),
                                        "seconds": _ref("Seconds")},
                                       description="without status, the resource shows its kind's own"),
        "Outcome": {"title": "an outcome: 'completed', or a mapping with 'response' or 'error'", "anyOf": [
            {"const": "completed"},
            closed_object({"response": {"type": "object", "description": "merged over the operation's own response; "
                                                                   "${placeholders} in values"},
                     "error": _ref("ErrorTriple"), "additionalInfo": _ref("Text")}),
        ]},
        "ErrorTriple": closed_object({
            "type": {**_ref("Text"), "description": "e.g. PAYMENT_INFO_NOT_PROVIDED"},
            "status": {"type": "string", "pattern": ERROR_STATUS_PATTERN,
                       "title": "an HTTP status like '400 BAD_REQUEST'"},
            "description": _ref("Text"),
        }, ["type", "status", "description"]),
    }


@lru_cache(maxsize=None)
def _document_text() -> str:
    return json.dumps(document(), indent=2) + "\n"


def document() -> dict[str, Any]:
    return {
        "$schema": DRAFT,
        "title": "mock_api scenario or profile file",
        "description": "A scenario file (top-level `scenarios`) or a profile file (top-level `timelines`). "
                       "See docs/scenarios.md.",
        "oneOf": [_ref(SCENARIO_FILE), _ref(PROFILE_FILE)],
        "definitions": _definitions(),
    }


def document_text() -> str:
    """The schema as served and as kept in docs/ (built once)."""
    return _document_text()


def run(args: argparse.Namespace) -> int:
    """`mock-api schema`: the schema on stdout."""
    sys.stdout.write(document_text())
    return 0
