"""Proxied exchanges → task and resource observations.

The tracker sees each request with its answer, in the order answers arrived, and keeps:

* per task (found by an answer that carries ``taskId``, ``commandType`` and ``status``): the request
  that created it, every later ``GET /tasks/{id}`` answer (status, and when that status began, from
  the answer's own ``timestamp``), the polls answered 404 or 429, and the first final answer;
* per resource path: every ``GET`` that answered a ``status`` (or 404: gone), with its time;
* per kind of resource: the shape (field names and JSON types) of the last body read.

Times are on the upstream's clock. A real API's clock is the wall clock; a mock_api upstream's clock
may be moved by its control API, so the tracker follows every ``/_mock/clock`` answer that passes
through the proxy (``{"now", "frozen"}``) and every creating answer's ``timestamp``.
"""
from __future__ import annotations

import bisect
import re
import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urlsplit

from ..operations import OPERATIONS
from ..scenarios import FINISHED, GONE
from .observations import (Answer, NotRepresentable, ObservedOutcome, ResourceObservation, TaskObservation,
                           group_answers, task_steps)
from .paths import TemplateIndex, api_path

# Statuses a resource stays in (facts §7.1); any other is still moving.
SETTLED = frozenset({"active", "error", "deleted", "active-error", GONE})
_TASK_POLL = re.compile(r"^/tasks/([^/]+)$")
_TIME = re.compile(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:?\d\d)$")
_OPERATIONS = TemplateIndex((op.method, op.path, op) for op in OPERATIONS)
MAX_SHAPE_DEPTH = 8
# Bounds for a long recording: beyond them new tasks, answers and reads are counted, not kept.
MAX_TASKS = 10_000
MAX_ANSWERS = 10_000  # per task
MAX_READS = 10_000  # per resource path
MAX_PATHS = 10_000


def parse_time(text: Any) -> float | None:
    """An ISO-8601 time as the API writes it (any number of fraction digits) → epoch seconds."""
    if not isinstance(text, str):
        return None
    found = _TIME.match(text.strip())
    if not found:
        return None
    zone = "+00:00" if found.group(3) == "Z" else found.group(3)
    fraction = (found.group(2) or "0")[:6].ljust(6, "0")
    try:
        moment = datetime.fromisoformat(f"{found.group(1)}.{fraction}{zone}")
    except ValueError:
        return None
    return moment.astimezone(timezone.utc).timestamp()


def shape(value: Any, depth: int = 0) -> Any:
    """Field names and JSON types, no values: ``{"id": "integer", "tags": ["string"]}``."""
    if depth > MAX_SHAPE_DEPTH:
        return "…"
    if isinstance(value, dict):
        return {str(key): shape(item, depth + 1) for key, item in value.items()}
    if isinstance(value, list):
        return [shape(value[0], depth + 1)] if value else []
    return {bool: "boolean", int: "integer", float: "number", str: "string", type(None): "null"}.get(
        type(value), "unknown")


class UpstreamClock:
    """The upstream's clock, estimated from the wall clock plus the last offset it announced.

    A ``/_mock/clock`` answer tells the upstream's time exactly (and whether it is frozen); a
    creating answer's ``timestamp`` only roughly (rounded, and stamped before the answer left), so
    it is used only while no exact answer has been seen."""

    def __init__(self) -> None:
        self._offset = 0.0
        self._frozen_at: float | None = None
        self._exact = False

    def sync(self, upstream_now: float, wall: float, frozen: bool | None = None, exact: bool = True) -> None:
        if self._exact and not exact:
            return
        self._exact = self._exact or exact
        if frozen is not None:
            self._frozen_at = upstream_now if frozen else None
        elif self._frozen_at is not None:
            self._frozen_at = upstream_now
        self._offset = upstream_now - wall

    def at(self, wall: float) -> float:
        return self._frozen_at if self._frozen_at is not None else wall + self._offset


@dataclass(frozen=True)
class Exchange:
    """One proxied request and its answer (bodies parsed as JSON, None otherwise)."""

    method: str
    path: str  # as the client sent it, below the upstream's base path (may start with /v1)
    status: int
    request_body: Any
    response_body: Any
    wall: float  # epoch seconds when the answer arrived


