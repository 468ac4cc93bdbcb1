"""The control API's part of the OpenAPI document (paths under /_mock and their schemas).

The request-body schemas here are also what the control API validates bodies with
(``api/control``): one definition documents a body and checks it.
"""
from __future__ import annotations

from typing import Any

from .snapshot_schema import SNAPSHOT_SCHEMA

STRING, INTEGER, NUMBER, BOOLEAN = ({"type": t} for t in ("string", "integer", "number", "boolean"))
NULLABLE_INT = {"type": "integer", "nullable": True}
NULLABLE_STRING = {"type": "string", "nullable": True}
ACCOUNT_ID = {"type": "integer", "minimum": 1, "maximum": 2**31 - 1,
              "description": "The account to act on (instead of its x-api-key / x-api-secret-key headers)"}
NAME = {"type": "string", "minLength": 1, "maxLength": 256}
TEN_YEARS = 10 * 365 * 86400


def _ref(name: str) -> dict[str, str]:
    return {"$ref": "#/components/schemas/" + name}


def _obj(properties: dict[str, Any], required: list[str] = (), closed: bool = False) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        schema["required"] = list(required)
    if closed:
        schema["additionalProperties"] = False
    return schema


# Request bodies: validated by the control API, shown in the document.
BODY_SCHEMAS: dict[str, Any] = {
    "MockAccountScope": _obj({"accountId": ACCOUNT_ID}, closed=True),
    "MockAccountSettingsBody": _obj({
        "accountId": ACCOUNT_ID, "profile": {**NAME, "nullable": True}, "links": {"enum": ["hal", "v1", None],
                                                                                  "nullable": True},
        "scenario": {**NAME, "nullable": True}, "next": {"type": "array", "items": NAME, "maxItems": 1000}},
        closed=True),
    "MockClockAdvance": _obj({"seconds": {"type": "number", "minimum": 0, "maximum": TEN_YEARS},
                              "accountId": ACCOUNT_ID}, ["seconds"], closed=True),
    "MockClockSet": _obj({"now": {"type": "string", "minLength": 10, "maxLength": 64,
                                  "description": "ISO-8601, with a zone (Z); never before the clock's time"},
                          "accountId": ACCOUNT_ID}, ["now"], closed=True),
    "MockTaskFailure": _obj({"type": {**NAME, "pattern": "^[A-Z][A-Z0-9_]*$"},
                             "status": {"type": "string", "pattern": r"^[1-5]\d\d [A-Z][A-Z_]*$",
                                        "description": "e.g. '400 BAD_REQUEST'"},
                             "description": {"type": "string", "minLength": 1, "maxLength": 4096},
                             "additionalInfo": {"type": "string", "minLength": 1, "maxLength": 1024}},
                            ["type", "status", "description"], closed=True),
    "MockWaitBody": _obj({"count": {"type": "integer", "minimum": 1, "maximum": 1_000_000},
                          "timeout": {"type": "number", "minimum": 0, "maximum": 60}}, closed=True),
    "MockFaultSpec": _obj({
        "action": {"enum": ["delay", "status", "task-not-found", "drop"]},
        "method": NAME, "path": {**NAME, "description": "glob on the path, with or without /v1"},
        "commandType": {**NAME, "description": "glob; must match an emulated commandType"},
        "accountId": {**ACCOUNT_ID, "description": "the account the rule belongs to and fires for (the "
                                                   "request's credentials do the same)"},
        "probability": {"type": "number", "minimum": 0, "maximum": 1},
        "times": {"type": "integer", "minimum": 1, "maximum": 1_000_000},
        "seconds": {"type": "number", "minimum": 0, "maximum": 60},
        "status": {"type": "integer", "minimum": 200, "maximum": 599}, "body": {},
        "headers": {"type": "object", "maxProperties": 32, "additionalProperties": {"type": "string"}},
        "polls": {"type": "integer", "minimum": 1, "maximum": 1000},
    }, ["action"], closed=True),
    "MockSnapshotBody": SNAPSHOT_SCHEMA,
}

