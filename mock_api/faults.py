"""Fault rules: ordered, matched on method / path / commandType / account, each with a probability
(drawn from a seeded random source), a number of ``times`` and an action:

* ``delay``          wait ``seconds`` (at most 60), then answer normally
* ``status``         answer ``status`` with ``body`` (default: the API's error body) and ``headers``
* ``task-not-found`` the task created by this request answers 404 to its first ``polls`` polls
                     (the official Go SDK tolerates 5 such 404s)
* ``drop``           close the connection without an answer
"""
from __future__ import annotations

import fnmatch
import itertools
import random
import threading
from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional

ACTIONS = ("delay", "status", "task-not-found", "drop")
MAX_DELAY = 60.0


class FaultError(ValueError):
    """A rule that cannot be accepted; the message says why."""


@dataclass
class FaultRule:
    id: int
    action: str
    method: Optional[str] = None
    path: Optional[str] = None
    command_type: Optional[str] = None
    account_id: Optional[int] = None
    probability: float = 1.0
    times: Optional[int] = None  # None: every time
    seconds: float = 0.0
    status: int = 500
    body: Any = None
    headers: Dict[str, str] = field(default_factory=dict)
    polls: int = 1
    hits: int = 0

    def matches(self, method: str, path: str, command_type: Optional[str], account_id: Optional[int]) -> bool:
        if self.times is not None and self.hits >= self.times:
            return False
        if self.action == "task-not-found" and not command_type:
            return False  # it shapes a new task: only task-creating requests
        if self.method and not fnmatch.fnmatchcase(method, self.method.upper()):
            return False
        if self.path and not fnmatch.fnmatchcase(path, self.path):
            return False
        if self.command_type and not fnmatch.fnmatchcase(command_type or "", self.command_type):
            return False
        return self.account_id is None or self.account_id == account_id

    def as_json(self) -> Dict[str, Any]:
        data: Dict[str, Any] = {"id": self.id, "action": self.action, "method": self.method, "path": self.path,
                                "commandType": self.command_type, "accountId": self.account_id,
                                "probability": self.probability, "times": self.times, "hits": self.hits}
        if self.action == "delay":
            data["seconds"] = self.seconds
        elif self.action == "status":
            data.update(status=self.status, body=self.body, headers=self.headers)
        elif self.action == "task-not-found":
            data["polls"] = self.polls
        return data


def _optional(spec: Mapping[str, Any], key: str, kind: type, what: str) -> Any:
    value = spec.get(key)
    if value is not None and (not isinstance(value, kind) or isinstance(value, bool) and kind is not bool):
        raise FaultError(f"{key} must be {what}")
    return value


def parse_rule(rule_id: int, spec: Any) -> FaultRule:
    if not isinstance(spec, dict):
        raise FaultError("a fault rule is a JSON object")
    known = {"action", "method", "path", "commandType", "accountId", "probability", "times", "seconds", "status",
             "body", "headers", "polls"}
    unknown = set(spec) - known
    if unknown:
        raise FaultError(f"unknown fields: {', '.join(sorted(unknown))}")
    action = spec.get("action")
    if action not in ACTIONS:
        raise FaultError(f"action must be one of {', '.join(ACTIONS)}")
    rule = FaultRule(rule_id, action, _optional(spec, "method", str, "a string"),
                     _optional(spec, "path", str, "a glob string"),
                     _optional(spec, "commandType", str, "a glob string"),
                     _optional(spec, "accountId", int, "an integer"))
    probability = spec.get("probability", 1.0)
    if isinstance(probability, bool) or not isinstance(probability, (int, float)) or not 0 <= probability <= 1:
        raise FaultError("probability must be a number from 0 to 1")
    rule.probability = float(probability)
    times = _optional(spec, "times", int, "a whole number")
    if times is not None and times < 1:
        raise FaultError("times must be at least 1 (leave it out for every time)")
    rule.times = times
    if action == "delay":
        seconds = spec.get("seconds")
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not 0 <= seconds <= MAX_DELAY:
            raise FaultError(f"a delay needs seconds from 0 to {MAX_DELAY:g}")
        rule.seconds = float(seconds)
    elif action == "status":
        status = spec.get("status")
        if isinstance(status, bool) or not isinstance(status, int) or not 200 <= status <= 599:
            raise FaultError("a status fault needs status, an HTTP code from 200 to 599")
        headers = spec.get("headers") or {}
        if not isinstance(headers, dict) or not all(isinstance(k, str) and isinstance(v, (str, int))
                                                    for k, v in headers.items()):
            raise FaultError("headers must map names to strings")
        rule.status, rule.body, rule.headers = status, spec.get("body"), {k: str(v) for k, v in headers.items()}
    elif action == "task-not-found":
        polls = spec.get("polls", 1)
        if isinstance(polls, bool) or not isinstance(polls, int) or not 1 <= polls <= 1000:
            raise FaultError("polls must be a whole number from 1 to 1000")
        rule.polls = polls
    return rule


class Faults:
    def __init__(self, seed: Optional[int] = None):
        self._random = random.Random(seed)
        self._rules: List[FaultRule] = []
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def add(self, spec: Any) -> FaultRule:
        with self._lock:
            rule = parse_rule(next(self._ids), spec)
            self._rules.append(rule)
            return rule

    @property
    def active(self) -> bool:
        """Any rule at all (read without the lock: a stale answer only delays a new rule by one request)."""
        return bool(self._rules)

    def rules(self) -> List[FaultRule]:
        with self._lock:
            return list(self._rules)

    def remove(self, rule_id: int) -> bool:
        with self._lock:
            before = len(self._rules)
            self._rules = [rule for rule in self._rules if rule.id != rule_id]
            return len(self._rules) != before

    def clear(self) -> None:
        with self._lock:
            self._rules.clear()

    def draw(self, method: str, path: str, command_type: Optional[str], account_id: Optional[int]
             ) -> Optional[FaultRule]:
        """The first matching rule whose probability draw succeeds (and count it as a hit)."""
        with self._lock:
            for rule in self._rules:
                if not rule.matches(method, path, command_type, account_id):
                    continue
                # Always draw, even at probability 1, so a seed gives the same sequence whatever the rules.
                if self._random.random() < rule.probability:
                    rule.hits += 1
                    return rule
            return None
