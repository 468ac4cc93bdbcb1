"""GET /tasks and GET /tasks/{taskId}."""
from __future__ import annotations

from flask import Response, g

from ..app import base_url, emulator, json_error
from . import api


@api.get("/tasks")
def list_tasks():
    mock = emulator()
    views = mock.store.task_list(g.account, g.now)
    body = mock.representation_for(g.account).task_list(views, base_url())
    return Response(body, mimetype="application/json")


@api.get("/tasks/<task_id>")
def get_task(task_id: str):
    mock = emulator()
    account = g.account
    view = mock.store.poll(account, task_id, g.now)
    if view is None:
        return json_error(404, f"Task {task_id[:64]} was not found")
    return Response(mock.representation_for(account).encoded_task(view, base_url()), mimetype="application/json")
