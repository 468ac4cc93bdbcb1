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


class Journal:
    def __init__(self, size: int = DEFAULT_SIZE):
        if size < 1:
            raise ValueError("the journal keeps at least one request")
        self._entries: Deque[Dict[str, Any]] = deque(maxlen=size)
        self._changed = threading.Condition()
        self._ids = itertools.count(1)
        self.size = size

    def record(self, entry: Dict[str, Any]) -> None:
        with self._changed:
            entry["id"] = next(self._ids)
            self._entries.append(entry)
            self._changed.notify_all()

    def find(self, where: RequestFilter, limit: Optional[int] = None) -> List[Dict[str, Any]]:
        with self._changed:
            found = [entry for entry in self._entries if where.matches(entry)]
        return found[-limit:] if limit else found

    def clear(self) -> None:
        with self._changed:
            self._entries.clear()

    def wait(self, where: RequestFilter, count: int, timeout: float) -> List[Dict[str, Any]]:
        """Block until ``count`` matching requests are in the journal or ``timeout`` seconds pass;
        return the matching requests either way."""
        with self._changed:
            self._changed.wait_for(lambda: sum(1 for e in self._entries if where.matches(e)) >= count,
                                   timeout=timeout)
            return [entry for entry in self._entries if where.matches(entry)]
