"""What happens around every emulated-API request: fault rules before it, the journal after it."""
from __future__ import annotations

import socket
import time

from flask import Response, g, jsonify

from ..app import json_error
from ..journal import Recorded, cut_body
from ..operations import BY_NAME

CONTROL_PREFIX = "/_mock"


COMMAND_TYPES = {f"api.{op.name}": op.command_type for op in BY_NAME.values() if op.command_type}


def command_type(req) -> str | None:
    return COMMAND_TYPES.get(req.url_rule.endpoint) if req.url_rule is not None else None


def apply_fault(mock, req, account, command: str | None) -> Response | None:
    """Called after authentication (rules may match an account): the first rule that fires."""
    if not mock.faults.active:
        return None
    rule = mock.faults.draw(req.method, req.path, command, account.id)
    if rule is None:
        return None
    g.fault = rule
    req.environ["mock_api.fault"] = rule.id
    if rule.action == "delay":
        hold = req.environ.get("mock_api.hold")
        if hold is not None:
            hold(rule.seconds)  # served: the answer waits in its connection, no worker thread does
        else:
            time.sleep(rule.seconds)  # in-process: the caller's own thread waits, as it would for a server
        return None
    if rule.action == "task-not-found":
        return None  # the task-creating handler hides the new task from its first polls
    if rule.action == "drop":
        connection = req.environ.get("mock_api.socket")
        if connection is not None:
            req.environ["mock_api.dropped"] = True
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return Response(status=500)  # never reaches the client: the connection is gone
        return json_error(503, "Connection dropped by a fault rule (no socket in-process: answered 503)")
    if rule.status in (204, 304):  # answers that carry no body
        response = Response(status=rule.status)
    elif rule.body is None:
        response = json_error(rule.status, f"Injected by fault rule {rule.id}")
    else:
        response = jsonify(rule.body)
        response.status_code = rule.status
    for name, value in rule.headers.items():
        response.headers[name] = value
    return response


def _raw_body(environ, status: int | None):
    if status == 413:
        return "<body not read: over the size limit>"
    return environ.get("mock_api.body", b"")  # left there by the handler that read it (cut to the journal's size)


class Journaling:
    """WSGI middleware: every emulated-API request goes into the journal with its answer's status.

    It runs on every request, so it reads the WSGI environ only (no Flask proxies); the handlers
    leave what it needs there: the account, the commandType, the task id, a fault rule.
    """

    def __init__(self, app, journal, clock):
        self.app, self.journal, self.clock = app, journal, clock

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path.startswith(CONTROL_PREFIX):
            return self.app(environ, start_response)
        statuses = []

        def capture(status, headers, exc_info=None):
            statuses.append(status)
            return start_response(status, headers, exc_info)

        started = time.perf_counter()
        result = self.app(environ, capture)
        self._record(environ, path, int(statuses[-1][:3]) if statuses else None, time.perf_counter() - started)
        return result

    def _record(self, environ, path: str, status: int | None, duration: float) -> None:
        if not path.isascii():  # WSGI hands the path over as latin-1
            path = path.encode("latin-1").decode("utf-8", "replace")
        headers = {key: value for key, value in environ.items() if key[:5] == "HTTP_"}
        if environ.get("CONTENT_TYPE"):
            headers["HTTP_CONTENT_TYPE"] = environ["CONTENT_TYPE"]
        body = _raw_body(environ, status)
        self.journal.record(Recorded(
            time=environ.get("mock_api.time") or self.clock.now(), method=environ["REQUEST_METHOD"], path=path,
            full_path=environ.get("SCRIPT_NAME", "") + path, query=environ.get("QUERY_STRING", "").encode("latin-1"),
            headers=headers, body=cut_body(body) if isinstance(body, bytes) else body,
            account_id=environ.get("mock_api.account_id"), command_type=environ.get("mock_api.command_type"),
            status=None if environ.get("mock_api.dropped") else status,
            task_id=environ.get("mock_api.task_id"), fault=environ.get("mock_api.fault"),
            near_miss=environ.get("mock_api.near_miss"),
            body_size=len(body) if isinstance(body, bytes) else 0, duration=duration))
