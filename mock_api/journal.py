"""The request journal: every emulated-API request with what came back, bounded in memory.

Bounded twice: by entries (``size``) and by bytes (``max_bytes``: bodies and headers), the oldest
dropped first; a body is kept up to 64 KiB. Secrets are masked whenever an entry is shown (the
admin may ask for them in clear). ``wait`` lets a test block until enough matching requests have
arrived instead of sleeping-and-polling: each waiter counts the matching entries as they are
recorded (nothing is re-filtered on each request), and at most ``max_waiters`` wait at once.
"""

import fnmatch
import itertools
import threading
from collections import deque
from datetime import datetime
from typing import Any, NamedTuple

from .jsonsafe import JsonError, loads
from .secrets import mask_body, mask_headers

MAX_BODY_KEPT = 64 * 1024
ENTRY_OVERHEAD = 256  # bytes counted per entry beside its body and headers
DEFAULT_SIZE = 1000


class TooManyWaiters(Exception):
    """More long polls than ``max_waiters`` at once."""


class RequestFilter(NamedTuple):
    """Globs on method and path; exact account id, status and commandType. Empty: anything."""

    method: str | None = None
    path: str | None = None
    account_id: int | None = None
    status: int | None = None
    command_type: str | None = None

    def matches(self, recorded: "Recorded") -> bool:
        if self.method and not fnmatch.fnmatchcase(recorded.method, self.method.upper()):
            return False
        if self.path and not fnmatch.fnmatchcase(recorded.path, self.path):
            return False
        if self.account_id is not None and recorded.account_id != self.account_id:
            return False
        if self.status is not None and recorded.status != self.status:
            return False
        return self.command_type is None or recorded.command_type == self.command_type


class Recorded(NamedTuple):
    """What is kept of one request, cheaply (this runs on every request); turned into its JSON
    entry only when read."""

    time: datetime
    method: str
    path: str
    full_path: str
    query: bytes
    headers: dict[str, str]  # HTTP_* keys of the WSGI environ
    body: Any  # bytes (at most MAX_BODY_KEPT), or a note when the body was not read
    account_id: int | None
    command_type: str | None
    status: int | None
    task_id: str | None
    fault: int | None
    near_miss: str | None = None  # why the closest user scenario did not match, if none did
    body_size: int = 0  # the body's full size, when it was cut
    duration: float | None = None  # seconds the app took to answer (wall clock; sending the body not included)

    def weight(self) -> int:
        body = len(self.body) if isinstance(self.body, bytes) else 0
        return body + sum(len(k) + len(v) for k, v in self.headers.items()) + ENTRY_OVERHEAD

    def entry(self, entry_id: int, reveal: bool = False) -> dict[str, Any]:
        headers = {key[5:].replace("_", "-").lower(): value for key, value in self.headers.items()}
        entry = {"id": entry_id, "time": self.time.isoformat(timespec="microseconds").replace("+00:00", "Z"),
                 "method": self.method, "path": self.path,
                 "fullPath": self.full_path, "query": self.query.decode("latin-1"),
                 "headers": headers if reveal else mask_headers(headers),
                 "body": self._shown_body(reveal),
                 "accountId": self.account_id, "commandType": self.command_type, "status": self.status}
        if self.task_id is not None:
            entry["taskId"] = self.task_id
        if self.fault is not None:
            entry["fault"] = self.fault
        if self.near_miss is not None:
            entry["nearMiss"] = self.near_miss
        if self.body_size > MAX_BODY_KEPT:
            entry["bodyTruncated"] = self.body_size
        if self.duration is not None:
            entry["durationMs"] = round(self.duration * 1000, 3)
        return entry

    def _shown_body(self, reveal: bool) -> Any:
        if not isinstance(self.body, bytes):
            return self.body
        if not self.body:
            return None
        try:
            value = loads(self.body)
        except JsonError:  # not JSON (or refused as such): shown as text
            return self.body.decode("utf-8", errors="replace")
        return value if reveal else mask_body(value)


