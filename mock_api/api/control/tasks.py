"""Tasks: look at them with their status history (no poll counted), and force them."""
from __future__ import annotations

from typing import Any

from flask import jsonify

from ...app import base_url, emulator
from ...records import Account, TaskRecord
from ...scenario_model import ErrorTriple
from . import Refused, account_scope, body_object, control


def _owned(task_id: str) -> Account:
    """The task's account: with an account named, only its own tasks are found (another account's
    task is as unknown as a missing one)."""
    mock = emulator()
    scope = account_scope(body_schema=None)
    owner = mock.store.account_of_task(task_id)
    if owner is None or (scope is not None and owner is not scope):
        raise Refused(404, f"Task {task_id[:64]} was not found")
    return owner


def _time(value) -> str | None:
    return None if value is None else value.isoformat(timespec="microseconds").replace("+00:00", "Z")


def record_json(account: Account, record: TaskRecord) -> dict[str, Any]:
    rep = emulator().representation_for(account)
    return {"accountId": account.id, "task": rep.task(record.view, base_url()),
            "history": [{"status": c.status, "at": _time(c.at), "poll": c.poll} for c in record.history],
            "held": record.held, "polls": record.polls, "nextDeadline": _time(record.next_deadline)}


@control.get("/tasks")
def tasks_list():
    mock = emulator()
    scope = account_scope()
    accounts = [scope] if scope is not None else mock.store.accounts()
    return jsonify({"tasks": [record_json(a, r) for a in accounts for r in mock.store.inspect(a, None, mock.now(a))]})


@control.get("/tasks/<task_id>")
def task_show(task_id: str):
    mock = emulator()
    account = _owned(task_id)
    records = mock.store.inspect(account, task_id, mock.now(account))
    if not records:
        raise Refused(404, f"Task {task_id[:64]} was not found")
    return jsonify(record_json(account, records[0]))


def _failure() -> tuple[ErrorTriple, str | None]:
    body = body_object("MockTaskFailure")
    return ErrorTriple(body["type"], body["status"], body["description"]), body.get("additionalInfo")


@control.post("/tasks/<task_id>/<any(step, complete, fail, hold, release):action>")
def task_action(task_id: str, action: str):
    mock = emulator()
    account = _owned(task_id)
    error, info = _failure() if action == "fail" else (None, None)
    try:
        view = mock.store.control_task(account, task_id, action, mock.now(account), error, info)
    except ValueError as refused:
        raise Refused(409, str(refused)) from None
    if view is None:
        raise Refused(404, f"Task {task_id[:64]} was not found")
    return jsonify(mock.representation_for(account).task(view, base_url()))
