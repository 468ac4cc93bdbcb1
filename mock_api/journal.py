"""The request journal: every emulated-API request with what came back, bounded in memory.

Secrets are masked before anything is stored. ``wait`` blocks (up to a timeout) until enough
matching requests have arrived, so a test never sleeps-and-polls for "did my SDK call X yet".
"""
from __future__ import annotations

import fnmatch
import itertools
import json
import threading
from collections import deque
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Deque, Dict, List, Mapping, Optional

SECRET_HEADERS = {"x-api-secret-key", "authorization", "x-mock-admin-token", "cookie"}
MAX_BODY_CHARS = 64 * 1024
DEFAULT_SIZE = 1000


def mask_headers(headers: Mapping[str, str]) -> Dict[str, str]:
    """Lower-cased names; secret values replaced by '***' plus their last 2 characters at most."""
    masked = {}
    for name, value in headers.items():
        name = name.lower()
        if name in SECRET_HEADERS:
            value = "***" + (value[-2:] if len(value) > 8 else "")
        masked[name] = value
    return masked


def body_for_journal(raw: bytes) -> Any:
    if not raw:
        return None
    text = raw[:MAX_BODY_CHARS].decode("utf-8", errors="replace")
    try:
        return json.loads(text)
    except ValueError:
        return text


@dataclass(frozen=True)
class RequestFilter:
    """Globs on method and path; exact account id, status and commandType. Empty: anything."""

    method: Optional[str] = None
    path: Optional[str] = None
    account_id: Optional[int] = None
    status: Optional[int] = None
    command_type: Optional[str] = None

    def matches(self, entry: Dict[str, Any]) -> bool:
        if self.method and not fnmatch.fnmatchcase(entry["method"], self.method.upper()):
            return False
        if self.path and not fnmatch.fnmatchcase(entry["path"], self.path):
            return False
        if self.account_id is not None and entry["accountId"] != self.account_id:
            return False
        if self.status is not None and entry["status"] != self.status:
            return False
        return self.command_type is None or entry.get("commandType") == self.command_type


@dataclass(slots=True)
class Recorded:
    """What is kept of one request, cheaply (this runs on every request); turned into its JSON
    entry only when read."""

    time: datetime
    method: str
    path: str
    full_path: str
    query: bytes
    headers: Dict[str, str]  # HTTP_* keys of the WSGI environ
    body: Any  # bytes, or a note when the body was not read
    account_id: Optional[int]
    command_type: Optional[str]
    status: Optional[int]
    task_id: Optional[str]
    fault: Optional[int]

    def entry(self, entry_id: int) -> Dict[str, Any]:
        entry = {"id": entry_id, "time": self.time.isoformat(timespec="microseconds").replace("+00:00", "Z"),
                 "method": self.method, "path": self.path,
                 "fullPath": self.full_path, "query": self.query.decode("latin-1"),
                 "headers": mask_headers({key[5:].replace("_", "-").lower(): value
                                          for key, value in self.headers.items()}),
                 "body": body_for_journal(self.body) if isinstance(self.body, bytes) else self.body,
                 "accountId": self.account_id, "commandType": self.command_type, "status": self.status}
        if self.task_id is not None:
            entry["taskId"] = self.task_id
        if self.fault is not None:
            entry["fault"] = self.fault
        return entry


class Journal:
    def __init__(self, size: int = DEFAULT_SIZE):
        if size < 1:
            raise ValueError("the journal keeps at least one request")
        self._entries: Deque[Dict[str, Any]] = deque(maxlen=size)  # {"id", "recorded", or the built entry}
        self._changed = threading.Condition()
        self._waiters = 0  # long polls in progress: only then is a new entry announced
        self._ids = itertools.count(1)
        self.size = size

    def record(self, recorded: Recorded) -> None:
        with self._changed:
            self._entries.append({"id": next(self._ids), "recorded": recorded})
            if self._waiters:
                self._changed.notify_all()

    def _built(self) -> List[Dict[str, Any]]:
        """Entries as JSON objects (each built once, on the first read that needs it)."""
        built = []
        for slot in self._entries:
            if "recorded" in slot:
                entry = slot.pop("recorded").entry(slot["id"])
                slot.update(entry)
            built.append(slot)
        return built

    def find(self, where: RequestFilter, limit: Optional[int] = None) -> List[Dict[str, Any]]:
        with self._changed:
            found = [entry for entry in self._built() if where.matches(entry)]
        return found[-limit:] if limit else found

    def clear(self) -> None:
        with self._changed:
            self._entries.clear()

    def wait(self, where: RequestFilter, count: int, timeout: float) -> List[Dict[str, Any]]:
        """Block until ``count`` matching requests are in the journal or ``timeout`` seconds pass;
        return the matching requests either way."""
        with self._changed:
            self._waiters += 1
            try:
                self._changed.wait_for(lambda: sum(1 for e in self._built() if where.matches(e)) >= count,
                                       timeout=timeout)
            finally:
                self._waiters -= 1
            return [entry for entry in self._built() if where.matches(entry)]
