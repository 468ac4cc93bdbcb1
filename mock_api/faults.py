"""Fault rules: ordered, matched on method / path / commandType / account, each with a probability
(drawn from a seeded random source), a number of ``times`` and an action:

* ``delay``          answer normally, ``seconds`` later (at most 60; no server thread waits meanwhile)
* ``status``         answer ``status`` with ``body`` (default: the API's error body) and ``headers``
* ``task-not-found`` the task created by this request answers 404 to its first ``polls`` polls
                     (the official Go SDK tolerates 5 such 404s)
* ``drop``           close the connection without an answer

A rule added with an account's credentials (or ``accountId``) belongs to that account: it fires
only on that account's requests and goes with the account's reset. A rule added without is global.
Every rule is checked whole before it is kept: a rule that would break the answers it shapes
(a header with CR/LF, a framing header, a NaN body) is refused.
"""
from __future__ import annotations

import difflib
import fnmatch
import itertools
import random
import re
import threading
import copy
from collections.abc import Mapping
from typing import Any

from .jsonsafe import JsonError, check_depth, check_finite, dumps_compact
from .operations import COMMAND_TYPES

ACTIONS = ("delay", "status", "task-not-found", "drop")
MAX_DELAY = 60.0
MAX_RULES = 256
MAX_BODY_BYTES = 64 * 1024
MAX_HEADERS = 32
MAX_TEXT = 512
HEADER_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$")  # an HTTP token (RFC 9110)
# Headers that frame or route the message: set by the server, never by a rule.
FRAMING_HEADERS = frozenset({"content-length", "transfer-encoding", "connection", "keep-alive", "upgrade",
                             "trailer", "te", "host", "content-encoding", "proxy-connection"})
METHODS = ("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS")
FIELDS = ("action", "method", "path", "commandType", "accountId", "probability", "times", "seconds", "status",
          "body", "headers", "polls")


class FaultError(ValueError):
    """A rule that cannot be accepted; the message says why."""


class FaultRule:
    """One rule: what it matches (``__init__``), then what it does, set field by field once checked
    (``parse_rule``). A plain class, not a dataclass, like the store's records (records.py)."""

    def __init__(self, id: int, action: str, method: str | None = None, path: str | None = None,
                 command_type: str | None = None, owner: int | None = None) -> None:
        self.id = id
        self.action = action
        self.method = method
        self.path = path
        self.command_type = command_type
        self.owner = owner  # the account it belongs to and fires for (its `accountId`); None: global
        self.probability = 1.0
        self.times: int | None = None  # None: every time
        self.seconds = 0.0
        self.status = 500
        self.body: Any = None
        self.headers: dict[str, str] = {}
        self.polls = 1
        self.hits = 0

    def copy(self) -> FaultRule:
        """An independent copy (its hit count goes on separately)."""
        twin = copy.copy(self)
        twin.headers = dict(self.headers)
        return twin

    def __repr__(self) -> str:
        return f"FaultRule({self.as_json()})"

    def matches(self, method: str, path: str, command_type: str | None, account_id: int | None) -> bool:
        if self.owner is not None and self.owner != account_id:
            return False
        if self.times is not None and self.hits >= self.times:
            return False
        if self.action == "task-not-found" and not command_type:
            return False  # it shapes a new task: only task-creating requests
        if self.method and not fnmatch.fnmatchcase(method, self.method):
            return False
        if self.path and not fnmatch.fnmatchcase(path, self.path):
            return False
        return not self.command_type or fnmatch.fnmatchcase(command_type or "", self.command_type)

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "action": self.action, "method": self.method, "path": self.path,
                                "commandType": self.command_type, "accountId": self.owner,
                                "probability": self.probability, "times": self.times, "hits": self.hits}
        if self.action == "delay":
            data["seconds"] = self.seconds
        elif self.action == "status":
            data.update(status=self.status, body=self.body, headers=self.headers)
        elif self.action == "task-not-found":
            data["polls"] = self.polls
        return data


def _text(spec: Mapping[str, Any], key: str, what: str) -> str | None:
    value = spec.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value or len(value) > MAX_TEXT:
        raise FaultError(f"{key} must be {what} of 1 to {MAX_TEXT} characters")
    return value


def _whole(spec: Mapping[str, Any], key: str, low: int, high: int, default: Any = None) -> Any:
    value = spec.get(key, default)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise FaultError(f"{key} must be a whole number from {low} to {high}")
    return value


def _number(spec: Mapping[str, Any], key: str, low: float, high: float, what: str) -> float:
    value = spec.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        raise FaultError(what)
    return float(value)


def _path(spec: Mapping[str, Any]) -> str | None:
    path = _text(spec, "path", "a glob on the request path")
    if path is None:
        return None
    if not path.startswith(("/", "*")):
        raise FaultError(f"path {path!r} must start with / (a glob on the path, e.g. /tasks/*)")
    # Rules match the path without /v1 (every route is served at both): accept it written with.
    if path == "/v1" or path.startswith("/v1/"):
        path = path[3:] or "/"
    return path


