"""The emulated API: one blueprint, authenticated, with the task routes and the operation table's."""
from __future__ import annotations

from flask import Blueprint, g, request

from ..app import emulator, json_error
from .traffic import apply_fault, command_type

api = Blueprint("api", __name__)


@api.before_request
def authenticate():
    """Every route needs x-api-key and x-api-secret-key (header names are case-insensitive)."""
    req = request._get_current_object()
    key = req.environ.get("HTTP_X_API_KEY", "").strip()  # the environ: headers' names folded already
    secret = req.environ.get("HTTP_X_API_SECRET_KEY", "").strip()
    if not key or not secret:
        return json_error(401, "Authentication failed for requested resource: "
                               "send the x-api-key and x-api-secret-key headers")
    mock = emulator()
    account = mock.store.authenticate(key, secret)
    if account is None:
        return json_error(401, "Authentication failed for requested resource: unknown key pair")
    g.account = account
    req.environ["mock_api.account_id"] = account.id  # for the journal
    req.environ["mock_api.time"] = g.now = mock.now(account)  # the account's clock, read once per request
    command = req.environ["mock_api.command_type"] = command_type(req)  # for the journal and the faults
    return apply_fault(mock, req, account, command)


from . import operations, tasks  # noqa: E402,F401  (they add their routes to `api`)
