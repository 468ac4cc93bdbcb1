"""The request journal and fault rules."""
from __future__ import annotations

from flask import Response, jsonify, request

from ...app import emulator
from ...faults import FaultError
from ...journal import RequestFilter, TooManyWaiters
from . import Refused, account_scope, body_object, control, reveal_secrets


def _filter() -> RequestFilter:
    """The query's filter; with an account named, only its requests."""
    args = request.args
    account = account_scope(body_schema=None)
    try:
        status = int(args["status"]) if "status" in args else None
    except ValueError:
        raise Refused(400, "status must be an integer") from None
    glob = {name: args.get(name) for name in ("method", "path", "commandType")}
    if any(value is not None and len(value) > 512 for value in glob.values()):
        raise Refused(400, "filters are at most 512 characters")
    path = glob["path"]
    if path and (path == "/v1" or path.startswith("/v1/")):
        path = path[3:] or "/"  # entries keep the path without /v1, as faults match it
    return RequestFilter(glob["method"], path, account.id if account else None, status, glob["commandType"])


@control.get("/requests")
def requests_list():
    shape = request.args.get("format", "json")
    if shape not in ("json", "scenario"):
        raise Refused(400, "format must be json or scenario")
    found = emulator().journal.find(_filter(), reveal=reveal_secrets())
    if shape == "scenario":
        return _as_scenarios(found)
    return jsonify({"count": len(found), "requests": found})


def _as_scenarios(entries):
    """The journaled task-creating requests whose tasks finished, as a scenario file that replays them."""
    from ...journal_export import observation, scenario_file

    mock = emulator()
    observations = []
    for entry in entries:
        task_id = entry.get("taskId")
        owner = mock.store.account_of_task(task_id) if task_id else None
        records = mock.store.inspect(owner, task_id, mock.now(owner)) if owner else []
        seen = observation(entry, records[0]) if records else None
        if seen is not None:
            observations.append(seen)
    return Response(scenario_file(observations, mock.clock.now()), mimetype="application/yaml")


@control.get("/requests/count")
def requests_count():
    return jsonify({"count": emulator().journal.count(_filter())})


@control.delete("/requests")
def requests_clear():
    account = account_scope(body_schema=None)
    emulator().journal.clear(account.id if account else None)
    return jsonify({"cleared": True})


@control.post("/requests/wait")
def requests_wait():
    """Long poll: answer as soon as ``count`` requests match the query's filter (200), or after
    ``timeout`` seconds with what matched so far (408). At most --max-waiters wait at once (429)."""
    body = body_object("MockWaitBody")
    count, timeout = body.get("count", 1), float(body.get("timeout", 10))
    where = _filter()
    try:
        found = emulator().journal.wait(where, count, timeout, reveal=reveal_secrets())
    except TooManyWaiters as error:
        raise Refused(429, f"{error}: try again when one has answered") from None
    satisfied = len(found) >= count
    return jsonify({"satisfied": satisfied, "count": len(found), "requests": found}), 200 if satisfied else 408


@control.get("/faults")
def faults_list():
    account = account_scope()
    return jsonify({"faults": [rule.as_json() for rule in emulator().faults.rules(account.id if account else None)]})


@control.post("/faults")
def faults_add():
    account = account_scope(body_schema="MockFaultSpec")
    spec = body_object("MockFaultSpec")
    try:
        rule = emulator().faults.add(spec, account.id if account else None)
    except FaultError as error:
        raise Refused(400, str(error)) from None
    return jsonify(rule.as_json()), 201


@control.delete("/faults")
def faults_clear():
    account = account_scope()
    emulator().faults.clear(account.id if account else None)
    return jsonify({"cleared": True})


@control.delete("/faults/<int:rule_id>")
def faults_remove(rule_id: int):
    account = account_scope()
    if not emulator().faults.remove(rule_id, account.id if account else None):
        raise Refused(404, f"no fault rule {rule_id}")
    return jsonify({"removed": rule_id})