@dataclass
class _Task:
    command_type: str
    method: str
    path: str
    template: str  # the path with its ids as {names}: what notes show (no id of the account)
    params: dict[str, str]
    body: Any
    created: int  # sequence number of the creating answer
    answers: list[Answer]
    finished: int | None = None
    final_body: dict[str, Any] | None = None
    not_found: int = 0
    rate_limited: int = 0


@dataclass
class TrackerReport:
    """What the written report shows beyond the scenarios."""

    resources: dict[str, list[tuple[float, str]]]  # path → (seconds since the recording began, status)
    shapes: dict[str, Any]  # resource template → shape
    rate_limited: int  # answers 429, all requests
    orphan_polls: int  # polls of tasks whose creating answer was not seen
    unfinished: list[str]
    tasks: list[TaskObservation] = field(default_factory=list)
    dropped: int = 0  # answers and reads past the bounds, not kept


class Tracker:
    def __init__(self, base_path: str = "") -> None:
        self.base_path = base_path.rstrip("/")
        self.clock = UpstreamClock()
        self._lock = threading.Lock()
        self._sequence = 0
        self._tasks: dict[str, _Task] = {}
        self._reads: dict[str, list[tuple[int, float, str]]] = {}
        self._shapes: dict[str, Any] = {}
        self._rate_limited = 0
        self._orphan_polls = 0
        self._started: float | None = None
        self._dropped = 0

    def observe(self, exchange: Exchange) -> None:
        with self._lock:
            self._sequence += 1
            self._observe(self._sequence, exchange)

    def _observe(self, seq: int, exchange: Exchange) -> None:
        path, body, status = api_path(exchange.path), exchange.response_body, exchange.status
        if path.startswith("/_mock/"):
            if path.startswith("/_mock/clock") and status < 300 and isinstance(body, dict):
                now = parse_time(body.get("now"))
                if now is not None:
                    frozen = body.get("frozen")
                    self.clock.sync(now, exchange.wall, frozen if isinstance(frozen, bool) else None)
            return
        self._rate_limited += status == 429
        poll = _TASK_POLL.match(path) if exchange.method == "GET" else None
        if poll:
            self._poll(seq, poll.group(1), exchange)
        elif _is_task(body) and 200 <= status < 300:
            self._created(seq, path, exchange)
        elif exchange.method == "GET" and path != "/tasks":
            self._read(seq, path, exchange)
        if self._started is None:  # after any clock sync this answer brought
            self._started = self.clock.at(exchange.wall)

    def _created(self, seq: int, path: str, exchange: Exchange) -> None:
        body = exchange.response_body
        began = parse_time(body.get("timestamp"))
        if began is not None:
            self.clock.sync(began, exchange.wall, exact=False)  # a task is stamped when it is received: now
        if body["taskId"] in self._tasks:
            return
        if len(self._tasks) >= MAX_TASKS:
            self._dropped += 1
            return
        found = _OPERATIONS.find(exchange.method, path)
        task = _Task(body["commandType"], exchange.method, path, _template(path, found),
                     dict(found[2]) if found else {}, exchange.request_body, seq, [])
        self._tasks[body["taskId"]] = task
        self._answer(seq, task, body, exchange.wall)

    def _poll(self, seq: int, task_id: str, exchange: Exchange) -> None:
        task = self._tasks.get(task_id)
        if task is None:
            self._orphan_polls += 1
            return
        if exchange.status == 404:
            task.not_found += task.finished is None
        elif exchange.status == 429:
            task.rate_limited += 1
        elif 200 <= exchange.status < 300 and _is_task(exchange.response_body):
            self._answer(seq, task, exchange.response_body, exchange.wall)

    def _answer(self, seq: int, task: _Task, body: dict[str, Any], wall: float) -> None:
        if task.finished is not None:
            return
        if len(task.answers) >= MAX_ANSWERS:
            self._dropped += 1
            return
        description = body.get("description") if isinstance(body.get("description"), str) else None
        task.answers.append(Answer(body["status"], parse_time(body.get("timestamp")), self.clock.at(wall),
                                   description))
        if body["status"] in FINISHED:
            task.finished, task.final_body = seq, body

    def _read(self, seq: int, path: str, exchange: Exchange) -> None:
        body = exchange.response_body
        if exchange.status == 404:
            self._keep_read(path, (seq, self.clock.at(exchange.wall), GONE))
        elif 200 <= exchange.status < 300 and isinstance(body, dict):
            template = _template(path, _OPERATIONS.find("GET", path))
            if template in self._shapes or len(self._shapes) < MAX_PATHS:
                self._shapes[template] = shape(body)
            if isinstance(body.get("status"), str):
                self._keep_read(path, (seq, self.clock.at(exchange.wall), body["status"]))

    def _keep_read(self, path: str, read: tuple[int, float, str]) -> None:
        reads = self._reads.get(path)
        if reads is None and len(self._reads) >= MAX_PATHS or reads is not None and len(reads) >= MAX_READS:
            self._dropped += 1
            return
        self._reads.setdefault(path, []).append(read)

    # ------------------------------------------------------------ results

    def report(self) -> TrackerReport:
        """Every finished task as an observation (in creation order), and what else was seen."""
        with self._lock:
            tasks = list(self._tasks.values())
            start = self._started or 0.0
            report = TrackerReport({path: [(round(at - start, 3), status) for _, at, status in reads]
                                    for path, reads in self._reads.items()},
                                   dict(self._shapes), self._rate_limited, self._orphan_polls, [],
                                   dropped=self._dropped)
            paths = [_resource_path(task, self.base_path) for task in tasks]
            touched: dict[str, list[int]] = {}  # resource path → creation of each task that touched it
            for task, path in zip(tasks, paths):
                if path is not None:
                    touched.setdefault(path, []).append(task.created)
            for task, path in zip(tasks, paths):
                where = f"{task.method} {task.template} ({task.command_type})"
                try:
                    steps, _ = task_steps(task.answers)
                except NotRepresentable as why:
                    report.unfinished.append(f"{where}: {why}; not written")
                    continue
                report.tasks.append(TaskObservation(
                    task.command_type, task.method, task.path, task.params, task.body, steps,
                    _outcome(task.final_body), self._resource(task, path, touched.get(path, [])),
                    task.not_found, task.rate_limited))
            return report

    def _resource(self, task: _Task, path: str | None, touched: list[int]) -> ResourceObservation | None:
        """The reads of the task's resource after it finished, until the next task that touched it."""
        if path is None or task.final_body.get("status") != "processing-completed":
            return None
        until = bisect.bisect_right(touched, task.created)
        until = touched[until] if until < len(touched) else None
        reads = [(at, status) for seq, at, status in self._reads.get(path, [])
                 if seq > task.finished and (until is None or seq < until)]
        if not reads:
            return None
        final_answer = task.answers[-1]
        started = final_answer.began if final_answer.began is not None else final_answer.seen
        steps = group_answers([Answer(status, None, at) for at, status in reads], start=started)
        return ResourceObservation(path, tuple(steps[:-1]), steps[-1].status, steps[-1].status in SETTLED)


