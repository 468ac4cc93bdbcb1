"""Validates every response the suite's in-process apps produce against mock_api's OpenAPI document.

Connected to Flask's ``request_finished`` signal for every test (tests/conftest.py), so it sees the
test client's requests, the live server thread's, and those of inner pytester runs alike; and to
mock_api's ``poll_answered``, for the polls answered without Flask.
"""
from __future__ import annotations

import json
import re
import threading
from typing import List, Optional
from urllib.parse import unquote

import jsonschema
from flask import request

from mock_api.openapi import document
from mock_api.schemacheck import to_json_schema

DOC = to_json_schema(document())
_TEMPLATE = re.compile(r"[{<][^}>]*[}>]")


def _shape(path: str) -> str:
    return _TEMPLATE.sub("{}", unquote(path))  # an escaped `?` (%3F) in a documented path is a `?` in a rule


PATHS = {_shape(path): operations for path, operations in DOC["paths"].items()}


class ResponseContract:
    def __init__(self) -> None:
        self.failures: List[str] = []
        self.checked = 0
        self._lock = threading.Lock()

    def _documented(self, status: int) -> Optional[dict]:
        """The documented response: {"content": {media type: {"schema": …}}}, or no content at all."""
        rule = request.url_rule
        if rule is None or rule.endpoint == "static":
            return {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}} \
                if status in (404, 405) else None
        method = "get" if request.method == "HEAD" else request.method.lower()  # HEAD is served by GET (Werkzeug drops the body on the wire)
        operation = PATHS.get(_shape(rule.rule), {}).get(method)
        if operation is None:
            return None
        return operation["responses"].get(str(status))

    def __call__(self, sender, response, **extra) -> None:
        where = f"{request.method} {request.path} → {response.status_code}"
        documented = self._documented(response.status_code)
        content = (documented or {}).get("content") or {}
        schema = content.get("application/json", {}).get("schema", {}) if "application/json" in content else None
        problem = None
        if documented is None:
            problem = "status or route not in the OpenAPI document"
        elif not content:
            if response.get_data():
                problem = "a body where the document says there is none"
        elif schema is None:
            if response.mimetype not in content:
                problem = f"content type {response.mimetype}, not {', '.join(content)}"
        elif response.mimetype != "application/json":
            if response.mimetype not in content:  # another documented type (a scenario file): no JSON to check
                problem = f"content type {response.mimetype}"
        else:
            body = response.get_json(silent=True)
            validator = jsonschema.Draft7Validator({**schema, "components": DOC["components"]})
            errors = list(validator.iter_errors(body))
            if errors:
                problem = "; ".join(f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors[:3])
        with self._lock:
            self.checked += 1
            if problem:
                self.failures.append(f"{where}: {problem}")


    def poll(self, sender, path: str, status: int, body: bytes) -> None:
        """An answer of the fast path for polls (mock_api.api.tasks.TaskPolls), which Flask's
        signals do not see."""
        problem = check_over_http("GET", path, status, json.loads(body))
        with self._lock:
            self.checked += 1
            if problem:
                self.failures.append(problem)


CONTRACT_TOTAL = {"checked": 0}


_ROUTES = [(re.compile("^" + _TEMPLATE.sub("[^/]+", path) + "$"), operations) for path, operations in DOC["paths"].items()]


def check_over_http(method: str, path: str, status: int, body) -> Optional[str]:
    """The same contract, for a response received over HTTP (no Flask request at hand)."""
    bare = path.split("?", 1)[0]
    if bare.startswith("/v1/"):
        bare = bare[3:]
    candidates = [ops for pattern, ops in _ROUTES if pattern.match(bare)]
    # a literal path (/_mock/requests/count) beats a template that also matches it
    operation = next((ops.get(method.lower()) for ops in candidates if ops.get(method.lower())), None)
    if operation is None:
        schema = {"$ref": "#/components/schemas/Error"} if status in (404, 405) else None
    else:
        response = operation["responses"].get(str(status))
        schema = response["content"]["application/json"].get("schema", {}) if response else None
    if schema is None:
        return f"{method} {path} → {status}: status or route not in the OpenAPI document"
    errors = list(jsonschema.Draft7Validator({**schema, "components": DOC["components"]}).iter_errors(body))
    if errors:
        return f"{method} {path} → {status}: " + "; ".join(
            f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors[:3])
    return None
