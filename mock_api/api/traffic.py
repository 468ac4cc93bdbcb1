"""What happens around every emulated-API request: fault rules before it, the journal after it."""
from __future__ import annotations

import socket
import time
from typing import Optional

from flask import Response, g, jsonify, request
from werkzeug.exceptions import HTTPException

from ..app import emulator, json_error
from ..journal import Recorded
from ..operations import BY_NAME

CONTROL_PREFIX = "/_mock"


def _command_type() -> Optional[str]:
    endpoint = request.url_rule.endpoint if request.url_rule else ""
    operation = BY_NAME.get(endpoint.rpartition(".")[2])
    return operation.command_type if operation else None


def apply_fault() -> Optional[Response]:
    """Called after authentication (rules may match an account): the first rule that fires."""
    mock = emulator()
    rule = mock.faults.draw(request.method, request.path, _command_type(), g.account.id)
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


def _raw_body():
    try:
        return request.get_data(cache=True)
    except HTTPException:  # over the size limit: it was refused unread
        return "<body not read: over the size limit>"


def record(response: Response) -> Response:
    if request.path.startswith(CONTROL_PREFIX):
        return response
    account = getattr(g, "account", None)
    fault = getattr(g, "fault", None)
    emulator().journal.record(Recorded(
        time=emulator().clock.now().isoformat(timespec="microseconds").replace("+00:00", "Z"),
        method=request.method, path=request.path, full_path=request.script_root + request.path,
        query=request.query_string, headers=tuple(request.headers.items()), body=_raw_body(),
        account_id=account.id if account else None, command_type=_command_type(),
        status=None if getattr(g, "dropped", False) else response.status_code,
        task_id=getattr(g, "task_id", None), fault=fault.id if fault is not None else None))
    return response
