"""The emulated API: one blueprint, authenticated, with the task routes and the operation table's."""
from __future__ import annotations

from flask import Blueprint, g, request

from ..app import emulator, json_error
from .traffic import apply_fault

api = Blueprint("api", __name__)


@api.before_request
def authenticate():
    """Every route needs x-api-key and x-api-secret-key (header names are case-insensitive)."""
    key = request.headers.get("x-api-key", "").strip()
    secret = request.headers.get("x-api-secret-key", "").strip()
    if not key or not secret:
        return json_error(401, "Authentication failed for requested resource: "
                               "send the x-api-key and x-api-secret-key headers")
    account = emulator().store.authenticate(key, secret)
    if account is None:
        return json_error(401, "Authentication failed for requested resource: unknown key pair")
    g.account = account
    return apply_fault()


from . import operations, tasks  # noqa: E402,F401  (they add their routes to `api`)
