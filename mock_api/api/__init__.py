"""The emulated API: one blueprint, authenticated, with the task routes and the operation table's."""
from __future__ import annotations

from typing import TYPE_CHECKING

from flask import g, request

from ..app import emulator, json_error, key_pair
from ..routing import TreeBlueprint
from .traffic import apply_fault, command_type

if TYPE_CHECKING:
    from ..emulator import Emulator
    from ..records import Account

api = TreeBlueprint("api", __name__)

MISSING_KEYS = "Authentication failed for requested resource: send the x-api-key and x-api-secret-key headers"
UNKNOWN_PAIR = "Authentication failed for requested resource: unknown key pair"


def authenticated(mock: Emulator, environ) -> Account | str:
    """The account of the request's key pair (x-api-key, x-api-secret-key; header names are
    case-insensitive), else why not (the 401's message). It leaves what the journal and the access
    log need in the environ: the account, and its time, read once per request."""
    pair = key_pair(environ)
    if pair is None:
        return MISSING_KEYS
    account: Account | None = mock.store.authenticate(*pair)
    if account is None:
        return UNKNOWN_PAIR
    environ["mock_api.account_id"] = account.id
    environ["mock_api.time"] = mock.now(account)  # the account's clock
    return account


@api.before_request
def authenticate():
    """Every route needs the key pair; then the fault rules have their say."""
    req = request._get_current_object()
    mock = emulator()
    account = authenticated(mock, req.environ)
    if isinstance(account, str):
        return json_error(401, account)
    g.account, g.now = account, req.environ["mock_api.time"]
    command = req.environ["mock_api.command_type"] = command_type(req)  # for the journal and the faults
    return apply_fault(mock, req, account, command)


from . import operations, tasks  # noqa: E402,F401  (they add their routes to `api`)
