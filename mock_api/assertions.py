"""Assertions on task bodies as the real API shapes them (either link profile)."""
from __future__ import annotations

import re
from typing import Any

from .scenario_model import FINISHED, TASK_STEP_ORDER

TASK_STATUSES = (*TASK_STEP_ORDER, *FINISHED)
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$")


def assert_task(body: dict[str, Any], status: str | None = None, command_type: str | None = None) -> None:
    """Assert ``body`` is a task as the real API shapes it (in either link profile)."""
    assert isinstance(body, dict), f"a task is a JSON object, not {type(body).__name__}"
    assert isinstance(body.get("taskId"), str) and _UUID.match(body["taskId"]), f"bad taskId in {body}"
    assert body.get("status") in TASK_STATUSES, f"unknown status {body.get('status')!r}"
    assert isinstance(body.get("commandType"), str) and body["commandType"], f"no commandType in {body}"
    assert isinstance(body.get("timestamp"), str) and _TIMESTAMP.match(body["timestamp"]), \
        f"bad timestamp {body.get('timestamp')!r}"
    assert ("_links" in body) != ("links" in body), "a task has either `_links` (hal) or `links` (v1)"
    finished = body["status"] in FINISHED
    assert ("response" in body) == finished, "`response` appears on finished tasks only"
    if finished:
        assert ("error" in body["response"]) == (body["status"] == "processing-error"), \
            "`response.error` appears on failed tasks only"
    if status is not None:
        assert body["status"] == status, f"task {body['taskId']} is {body['status']}, expected {status}"
    if command_type is not None:
        assert body["commandType"] == command_type, f"commandType {body['commandType']}, expected {command_type}"


def assert_task_completed(body: dict[str, Any], command_type: str | None = None) -> dict[str, Any]:
    """Assert a completed task and return its ``response``."""
    assert_task(body, "processing-completed", command_type)
    response: dict[str, Any] = body["response"]
    return response


def assert_task_failed(body: dict[str, Any], error_type: str | None = None) -> dict[str, str]:
    """Assert a failed task (optionally of one error type) and return its ``response.error``."""
    assert_task(body, "processing-error")
    error: dict[str, str] = body["response"]["error"]
    assert set(error) == {"type", "status", "description"}, f"bad error triple {error}"
    if error_type is not None:
        assert error["type"] == error_type, f"error {error['type']}, expected {error_type}"
    return error
