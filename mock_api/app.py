"""The Flask app factory."""
from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from flask import Flask, current_app, jsonify, request
from werkzeug.exceptions import HTTPException

from .config import Config
from .emulator import Emulator
from .representation import error_body
from .routing import TreeMap

log = logging.getLogger("mock_api")


class MockApiFlask(Flask):
    url_map_class = TreeMap  # the blueprints' routes come from their segment trees (routing.py)


class PathNormalizer:
    """WSGI middleware: serve every route at the root and under ``/v1``, and fold ``//``.

    A ``/v1`` prefix moves into SCRIPT_NAME, so Flask routes once and ``base_url()`` (the base
    of every href) keeps ``/v1`` exactly when the client used it. Doubled slashes come from SDKs
    given a base URL that ends in ``/`` (``http://h/v1/`` + ``/subscriptions``).
    """

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO") or "/"
        while "//" in path:
            path = path.replace("//", "/")
        if path.startswith("/v1") and (len(path) == 3 or path[3] == "/"):
            environ["SCRIPT_NAME"] = environ.get("SCRIPT_NAME", "") + "/v1"
            path = path[3:] or "/"
        environ["PATH_INFO"] = path
        return self.app(environ, start_response)


def create_app(config: Config | Mapping[str, Any] | None = None, **overrides: Any) -> Flask:
    """Build the app. ``config``: a Config, a mapping of its fields, or None; keywords override.

    Raises ``SourceError`` (every problem, with file and line) if a scenario is invalid:
    nothing is half-loaded.
    """
    config = Config.build(config, **overrides)
    emulator = Emulator(config)
    app = MockApiFlask("mock_api", static_folder=None)  # no /static route: the dashboard serves its own files
    app.json.sort_keys = False  # the real API's key order (taskId, commandType, status, …)
    app.json.compact = True
    app.config["MAX_CONTENT_LENGTH"] = config.max_body_bytes
    app.config["PROVIDE_AUTOMATIC_OPTIONS"] = False  # OPTIONS gets the JSON 405 like any other method
    app.extensions["mock_api"] = emulator
    app.url_map.strict_slashes = False  # a CloudFormation client posts to /v1/subscriptions/
    from .api import api
    from .api.control import control
    from .api.tasks import TaskPolls
    from .api.traffic import Journaling

    app.wsgi_app = PathNormalizer(Journaling(TaskPolls(app.wsgi_app, emulator), emulator.journal, emulator.clock))
    app.register_blueprint(api)
    app.register_blueprint(control)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected_error)
    return app


def emulator() -> Emulator:
    return current_app.extensions["mock_api"]


def base_url() -> str:
    """Where hrefs point: the request's scheme and host, plus /v1 when the request used it."""
    return base_url_of(request.environ)


def base_url_of(environ) -> str:
    """``base_url`` from the WSGI environ directly: werkzeug's ``url_root`` re-encodes the whole URL
    and costs a third of a poll."""
    host = environ.get("HTTP_HOST")
    if not host:  # HTTP/1.0 without Host: the address the request reached (server.py sets it)
        name = environ["SERVER_NAME"]
        host = f"[{name}]:{environ['SERVER_PORT']}" if ":" in name else f"{name}:{environ['SERVER_PORT']}"
    return f"{environ['wsgi.url_scheme']}://{host}{environ.get('SCRIPT_NAME', '')}/"


def json_error(status: int, message: str | None = None, headers: Mapping[str, str] | None = None):
    now = request.environ.get("mock_api.time") or _time_of_caller()
    body = error_body(status, request.script_root + request.path, now, message)
    response = jsonify(body)
    response.status_code = status
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def key_pair(environ) -> tuple[str, str] | None:
    """The request's x-api-key and x-api-secret-key (names case-insensitive: the environ has them
    folded), stripped; None when either is missing or blank."""
    key = environ.get("HTTP_X_API_KEY", "").strip()
    secret = environ.get("HTTP_X_API_SECRET_KEY", "").strip()
    return (key, secret) if key and secret else None


def _time_of_caller():
    """The time of the account whose key pair the request carries (no route authenticated it: an
    unknown route, a 405), else the server's."""
    mock = emulator()
    pair = key_pair(request.environ)
    return mock.now(mock.store.lookup(*pair) if pair else None)


def _http_error(error: HTTPException):
    headers = {}
    if error.code == 405 and error.valid_methods:
        # Sorted: Werkzeug lists them from a set, whose order changes with the hash seed.
        headers["Allow"] = ", ".join(sorted(error.valid_methods))
    message = {404: "No such route", 405: f"Method {request.method} is not allowed here",
               413: f"Request body is larger than {current_app.config['MAX_CONTENT_LENGTH']} bytes"}.get(error.code)
    return json_error(error.code or 500, message or error.description, headers)


def _unexpected_error(error: Exception):
    log.exception("unexpected error on %s %s", request.method, request.path)
    return json_error(500, "Unexpected error in mock_api (a bug: please report it)")
