"""The control API's part of the OpenAPI document (paths under /_mock and their schemas)."""
from __future__ import annotations

from typing import Any, Dict, List

STRING, INTEGER, NUMBER, BOOLEAN = ({"type": t} for t in ("string", "integer", "number", "boolean"))
NULLABLE_INT = {"type": "integer", "nullable": True}
NULLABLE_STRING = {"type": "string", "nullable": True}


def _ref(name: str) -> Dict[str, str]:
    return {"$ref": "#/components/schemas/" + name}


def _obj(properties: Dict[str, Any], required: List[str] = ()) -> Dict[str, Any]:
    schema: Dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        schema["required"] = list(required)
    return schema


CONTROL_SCHEMAS: Dict[str, Any] = {
    "MockClock": _obj({"now": STRING, "frozen": BOOLEAN}, ["now", "frozen"]),
    "MockReset": _obj({"reset": {"enum": ["account", "everything"]}, "accountId": NULLABLE_INT}, ["reset"]),
    "MockAccounts": _obj({"accounts": {"type": "array", "items": _obj({
        "accountId": INTEGER, "key": STRING, "tasks": INTEGER, "resources": INTEGER, "profile": NULLABLE_STRING,
        "links": NULLABLE_STRING, "scenario": NULLABLE_STRING}, ["accountId", "key"])}}, ["accounts"]),
    "MockAccountSettings": _obj({"accountId": INTEGER, "profile": NULLABLE_STRING, "links": NULLABLE_STRING,
                                 "scenario": NULLABLE_STRING, "next": {"type": "array", "items": STRING}},
                                ["accountId"]),
    "MockScenario": _obj({"name": STRING, "origin": STRING, "definition": {"type": "object"}}, ["name", "origin"]),
    "MockScenarios": _obj({"profile": STRING, "profileOrigin": STRING,
                           "scenarios": {"type": "array", "items": _ref("MockScenario")},
                           "operations": {"type": "array", "items": _ref("MockOperationTimelines")}},
                          ["profile", "scenarios", "operations"]),
    "MockOperationTimelines": _obj({
        "operation": STRING, "commandType": STRING, "scenario": STRING, "origin": STRING,
        "timelines": {"type": "object", "additionalProperties": STRING,
                      "description": "the profile entry of each named timeline, e.g. steps: timelines.task"},
        "steps": {"type": "array", "items": {"type": "object"}},
        "resource": {"type": "object", "nullable": True, "properties": {
            "steps": {"type": "array", "items": {"type": "object"}}, "final": STRING}},
        "conditional": {"type": "array", "items": STRING,
                        "description": "scenarios before it that take over for some requests (path, params, body)"},
    }, ["operation", "commandType", "scenario", "origin", "timelines", "steps", "resource", "conditional"]),
    "MockLoadedScenarios": _obj({"loaded": {"type": "array", "items": _ref("MockScenario")}}, ["loaded"]),
    "MockScenarioProblems": _obj({"timestamp": STRING, "status": INTEGER, "error": STRING, "message": STRING,
                                  "path": STRING, "problems": {"type": "array", "items": STRING}},
                                 ["status", "problems"]),
    "MockJournalEntry": _obj({
        "id": INTEGER, "time": STRING, "method": STRING, "path": STRING, "fullPath": STRING, "query": STRING,
        "headers": {"type": "object", "additionalProperties": STRING}, "body": {},
        "accountId": NULLABLE_INT, "commandType": NULLABLE_STRING, "status": NULLABLE_INT,
        "taskId": NULLABLE_STRING, "fault": INTEGER,
    }, ["id", "time", "method", "path", "headers", "status"]),
    "MockJournal": _obj({"count": INTEGER, "requests": {"type": "array", "items": _ref("MockJournalEntry")}},
                        ["count", "requests"]),
    "MockWaitResult": _obj({"satisfied": BOOLEAN, "count": INTEGER,
                            "requests": {"type": "array", "items": _ref("MockJournalEntry")}},
                           ["satisfied", "count", "requests"]),
    "MockCount": _obj({"count": INTEGER}, ["count"]),
    "MockFaultRule": _obj({
        "id": INTEGER, "action": {"enum": ["delay", "status", "task-not-found", "drop"]},
        "method": NULLABLE_STRING, "path": NULLABLE_STRING, "commandType": NULLABLE_STRING,
        "accountId": NULLABLE_INT, "probability": NUMBER, "times": NULLABLE_INT, "hits": INTEGER,
        "seconds": NUMBER, "status": INTEGER, "body": {}, "headers": {"type": "object"}, "polls": INTEGER,
    }, ["id", "action", "probability", "hits"]),
    "MockFaults": _obj({"faults": {"type": "array", "items": _ref("MockFaultRule")}}, ["faults"]),
    "MockDone": {"type": "object"},
    "MockSnapshot": _obj({"version": {"enum": [1]}, "now": STRING, "accounts": {"type": "array"},
                          "scenarios": {"type": "object"}, "nextIds": {"type": "object"},
                          "nextAccountId": INTEGER, "faults": {"type": "array"}},
                         ["version", "now", "accounts"]),
    "MockImported": _obj({"imported": BOOLEAN, "accounts": INTEGER}, ["imported"]),
    "MockHealth": _obj({"status": STRING, "version": STRING}, ["status"]),
}