def _template(path: str, found) -> str:
    """The operation's path template, or the path with its numeric segments as ``{id}``."""
    return found[1].template if found else re.sub(r"/\d+(?=/|$)", "/{id}", path)


def _is_task(body: Any) -> bool:
    return isinstance(body, dict) and all(isinstance(body.get(key), str) and body.get(key)
                                          for key in ("taskId", "commandType", "status"))


def _outcome(final: dict[str, Any]) -> ObservedOutcome:
    response = final.get("response") if isinstance(final.get("response"), dict) else {}
    if final["status"] == "processing-error":
        info = response.get("additionalInfo")
        return ObservedOutcome(error=response.get("error") if isinstance(response.get("error"), dict) else
                               {"type": response.get("error")}, additional_info=info if isinstance(info, str) else None)
    return ObservedOutcome(response=response)


def _resource_path(task: _Task, base_path: str) -> str | None:
    """Where the task's resource is read: the request path of an update or delete, else the
    completed task's ``resource`` link (``_links.resource`` or ``links[rel=resource]``)."""
    if task.final_body is None:
        return None
    if task.method in ("PUT", "DELETE"):
        return task.path
    body = task.final_body
    hrefs = [link.get("href") for link in body.get("links", []) if isinstance(link, dict)
             and link.get("rel") == "resource"] if isinstance(body.get("links"), list) else []
    hal = body.get("_links", {}).get("resource") if isinstance(body.get("_links"), dict) else None
    if isinstance(hal, dict):
        hrefs.append(hal.get("href"))
    for href in hrefs:
        if isinstance(href, str):
            path = urlsplit(href).path
            if base_path and path.startswith(base_path + "/"):
                path = path[len(base_path):]
            return api_path(path)
    return None
