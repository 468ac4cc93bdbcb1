"""GET /tasks and GET /tasks/{taskId}, and the fast path that answers most polls without Flask."""
from __future__ import annotations

from typing import TYPE_CHECKING

from blinker import signal
from flask import Response, g, request

from ..app import base_url, base_url_of, emulator
from ..representation import encode_json, error_body
from . import api, authenticated

if TYPE_CHECKING:
    from datetime import datetime

    from ..emulator import Emulator
    from ..records import Account

TASK_PATH = "/tasks/"
JSON_HEADER = ("Content-Type", "application/json")
STATUS_LINES = {200: "200 OK", 404: "404 NOT FOUND"}
# Sent with each answer of the fast path (Flask's own signals see the others): path, status, body.
# The project's suite checks every answer against the OpenAPI document through it.
poll_answered = signal("mock_api.poll-answered")


@api.get("/tasks")
def list_tasks():
    mock = emulator()
    views = mock.store.task_list(g.account, g.now)
    body = mock.representation_for(g.account).task_list(views, base_url())
    return Response(body, mimetype="application/json")


@api.get("/tasks/<task_id>")
def get_task(task_id: str):
    status, body = poll(emulator(), g.account, task_id, g.now, base_url(), request.script_root + request.path)
    return Response(body, status=status, mimetype="application/json")


def poll(mock: Emulator, account: Account, task_id: str, now: datetime, base: str,
         path: str) -> tuple[int, bytes]:
    """A poll's status and JSON: the task (it may move), or 404 (an unknown task, or one a fault
    hides for a few more polls)."""
    view = mock.store.poll(account, task_id, now)
    if view is None:
        return 404, encode_json(error_body(404, path, now, f"Task {task_id[:64]} was not found"))
    return 200, mock.representation_for(account).encoded_task(view, base)


class TaskPolls:
    """WSGI middleware: ``GET /tasks/{taskId}`` answered without Flask, whenever no fault rule is
    set and the key pair is good; anything else goes on to Flask, which answers as it always does.

    A poll is the request clients send most (an SDK waiting for a task polls every second or so),
    and through Flask it cost ten times the CPU of this path (165 against 16 µs in-process on the
    project's machine): request and app contexts, URL matching, signals, the response object.
    Served, that kept polls below 0.9x a bare Flask app answering the same JSON on the same server;
    through here they are faster than it (docs/performance.md). What a poll must do is all here or
    around it: authentication and the account's clock (``authenticated``), the same answer
    (``poll``), the journal and the access log (middlewares outside this one, reading the same
    environ keys); fault rules are Flask's to apply.
    """

    def __init__(self, app, mock: Emulator):
        self.app, self.mock = app, mock

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        task_id = path[len(TASK_PATH):]
        if (not path.startswith(TASK_PATH) or environ.get("REQUEST_METHOD") != "GET" or self.mock.faults.active
                or not task_id or "/" in task_id or not task_id.isascii()):
            return self.app(environ, start_response)
        account = authenticated(self.mock, environ)
        if isinstance(account, str):
            return self.app(environ, start_response)  # Flask answers the 401
        full_path = environ.get("SCRIPT_NAME", "") + path
        status, body = poll(self.mock, account, task_id, environ["mock_api.time"], base_url_of(environ), full_path)
        if poll_answered.receivers:
            poll_answered.send(self.mock, path=full_path, status=status, body=body)
        start_response(STATUS_LINES[status], [JSON_HEADER, ("Content-Length", str(len(body)))])
        return [body]
