"""Every JSON shape the server emits, and every link, is built here.

Two link profiles:

* ``hal`` (default): the documented form of the seed page — an ``_links`` object keyed by relation,
  each ``{href, title?, type}``; timestamps with milliseconds.
* ``v1``: what production sends — a ``links`` array of ``{rel, type, href}`` (completed tasks list
  ``resource`` before ``self``), nanosecond timestamps, resources carrying ``links: [self]``.

Hrefs are absolute and point back at this server: the request's scheme and host, with ``/v1``
kept when the request used it (``base`` is the request's URL root).
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from .timefmt import error_time, task_time_hal, task_time_v1

if TYPE_CHECKING:
    from .records import TaskView

HAL = "hal"
V1 = "v1"
LINK_PROFILES = (HAL, V1)

DESCRIPTIONS = {
    "received": "Task request received and is being queued for processing.",
    "processing-completed": "Request processing completed successfully and its resources are now being "
                            "provisioned / de-provisioned.",
    "processing-error": "Task request failed during processing. See error information for failure details.",
    # `initialized` and `processing-in-progress` have no recorded description: none is sent.
}
TASK_LINK_TITLE = "getTaskStatusUpdates"


_ENCODER = json.JSONEncoder(separators=(",", ":"))  # one for all: json.dumps would build one per call


def encode_json(value: Any) -> bytes:
    """Compact JSON bytes, as every answer built here is sent."""
    return _ENCODER.encode(value).encode()


def _href(base: str, path: str) -> str:
    return base.rstrip("/") + path


class Representation:
    """Shapes for one link profile; ``base`` is the request's URL root (e.g. http://h:p/v1/)."""

    def __init__(self, links: str = HAL):
        if links not in LINK_PROFILES:
            raise ValueError(f"unknown link profile {links!r}; choose one of {', '.join(LINK_PROFILES)}")
        self.links = links
        self._time = task_time_hal if links == HAL else task_time_v1

    # ------------------------------------------------------------ links

    def _link_block(self, entries: list[tuple]) -> dict[str, Any]:
        """entries: (rel, href, title or None), in the order the real API lists them."""
        if self.links == HAL:
            block = {}
            for rel, href, title in entries:
                block[rel] = {"href": href, "title": title, "type": "GET"} if title else {"href": href, "type": "GET"}
            return {"_links": block}
        return {"links": [{"rel": rel, "type": "GET", "href": href} for rel, href, _ in entries]}

    # ------------------------------------------------------------ tasks

    def task(self, view: TaskView, base: str, creating: bool = False) -> dict[str, Any]:
        body: dict[str, Any] = {"taskId": view.id, "commandType": view.command_type, "status": view.status}
        description = view.description or DESCRIPTIONS.get(view.status)
        if description:
            body["description"] = description
        body["timestamp"] = self._time(view.timestamp)
        if view.response is not None:
            body["response"] = view.response
        task_href = _href(base, f"/tasks/{view.id}")
        if creating:
            entries = [("task", task_href, TASK_LINK_TITLE if self.links == HAL else None)]
        elif view.resource_path:
            entries = [("resource", _href(base, view.resource_path), view.resource_title if self.links == HAL
                        else None), ("self", task_href, None)]
        else:
            entries = [("self", task_href, None)]
        body.update(self._link_block(entries))
        return body

    def encoded_task(self, view: TaskView, base: str) -> bytes:
        """A task as JSON bytes. Its view carries the task's one-slot cache of its JSON, keyed by all
        it depends on that can change (a task's id, commandType, and once finished its response and
        links, never change): a finished task is encoded once, and listings encode a running one
        once per status."""
        cache = view.encoded
        if cache is None:
            return encode_json(self.task(view, base))
        key = (self.links, base, view.status, view.timestamp, view.description)
        entry = cache[0] if cache else None  # one (key, JSON) tuple, replaced whole: safe across threads
        if entry is not None and entry[0] == key:
            return entry[1]
        encoded = encode_json(self.task(view, base))
        if cache:
            cache[0] = (key, encoded)
        else:
            cache.append((key, encoded))
        return encoded

    def task_list(self, views: list[TaskView], base: str) -> bytes:
        """`{"tasks": [...]}` as JSON bytes, from each task's encoded JSON."""
        return b'{"tasks":[' + b",".join(self.encoded_task(view, base) for view in views) + b"]}"

    # ------------------------------------------------------------ resources

    def resource(self, body: dict[str, Any], path: str, base: str) -> dict[str, Any]:
        return {**body, **self._link_block([("self", _href(base, path), None)])}

    def collection(self, kind, account_id: int, items: Iterable[tuple], base: str) -> bytes:
        """An account-level list, as JSON bytes: {"accountId", <list key>: [...], links}."""
        return self._object([("accountId", encode_json(account_id)),
                             (kind.list_key, self._encoded_list(kind, items, base))],
                            [("self", _href(base, kind.collection_path), None)])

    def paged(self, kind, account_id: int, parent_ids: dict[str, int], total: int, page: Iterable[tuple],
              base: str, query: str) -> bytes:
        """A page of a subscription's databases, as JSON bytes: Pro wraps the subscription in a
        one-element array, Essentials answers the object itself."""
        path = kind.collection_path.format(**parent_ids)
        entry = self._object([("subscriptionId", encode_json(parent_ids["subscriptionId"])),
                              ("numberOfDatabases", encode_json(total)),
                              (kind.list_key, self._encoded_list(kind, page, base))])
        return self._object([("accountId", encode_json(account_id)),
                             ("subscription", b"[" + entry + b"]" if kind.collection == "paged-array" else entry)],
                            [("self", _href(base, path) + (f"?{query}" if query else ""), None)])

    def _encoded_list(self, kind, items: Iterable[tuple], base: str) -> bytes:
        """A JSON array of resources, each encoded as soon as it is shaped (its dicts are gone before
        the next one is made): listing 10,000 subscriptions, 335 -> 285 ms of CPU."""
        encoded = (encode_json(self.resource(body, kind.path_for(ids), base)) for ids, body in items)
        return b"[" + b",".join(encoded) + b"]"

    def _object(self, members: list[tuple[str, bytes]], links: Sequence[tuple] = ()) -> bytes:
        """A JSON object from encoded members, in order, then the link block of ``links``."""
        parts = [encode_json(name) + b":" + value for name, value in members]
        if links:
            parts.append(encode_json(self._link_block(list(links)))[1:-1])  # the block's one member
        return b"{" + b",".join(parts) + b"}"


# ---------------------------------------------------------------- errors

REASONS = {400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
           408: "Request Timeout", 409: "Conflict", 413: "Payload Too Large", 415: "Unsupported Media Type",
           429: "Too Many Requests", 500: "Internal Server Error", 503: "Service Unavailable"}


def error_body(status: int, path: str, now: datetime, message: str | None = None) -> dict[str, Any]:
    """Spring Boot's error JSON, as the real API answers synchronous errors (facts §6)."""
    body: dict[str, Any] = {"timestamp": error_time(now), "status": status, "error": REASONS.get(status, "Error")}
    if message:
        body["message"] = message
    body["path"] = path
    return body