def _command_type(spec: Mapping[str, Any]) -> str | None:
    pattern = _text(spec, "commandType", "a glob on the commandType")
    if pattern is not None and not any(fnmatch.fnmatchcase(c, pattern) for c in COMMAND_TYPES):
        close = difflib.get_close_matches(pattern, COMMAND_TYPES, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise FaultError(f"commandType {pattern!r} matches no emulated commandType{hint}")
    return pattern


def _method(spec: Mapping[str, Any]) -> str | None:
    method = _text(spec, "method", "an HTTP method (or a glob)")
    if method is None:
        return None
    method = method.upper()
    if not any(fnmatch.fnmatchcase(m, method) for m in METHODS):
        raise FaultError(f"method {method!r} matches no HTTP method ({', '.join(METHODS)})")
    return method


def _headers(spec: Mapping[str, Any]) -> dict[str, str]:
    headers = spec.get("headers") or {}
    if not isinstance(headers, dict) or len(headers) > MAX_HEADERS:
        raise FaultError(f"headers must be an object of at most {MAX_HEADERS} names")
    checked = {}
    for name, value in headers.items():
        if not isinstance(name, str) or not HEADER_NAME.match(name):
            raise FaultError(f"header name {str(name)[:64]!r} is not an HTTP token")
        if name.lower() in FRAMING_HEADERS:
            raise FaultError(f"header {name} frames the message: the server sets it, a rule cannot")
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            raise FaultError(f"header {name} must be a string")
        text = str(value)
        if len(text) > 1024 or any(ord(c) < 32 and c != "\t" or ord(c) == 127 for c in text) or not text.isascii():
            raise FaultError(f"header {name}: the value must be printable ASCII of at most 1024 characters "
                             "(no CR, LF or control characters)")
        checked[name] = text
    return checked


def _body(spec: Mapping[str, Any]) -> Any:
    body = spec.get("body")
    if body is None:
        return None
    try:
        check_depth(body)
        check_finite(body)
        size = len(dumps_compact(body))
    except (JsonError, ValueError, TypeError) as error:
        raise FaultError(f"body: {error}") from None
    if size > MAX_BODY_BYTES:
        raise FaultError(f"body is larger than {MAX_BODY_BYTES} bytes")
    return body


def parse_rule(rule_id: int, spec: Any, owner: int | None = None) -> FaultRule:
    """A checked rule, or FaultError naming the first problem. Its ``accountId`` is the caller's to
    resolve into ``owner`` (the account must exist)."""
    if not isinstance(spec, dict):
        raise FaultError("a fault rule is a JSON object")
    unknown = set(spec) - set(FIELDS)
    if unknown:
        raise FaultError(f"unknown fields: {', '.join(sorted(map(str, unknown)))}; known: {', '.join(FIELDS)}")
    action = spec.get("action")
    if action not in ACTIONS:
        raise FaultError(f"action must be one of {', '.join(ACTIONS)}")
    _whole(spec, "accountId", 1, 2**31 - 1)
    rule = FaultRule(rule_id, action, _method(spec), _path(spec), _command_type(spec), owner=owner)
    rule.probability = _number({"probability": spec.get("probability", 1.0)}, "probability", 0, 1,
                               "probability must be a number from 0 to 1")
    rule.times = _whole(spec, "times", 1, 1_000_000)
    if action == "delay":
        rule.seconds = _number(spec, "seconds", 0, MAX_DELAY, f"a delay needs seconds from 0 to {MAX_DELAY:g}")
    elif action == "status":
        rule.status = _whole(spec, "status", 200, 599)
        if rule.status is None:
            raise FaultError("a status fault needs status, an HTTP code from 200 to 599")
        rule.body, rule.headers = _body(spec), _headers(spec)
    elif action == "task-not-found":
        rule.polls = _whole(spec, "polls", 1, 1000, default=1)
    return rule


class Faults:
    def __init__(self, seed: int | None = None):
        self._seed = seed
        self._randoms: dict[int | None, random.Random] = {}
        self._rules: list[FaultRule] = []
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def add(self, spec: Any, owner: int | None = None) -> FaultRule:
        with self._lock:
            if len(self._rules) >= MAX_RULES:
                raise FaultError(f"at most {MAX_RULES} fault rules at once: remove some first")
            rule = parse_rule(next(self._ids), spec, owner)
            self._rules.append(rule)
            return rule

    @property
    def active(self) -> bool:
        """Any rule at all (read without the lock: a stale answer only delays a new rule by one request)."""
        return bool(self._rules)

    def rules(self, owner: int | None = None) -> list[FaultRule]:
        """Every rule, or one account's own."""
        with self._lock:
            return [r for r in self._rules if owner is None or r.owner == owner]

    def remove(self, rule_id: int, owner: int | None = None) -> bool:
        with self._lock:
            before = len(self._rules)
            self._rules = [r for r in self._rules if r.id != rule_id or (owner is not None and r.owner != owner)]
            return len(self._rules) != before

    def clear(self, owner: int | None = None) -> None:
        """Remove every rule (owner None), or one account's own."""
        with self._lock:
            if owner is None:
                self._rules.clear()
                self._randoms.clear()
            else:
                self._rules = [r for r in self._rules if r.owner != owner]
                self._randoms.pop(owner, None)

    def replace(self, rules: list[FaultRule]) -> None:
        """Put back rules saved earlier (a snapshot, a fixture's teardown), already checked."""
        with self._lock:
            self._rules = list(rules)
            self._ids = itertools.count(max((r.id for r in rules), default=0) + 1)

    def _random_for(self, account_id: int | None) -> random.Random:
        # One source per account: with a seed, an account's draws repeat whatever others do.
        source = self._randoms.get(account_id)
        if source is None:
            source = random.Random(None if self._seed is None else f"{self._seed}/{account_id}")
            self._randoms[account_id] = source
        return source

    def draw(self, method: str, path: str, command_type: str | None, account_id: int | None
             ) -> FaultRule | None:
        """The first matching rule whose probability draw succeeds (and count it as a hit)."""
        with self._lock:
            for rule in self._rules:
                if not rule.matches(method, path, command_type, account_id):
                    continue
                # Always draw, even at probability 1, so a seed gives the same sequence whatever the rules.
                if self._random_for(account_id).random() < rule.probability:
                    rule.hits += 1
                    return rule
            return None
