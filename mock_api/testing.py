"""Helpers for tests: an authenticated client, a control handle per account, a live server thread,
waiting on tasks with virtual time, and assertions on task shapes.

The pytest plugin (pytest_plugin.py) only wires these to fixtures; they work without pytest too.
"""
from __future__ import annotations

import re
import uuid
from datetime import datetime
from typing import Any, Dict, List, Optional

from flask import Flask

from .emulator import Emulator
from .records import Account
from .scenarios import FINISHED, TASK_STEP_ORDER, ErrorTriple
from .server import DEFAULT_HOST, ServerThread

TASK_STATUSES = (*TASK_STEP_ORDER, *FINISHED)
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$")


class ApiClient:
    """Flask's test client, sending an account's credentials, under ``/v1`` by default."""

    def __init__(self, app: Flask, headers: Dict[str, str], prefix: str = "/v1"):
        self.client = app.test_client()
        self.headers = dict(headers)
        self.prefix = prefix

    def request(self, method: str, path: str, **kwargs: Any):
        headers = {**self.headers, **kwargs.pop("headers", {})}
        return self.client.open(self.prefix + path, method=method, headers=headers, **kwargs)

    def get(self, path: str, **kwargs: Any):
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any):
        return self.request("POST", path, **kwargs)

    def put(self, path: str, **kwargs: Any):
        return self.request("PUT", path, **kwargs)

    def delete(self, path: str, **kwargs: Any):
        return self.request("DELETE", path, **kwargs)


class MockApi:
    """Control handle for one account of an emulator: look at its state, move time, force outcomes.

    Each handle has its own key pair, so handles (tests) sharing one server never see each other's
    tasks. ``base_url`` is set when the app is served over HTTP (a live server).
    """

    def __init__(self, app: Flask, key: Optional[str] = None, secret: Optional[str] = None,
                 base_url: Optional[str] = None):
        self.app = app
        self.emulator: Emulator = app.extensions["mock_api"]
        self.key = key or f"test-{uuid.uuid4().hex[:16]}"
        self.secret = secret or uuid.uuid4().hex
        self.base_url = base_url.rstrip("/") if base_url else None
        self._account: Optional[Account] = None

    # ------------------------------------------------------------ identity and access

    @property
    def headers(self) -> Dict[str, str]:
        return {"x-api-key": self.key, "x-api-secret-key": self.secret}

    @property
    def url(self) -> str:
        """The live server's root URL (routes are served there and under /v1)."""
        if self.base_url is None:
            raise RuntimeError("this handle is for an in-process app: use .client(), or the mock_api_live fixture")
        return self.base_url

    @property
    def v1_url(self) -> str:
        """The base URL an SDK wants, e.g. http://127.0.0.1:PORT/v1."""
        return self.url + "/v1"

    @property
    def account(self) -> Account:
        if self._account is None:
            account = self.emulator.store.authenticate(self.key, self.secret)
            if account is None:
                raise RuntimeError(f"key {self.key!r} is not among the server's configured accounts")
            self._account = account
        return self._account

    def client(self, prefix: str = "/v1") -> ApiClient:
        """An in-process client with this account's credentials (no socket: the fastest path)."""
        return ApiClient(self.app, self.headers, prefix)

    # ------------------------------------------------------------ state

    def reset(self) -> None:
        """Forget this account's tasks, resources and choices."""
        self.emulator.store.reset(self.account)

    def now(self) -> datetime:
        return self.emulator.clock.now()

    def advance(self, seconds: float) -> datetime:
        """Move the server's clock forward; usable as a ``sleep`` function for code under test."""
        return self.emulator.clock.advance(seconds)

    sleep = advance

    def _base(self) -> str:
        return (self.base_url or "http://localhost") + "/v1/"

    def tasks(self) -> List[Dict[str, Any]]:
        """The account's tasks as ``GET /tasks`` lists them (no poll is counted)."""
        views = self.emulator.store.task_list(self.account, self.now())
        rep = self.emulator.representation_for(self.account)
        return [rep.task(view, self._base()) for view in views]  # fresh dicts: the caller may change them

    def task(self, task_id: str) -> Dict[str, Any]:
        """One task as it stands, without counting a poll."""
        for task in self.tasks():
            if task["taskId"] == task_id:
                return task
        raise KeyError(f"no task {task_id} in this account")

    def resources(self, kind: Optional[str] = None) -> List[Dict[str, Any]]:
        """Bodies of the account's resources (``subscription``, ``database``…), without counting reads."""
        return self.emulator.store.peek_resources(self.account, kind, self.now())

    # ------------------------------------------------------------ outcomes

    def _control(self, task_id: str, action: str, error: Optional[ErrorTriple] = None) -> Dict[str, Any]:
        view = self.emulator.store.control_task(self.account, task_id, action, self.now(), error)
        if view is None:
            raise KeyError(f"no task {task_id} in this account")
        return self.emulator.representation_for(self.account).task(view, self._base())

    def step(self, task_id: str) -> Dict[str, Any]:
        """Move the task to its next status now."""
        return self._control(task_id, "step")

    def complete(self, task_id: str) -> Dict[str, Any]:
        """Finish the task now, successfully (business rules still apply)."""
        return self._control(task_id, "complete")

    def fail(self, task_id: str, type: str = "GENERAL_ERROR", status: str = "500 INTERNAL_SERVER_ERROR",
             description: str = "General error occurred. Please contact Redis Labs support with your task ID"
             ) -> Dict[str, Any]:
        """Finish the task now with ``processing-error`` and this error triple."""
        return self._control(task_id, "fail", ErrorTriple(type, status, description))

    def hold(self, task_id: str) -> Dict[str, Any]:
        """Keep the task in its current status, whatever polls or time say, until ``release``."""
        return self._control(task_id, "hold")

    def release(self, task_id: str) -> Dict[str, Any]:
        return self._control(task_id, "release")

    def use_scenario(self, name: str, times: int = 1) -> None:
        """The next ``times`` task-creating requests of this account follow scenario ``name``."""
        self._known_scenario(name)
        self.emulator.store.queue_scenarios(self.account, [name] * times)

    def set_scenario(self, name: Optional[str]) -> None:
        """Every task-creating request of this account follows ``name`` (None: matching again)."""
        if name is not None:
            self._known_scenario(name)
        self.account.scenario = name

    def set_profile(self, profile: Optional[str]) -> None:
        if profile is not None:
            self.emulator.scenario_set(profile)  # raises SourceError if unknown
        self.account.profile = profile

    def set_links(self, links: Optional[str]) -> None:
        from .representation import LINK_PROFILES

        if links is not None and links not in LINK_PROFILES:
            raise ValueError(f"unknown link profile {links!r}; choose one of {', '.join(LINK_PROFILES)}")
        self.account.links = links

    def _known_scenario(self, name: str) -> None:
        names = self.emulator.scenario_names(self.account)
        if name not in names:
            raise KeyError(f"no scenario named {name!r}; loaded: {', '.join(names)}")

    # ------------------------------------------------------------ waiting

    def wait_for_task(self, task_id: str, max_polls: int = 1000) -> Dict[str, Any]:
        """Poll the task (each poll counts, as a client's would) until it finishes, moving the clock
        to the end of time-based steps instead of sleeping. Returns the finished task."""
        store, account = self.emulator.store, self.account
        rep = self.emulator.representation_for(account)
        for _ in range(max_polls):
            view = store.poll(account, task_id, self.now())
            if view is None:
                raise KeyError(f"no task {task_id} in this account")
            if view.status in FINISHED:
                return rep.task(view, self._base())
            deadline = store.next_deadline(account, task_id)
            if deadline is not None and deadline > self.now():
                self.advance((deadline - self.now()).total_seconds())
        raise AssertionError(f"task {task_id} still {view.status} after {max_polls} polls (held?)")


