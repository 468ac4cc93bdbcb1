"""One generic handler per action, routed from the operation table.

Handlers only parse and answer: validation of ids and bodies, then one call to the store, then
one call to the representation.
"""
from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources as importlib_resources
from typing import Any

from flask import Response, g, jsonify, request

from .. import jsonsafe
from ..app import base_url, emulator, json_error
from ..effects import listed_body
from ..emulator import UnknownChoice
from ..schemacheck import first_error
from ..store import TooManyTasks
from ..operations import MAX_ID, MAX_TEXT, OPERATIONS, Action, Operation
from ..kinds import KINDS
from . import api

INT64 = 2**63
DIGITS = re.compile(r"^[0-9]{1,10}$")  # ASCII digits only: str.isdigit() also takes '²' and '١'
MAX_PLAN_QUANTITY = 100  # databases one creation-plan entry may ask for (each becomes a resource)
MAX_PLAN_DATABASES = 1000  # databases one subscription create may ask for in all
SCENARIO_HEADER = "X-Mock-Scenario"
# How the real API's 400 answers begin (a Terraform acceptance test quotes one); the detail follows.
BAD_REQUEST_OPENING = "Bad Request: JSON parameter contains unsupported fields / values."


class BadRequest(Exception):
    pass


@lru_cache(maxsize=None)
def _request_schema(schema_name: str) -> dict[str, Any]:
    schemas = json.loads((importlib_resources.files("mock_api") / "schemas" / "requests.json").read_text())
    return schemas[schema_name]


def _ids(operation: Operation, raw: dict[str, str]) -> dict[str, int]:
    ids = {}
    for name in operation.params:
        text = raw[name]
        if not DIGITS.match(text) or not 0 < int(text) <= MAX_ID:
            raise BadRequest(f"{name} must be a positive integer of at most {MAX_ID}, not {text[:40]!r}")
        ids[name] = int(text)
    return ids



def _check_integers(value: Any) -> None:
    """Whole numbers beyond 64 bits fit no field of the spec (and cost time to print): refused."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, int) and not isinstance(item, bool) and not -INT64 <= item < INT64:
            raise BadRequest(f"number {str(item)[:30]}… is out of range")
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)



def _check_plan(body: dict[str, Any]) -> None:
    """A creation plan makes one resource per database: bounded, so one small request cannot fill
    the server's memory."""
    total = 0
    for index, entry in enumerate(body.get("databases") or []):
        quantity = entry.get("quantity") or 1 if isinstance(entry, dict) else 1
        if isinstance(quantity, int) and quantity > MAX_PLAN_QUANTITY:
            raise BadRequest(f"databases[{index}].quantity: {quantity} is more than the {MAX_PLAN_QUANTITY} "
                             "databases mock_api creates per creation-plan entry")
        total += quantity if isinstance(quantity, int) and quantity > 0 else 1
    if total > MAX_PLAN_DATABASES:
        raise BadRequest(f"databases: the plan asks for {total} databases, more than the {MAX_PLAN_DATABASES} "
                         "mock_api creates for one subscription")


def _without_nulls(value: Any) -> Any:
    """Clients send null for unset fields (the Go SDK's `replicaOf`): treat them as absent."""
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


def _body(operation: Operation) -> dict[str, Any]:
    if operation.method == "DELETE" and not operation.request_schema:  # a few DELETEs have one (regions)
        return {}
    raw = request.get_data(cache=False)
    request.environ["mock_api.body"] = raw  # for the journal
    if not raw.strip():
        data: Any = {}
    else:
        try:
            data = jsonsafe.loads(raw)
        except jsonsafe.JsonError as error:
            raise BadRequest(f"Request body is not valid JSON: {error}") from None
    if not isinstance(data, dict):
        raise BadRequest("Request body must be a JSON object")
    _check_integers(data)
    if operation.name == "createSubscription":
        _check_plan(data)
    if operation.request_schema:
        problem = first_error(operation.request_schema, _request_schema(operation.request_schema),
                              _without_nulls(data))
        if problem:
            raise BadRequest(problem)
    return data


def _task_query(operation: Operation, alias_query: Mapping[str, str]) -> dict[str, str]:
    """The query parameters a task-backed operation reads (a backup's regionName, a script's options):
    given to its task beside the body, bounded."""
    query = {}
    for name in operation.query:
        value = alias_query.get(name, request.args.get(name))
        if value is None:
            continue
        if len(value) > MAX_TEXT:
            raise BadRequest(f"{name} is longer than {MAX_TEXT} characters")
        query[name] = value
    return query


def _page(query) -> tuple[int, int]:
    values = []
    for name, default, low in (("offset", 0, 0), ("limit", 100, 1)):
        text = query.get(name, str(default))
        if not DIGITS.match(text) or int(text) < low or int(text) > MAX_ID:
            raise BadRequest(f"{name} must be a whole number from {low} to {MAX_ID}, not {text[:40]!r}")
        values.append(int(text))
    return values[0], values[1]


SYNC_HANDLERS = {}  # Action → handler of a synchronous operation, filled below


