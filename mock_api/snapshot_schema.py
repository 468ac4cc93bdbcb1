"""The schema of a state snapshot (``GET`` / ``PUT /_mock/state``), in the OpenAPI 3.0 dialect: the
control API's document shows it, and (converted by schemacheck.py) it validates an import before
anything is read from it — one source for both."""
from __future__ import annotations

from typing import Any

from .schemacheck import closed_object

VERSION = 2
ACCEPTED_VERSIONS = (1, 2)  # version 1 kept account secrets in clear; they are digested on import

_STRING = {"type": "string", "maxLength": 4096}
_NAME = {"type": "string", "minLength": 1, "maxLength": 256}
_TIME = {"type": "string", "minLength": 10, "maxLength": 64}
_COUNT = {"type": "integer", "minimum": 0, "maximum": 2**31 - 1}
_ID = {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}
_IDS = {"type": "object", "additionalProperties": _ID, "maxProperties": 8}
_NULLABLE_NAME = {"type": "string", "nullable": True, "minLength": 1, "maxLength": 256}


PROGRESS = {"type": "object", "nullable": True, "properties": {
    "index": _COUNT, "enteredAt": _TIME, "polls": _COUNT, "enteredPoll": _COUNT, "held": {"type": "boolean"}},
    "required": ["index", "enteredAt", "polls", "enteredPoll", "held"], "additionalProperties": False}
STEP = closed_object({"status": _NAME, "polls": {"type": "integer", "nullable": True, "minimum": 1, "maximum": 1_000_000},
             "seconds": {"type": "number", "nullable": True, "minimum": 0, "exclusiveMinimum": True,
                         "maximum": 864_000},
             "description": {"type": "string", "nullable": True, "maxLength": 4096}}, ["status"])
TIMELINE = {"type": "object", "nullable": True, "properties": {
    "steps": {"type": "array", "items": STEP, "maxItems": 10_000}, "final": _NAME},
    "required": ["steps", "final"], "additionalProperties": False}
ERROR = closed_object({"type": _NAME, "status": {"type": "string", "pattern": r"^[1-5]\d\d [A-Z][A-Z_]*$"},
              "description": _STRING}, ["type", "status", "description"], nullable=True)
OUTCOME = {"type": "object", "nullable": True, "properties": {
    "error": ERROR, "response": {"type": "object", "nullable": True},
    "additionalInfo": {"type": "string", "nullable": True, "maxLength": 4096}}, "additionalProperties": False}
HISTORY = {"type": "array", "maxItems": 64, "items": closed_object(
    {"status": _NAME, "at": _TIME, "poll": _COUNT}, ["status", "at", "poll"])}
TASK = closed_object({
    "id": {"type": "string", "pattern": r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"},
    "operation": _NAME, "scenario": _NAME, "progress": {**PROGRESS, "type": "object"}, "submittedAt": _TIME,
    "ids": _IDS, "body": {"type": "object"}, "outcome": OUTCOME, "response": {"type": "object", "nullable": True},
    "forcedOutcome": OUTCOME, "hiddenPolls": {"type": "integer", "minimum": 0, "maximum": 1000},
    "history": HISTORY,
}, ["id", "operation", "scenario", "progress", "submittedAt", "ids"])
RESOURCE = closed_object({
    "kind": _NAME, "ids": _IDS,
    "data": {"type": "object", "properties": {"status": _NAME}, "required": ["status"]},
    "timeline": TIMELINE, "progress": PROGRESS, "extra": {"type": "object"},
}, ["kind", "ids", "data"])
CLOCK = {"type": "object", "nullable": True, "properties": {
    "offsetSeconds": {"type": "number", "minimum": -1e12, "maximum": 1e12},
    "frozenAt": {"type": "string", "nullable": True, "minLength": 10, "maxLength": 64}},
    "required": ["offsetSeconds"], "additionalProperties": False}
ACCOUNT = closed_object({
    "id": _ID, "key": {"type": "string", "minLength": 1, "maxLength": 1024},
    "secret": {"type": "string", "minLength": 1, "maxLength": 1024},  # version 1 only: digested on import
    "secretDigest": {"type": "string", "pattern": "^sha256:[0-9a-f]{64}$"},
    "configured": {"type": "boolean"}, "profile": _NULLABLE_NAME, "links": _NULLABLE_NAME,
    "scenario": _NULLABLE_NAME, "nextScenarios": {"type": "array", "items": _NAME, "maxItems": 10_000},
    "clock": CLOCK, "runtimeScenarios": {"type": "array", "items": {"type": "object"}, "maxItems": 10_000},
    "tasks": {"type": "array", "items": TASK}, "resources": {"type": "array", "items": RESOURCE},
}, ["id", "key"])
SNAPSHOT_SCHEMA: dict[str, Any] = closed_object({
    "version": {"enum": list(ACCEPTED_VERSIONS)},
    "now": _TIME,
    "clock": CLOCK,
    "nextIds": {"type": "object", "additionalProperties": _ID},
    "nextAccountId": _COUNT,
    "scenarios": {"type": "object", "additionalProperties": {"type": "object"}},
    "runtimeScenarios": {"type": "array", "items": {"type": "object"}, "maxItems": 10_000},
    "accounts": {"type": "array", "items": ACCOUNT, "maxItems": 1_000_000},
    "faults": {"type": "array", "items": {"type": "object"}, "maxItems": 256},
}, ["version", "now", "accounts"])
