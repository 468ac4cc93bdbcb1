"""``--validate``: every upstream answer checked against the official OpenAPI document
(``mock_api/spec/redis-cloud-openapi.json``).

The request is matched to its operation by method and path template (the most literal template
wins); the body is validated against the schema of the answer's status code (or its ``2XX`` /
``default`` entry). OpenAPI 3.0 schemas are JSON Schema draft 4 with a few changes; the one that
matters for validation is translated: ``nullable: true`` also admits ``null``. ``format`` is not
checked (the spec's formats are hints such as ``int32`` and ``uuid``).

Each distinct violation (operation, status, place in the body, kind) is logged the first time it
is seen and counted after that; ``summary`` lists them all with their counts.
"""
from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from importlib import resources as importlib_resources
from typing import Any

import jsonschema

from .masking import MASK, is_secret_name
from .paths import TemplateIndex, api_path

NOT_JSON = object()  # an answer whose body could not be parsed as JSON
MAX_VALUE_CHARS = 60
MAX_ERRORS_PER_ANSWER = 20


def official_spec() -> dict[str, Any]:
    return json.loads((importlib_resources.files("mock_api") / "spec" / "redis-cloud-openapi.json").read_text())


def to_json_schema(node: Any) -> Any:
    """OpenAPI 3.0 → JSON Schema draft 4: ``nullable: true`` becomes a ``null`` in ``type`` (and in
    ``enum``, which would otherwise refuse it)."""
    if isinstance(node, list):
        return [to_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: to_json_schema(value) for key, value in node.items()}
    if node.get("nullable") is True:
        del node["nullable"]
        if "type" in node:
            node["type"] = [node["type"], "null"] if isinstance(node["type"], str) else [*node["type"], "null"]
        if "enum" in node:
            node["enum"] = [*node["enum"], None]
    return node


@dataclass(frozen=True)
class Violation:
    operation: str  # e.g. "GET /v1/subscriptions/{subscriptionId}"
    status: int
    location: str  # e.g. "response.error", "subscriptions[].status"; "(body)" for the whole body
    kind: str  # missing field, wrong type, unknown enum value, unexpected field, undocumented status…
    detail: str

    def __str__(self) -> str:
        return f"{self.operation} -> {self.status}: {self.location}: {self.kind} ({self.detail})"


def _location(path) -> str:
    text = ""
    for part in path:
        text += "[]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(body)"


def _json_type(value: Any) -> str:
    return {bool: "boolean", int: "integer", float: "number", str: "string", list: "array", dict: "object",
            type(None): "null"}.get(type(value), type(value).__name__)


def _shown(value: Any, path) -> str:
    if any(isinstance(part, str) and is_secret_name(part) for part in path):
        return MASK
    text = json.dumps(value) if not isinstance(value, str) else repr(value)
    return text if len(text) <= MAX_VALUE_CHARS else text[:MAX_VALUE_CHARS] + "..."


def _violations(operation: str, status: int, error: jsonschema.ValidationError) -> list[Violation]:
    path = list(error.absolute_path)
    where = _location(path)
    if error.validator == "required":
        return [Violation(operation, status, _location(path + [name]), "missing field", "required by the spec")
                for name in error.validator_value if isinstance(error.instance, dict) and name not in error.instance]
    if error.validator == "type":
        return [Violation(operation, status, where, "wrong type",
                          f"{_json_type(error.instance)}, the spec says {error.validator_value}")]
    if error.validator == "enum":
        return [Violation(operation, status, where, "unknown enum value", _shown(error.instance, path))]
    if error.validator == "additionalProperties":
        return [Violation(operation, status, where, "unexpected field", error.message.split("(", 1)[-1].rstrip(")"))]
    return [Violation(operation, status, where, str(error.validator), f"the spec says {error.validator_value!r}"[:120])]


class SpecChecker:
    def __init__(self, spec: dict[str, Any] | None = None, log=None):
        spec = spec if spec is not None else official_spec()
        self._components = to_json_schema(spec.get("components", {}))
        self._routes = TemplateIndex(
            (method, api_path(template), (template, operation))
            for template, operations in spec.get("paths", {}).items()
            for method, operation in operations.items() if isinstance(operation, dict) and "responses" in operation)
        self._validators: dict[tuple[str, int], Any] = {}
        self._counts: dict[Violation, int] = {}
        self._lock = threading.Lock()
        self._log = log
        self.checked = 0

    def check(self, method: str, raw_path: str, status: int, body: Any) -> list[Violation]:
        """The violations of one answer (``body`` parsed JSON, or ``NOT_JSON``, or None when empty)."""
        path = api_path(raw_path)
        if path.startswith("/_mock/"):
            return []
        found = self._routes.find(method, path)
        if found is None:
            if status >= 400:
                return []  # an unknown route refused: nothing the spec promises
            problems = [Violation(f"{method} {path}", status, "(body)", "undocumented operation",
                                  "no operation of the spec has this method and path")]
        else:
            (template, operation), _, _ = found
            problems = self._check_operation(f"{method} {template}", operation, status, body)
        with self._lock:
            self.checked += 1
            for problem in problems:
                self._counts[problem] = self._counts.get(problem, 0) + 1
                if self._counts[problem] == 1 and self._log is not None:
                    self._log(f"spec violation: {problem}")
        return problems

    def _check_operation(self, name: str, operation: dict[str, Any], status: int, body: Any) -> list[Violation]:
        responses = operation["responses"]
        response = responses.get(str(status)) or responses.get(f"{status // 100}XX") or responses.get("default")
        if response is None:
            documented = ", ".join(sorted(code for code in responses))
            return [Violation(name, status, "(body)", "undocumented status", f"the spec lists {documented}")]
        content = response.get("content") or {}
        media = content.get("application/json") or content.get("*/*")
        if media is None or "schema" not in media:
            return []  # the spec promises no JSON body for this status
        if body is NOT_JSON or body is None:
            return [Violation(name, status, "(body)", "not JSON", "the spec describes a JSON body")]
        validator = self._validator(name, status, media["schema"])
        errors = sorted(validator.iter_errors(body), key=lambda e: list(map(str, e.absolute_path)))
        # A value of the wrong type also fails its enum: one violation says it.
        wrong_type = {tuple(e.absolute_path) for e in errors if e.validator == "type"}
        problems: list[Violation] = []
        for error in errors:
            if error.validator == "enum" and tuple(error.absolute_path) in wrong_type:
                continue
            problems.extend(_violations(name, status, error))
            if len(problems) >= MAX_ERRORS_PER_ANSWER:
                break
        return problems

    def _validator(self, name: str, status: int, schema: dict[str, Any]):
        key = (name, status)
        if key not in self._validators:
            self._validators[key] = jsonschema.Draft4Validator({**to_json_schema(schema),
                                                                "components": self._components})
        return self._validators[key]

    def summary(self) -> list[str]:
        with self._lock:
            counts = sorted(self._counts.items(), key=lambda item: (item[0].operation, item[0].status,
                                                                    item[0].location, item[0].kind))
            total = sum(count for _, count in counts)
            lines = [f"spec check: {self.checked} answer{'s' if self.checked != 1 else ''} checked against the "
                     f"official OpenAPI document; {total} violation{'s' if total != 1 else ''}"
                     + (f" ({len(counts)} distinct)" if counts else "")]
            lines += [f"  {violation}" + (f" (x{count})" if count > 1 else "") for violation, count in counts]
            return lines

    @property
    def violations(self) -> dict[Violation, int]:
        with self._lock:
            return dict(self._counts)

