"""pytest fixtures for mock_api, registered by entry point: installing the package is enough.

Fixtures (see README, "Use it in your tests"):

* ``mock_api_app``    the Flask app, built from the ``mock_api`` marker (use it as pytest-flask's ``app``)
* ``mock_api``        a control handle with a fresh account on that app
* ``mock_api_client`` an in-process client with that account's credentials
* ``mock_api_server`` the live server of this session (of this xdist worker): 127.0.0.1, a free port
* ``mock_api_live``   a control handle with a fresh account on the live server (``.url``, ``.v1_url``)

Marker: ``@pytest.mark.mock_api(profile=..., links=..., scenario=..., scenarios=[...], accounts=[...])``.
"""
from __future__ import annotations

from typing import Any, Dict, Iterator

import pytest

from .app import create_app
from .testing import ApiClient, LiveServer, MockApi
from .yamlsource import SourceError

APP_KEYS = ("profile", "links", "scenarios", "accounts", "seed")
LIVE_KEYS = ("profile", "links", "scenario")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini("mock_api_profile", "scenario profile of mock_api's apps and live server", default="default")
    parser.addini("mock_api_links", "link profile (hal or v1) of mock_api's apps and live server", default="hal")
    parser.addini("mock_api_scenarios", "scenario files or folders for mock_api", type="paths", default=[])
    parser.addini("mock_api_host", "address the live server binds", default="127.0.0.1")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "mock_api(profile=None, links=None, scenario=None, scenarios=None, accounts=None, seed=None): "
                   "configure mock_api for this test")


def _defaults(config: pytest.Config) -> Dict[str, Any]:
    return {"profile": config.getini("mock_api_profile"), "links": config.getini("mock_api_links"),
            "scenarios": tuple(str(p) for p in config.getini("mock_api_scenarios"))}


@pytest.fixture
def mock_api_settings(request: pytest.FixtureRequest) -> Dict[str, Any]:
    """What the closest ``mock_api`` markers ask for (nearest wins)."""
    settings: Dict[str, Any] = {}
    for marker in reversed(list(request.node.iter_markers("mock_api"))):
        if marker.args:
            raise pytest.UsageError("@pytest.mark.mock_api takes keyword arguments only")
        settings.update(marker.kwargs)
    unknown = set(settings) - set(APP_KEYS) - set(LIVE_KEYS)
    if unknown:
        raise pytest.UsageError(f"@pytest.mark.mock_api: unknown arguments {', '.join(sorted(unknown))}")
    return settings


@pytest.fixture
def mock_api_app(request: pytest.FixtureRequest, mock_api_settings: Dict[str, Any]):
    config = _defaults(request.config)
    config.update({k: v for k, v in mock_api_settings.items() if k in APP_KEYS})
    if isinstance(config.get("scenarios"), (str, bytes)) or hasattr(config.get("scenarios"), "__fspath__"):
        config["scenarios"] = (str(config["scenarios"]),)
    if config.get("accounts") is not None:
        config["accounts"] = tuple(config["accounts"])
    try:
        return create_app(config)
    except SourceError as error:
        pytest.fail(f"mock_api: invalid scenarios:\n{error}", pytrace=False)


@pytest.fixture
def mock_api(mock_api_app, mock_api_settings: Dict[str, Any]) -> MockApi:
    handle = MockApi(mock_api_app, **_configured_account(mock_api_settings))
    if mock_api_settings.get("scenario"):
        handle.set_scenario(mock_api_settings["scenario"])
    return handle


def _configured_account(settings: Dict[str, Any]) -> Dict[str, str]:
    """With an accounts list, the handle uses its first key pair (any other pair would be refused)."""
    accounts = settings.get("accounts")
    if accounts:
        return {"key": accounts[0]["key"], "secret": accounts[0]["secret"]}
    return {}


@pytest.fixture
def mock_api_client(mock_api: MockApi) -> ApiClient:
    return mock_api.client()


@pytest.fixture(scope="session")
def mock_api_server(request: pytest.FixtureRequest) -> Iterator[LiveServer]:
    config = request.config
    host = config.getini("mock_api_host")
    try:
        app = create_app(_defaults(config))
        server = LiveServer(app, host=host)
    except SourceError as error:
        pytest.fail(f"mock_api live server: invalid scenarios:\n{error}", pytrace=False)
    except (OSError, OverflowError, ValueError) as error:
        pytest.fail(f"mock_api live server could not start on {host}: {error}", pytrace=False)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def mock_api_live(mock_api_server: LiveServer, mock_api_settings: Dict[str, Any]) -> Iterator[MockApi]:
    unsupported = set(mock_api_settings) - set(LIVE_KEYS)
    if unsupported:
        pytest.fail(f"mock_api_live shares one server per session: {', '.join(sorted(unsupported))} "
                    "can only be set for it in the ini options (mock_api_scenarios…)", pytrace=False)
    handle = mock_api_server.handle()
    handle.set_profile(mock_api_settings.get("profile"))
    handle.set_links(mock_api_settings.get("links"))
    handle.set_scenario(mock_api_settings.get("scenario"))
    yield handle
    handle.reset()
