"""What happens around every emulated-API request: fault rules before it, the journal after it."""
from __future__ import annotations

import socket
import time
from typing import Optional

from flask import Response, current_app, g, jsonify, request
from werkzeug.exceptions import HTTPException

from ..app import json_error
from ..journal import Recorded
from ..operations import BY_NAME

CONTROL_PREFIX = "/_mock"


COMMAND_TYPES = {f"api.{op.name}": op.command_type for op in BY_NAME.values() if op.command_type}


def _command_type(req) -> Optional[str]:
    return COMMAND_TYPES.get(req.url_rule.endpoint) if req.url_rule is not None else None


def apply_fault(mock, req, account) -> Optional[Response]:
    """Called after authentication (rules may match an account): the first rule that fires."""
    if not mock.faults.active:
        return None
    rule = mock.faults.draw(req.method, req.path, _command_type(req), account.id)
    if rule is None:
        return None
    g.fault = rule
    if rule.action == "delay":
        time.sleep(rule.seconds)
        return None
    if rule.action == "task-not-found":
        return None  # the task-creating handler hides the new task from its first polls
    if rule.action == "drop":
        connection = request.environ.get("mock_api.socket")
        if connection is not None:
            g.dropped = True
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return Response(status=500)  # never reaches the client: the connection is gone
        return json_error(503, "Connection dropped by a fault rule (no socket in-process: answered 503)")
    if rule.body is None:
        response = json_error(rule.status, f"Injected by fault rule {rule.id}")
    else:
        response = jsonify(rule.body)
        response.status_code = rule.status
    for name, value in rule.headers.items():
        response.headers[name] = value
    return response


def _raw_body(req, environ):
    if not environ.get("CONTENT_LENGTH") and "chunked" not in environ.get("HTTP_TRANSFER_ENCODING", ""):
        return b""
    try:
        return req.get_data(cache=True)
    except HTTPException:  # over the size limit: it was refused unread
        return "<body not read: over the size limit>"


def record(response: Response) -> Response:
    # This runs on every request: one proxy lookup each, then plain WSGI environ reads.
    req = request._get_current_object()
    environ = req.environ
    path = environ.get("PATH_INFO", "")
    if path.startswith(CONTROL_PREFIX):
        return response
    if not path.isascii():  # WSGI hands the path over as latin-1
        path = path.encode("latin-1").decode("utf-8", "replace")
    mock = current_app.extensions["mock_api"]
    context = g._get_current_object()
    account = getattr(context, "account", None)
    fault = getattr(context, "fault", None)
    headers = {key: value for key, value in environ.items() if key[:5] == "HTTP_"}
    if environ.get("CONTENT_TYPE"):
        headers["HTTP_CONTENT_TYPE"] = environ["CONTENT_TYPE"]
    mock.journal.record(Recorded(
        time=mock.clock.now(), method=environ["REQUEST_METHOD"], path=path,
        full_path=environ.get("SCRIPT_NAME", "") + path,
        query=environ.get("QUERY_STRING", "").encode("latin-1"), headers=headers, body=_raw_body(req, environ),
        account_id=account.id if account else None, command_type=_command_type(req),
        status=None if getattr(context, "dropped", False) else response.status_code,
        task_id=getattr(context, "task_id", None), fault=fault.id if fault is not None else None))
    return response