def cut_body(raw: bytes) -> bytes:
    return raw[:MAX_BODY_KEPT]


class _Slot:
    __slots__ = ("id", "recorded", "shown")

    def __init__(self, entry_id: int, recorded: Recorded):
        self.id, self.recorded, self.shown = entry_id, recorded, None

    def entry(self, reveal: bool) -> dict[str, Any]:
        if reveal:
            return self.recorded.entry(self.id, reveal=True)
        if self.shown is None:  # built once, on the first read that needs it
            self.shown = self.recorded.entry(self.id)
        return self.shown


class _Waiter:
    __slots__ = ("where", "wanted", "count", "event")

    def __init__(self, where: RequestFilter, wanted: int, count: int):
        self.where, self.wanted, self.count, self.event = where, wanted, count, threading.Event()


class Journal:
    def __init__(self, size: int = DEFAULT_SIZE, max_bytes: int = 64 << 20, max_waiters: int = 16):
        if size < 1:
            raise ValueError("the journal keeps at least one request")
        self.size, self.max_bytes, self.max_waiters = size, max_bytes, max_waiters
        self._slots: deque[_Slot] = deque()
        self._bytes = 0
        self._lock = threading.Lock()
        self._waiters: list[_Waiter] = []
        self._ids = itertools.count(1)

    def record(self, recorded: Recorded) -> None:
        with self._lock:
            self._slots.append(_Slot(next(self._ids), recorded))
            self._bytes += recorded.weight()
            while len(self._slots) > self.size or (self._bytes > self.max_bytes and len(self._slots) > 1):
                self._bytes -= self._slots.popleft().recorded.weight()
            for waiter in self._waiters:
                if waiter.where.matches(recorded):
                    waiter.count += 1
                    if waiter.count >= waiter.wanted:
                        waiter.event.set()

    @property
    def used_bytes(self) -> int:
        return self._bytes

    @property
    def waiting(self) -> int:
        """Long polls waiting now."""
        return len(self._waiters)

    def find(self, where: RequestFilter, limit: int | None = None, reveal: bool = False) -> list[dict[str, Any]]:
        """Matching entries, oldest first (the last ``limit`` of them when given)."""
        with self._lock:
            found = [slot for slot in self._slots if where.matches(slot.recorded)]
            if limit:
                found = found[-limit:]
            return [slot.entry(reveal) for slot in found]

    def count(self, where: RequestFilter) -> int:
        with self._lock:
            return sum(1 for slot in self._slots if where.matches(slot.recorded))

    def clear(self, account_id: int | None = None) -> None:
        """Empty the journal, or drop one account's entries."""
        with self._lock:
            if account_id is None:
                self._slots.clear()
                self._bytes = 0
            else:
                kept = deque(slot for slot in self._slots if slot.recorded.account_id != account_id)
                self._slots = kept
                self._bytes = sum(slot.recorded.weight() for slot in kept)
            for waiter in self._waiters:
                waiter.count = sum(1 for slot in self._slots if waiter.where.matches(slot.recorded))

    def wait(self, where: RequestFilter, count: int, timeout: float,
             reveal: bool = False) -> list[dict[str, Any]]:
        """Block until ``count`` matching requests are in the journal or ``timeout`` seconds pass;
        return the matching requests either way. Raises TooManyWaiters."""
        with self._lock:
            waiter = _Waiter(where, count, sum(1 for slot in self._slots if where.matches(slot.recorded)))
            if waiter.count < count:
                if len(self._waiters) >= self.max_waiters:
                    raise TooManyWaiters(f"{self.max_waiters} long polls are already waiting")
                self._waiters.append(waiter)
            else:
                waiter.event.set()
        try:
            waiter.event.wait(timeout)
        finally:
            with self._lock:
                if waiter in self._waiters:
                    self._waiters.remove(waiter)
        return self.find(where, reveal=reveal)
