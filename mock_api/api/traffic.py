"""What happens around every emulated-API request: fault rules before it, the journal after it."""
from __future__ import annotations

import socket
import time
from typing import Optional

from flask import Response, g, jsonify, request
from werkzeug.exceptions import HTTPException

from ..app import emulator, json_error
from ..journal import body_for_journal, mask_headers
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
        connection = request.environ.get("werkzeug.socket")
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


def _body():
    try:
        return body_for_journal(request.get_data(cache=True))
    except HTTPException:  # over the size limit: it was refused unread
        return "<body not read: over the size limit>"


def record(response: Response) -> Response:
    if request.path.startswith(CONTROL_PREFIX):
        return response
    account = getattr(g, "account", None)
    entry = {
        "time": emulator().clock.now().isoformat(timespec="microseconds").replace("+00:00", "Z"),
        "method": request.method,
        "path": request.path,
        "fullPath": request.script_root + request.path,
        "query": request.query_string.decode("latin-1"),
        "headers": mask_headers(request.headers),
        "body": _body(),
        "accountId": account.id if account else None,
        "commandType": _command_type(),
        "status": None if getattr(g, "dropped", False) else response.status_code,
    }
    if entry["commandType"] and response.status_code < 300 and response.is_json:
        entry["taskId"] = (response.get_json(silent=True) or {}).get("taskId")
    if getattr(g, "fault", None) is not None:
        entry["fault"] = g.fault.id
    emulator().journal.record(entry)
    return response
