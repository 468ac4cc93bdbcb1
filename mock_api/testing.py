"""Helpers for tests: a control handle per account, an authenticated in-process client, a live
server thread, and assertions on task shapes.

The handle (``MockApi``) covers the whole control API for its own account — clock, fault rules,
run-time scenarios, the request journal, task actions, choices, snapshots — so a test never needs
raw HTTP for it, and everything it changes belongs to its account (``close`` forgets the account).
The pytest plugin (pytest_plugin.py) only wires these to fixtures; they work without pytest too.
"""
from __future__ import annotations

import difflib
import json
import uuid
from collections.abc import Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .assertions import assert_task, assert_task_completed, assert_task_failed
from .journal import RequestFilter
from .kinds import KINDS
from .records import Account
from .representation import LINK_PROFILES
from .scenario_model import FINISHED, ErrorTriple
from .server import DEFAULT_HOST, ServerThread

if TYPE_CHECKING:
    from flask import Flask
    from flask.testing import FlaskClient
    from werkzeug.test import TestResponse

    from .emulator import Emulator

__all__ = ["MockApi", "ApiClient", "LiveServer", "assert_task", "assert_task_completed", "assert_task_failed"]
Json = dict[str, Any]
ScenarioSource = str | bytes | Path | Mapping[str, Any]


