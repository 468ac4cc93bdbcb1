"""The dashboard: one HTML page, its script (two small ES modules: ``dashboard.js`` keeps the
state and talks to the control API, ``draw.js`` turns data into DOM nodes) and its styles, shipped
as package data. No build step, no framework.

The page is a shell: it holds no data. Its script reads everything from the control API's JSON
(and acts only through it), sending the admin token when the server wants one, so the page has no
powers the control API lacks. That is also why the page and its assets are public even with
``--admin-token``: they are served by their own blueprint, outside the control API's guard.

Every answer carries a strict Content-Security-Policy: scripts and styles from this server only,
no inline code, requests only to this server. Whatever the script draws from data (task ids,
names, bodies, error texts) it draws as text nodes, never as markup.
"""
from __future__ import annotations

import html
from functools import lru_cache
from importlib import resources
from string import Template

from flask import Response, request

from .. import __version__
from ..app import emulator
from ..routing import TreeBlueprint

pages = TreeBlueprint("ui", __name__, url_prefix="/_mock/ui")

PAGE_PATH = "/_mock/ui"
ASSETS = {"dashboard.js": "text/javascript", "draw.js": "text/javascript", "dashboard.css": "text/css"}
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
                               "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}


@lru_cache(maxsize=None)
def _read(name: str) -> str:
    return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")


def render_page(script_root: str, token_required: bool) -> str:
    """The page, pointing at the control API under ``script_root`` (``""`` or ``"/v1"``: the
    page works under both, as every route does)."""
    return Template(_read("page.html")).substitute(
        version=html.escape(__version__), api=html.escape(script_root + "/_mock"),
        assets=html.escape(script_root + PAGE_PATH), token_required="true" if token_required else "false")


def _answer(text: str, mimetype: str) -> Response:
    response = Response(text, mimetype=mimetype)
    response.headers.update(SECURITY_HEADERS)
    return response


@pages.get("")
def page():
    return _answer(render_page(request.script_root, bool(emulator().config.admin_token)), "text/html")


def _asset_view(name: str):
    def serve_asset():
        return _answer(_read(name), ASSETS[name])

    return serve_asset


for _name in ASSETS:  # one literal route each, as the OpenAPI document lists them
    pages.add_url_rule("/" + _name, endpoint=_name.replace(".", "_"), view_func=_asset_view(_name),
                       methods=["GET"])