def handle(operation: Operation, raw_params: dict[str, str], alias_query: Mapping[str, str] | None = None):
    mock = emulator()
    try:
        ids = _ids(operation, raw_params)
        if not operation.action.is_task:
            return SYNC_HANDLERS[operation.action](operation, ids, raw_params, alias_query or {})
        body = {**_body(operation), **_task_query(operation, alias_query or {})}
        headers = {name.lower(): value for name, value in request.headers.items()}
        facts = mock.operation_facts(operation, request.path, ids, headers, body)
        scenario = mock.choose_scenario(g.account, facts, request.headers.get(SCENARIO_HEADER))
    except BadRequest as error:
        return json_error(400, f"{BAD_REQUEST_OPENING} {error}")
    except UnknownChoice as error:
        return json_error(400, str(error))
    miss = mock.near_miss(g.account, facts, scenario)
    if miss is not None:
        request.environ["mock_api.near_miss"] = miss  # for the journal: why the user's scenarios did not fit
    try:
        view = mock.store.submit(g.account, operation, ids, body, scenario, g.now)
    except TooManyTasks as error:
        return json_error(429, f"Too Many Requests: {error}; let some finish first")
    request.environ["mock_api.task_id"] = view.id  # for the journal
    fault = getattr(g, "fault", None)
    if fault is not None and fault.action == "task-not-found":
        mock.store.hide_task(g.account, view.id, fault.polls)
    rep = mock.representation_for(g.account)
    return jsonify(rep.task(view, base_url(), creating=True)), operation.status_code


def _not_found():
    """Spring's 404 as captured: {timestamp, status, error, path}, and no message."""
    return json_error(404)


def _get(operation: Operation, ids: dict[str, int], raw_params: dict[str, str], alias_query: Mapping[str, str]):
    mock = emulator()
    kind = KINDS[operation.kind]
    body = mock.store.get_resource(g.account, kind.name, ids, g.now)
    if body is None:
        return _not_found()
    return jsonify(mock.representation_for(g.account).resource(body, kind.path_for(ids), base_url()))


def _sync(operation: Operation, ids: dict[str, int], raw_params: dict[str, str], alias_query: Mapping[str, str]):
    """VIEW and CATALOG: checked here, then run under the store's lock by the handler sync.py names."""
    from .. import sync  # the handlers of every family, imported on the first synchronous call (5 ms of start-up)
    from ..calls import Refusal

    mock = emulator()
    keys = {name: raw_params[name] for name in operation.text_params}
    if any(len(value) > MAX_TEXT for value in keys.values()):
        raise BadRequest(f"path parameters are at most {MAX_TEXT} characters")
    query = {**{name: request.args.get(name, "") for name in request.args}, **alias_query}
    body = _body(operation) if operation.method in ("POST", "PUT") else {}  # read (and bounded) even if unused
    now = g.now
    try:
        answer = mock.store.run(g.account, now, sync.answer(operation, g.account, now, ids, keys, query, body))
    except Refusal as refusal:
        if refusal.status == 400:
            raise BadRequest(refusal.message) from None
        return json_error(refusal.status, refusal.message)
    if answer.download is not None:
        return Response(answer.download.content, status=operation.status_code, mimetype=answer.download.media_type,
                        headers={"Content-Disposition": f'attachment; filename="{answer.download.filename}"'})
    if answer.body is None:
        return Response(status=operation.status_code)
    body = answer.body
    if answer.linked:
        query_string = request.query_string.decode("latin-1")
        path = request.path + (f"?{query_string}" if query_string else "")
        body = mock.representation_for(g.account).resource(body, path, base_url())
    return jsonify(body), operation.status_code


def _list(operation: Operation, ids: dict[str, int], raw_params: dict[str, str], alias_query: Mapping[str, str]):
    mock = emulator()
    now = g.now
    kind = KINDS[operation.kind]
    rep, base = mock.representation_for(g.account), base_url()
    if kind.collection == "account":
        items = ((item_ids, listed_body(body)) for item_ids, body in mock.store.list_resources(g.account, kind.name,
                                                                                                {}, now))
        return Response(rep.collection(kind, g.account.id, items, base), mimetype="application/json")
    offset, limit = _page(request.args)
    parent = KINDS[kind.parent]
    if mock.store.peek_resource(g.account, parent.name, ids, now) is None:
        return _not_found()
    items = [(item_ids, listed_body(body)) for item_ids, body in mock.store.list_resources(g.account, kind.name,
                                                                                            ids, now)]
    page = items[offset:offset + limit]
    if not page and offset > 0:
        # Past the end: older Go SDKs stop on a 404 (newer ones on an empty page, too).
        return _not_found()
    return Response(rep.paged(kind, g.account.id, ids, len(items), page, base, request.query_string.decode("latin-1")),
                    mimetype="application/json")


SYNC_HANDLERS.update({Action.GET: _get, Action.LIST: _list, Action.VIEW: _sync, Action.CATALOG: _sync})


def _flask_rule(path: str) -> str:
    # An alias's escaped `?` (%3F) arrives decoded in PATH_INFO: its route matches the decoded path.
    return path.replace("%3F", "?").replace("{", "<").replace("}", ">")


def _register(operation: Operation) -> None:
    def view(**raw_params: str):
        return handle(operation, raw_params)

    def alias_view(**raw_params: str):
        # The alias's own path parameters name the resource; the others are the escaped query's.
        own = {name: value for name, value in raw_params.items() if f"{{{name}}}" in operation.path}
        return handle(operation, own, alias_query={k: v for k, v in raw_params.items() if k not in own})

    view.__name__ = operation.name
    api.add_url_rule(_flask_rule(operation.path), endpoint=operation.name, view_func=view,
                     methods=[operation.method])
    for number, alias in enumerate(operation.aliases):
        api.add_url_rule(_flask_rule(alias), endpoint=f"{operation.name}_alias{number}", view_func=alias_view,
                         methods=[operation.method])


for _operation in OPERATIONS:
    _register(_operation)
