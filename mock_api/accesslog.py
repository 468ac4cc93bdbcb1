"""The access log: one line per request through ``logging`` (logger ``mock_api.access``), as text or
JSON, with what a reader needs to follow a client: time, account, method, path, status, commandType,
taskId and duration. The CLI sends it to stderr; an embedding program routes it like any logger."""
from __future__ import annotations

import json
import logging
import sys
import time
from datetime import datetime, timezone
from typing import Any

log = logging.getLogger("mock_api.access")
FORMATS = ("text", "json")


class AccessLog:
    """WSGI middleware: the line is written when the answer starts (its status is known then)."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        if not log.isEnabledFor(logging.INFO):
            return self.app(environ, start_response)
        started = time.perf_counter()

        def logging_start_response(status, headers, exc_info=None):
            log.info("%s", environ.get("PATH_INFO", ""), extra={"access": _fields(environ, status, started)})
            return start_response(status, headers, exc_info)

        return self.app(environ, logging_start_response)


def _fields(environ, status: str, started: float) -> dict[str, Any]:
    query = environ.get("QUERY_STRING")
    path = environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "") + (f"?{query}" if query else "")
    return {"time": datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "client": environ.get("REMOTE_ADDR", "-"), "accountId": environ.get("mock_api.account_id"),
            "method": environ.get("REQUEST_METHOD"), "path": path, "status": int(status[:3]),
            "commandType": environ.get("mock_api.command_type"), "taskId": environ.get("mock_api.task_id"),
            "ms": round((time.perf_counter() - started) * 1000, 1)}


class AccessFormatter(logging.Formatter):
    def __init__(self, style: str = "text"):
        super().__init__()
        self.style_name = style

    def format(self, record: logging.LogRecord) -> str:
        fields = getattr(record, "access", None)
        if fields is None:
            return super().format(record)
        if self.style_name == "json":
            return json.dumps(fields, separators=(",", ":"))
        parts = [fields["time"], fields["client"], f"account={fields['accountId'] or '-'}", fields["method"],
                 fields["path"], str(fields["status"])]
        if fields["commandType"]:
            parts.append(fields["commandType"])
        if fields["taskId"]:
            parts.append(f"task={fields['taskId']}")
        parts.append(f"{fields['ms']}ms")
        return " ".join(parts)


def configure(style: str = "text", stream=None, quiet: bool = False) -> None:
    """Send the access log to ``stream`` (stderr) in ``style``; ``quiet``: nothing, and waitress's
    own warnings (a busy task queue) only when they are errors."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(AccessFormatter(style))
    log.handlers[:] = [handler]
    log.propagate = False
    log.setLevel(logging.WARNING if quiet else logging.INFO)
    logging.getLogger("waitress.queue").setLevel(logging.ERROR if quiet else logging.WARNING)
