"""The control API's front door: ``GET /_mock/`` lists its entry points and the dashboard's URL;
and the dashboard's page itself (mock_api.ui), hooked in beside the control API."""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from flask import jsonify, request

from ... import __version__
from ...ui import PAGE_PATH, pages
from . import control


@control.record_once
def _serve_the_page(state) -> None:
    """The page and its assets are their own blueprint, registered on the app rather than nested
    in ``control``: a nested blueprint would run the control API's admin-token guard, and a browser
    loading a page cannot send that header. They hold no data; the script asks the control API for
    everything, with the token."""
    state.app.register_blueprint(pages)


@lru_cache(maxsize=1)
def entry_points() -> list[dict[str, Any]]:
    """Every control route with its method and summary, from the OpenAPI document's own list."""
    from ...openapi_control import control_paths

    return [{"method": method.upper(), "path": path, "summary": operation.get("summary", "")}
            for path, operations in control_paths().items() for method, operation in operations.items()]


@control.get("/")
def index():
    root = request.host_url.rstrip("/")
    return jsonify({"name": "mock_api control API", "version": __version__,
                    "dashboard": root + request.script_root + PAGE_PATH,
                    "openapi": root + request.script_root + "/_mock/openapi.json",
                    "entryPoints": entry_points()})