CONTROL_SCHEMAS: dict[str, Any] = {
    **BODY_SCHEMAS,
    "MockClock": _obj({"now": STRING, "frozen": BOOLEAN, "accountId": NULLABLE_INT}, ["now", "frozen"]),
    "MockReset": _obj({"reset": {"enum": ["account", "everything"]}, "accountId": NULLABLE_INT}, ["reset"]),
    "MockAccounts": _obj({"accounts": {"type": "array", "items": _obj({
        "accountId": INTEGER, "key": STRING, "tasks": INTEGER, "resources": INTEGER, "profile": NULLABLE_STRING,
        "links": NULLABLE_STRING, "scenario": NULLABLE_STRING, "now": STRING, "clockChanged": BOOLEAN,
        "faults": INTEGER, "scenarios": INTEGER}, ["accountId", "key"])}}, ["accounts"]),
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
    "MockLoadedScenarios": _obj({"loaded": {"type": "array", "items": _ref("MockScenario")},
                                 "accountId": NULLABLE_INT}, ["loaded"]),
    "MockScenarioProblems": _obj({"timestamp": STRING, "status": INTEGER, "error": STRING, "message": STRING,
                                  "path": STRING, "problems": {"type": "array", "items": STRING}},
                                 ["status", "problems"]),
    "MockJournalEntry": _obj({
        "id": INTEGER, "time": STRING, "method": STRING, "path": STRING, "fullPath": STRING, "query": STRING,
        "headers": {"type": "object", "additionalProperties": STRING}, "body": {},
        "accountId": NULLABLE_INT, "commandType": NULLABLE_STRING, "status": NULLABLE_INT,
        "taskId": NULLABLE_STRING, "fault": INTEGER, "nearMiss": STRING, "bodyTruncated": INTEGER,
        "durationMs": {**NUMBER, "description": "how long mock_api took to produce the answer, in real "
                                                "milliseconds (a delay fault on a served request waits after it)"},
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
    "MockStatusChange": _obj({"status": STRING, "at": STRING, "poll": INTEGER}, ["status", "at", "poll"]),
    "MockTaskRecord": _obj({"accountId": INTEGER, "task": _ref("TaskStateUpdate"),
                            "history": {"type": "array", "items": _ref("MockStatusChange")},
                            "held": BOOLEAN, "polls": INTEGER, "nextDeadline": NULLABLE_STRING},
                           ["accountId", "task", "history"]),
    "MockTasks": _obj({"tasks": {"type": "array", "items": _ref("MockTaskRecord")}}, ["tasks"]),
    "MockDone": {"type": "object"},
    "MockSnapshot": _obj({"version": {"enum": [1, 2]}, "now": STRING, "accounts": {"type": "array"},
                          "scenarios": {"type": "object"}, "nextIds": {"type": "object"},
                          "nextAccountId": INTEGER, "faults": {"type": "array"}},
                         ["version", "now", "accounts"]),
    "MockImported": _obj({"imported": BOOLEAN, "accounts": INTEGER}, ["imported"]),
    "MockHealth": _obj({"status": STRING, "version": STRING, "accounts": INTEGER, "waiters": INTEGER,
                        "maxWaiters": INTEGER}, ["status"]),
    "MockResource": _obj({"accountId": INTEGER, "kind": {**STRING, "description": "a resource kind, e.g. "
                                                                                  "subscription, database"},
                          "id": INTEGER, "ids": {"type": "object", "additionalProperties": INTEGER,
                                                 "description": "the path parameters that name it"},
                          "status": STRING, "name": NULLABLE_STRING,
                          "href": {**STRING, "description": "its URL in the emulated API (answers GET)"}},
                         ["accountId", "kind", "id", "ids", "status", "href"]),
    "MockResources": _obj({"resources": {"type": "array", "items": _ref("MockResource")}}, ["resources"]),
    "MockIndex": _obj({"name": STRING, "version": STRING,
                       "dashboard": {**STRING, "description": "the dashboard page's URL"},
                       "openapi": {**STRING, "description": "this API's OpenAPI document"},
                       "entryPoints": {"type": "array", "items": _obj(
                           {"method": STRING, "path": STRING, "summary": STRING}, ["method", "path", "summary"])}},
                      ["name", "version", "dashboard", "openapi", "entryPoints"]),
}

ACCOUNT_HINT = ("Scope: the account named by the request's x-api-key / x-api-secret-key headers or by "
                "accountId; without one, global.")
ACCOUNT_ONLY = "The account: the request's x-api-key / x-api-secret-key headers, or accountId (required)."


def _json(schema: str, description: str = "OK") -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": _ref(schema)}}}


def _op(operation_id: str, summary: str, ok: str, code: str = "200", errors=("400", "401"),
        body: str | None = None, extra: dict[str, Any] = None) -> dict[str, Any]:
    if any(p.get("name") == "accountId" for p in (extra or {}).get("parameters", [])) and "404" not in errors:
        errors = (*errors, "404")  # an accountId that names no account
    responses = {code: _json(ok), **{e: _json("Error", "Refused") for e in errors}}
    entry: dict[str, Any] = {"operationId": operation_id, "summary": summary, "tags": ["control"],
                             "responses": responses}
    if body:
        entry["requestBody"] = {"required": False, "content": {"application/json": {"schema": _ref(body)}}}
    entry.update(extra or {})
    return entry


SCOPE_PARAMETER = {"name": "accountId", "in": "query", "required": False, "schema": INTEGER,
                   "description": "act on this account (like its credentials)"}
FILTER_PARAMETERS = [{"name": name, "in": "query", "required": False, "schema": schema, "description": text}
                     for name, schema, text in (
                         ("method", STRING, "glob"), ("path", STRING, "glob on the path without /v1"),
                         ("accountId", INTEGER, "exact (implied by the request's credentials)"),
                         ("status", INTEGER, "exact"), ("commandType", STRING, "exact"),
                         ("secrets", {"enum": ["show"]}, "show secret headers and body fields in clear"))]
FORMAT_PARAMETER = {"name": "format", "in": "query", "required": False, "schema": {"enum": ["json", "scenario"]},
                    "description": "scenario: the finished tasks of the matching requests as a scenario file "
                                   "(application/yaml) that replays them"}


def _clock_op(operation_id: str, summary: str, body: str | None = None) -> dict[str, Any]:
    return {"post": _op(operation_id, summary + " " + ACCOUNT_HINT, "MockClock", body=body or "MockAccountScope",
                        errors=("400", "401", "404"))}


def _page(operation_id: str, summary: str, media_type: str) -> dict[str, Any]:
    """A public, non-JSON answer of the dashboard."""
    return {"get": {"operationId": operation_id, "summary": summary, "tags": ["control"],
                    "responses": {"200": {"description": "OK", "content": {media_type: {"schema": STRING}}}}}}


def control_paths() -> dict[str, Any]:
    task_parameters = [{"name": "taskId", "in": "path", "required": True, "schema": STRING}]
    return {
        "/_mock/reset": {"post": _op("mockReset", "Forget one account's tasks, resources, clock, fault rules, "
                                     "scenarios and choices, or (without an account) everything: accounts made "
                                     "by unknown key pairs, the journal, the server's clock too. " + ACCOUNT_HINT,
                                     "MockReset", body="MockAccountScope", errors=("400", "401", "404"))},
        "/_mock/accounts": {"get": _op("mockAccounts", "The accounts seen so far (global)", "MockAccounts")},
        "/_mock/account": {
            "get": _op("mockAccount", "The account the credentials (or accountId) name, and its choices. "
                       + ACCOUNT_ONLY, "MockAccountSettings", errors=("400", "401", "404"),
                       extra={"parameters": [SCOPE_PARAMETER]}),
            "put": _op("mockAccountSettings", "Per-account profile, links, scenario (every task-creating request) "
                       "and next (scenarios used once each). " + ACCOUNT_ONLY, "MockAccountSettings",
                       body="MockAccountSettingsBody", errors=("400", "401", "404")),
            "delete": _op("mockForgetAccount", "Drop the account and everything in it (its key pair starts "
                          "afresh). " + ACCOUNT_ONLY, "MockReset", body="MockAccountScope",
                          errors=("400", "401", "404"))},
        "/_mock/clock": {"get": _op("mockClock", "The clock. " + ACCOUNT_HINT, "MockClock",
                                    extra={"parameters": [SCOPE_PARAMETER]})},
        "/_mock/clock/advance": _clock_op("mockClockAdvance", "Move the clock forward by {seconds}.",
                                          "MockClockAdvance"),
        "/_mock/clock/set": _clock_op("mockClockSet", "Jump to {now} (never back).", "MockClockSet"),
        "/_mock/clock/freeze": _clock_op("mockClockFreeze", "Stop the clock."),
        "/_mock/clock/resume": _clock_op("mockClockResume", "Let the clock run again from where it stopped."),
        "/_mock/scenarios": {
            "get": _op("mockScenarios", "Scenarios in force, in matching order, and which scenario and timelines "
                       "each task-backed operation gets, under the account's profile, the server's, or ?profile=NAME. "
                       + ACCOUNT_HINT, "MockScenarios", extra={"parameters": [SCOPE_PARAMETER,
                           {"name": "profile", "in": "query", "required": False, "schema": STRING,
                            "description": "a built-in profile or the server's profile file"}]}),
            "post": {**_op("mockLoadScenarios", "Load a YAML or JSON scenario document (validated like a file); "
                           "its scenarios match first. " + ACCOUNT_HINT, "MockLoadedScenarios", "201",
                           errors=("401",), extra={"parameters": [SCOPE_PARAMETER]}),
                     "requestBody": {"required": True, "content": {"application/yaml": {"schema": STRING},
                                                                   "application/json": {"schema": {"type": "object"}}}},
                     "responses": {"201": _json("MockLoadedScenarios"), "401": _json("Error"),
                                   "404": _json("Error"),
                                   "400": _json("MockScenarioProblems", "Invalid scenarios, with locations")}},
            "delete": _op("mockClearScenarios", "Forget the scenarios loaded at run time. " + ACCOUNT_HINT,
                          "MockDone", extra={"parameters": [SCOPE_PARAMETER]}),
        },
        "/_mock/tasks": {"get": _op("mockTasks", "Tasks with their status history, newest status first, without "
                                    "counting a poll. " + ACCOUNT_HINT, "MockTasks",
                                    extra={"parameters": [SCOPE_PARAMETER]})},
        "/_mock/tasks/{taskId}": {"get": _op("mockTask", "One task with its status history (no poll counted). "
                                             "With an account, only its own tasks.", "MockTaskRecord",
                                             errors=("400", "401", "404"), extra={"parameters": task_parameters})},
        "/_mock/tasks/{taskId}/{action}": {"post": _op(
            "mockTaskAction", "Force a task: step (next status now), complete, fail (with {type, status, "
            "description}), hold (until release), release. With an account, only its own tasks.",
            "TaskStateUpdate", body="MockTaskFailure", errors=("400", "401", "404", "409"),
            extra={"parameters": task_parameters + [
                {"name": "action", "in": "path", "required": True,
                 "schema": {"enum": ["step", "complete", "fail", "hold", "release"]}}]})},
        "/_mock/requests": {
            "get": {**_op("mockJournal", "Journaled requests (secrets masked), oldest first. " + ACCOUNT_HINT,
                          "MockJournal", extra={"parameters": FILTER_PARAMETERS + [FORMAT_PARAMETER]}),
                    "responses": {"200": {"description": "OK", "content": {
                        "application/json": {"schema": _ref("MockJournal")},
                        "application/yaml": {"schema": {"type": "object", "description": "a scenario file"}}}},
                        **{code: _json("Error", "Refused") for code in ("400", "401", "404")}}},
            "delete": _op("mockClearJournal", "Empty the journal, or drop one account's entries. " + ACCOUNT_HINT,
                          "MockDone", extra={"parameters": [SCOPE_PARAMETER]}),
        },
        "/_mock/requests/count": {"get": _op("mockJournalCount", "How many journaled requests match. "
                                             + ACCOUNT_HINT, "MockCount", extra={"parameters": FILTER_PARAMETERS})},
        "/_mock/requests/wait": {"post": {
            **_op("mockJournalWait", "Long poll until {count} requests match the filter, up to {timeout} s. "
                  + ACCOUNT_HINT, "MockWaitResult", body="MockWaitBody", extra={"parameters": FILTER_PARAMETERS}),
            "responses": {"200": _json("MockWaitResult"), "408": _json("MockWaitResult", "Timed out"),
                          "400": _json("Error"), "401": _json("Error"),
                          "429": _json("Error", "Too many long polls at once (--max-waiters)")}}},
        "/_mock/faults": {
            "get": _op("mockFaults", "Fault rules, in matching order (an account's own, or all). " + ACCOUNT_HINT,
                       "MockFaults", extra={"parameters": [SCOPE_PARAMETER]}),
            "post": _op("mockAddFault", "Add a fault rule (delay, status, task-not-found, drop). " + ACCOUNT_HINT,
                        "MockFaultRule", "201", body="MockFaultSpec", errors=("400", "401", "404")),
            "delete": _op("mockClearFaults", "Remove every fault rule (an account's own, or all). " + ACCOUNT_HINT,
                          "MockDone", extra={"parameters": [SCOPE_PARAMETER]}),
        },
        "/_mock/faults/{ruleId}": {"delete": _op(
            "mockRemoveFault", "Remove one fault rule (with an account, only its own)", "MockDone",
            errors=("401", "404"),
            extra={"parameters": [{"name": "ruleId", "in": "path", "required": True, "schema": INTEGER}]})},
        "/_mock/state": {
            "get": _op("mockExportState", "The whole state as JSON (global; secrets as digests or masked unless "
                       "?secrets=show)", "MockSnapshot",
                       extra={"parameters": [FILTER_PARAMETERS[-1]]}),
            "put": _op("mockImportState", "Replace the whole state with a snapshot (global; checked whole first)",
                       "MockImported", body="MockSnapshotBody"),
        },
        "/_mock/openapi.json": {"get": {"operationId": "mockOpenApi", "summary": "This document", "tags": ["control"],
                                        "responses": {"200": {"description": "OpenAPI 3.0",
                                                              "content": {"application/json": {}}}}}},
        "/_mock/health": {"get": _op("mockHealth", "Liveness", "MockHealth")},
        "/_mock/": {"get": _op("mockIndex", "The control API's entry points and the dashboard's URL", "MockIndex",
                               errors=("401",))},
        "/_mock/resources": {"get": _op(
            "mockResources", "Resources (kind, id, status, API URL) by kind, oldest first, without counting a "
            "read. " + ACCOUNT_HINT, "MockResources", extra={"parameters": [SCOPE_PARAMETER, {
                "name": "kind", "in": "query", "required": False, "schema": STRING,
                "description": "only this kind (subscription, database, …)"}]})},
        "/_mock/ui": _page("mockDashboard", "The dashboard: a page that shows each account's tasks, resources, "
                           "requests, clock, faults and scenarios and drives them through this API (public: it "
                           "holds no data; its script sends the admin token)", "text/html"),
        "/_mock/ui/dashboard.js": _page("mockDashboardScript", "The dashboard's script: state, refreshing, "
                                        "actions (public; an ES module)", "text/javascript"),
        "/_mock/ui/draw.js": _page("mockDashboardDrawing", "The dashboard's drawing: data to DOM nodes, as text "
                                   "(public; an ES module)", "text/javascript"),
        "/_mock/ui/dashboard.css": _page("mockDashboardStyles", "The dashboard's styles (public)", "text/css"),
        "/_mock/scenario-schema.json": {"get": {
            "operationId": "mockScenarioSchema", "summary": "The JSON Schema of scenario and profile files",
            "tags": ["control"], "responses": {"200": {"description": "JSON Schema draft-07",
                                                       "content": {"application/json": {}}}}}},
    }
