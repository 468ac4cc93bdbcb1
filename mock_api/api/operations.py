"""One generic handler per action, routed from the operation table.

Handlers only parse and answer: validation of ids and bodies, then one call to the store, then
one call to the representation.
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources as importlib_resources
from typing import Any, Dict, Tuple

from flask import g, jsonify, request

from ..app import base_url, emulator, json_error
from ..emulator import UnknownChoice
from ..operations import OPERATIONS, Action, Operation
from ..actions import CATALOGS, VIEWS
from ..kinds import KINDS
from ..yamlsource import path_text
from . import api

MAX_ID = 2**31 - 1  # ids are int32 in the official spec
SCENARIO_HEADER = "X-Mock-Scenario"


class BadRequest(Exception):
    pass


@lru_cache(maxsize=None)
def _validator(schema_name: str):
    import jsonschema  # imported on the first body to validate: it costs a third of the start-up time

    schemas = json.loads((importlib_resources.files("mock_api") / "schemas" / "requests.json").read_text())
    return jsonschema.Draft4Validator(schemas[schema_name])


def _ids(operation: Operation, raw: Dict[str, str]) -> Dict[str, int]:
    ids = {}
    for name in operation.params:
        text = raw[name]
        if not text.isdigit() or not 0 < int(text) <= MAX_ID:
            raise BadRequest(f"{name} must be a positive integer, not {text!r}")
        ids[name] = int(text)
    return ids


def _without_nulls(value: Any) -> Any:
    """Clients send null for unset fields (the Go SDK's `replicaOf`): treat them as absent."""
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


def _body(operation: Operation) -> Dict[str, Any]:
    if operation.method == "DELETE":
        return {}
    raw = request.get_data(cache=False)
    request.environ["mock_api.body"] = raw  # for the journal
    if not raw.strip():
        data: Any = {}
    else:
        try:
            data = json.loads(raw)
        except (ValueError, UnicodeDecodeError) as error:
            raise BadRequest(f"Request body is not valid JSON: {error}") from None
    if not isinstance(data, dict):
        raise BadRequest("Request body must be a JSON object")
    if operation.request_schema:
        errors = sorted(_validator(operation.request_schema).iter_errors(_without_nulls(data)),
                        key=lambda e: list(e.absolute_path))
        if errors:
            first = errors[0]
            where = path_text(tuple(first.absolute_path))
            raise BadRequest(f"{where + ': ' if where else ''}{first.message}")
    return data


def _page(query) -> Tuple[int, int]:
    values = []
    for name, default, low in (("offset", 0, 0), ("limit", 100, 1)):
        text = query.get(name, str(default))
        if not text.isdigit() or int(text) < low or int(text) > MAX_ID:
            raise BadRequest(f"{name} must be a whole number of at least {low}, not {text!r}")
        values.append(int(text))
    return values[0], values[1]


SYNC_HANDLERS = {}  # Action → handler of a synchronous read, filled below


def handle(operation: Operation, raw_params: Dict[str, str]):
    mock = emulator()
    try:
        ids = _ids(operation, raw_params)
        if not operation.action.is_task:
            return SYNC_HANDLERS[operation.action](operation, ids)
        body = _body(operation)
        headers = {name.lower(): value for name, value in request.headers.items()}
        facts = mock.operation_facts(operation, request.path, ids, headers, body)
        scenario = mock.choose_scenario(g.account, facts, request.headers.get(SCENARIO_HEADER))
    except BadRequest as error:
        return json_error(400, str(error))
    except UnknownChoice as error:
        return json_error(400, str(error))
    view = mock.store.submit(g.account, operation, ids, body, scenario, mock.clock.now())
    request.environ["mock_api.task_id"] = view.id  # for the journal
    fault = getattr(g, "fault", None)
    if fault is not None and fault.action == "task-not-found":
        mock.store.hide_task(g.account, view.id, fault.polls)
    rep = mock.representation_for(g.account)
    return jsonify(rep.task(view, base_url(), creating=True)), operation.status_code


def _not_found(kind, ids: Dict[str, int]):
    label = kind.name.replace("-", " ").capitalize()
    return json_error(404, f"{label} {ids[kind.id_param]} was not found")


def _get(operation: Operation, ids: Dict[str, int]):
    mock = emulator()
    kind = KINDS[operation.kind]
    body = mock.store.get_resource(g.account, kind.name, ids, mock.clock.now())
    if body is None:
        return _not_found(kind, ids)
    return jsonify(mock.representation_for(g.account).resource(body, kind.path_for(ids), base_url()))


def _view(operation: Operation, ids: Dict[str, int]):
    mock = emulator()
    kind = KINDS[operation.kind]
    resource = mock.store.peek_resource(g.account, kind.name, ids, mock.clock.now())
    if resource is None:
        return _not_found(kind, ids)
    return jsonify(VIEWS[operation.effect](resource))


def _catalog(operation: Operation, ids: Dict[str, int]):
    mock = emulator()
    return jsonify(CATALOGS[operation.effect](g.account, mock.clock.now()))


def _list(operation: Operation, ids: Dict[str, int]):
    mock = emulator()
    now = mock.clock.now()
    kind = KINDS[operation.kind]
    rep, base = mock.representation_for(g.account), base_url()
    if kind.collection == "account":
        items = mock.store.list_resources(g.account, kind.name, {}, now)
        return jsonify(rep.collection(kind, g.account.id, items, base))
    offset, limit = _page(request.args)
    parent = KINDS[kind.parent]
    if mock.store.peek_resource(g.account, parent.name, ids, now) is None:
        return _not_found(parent, ids)
    items = mock.store.list_resources(g.account, kind.name, ids, now)
    page = items[offset:offset + limit]
    if not page and offset > 0:
        # Past the end: older Go SDKs stop on a 404 (newer ones on an empty page, too).
        return json_error(404, f"No databases at offset {offset}")
    return jsonify(rep.paged(kind, g.account.id, ids, len(items), page, base,
                             request.query_string.decode("latin-1")))


SYNC_HANDLERS.update({Action.GET: _get, Action.LIST: _list, Action.VIEW: _view, Action.CATALOG: _catalog})


def _flask_rule(path: str) -> str:
    return path.replace("{", "<").replace("}", ">")


def _register(operation: Operation) -> None:
    def view(**raw_params: str):
        return handle(operation, raw_params)

    view.__name__ = operation.name
    api.add_url_rule(_flask_rule(operation.path), endpoint=operation.name, view_func=view,
                     methods=[operation.method])


for _operation in OPERATIONS:
    _register(_operation)
