"""pytest fixtures for mock_api, registered by entry point: installing the package is enough.

Loaded into every pytest run of an environment that has mock_api, so importing it costs nothing:
Flask, waitress, PyYAML and jsonschema are imported by the fixtures, when a test uses one.

Fixtures (see README, "Use it in your tests"):

* ``mock_api_app``    the Flask app, built from the ``mock_api`` marker (use it as pytest-flask's ``app``)
* ``mock_api``        a control handle with a fresh account on that app
* ``mock_api_client`` an in-process client with that account's credentials
* ``mock_api_server`` the live server of this session (of this xdist worker): 127.0.0.1, a free port
* ``mock_api_live``   a control handle with a fresh account on the live server (``.url``, ``.v1_url``)

Marker: ``@pytest.mark.mock_api(profile=..., links=..., scenario=..., scenarios=[...], accounts=[...])``.
When a test that used a handle fails, its report gets a "mock_api" section: the account's last
requests and each task's status history.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from flask import Flask

    from .testing import ApiClient, LiveServer, MockApi

APP_KEYS = ("profile", "links", "scenarios", "accounts", "seed")
LIVE_KEYS = ("profile", "links", "scenario")
HANDLES = pytest.StashKey[list["MockApi"]]()
REPORT_REQUESTS = 20


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini("mock_api_profile", "scenario profile of mock_api's apps and live server", default="default")
    parser.addini("mock_api_links", "link profile (hal or v1) of mock_api's apps and live server", default="hal")
    parser.addini("mock_api_scenarios", "scenario files or folders for mock_api", type="paths", default=[])
    parser.addini("mock_api_host", "address the live server binds", default="127.0.0.1")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "mock_api(profile=None, links=None, scenario=None, scenarios=None, accounts=None, seed=None): "
                   "configure mock_api for this test")


def _defaults(config: pytest.Config) -> dict[str, Any]:
    return {"profile": config.getini("mock_api_profile"), "links": config.getini("mock_api_links"),
            "scenarios": tuple(str(p) for p in config.getini("mock_api_scenarios"))}


def _invalid_scenarios(error: Exception, where: str) -> None:
    pytest.fail(f"mock_api{where}: invalid scenarios:\n{error}", pytrace=False)


@pytest.fixture
def mock_api_settings(request: pytest.FixtureRequest) -> dict[str, Any]:
    """What the closest ``@pytest.mark.mock_api(...)`` markers ask for (nearest wins)."""
    settings: dict[str, Any] = {}
    for marker in reversed(list(request.node.iter_markers("mock_api"))):
        if marker.args:
            raise pytest.UsageError("@pytest.mark.mock_api takes keyword arguments only")
        settings.update(marker.kwargs)
    unknown = set(settings) - set(APP_KEYS) - set(LIVE_KEYS)
    if unknown:
        raise pytest.UsageError(f"@pytest.mark.mock_api: unknown arguments {', '.join(sorted(unknown))}")
    return settings


@pytest.fixture
def mock_api_app(request: pytest.FixtureRequest, mock_api_settings: dict[str, Any]) -> Flask:
    """A fresh mock_api Flask app for this test, configured by the ``mock_api`` marker and the
    ``mock_api_*`` ini options (use it as pytest-flask's ``app`` fixture)."""
    from .app import create_app
    from .problems import SourceError

    config = _defaults(request.config)
    config.update({k: v for k, v in mock_api_settings.items() if k in APP_KEYS})
    if isinstance(config.get("scenarios"), (str, bytes)) or hasattr(config.get("scenarios"), "__fspath__"):
        config["scenarios"] = (str(config["scenarios"]),)
    if config.get("accounts") is not None:
        config["accounts"] = tuple(config["accounts"])
    try:
        return create_app(config)
    except SourceError as error:
        _invalid_scenarios(error, "")
        raise


def _register(request: pytest.FixtureRequest, handle: MockApi) -> MockApi:
    request.node.stash.setdefault(HANDLES, []).append(handle)
    return handle


@pytest.fixture
def mock_api(request: pytest.FixtureRequest, mock_api_app: Flask, mock_api_settings: dict[str, Any]) -> MockApi:
    """A control handle with an account of its own on ``mock_api_app`` (in-process): ``.client()``,
    ``.advance()``, ``.fail()``, ``.add_fault()``, ``.load_scenarios()``, ``.requests()``…"""
    from .testing import MockApi

    handle = _register(request, MockApi(mock_api_app, **_configured_account(mock_api_settings)))
    if mock_api_settings.get("scenario"):
        handle.set_scenario(mock_api_settings["scenario"])
    return handle


def _configured_account(settings: dict[str, Any]) -> dict[str, str]:
    """With an accounts list, the handle uses its first key pair (any other pair would be refused)."""
    accounts = settings.get("accounts")
    if accounts:
        return {"key": accounts[0]["key"], "secret": accounts[0]["secret"]}
    return {}


@pytest.fixture
def mock_api_client(mock_api: MockApi) -> ApiClient:
    """An in-process client (Flask's test client) sending the ``mock_api`` handle's credentials,
    paths under ``/v1``: ``mock_api_client.post("/subscriptions", json=...)``."""
    return mock_api.client()


@pytest.fixture(scope="session")
def mock_api_server(request: pytest.FixtureRequest) -> Iterator[LiveServer]:
    """The live server of this session (one per xdist worker) on 127.0.0.1 and a free port:
    ``.url``, ``.v1_url``. Shared: use ``mock_api_live`` for a handle with an account of its own."""
    from .app import create_app
    from .testing import LiveServer
    from .problems import SourceError

    config = request.config
    host = config.getini("mock_api_host")
    try:
        server = LiveServer(create_app(_defaults(config)), host=host)
    except SourceError as error:
        _invalid_scenarios(error, " live server")
        raise
    except (OSError, OverflowError, ValueError) as error:
        pytest.fail(f"mock_api live server could not start on {host}: {error}", pytrace=False)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def mock_api_live(request: pytest.FixtureRequest, mock_api_server: LiveServer,
                  mock_api_settings: dict[str, Any]) -> Iterator[MockApi]:
    """A control handle with a fresh account on the live server (``.v1_url``, ``.key``, ``.secret``).
    At teardown everything the test changed is put back: its account is forgotten, and the server's
    clock, fault rules, run-time scenarios and any account made meanwhile are as before the test."""
    unsupported = set(mock_api_settings) - set(LIVE_KEYS)
    if unsupported:
        pytest.fail(f"mock_api_live shares one server per session: {', '.join(sorted(unsupported))} "
                    "can only be set for it in the ini options (mock_api_scenarios…)", pytrace=False)
    emulator = mock_api_server.app.extensions["mock_api"]
    checkpoint = emulator.checkpoint()
    handle = _register(request, mock_api_server.handle())
    handle.set_profile(mock_api_settings.get("profile"))
    handle.set_links(mock_api_settings.get("links"))
    handle.set_scenario(mock_api_settings.get("scenario"))
    try:
        yield handle
    finally:
        handle.close()
        emulator.rollback(checkpoint)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    handles = item.stash.get(HANDLES, None)
    if handles and report.failed and call.when in ("setup", "call"):
        for handle in handles:
            report.sections.append((f"mock_api account {handle.key}", _explain(handle)))


def _explain(handle: MockApi) -> str:
    """What the mock saw: the account's last requests and each task's status history."""
    try:
        lines = [repr(handle), f"last {REPORT_REQUESTS} requests:"]
        for entry in handle.requests()[-REPORT_REQUESTS:]:
            lines.append(f"  {entry['time']} {entry['method']} {entry['fullPath']} -> {entry['status']}"
                         + (f" {entry['commandType']}" if entry.get("commandType") else "")
                         + (f" task={entry['taskId']}" if entry.get("taskId") else "")
                         + (f"\n      near miss: {entry['nearMiss']}" if entry.get("nearMiss") else ""))
        lines.append("tasks:")
        for task in handle.tasks():
            steps = " → ".join(f"{c['status']} @ {c['at'].isoformat(timespec='milliseconds')} (poll {c['poll']})"
                               for c in handle.history(task["taskId"]))
            error = (task.get("response") or {}).get("error")
            lines.append(f"  {task['taskId']} {task['commandType']}: {steps}" + (f"  error {error}" if error else ""))
        return "\n".join(lines)
    except Exception as error:  # a report must never hide the test's own failure
        return f"(mock_api could not describe the account: {error!r})"
