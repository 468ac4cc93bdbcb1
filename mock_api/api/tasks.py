"""GET /tasks and GET /tasks/{taskId}."""
from __future__ import annotations

from flask import Response, g, jsonify, request

from ..app import emulator, json_error
from . import api


@api.get("/tasks")
def list_tasks():
    mock = emulator()
    views = mock.store.task_list(g.account, mock.clock.now())
    body = mock.representation_for(g.account).task_list(views, request.url_root)
    return Response(body, mimetype="application/json")


@api.get("/tasks/<task_id>")
def get_task(task_id: str):
    mock = emulator()
    view = mock.store.poll(g.account, task_id, mock.clock.now())
    if view is None:
        return json_error(404, f"Task {task_id} was not found")
    return jsonify(mock.representation_for(g.account).task(view, request.url_root))
