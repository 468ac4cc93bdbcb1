"""The control API under /_mock/: drive the emulator from any language, over HTTP.

Scope: a call that names an account — by the request's own x-api-key / x-api-secret-key headers
(the credentials the SDK under test uses) or by ``accountId`` in the query or body — acts on that
account only: its clock, its fault rules, its run-time scenarios, its tasks. A call that names none
acts globally. Bodies are checked against the schemas the OpenAPI document shows
(openapi_control.BODY_SCHEMAS) before anything changes; every refusal uses the API's error body.
"""
from __future__ import annotations

import hmac
from typing import Any

from flask import request

from ... import jsonsafe
from ...app import emulator, json_error, key_pair
from ...records import Account
from ...routing import TreeBlueprint
from ...schemacheck import first_error

control = TreeBlueprint("control", __name__, url_prefix="/_mock")


class Refused(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


@control.errorhandler(Refused)
def _refused(error: Refused):
    return json_error(error.status, str(error))


@control.before_request
def _admin_token():
    token = emulator().config.admin_token
    if not token or request.endpoint in ("control.openapi", "control.scenario_schema"):  # documents are public
        return None
    given = request.headers.get("X-Mock-Admin-Token") or ""
    auth = request.headers.get("Authorization", "")
    if auth.lower().startswith("bearer "):
        given = auth[7:].strip()
    if not hmac.compare_digest(given.encode(), token.encode()):
        return json_error(401, "The control API needs the admin token: Authorization: Bearer TOKEN")
    return None


def json_body(schema: str | None = None, max_depth: int = jsonsafe.MAX_DEPTH) -> Any:
    """The request's JSON body ({} when empty; parsed once), checked against ``BODY_SCHEMAS[schema]``."""
    if "mock_api.control_body" not in request.environ:
        raw = request.get_data(cache=True)
        if not raw.strip():
            body: Any = {}
        else:
            try:
                body = jsonsafe.loads(raw, max_depth)
            except jsonsafe.JsonError as error:
                raise Refused(400, f"Request body is not valid JSON: {error}") from None
        request.environ["mock_api.control_body"] = body
    body = request.environ["mock_api.control_body"]
    if schema is not None:
        from ...openapi_control import BODY_SCHEMAS  # the documents' module, loaded by the first checked body

        problem = first_error(schema, BODY_SCHEMAS[schema], body)
        if problem:
            raise Refused(400, f"Request body: {problem}")
    return body


def body_object(schema: str | None = None) -> dict[str, Any]:
    body = json_body(schema)
    if not isinstance(body, dict):
        raise Refused(400, "Request body must be a JSON object")
    return body


def account_scope(required: bool = False, body_schema: str | None = "MockAccountScope") -> Account | None:
    """The account the call names (credentials, else ``accountId`` in the query, else in the body),
    or None for a global call."""
    store = emulator().store
    pair = key_pair(request.environ)
    if pair:
        account = store.authenticate(*pair)
        if account is None:
            raise Refused(401, "unknown key pair")
        return account
    raw: Any = request.args.get("accountId")
    if raw is None and request.method in ("POST", "PUT", "DELETE") and body_schema is not None:
        raw = body_object(body_schema).get("accountId")
    if raw is None:
        if required:
            raise Refused(400, "say which account: its x-api-key / x-api-secret-key headers, or accountId")
        return None
    text = str(raw)
    if not text.isascii() or not text.isdigit() or len(text) > 10:
        raise Refused(400, f"accountId must be a whole number, not {text[:40]!r}")
    account = store.account_by_id(int(text))
    if account is None:
        raise Refused(404, f"no account {text}")
    return account


def reveal_secrets() -> bool:
    """``?secrets=show``: the admin asks for secrets in clear (otherwise they are masked)."""
    value = request.args.get("secrets")
    if value not in (None, "show", "mask"):
        raise Refused(400, "secrets must be 'show' or 'mask'")
    return value == "show"


from . import clock, resources, scenarios, state, tasks, traffic, ui  # noqa: E402,F401  (they add their routes)