ACCOUNT_HINT = "The account: the request's x-api-key / x-api-secret-key headers, or accountId."


def _json(schema: str, description: str = "OK") -> Dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": _ref(schema)}}}


def _op(operation_id: str, summary: str, ok: str, code: str = "200", errors=("400", "401"),
        body: bool = False, extra: Dict[str, Any] = None) -> Dict[str, Any]:
    responses = {code: _json(ok), **{e: _json("Error", "Refused") for e in errors}}
    entry: Dict[str, Any] = {"operationId": operation_id, "summary": summary, "tags": ["control"],
                             "responses": responses}
    if body:
        entry["requestBody"] = {"required": False, "content": {"application/json": {"schema": {"type": "object"}}}}
    entry.update(extra or {})
    return entry


FILTER_PARAMETERS = [{"name": name, "in": "query", "required": False, "schema": schema, "description": text}
                     for name, schema, text in (
                         ("method", STRING, "glob"), ("path", STRING, "glob on the path without /v1"),
                         ("accountId", INTEGER, "exact"), ("status", INTEGER, "exact"),
                         ("commandType", STRING, "exact"))]


def control_paths() -> Dict[str, Any]:
    return {
        "/_mock/reset": {"post": _op("mockReset", "Forget everything, or one account's tasks and resources. "
                                     + ACCOUNT_HINT + " Without one, also the journal, faults and loaded scenarios.",
                                     "MockReset", body=True, errors=("400", "401", "404"))},
        "/_mock/accounts": {"get": _op("mockAccounts", "The accounts seen so far", "MockAccounts")},
        "/_mock/account": {"put": _op("mockAccountSettings", "Per-account profile, links, scenario (every "
                                      "task-creating request) and next (scenarios used once each). " + ACCOUNT_HINT,
                                      "MockAccountSettings", body=True, errors=("400", "401", "404"))},
        "/_mock/clock": {"get": _op("mockClock", "The server's clock", "MockClock")},
        "/_mock/clock/advance": {"post": _op("mockClockAdvance", "Move the clock forward by {seconds}",
                                             "MockClock", body=True)},
        "/_mock/clock/set": {"post": _op("mockClockSet", "Jump to {now} (ISO-8601, never back)", "MockClock",
                                         body=True)},
        "/_mock/clock/freeze": {"post": _op("mockClockFreeze", "Stop the clock", "MockClock")},
        "/_mock/clock/resume": {"post": _op("mockClockResume", "Let the clock run again from where it stopped",
                                            "MockClock")},
        "/_mock/scenarios": {
            "get": _op("mockScenarios", "Scenarios in force, in matching order, and which scenario and timelines "
                       "each task-backed operation gets, under the account's profile, the server's, or ?profile=NAME",
                       "MockScenarios", extra={"parameters": [
                           {"name": "profile", "in": "query", "required": False, "schema": STRING,
                            "description": "a built-in profile or the server's profile file"}]}),
            "post": {**_op("mockLoadScenarios", "Load a YAML or JSON scenario document (validated like a file); "
                           "its scenarios match first", "MockLoadedScenarios", "201", errors=("401",)),
                     "requestBody": {"required": True, "content": {"application/yaml": {"schema": STRING},
                                                                   "application/json": {"schema": {"type": "object"}}}},
                     "responses": {"201": _json("MockLoadedScenarios"), "401": _json("Error"),
                                   "400": _json("MockScenarioProblems", "Invalid scenarios, with locations")}},
            "delete": _op("mockClearScenarios", "Forget the scenarios loaded at run time", "MockDone"),
        },
        "/_mock/tasks/{taskId}/{action}": {"post": _op(
            "mockTaskAction", "Force a task: step (next status now), complete, fail (with {type, status, "
            "description}), hold (until release), release", "TaskStateUpdate", body=True,
            errors=("400", "401", "404", "409"),
            extra={"parameters": [
                {"name": "taskId", "in": "path", "required": True, "schema": STRING},
                {"name": "action", "in": "path", "required": True,
                 "schema": {"enum": ["step", "complete", "fail", "hold", "release"]}}]})},
        "/_mock/requests": {
            "get": _op("mockJournal", "Journaled requests (secrets masked), oldest first", "MockJournal",
                       extra={"parameters": FILTER_PARAMETERS}),
            "delete": _op("mockClearJournal", "Empty the journal", "MockDone"),
        },
        "/_mock/requests/count": {"get": _op("mockJournalCount", "How many journaled requests match", "MockCount",
                                             extra={"parameters": FILTER_PARAMETERS})},
        "/_mock/requests/wait": {"post": {
            **_op("mockJournalWait", "Long poll until {count} requests match the filter, up to {timeout} s",
                  "MockWaitResult", body=True, extra={"parameters": FILTER_PARAMETERS}),
            "responses": {"200": _json("MockWaitResult"), "408": _json("MockWaitResult", "Timed out"),
                          "400": _json("Error"), "401": _json("Error")}}},
        "/_mock/faults": {
            "get": _op("mockFaults", "Fault rules, in matching order", "MockFaults"),
            "post": _op("mockAddFault", "Add a fault rule (delay, status, task-not-found, drop)", "MockFaultRule",
                        "201", body=True),
            "delete": _op("mockClearFaults", "Remove every fault rule", "MockDone"),
        },
        "/_mock/faults/{ruleId}": {"delete": _op(
            "mockRemoveFault", "Remove one fault rule", "MockDone", errors=("401", "404"),
            extra={"parameters": [{"name": "ruleId", "in": "path", "required": True, "schema": INTEGER}]})},
        "/_mock/state": {
            "get": _op("mockExportState", "The whole state as JSON", "MockSnapshot"),
            "put": _op("mockImportState", "Replace the whole state with a snapshot", "MockImported", body=True),
        },
        "/_mock/openapi.json": {"get": {"operationId": "mockOpenApi", "summary": "This document", "tags": ["control"],
                                        "responses": {"200": {"description": "OpenAPI 3.0",
                                                              "content": {"application/json": {}}}}}},
        "/_mock/health": {"get": _op("mockHealth", "Liveness", "MockHealth")},
        "/_mock/scenario-schema.json": {"get": {
            "operationId": "mockScenarioSchema", "summary": "The JSON Schema of scenario and profile files",
            "tags": ["control"], "responses": {"200": {"description": "JSON Schema draft-07",
                                                       "content": {"application/json": {}}}}}},
    }