class LiveServer:
    """An app served on 127.0.0.1 and a free port, in a background thread."""

    def __init__(self, app: Flask, host: str = DEFAULT_HOST, port: int = 0):
        self.app = app
        self._thread = ServerThread(app, host, port)  # binds now: raises OSError at once if it cannot
        self.url = self._thread.url
        self.v1_url = self.url + "/v1"

    def start(self) -> "LiveServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._thread.stop()

    def handle(self) -> MockApi:
        """A control handle with a fresh account on this server."""
        return MockApi(self.app, base_url=self.url)


# ---------------------------------------------------------------- assertions


def assert_task(body: Dict[str, Any], status: Optional[str] = None, command_type: Optional[str] = None) -> None:
    """Assert ``body`` is a task as the real API shapes it (in either link profile)."""
    assert isinstance(body, dict), f"a task is a JSON object, not {type(body).__name__}"
    assert isinstance(body.get("taskId"), str) and _UUID.match(body["taskId"]), f"bad taskId in {body}"
    assert body.get("status") in TASK_STATUSES, f"unknown status {body.get('status')!r}"
    assert isinstance(body.get("commandType"), str) and body["commandType"], f"no commandType in {body}"
    assert isinstance(body.get("timestamp"), str) and _TIMESTAMP.match(body["timestamp"]), \
        f"bad timestamp {body.get('timestamp')!r}"
    assert ("_links" in body) != ("links" in body), "a task has either `_links` (hal) or `links` (v1)"
    finished = body["status"] in FINISHED
    assert ("response" in body) == finished, "`response` appears on finished tasks only"
    if finished:
        assert ("error" in body["response"]) == (body["status"] == "processing-error"), \
            "`response.error` appears on failed tasks only"
    if status is not None:
        assert body["status"] == status, f"task {body['taskId']} is {body['status']}, expected {status}"
    if command_type is not None:
        assert body["commandType"] == command_type, f"commandType {body['commandType']}, expected {command_type}"


def assert_task_completed(body: Dict[str, Any], command_type: Optional[str] = None) -> Dict[str, Any]:
    """Assert a completed task and return its ``response``."""
    assert_task(body, "processing-completed", command_type)
    return body["response"]


def assert_task_failed(body: Dict[str, Any], error_type: Optional[str] = None) -> Dict[str, str]:
    """Assert a failed task (optionally of one error type) and return its ``response.error``."""
    assert_task(body, "processing-error")
    error = body["response"]["error"]
    assert set(error) == {"type", "status", "description"}, f"bad error triple {error}"
    if error_type is not None:
        assert error["type"] == error_type, f"error {error['type']}, expected {error_type}"
    return error