class ApiClient:
    """Flask's test client, sending an account's credentials, under ``/v1`` by default."""

    def __init__(self, app: Flask, headers: Mapping[str, str], prefix: str = "/v1"):
        self.client: FlaskClient = app.test_client()
        self.headers = dict(headers)
        self.prefix = prefix

    def request(self, method: str, path: str, **kwargs: Any) -> TestResponse:
        headers = {**self.headers, **kwargs.pop("headers", {})}
        return self.client.open(self.prefix + path, method=method, headers=headers, **kwargs)

    def get(self, path: str, **kwargs: Any) -> TestResponse:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> TestResponse:
        return self.request("POST", path, **kwargs)

    def put(self, path: str, **kwargs: Any) -> TestResponse:
        return self.request("PUT", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> TestResponse:
        return self.request("DELETE", path, **kwargs)


class MockApi:
    """Control handle for one account of an emulator: look at its state, move its time, force
    outcomes, add faults and scenarios, read its requests.

    Each handle has its own key pair, so handles (tests) sharing one server never see each other's
    tasks, clock, faults or scenarios. ``base_url`` is set when the app is served over HTTP.
    """

    def __init__(self, app: Flask, key: str | None = None, secret: str | None = None,
                 base_url: str | None = None):
        self.app = app
        self.emulator: Emulator = app.extensions["mock_api"]
        self.key = key or f"test-{uuid.uuid4().hex[:16]}"
        self.secret = secret or uuid.uuid4().hex
        self.base_url = base_url.rstrip("/") if base_url else None
        self._account: Account | None = None

    def __repr__(self) -> str:
        if self._account is None:
            return f"<MockApi key={self.key!r} (no request yet) {self.base_url or 'in-process'}>"
        account = self._account
        running = sum(1 for t in account.tasks.values() if t.outcome is None)
        offset = account.clock.state.offset.total_seconds() if account.clock else 0.0
        return (f"<MockApi account={account.id} {self.base_url or 'in-process'} tasks={len(account.tasks)} "
                f"({running} running) resources={len(account.resources)} faults={len(self.faults())} "
                f"clock={offset:+g}s{' frozen' if account.clock and account.clock.frozen else ''}>")

    # ------------------------------------------------------------ identity and access

    @property
    def headers(self) -> dict[str, str]:
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

    @property
    def account_id(self) -> int:
        return self.account.id

    def client(self, prefix: str = "/v1") -> ApiClient:
        """An in-process client with this account's credentials (no socket: the fastest path)."""
        return ApiClient(self.app, self.headers, prefix)

    def reset(self) -> None:
        """Back to a new account: no tasks, resources, choices, faults, scenarios; its own time."""
        self.emulator.reset(self.account)

    def close(self) -> None:
        """Forget the account and everything it set (fixtures do this at teardown)."""
        if self._account is not None:
            self.emulator.forget(self._account)
            self._account = None

    # ------------------------------------------------------------ time (the account's own)

    def now(self) -> datetime:
        return self.emulator.now(self.account)

    def advance(self, seconds: float) -> datetime:
        """Move this account's clock forward; usable as a ``sleep`` for code under test."""
        assert self.account.clock is not None
        return self.account.clock.advance(seconds)

    sleep = advance

    def set_time(self, moment: datetime | str) -> datetime:
        """Jump this account's clock to ``moment`` (never back)."""
        if isinstance(moment, str):
            moment = datetime.fromisoformat(moment.replace("Z", "+00:00"))
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=timezone.utc)
        assert self.account.clock is not None
        return self.account.clock.set(moment)

    def freeze(self) -> datetime:
        """Stop this account's clock (time-based steps stop ending)."""
        assert self.account.clock is not None
        return self.account.clock.freeze()

    def resume(self) -> datetime:
        assert self.account.clock is not None
        return self.account.clock.resume()

    # ------------------------------------------------------------ state

    def _base(self) -> str:
        return (self.base_url or "http://localhost") + "/v1/"

    def tasks(self) -> list[Json]:
        """The account's tasks as ``GET /tasks`` lists them (no poll is counted)."""
        views = self.emulator.store.task_list(self.account, self.now())
        rep = self.emulator.representation_for(self.account)
        return [rep.task(view, self._base()) for view in views]  # fresh dicts: the caller may change them

    def task(self, task_id: str) -> Json:
        """One task as it stands, without counting a poll."""
        record = self._record(task_id)
        return self.emulator.representation_for(self.account).task(record.view, self._base())

    def history(self, task_id: str) -> list[Json]:
        """The task's status changes, oldest first: ``{status, at, poll}``."""
        return [{"status": c.status, "at": c.at, "poll": c.poll} for c in self._record(task_id).history]

    def _record(self, task_id: str) -> Any:
        records = self.emulator.store.inspect(self.account, task_id, self.now())
        if not records:
            raise KeyError(f"no task {task_id} in this account")
        return records[0]

    def resources(self, kind: str | None = None) -> list[Json]:
        """Bodies of the account's resources of one kind (``subscription``, ``database``…, see
        ``mock_api.kinds.KINDS``) or of all, without counting reads."""
        if kind is not None and kind not in KINDS:
            close = difflib.get_close_matches(kind.rstrip("s"), list(KINDS), n=1) or \
                difflib.get_close_matches(kind, list(KINDS), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise KeyError(f"no resource kind {kind!r}{hint} (kinds: {', '.join(KINDS)})")
        return self.emulator.store.peek_resources(self.account, kind, self.now())

    # ------------------------------------------------------------ outcomes

    def _control(self, task_id: str, action: str, error: ErrorTriple | None = None,
                 additional_info: str | None = None) -> Json:
        view = self.emulator.store.control_task(self.account, task_id, action, self.now(), error, additional_info)
        if view is None:
            raise KeyError(f"no task {task_id} in this account")
        return self.emulator.representation_for(self.account).task(view, self._base())

    def step(self, task_id: str) -> Json:
        """Move the task to its next status now."""
        return self._control(task_id, "step")

    def complete(self, task_id: str) -> Json:
        """Finish the task now, successfully (business rules still apply)."""
        return self._control(task_id, "complete")

    def fail(self, task_id: str, type: str = "GENERAL_ERROR", status: str = "500 INTERNAL_SERVER_ERROR",
             description: str = "General error occurred. Please contact Redis Labs support with your task ID",
             additional_info: str | None = None) -> Json:
        """Finish the task now with ``processing-error`` and this error triple."""
        return self._control(task_id, "fail", ErrorTriple(type, status, description), additional_info)

    def hold(self, task_id: str) -> Json:
        """Keep the task in its current status, whatever polls or time say, until ``release``."""
        return self._control(task_id, "hold")

    def release(self, task_id: str) -> Json:
        return self._control(task_id, "release")

    # ------------------------------------------------------------ scenarios and choices

    def load_scenarios(self, source: ScenarioSource) -> list[str]:
        """Load scenarios for this account only (YAML or JSON text, a mapping, or a file path); they
        match before every other. Returns their names. Raises SourceError, loading nothing."""
        if isinstance(source, Path):
            name, text = str(source), source.read_bytes()
        elif isinstance(source, Mapping):
            name, text = "handle", json.dumps(source).encode()
        else:
            name, text = "handle", source.encode() if isinstance(source, str) else source
        return [s.name for s in self.emulator.load_scenarios(name, text, self.account)]

    def clear_scenarios(self) -> None:
        """Forget the scenarios this account loaded."""
        self.emulator.clear_loaded_scenarios(self.account)

    def use_scenario(self, name: str, times: int = 1) -> None:
        """The next ``times`` task-creating requests of this account follow scenario ``name``."""
        self._known_scenario(name)
        self.emulator.store.queue_scenarios(self.account, [name] * times)

    def set_scenario(self, name: str | None) -> None:
        """Every task-creating request of this account follows ``name`` (None: matching again)."""
        if name is not None:
            self._known_scenario(name)
        self.account.scenario = name

    def set_profile(self, profile: str | None) -> None:
        """This account's timings: a built-in profile or the server's profile file (None: the server's).
        Raises UnknownProfile, listing the profiles."""
        if profile is not None:
            self.emulator.profile(profile)
        self.account.profile = profile

    def set_links(self, links: str | None) -> None:
        if links is not None and links not in LINK_PROFILES:
            raise ValueError(f"unknown link profile {links!r}; choose one of {', '.join(LINK_PROFILES)}")
        self.account.links = links

    def _known_scenario(self, name: str) -> None:
        """Raises UnknownScenario (a LookupError listing the loaded ones) unless ``name`` is a loaded
        scenario or an operation's default (by its operationId)."""
        self.emulator.require_scenario(name, self.account, "the handle")

    # ------------------------------------------------------------ faults

    def add_fault(self, action: str, **fields: Any) -> Json:
        """A fault rule for this account's requests: ``action`` is delay (``seconds``), status
        (``status``, ``body``, ``headers``), task-not-found (``polls``) or drop; also ``method``,
        ``path``, ``commandType`` (or ``command_type``), ``probability``, ``times``. Raises
        ValueError (FaultError) if the rule is refused."""
        if "command_type" in fields:
            fields["commandType"] = fields.pop("command_type")
        return self.emulator.faults.add({"action": action, **fields}, self.account.id).as_json()

    def faults(self) -> list[Json]:
        return [rule.as_json() for rule in self.emulator.faults.rules(self.account.id)]

    def clear_faults(self) -> None:
        self.emulator.faults.clear(self.account.id)

    # ------------------------------------------------------------ the request journal

    def _filter(self, method: str | None, path: str | None, status: int | None,
                command_type: str | None) -> RequestFilter:
        return RequestFilter(method, path, self.account.id, status, command_type)

    def requests(self, method: str | None = None, path: str | None = None, status: int | None = None,
                 command_type: str | None = None) -> list[Json]:
        """This account's journaled requests, oldest first (globs on method and path; secrets masked)."""
        return self.emulator.journal.find(self._filter(method, path, status, command_type))

    def count(self, method: str | None = None, path: str | None = None, status: int | None = None,
              command_type: str | None = None) -> int:
        return self.emulator.journal.count(self._filter(method, path, status, command_type))

    def wait_for_requests(self, count: int = 1, timeout: float = 10.0, method: str | None = None,
                          path: str | None = None, status: int | None = None,
                          command_type: str | None = None) -> list[Json]:
        """Block until ``count`` matching requests of this account were made (for code under test
        running in another thread); raises TimeoutError with what matched otherwise."""
        found = self.emulator.journal.wait(self._filter(method, path, status, command_type), count, timeout)
        if len(found) < count:
            raise TimeoutError(f"{len(found)} of {count} requests after {timeout} s: "
                               + ", ".join(f"{e['method']} {e['path']} {e['status']}" for e in found))
        return found

    # ------------------------------------------------------------ snapshots

    def snapshot(self) -> Json:
        """The whole server's state as JSON (secrets masked)."""
        return self.emulator.export_state()

    def restore(self, document: Mapping[str, Any]) -> None:
        """Replace the whole server's state (raises SnapshotError, changing nothing, if unsound)."""
        self.emulator.import_state(document)
        self._account = None  # its record was replaced: found again by its key pair

    # ------------------------------------------------------------ waiting

    def wait_for_task(self, task_id: str, max_polls: int = 1000) -> Json:
        """Poll the task (each poll counts, as a client's would) until it finishes, moving the clock
        to the end of time-based steps instead of sleeping. Returns the finished task."""
        store, account = self.emulator.store, self.account
        rep = self.emulator.representation_for(account)
        status = "unknown"
        for _ in range(max_polls):
            view = store.poll(account, task_id, self.now())
            if view is None:
                raise KeyError(f"no task {task_id} in this account")
            if view.status in FINISHED:
                return rep.task(view, self._base())
            status = view.status
            deadline = store.next_deadline(account, task_id)
            if deadline is not None and deadline > self.now():
                self.advance((deadline - self.now()).total_seconds())
        raise AssertionError(f"task {task_id} still {status} after {max_polls} polls (held?)")


class LiveServer:
    """An app served on 127.0.0.1 and a free port, in a background thread."""

    def __init__(self, app: Flask, host: str = DEFAULT_HOST, port: int = 0):
        self.app = app
        mock: Emulator = app.extensions["mock_api"]
        self._thread = ServerThread(app, host, port, max_body_bytes=mock.config.max_body_bytes,
                                    extra_threads=mock.config.max_waiters)  # binds now: OSError at once
        self.url = self._thread.url
        self.v1_url = self.url + "/v1"

    def __repr__(self) -> str:
        return f"<LiveServer {self.url}>"

    def start(self) -> LiveServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._thread.stop()

    def handle(self) -> MockApi:
        """A control handle with a fresh account on this server."""
        return MockApi(self.app, base_url=self.url)
