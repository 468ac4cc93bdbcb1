"""The control API under /_mock/: drive the emulator from any language, over HTTP.

Operations that concern one account take it from the request's own x-api-key / x-api-secret-key
headers (the same credentials the SDK under test uses), or from ``accountId`` in the body or query.
Every answer is JSON; every refusal uses the API's error body.
"""
from __future__ import annotations

import hmac
import json
from datetime import datetime
from typing import Any, Dict, Optional

from flask import Blueprint, Response, jsonify, request

from ..app import base_url, emulator, json_error
from ..emulator import UnknownChoice
from ..faults import FaultError
from ..journal import RequestFilter
from ..records import Account
from ..representation import LINK_PROFILES
from ..scenario_schema import document_text
from ..scenarios import ErrorTriple, UnknownProfile, timeline_json
from ..snapshot import SnapshotError
from ..yamlsource import SourceError

control = Blueprint("control", __name__, url_prefix="/_mock")
MAX_WAIT_SECONDS = 60.0


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
    if not token or request.endpoint in ("control.openapi", "control.scenario_schema"):
        return None
    given = request.headers.get("X-Mock-Admin-Token") or ""
    auth = request.headers.get("Authorization", "")
    if auth.lower().startswith("bearer "):
        given = auth[7:].strip()
    if not hmac.compare_digest(given.encode(), token.encode()):
        return json_error(401, "The control API needs the admin token: Authorization: Bearer TOKEN")
    return None


def _json_body(default: Any = None) -> Any:
    raw = request.get_data(cache=True)
    if not raw.strip():
        return {} if default is None else default
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError) as error:
        raise Refused(400, f"Request body is not valid JSON: {error}") from None


def _body_object() -> Dict[str, Any]:
    body = _json_body()
    if not isinstance(body, dict):
        raise Refused(400, "Request body must be a JSON object")
    return body


def _account(required: bool = True) -> Optional[Account]:
    store = emulator().store
    key, secret = request.headers.get("x-api-key", "").strip(), request.headers.get("x-api-secret-key", "").strip()
    if key and secret:
        account = store.authenticate(key, secret)
        if account is None:
            raise Refused(401, "unknown key pair")
        return account
    raw = request.args.get("accountId")
    if raw is None and request.method in ("POST", "PUT", "DELETE"):
        raw = _body_object().get("accountId")
    if raw is None:
        if required:
            raise Refused(400, "say which account: its x-api-key / x-api-secret-key headers, or accountId")
        return None
    try:
        account = store.account_by_id(int(raw))
    except (TypeError, ValueError):
        raise Refused(400, f"accountId must be an integer, not {raw!r}") from None
    if account is None:
        raise Refused(404, f"no account {raw}")
    return account


def _number(body: Dict[str, Any], name: str) -> float:
    value = body.get(name)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        raise Refused(400, f"{name} must be a number")
    return float(value)


# ---------------------------------------------------------------- reset and accounts


@control.post("/reset")
def reset():
    account = _account(required=False)
    mock = emulator()
    mock.store.reset(account)
    if account is None:
        mock.journal.clear()
        mock.faults.clear()
        mock.clear_loaded_scenarios()
    return jsonify({"reset": "account" if account else "everything", "accountId": account.id if account else None})


@control.get("/accounts")
def accounts():
    return jsonify({"accounts": [{"accountId": a.id, "key": a.key, "tasks": len(a.tasks),
                                  "resources": len(a.resources), "profile": a.profile, "links": a.links,
                                  "scenario": a.scenario} for a in emulator().store.accounts()]})


@control.put("/account")
def account_settings():
    """Per-account choices: profile, links, scenario (every task-creating request), next (once each)."""
    account, body, mock = _account(), _body_object(), emulator()
    if "profile" in body and body["profile"] is not None:
        _known_profile(body["profile"])
    if body.get("links") not in (None, *LINK_PROFILES):
        raise Refused(400, f"links must be one of {', '.join(LINK_PROFILES)}")
    next_names = body.get("next") or []
    if not isinstance(next_names, list) or not all(isinstance(n, str) for n in next_names):
        raise Refused(400, "next must be a list of scenario names")
    for field, name in ([("scenario", body["scenario"])] if body.get("scenario") else []) + \
            [("next", name) for name in next_names]:
        try:
            mock.require_scenario(name, account, field)
        except UnknownChoice as error:
            raise Refused(400, str(error)) from None
    for field in ("profile", "links", "scenario"):
        if field in body:
            setattr(account, field, body[field])
    mock.store.queue_scenarios(account, next_names)
    return jsonify({"accountId": account.id, "profile": account.profile, "links": account.links,
                    "scenario": account.scenario, "next": list(account.next_scenarios)})


# ---------------------------------------------------------------- clock


def _clock_json():
    clock = emulator().clock
    return jsonify({"now": clock.now().isoformat(timespec="microseconds").replace("+00:00", "Z"), "frozen": clock.frozen})


@control.get("/clock")
def clock_read():
    return _clock_json()


@control.post("/clock/advance")
def clock_advance():
    seconds = _number(_body_object(), "seconds")
    if not 0 <= seconds <= 10 * 365 * 86400:
        raise Refused(400, "seconds must be from 0 to ten years: time never goes back")
    emulator().clock.advance(seconds)
    return _clock_json()


@control.post("/clock/set")
def clock_set():
    raw = _body_object().get("now")
    try:
        moment = datetime.fromisoformat(str(raw).replace("Z", "+00:00"))
        emulator().clock.set(moment)
    except ValueError as error:
        raise Refused(400, f"now must be an ISO-8601 time not before the clock's: {error}") from None
    return _clock_json()


@control.post("/clock/freeze")
def clock_freeze():
    emulator().clock.freeze()
    return _clock_json()


@control.post("/clock/resume")
def clock_resume():
    emulator().clock.resume()
    return _clock_json()


# ---------------------------------------------------------------- scenarios


def _known_profile(name: Any) -> None:
    """A 400 that lists the profiles, unless ``name`` is one: a built-in one or the server's file."""
    try:
        emulator().profile(name)
    except UnknownProfile as error:
        raise Refused(400, str(error)) from None


def _scenario_json(spec) -> Dict[str, Any]:
    return {"name": spec.name, "origin": spec.origin, "definition": spec.definition}


@control.get("/scenarios")
def scenarios_list():
    """The scenarios in force (matching order) and what each operation gets, under the account's
    profile, the server's, or ``?profile=NAME``."""
    account = _account(required=False)
    mock = emulator()
    name = request.args.get("profile") or (account.profile if account else None) or mock.config.profile
    _known_profile(name)
    chosen = mock.scenario_set(name)
    return jsonify({"profile": name, "profileOrigin": chosen.profile.origin,
                    "scenarios": [_scenario_json(s) for s in chosen.specs],
                    "operations": [timeline_json(choice) for choice in chosen.explain()]})


@control.get("/scenario-schema.json")
def scenario_schema():
    """The JSON Schema of scenario and profile files (editors complete and check files with it)."""
    return Response(document_text(), mimetype="application/json")


@control.post("/scenarios")
def scenarios_load():
    """A YAML or JSON scenario document, validated like a file; its scenarios match first."""
    try:
        added = emulator().load_scenarios("request body", request.get_data(cache=True))
    except SourceError as error:
        return jsonify({**_error_fields(400, "Invalid scenarios"),
                        "problems": [str(p) for p in error.problems]}), 400
    return jsonify({"loaded": [_scenario_json(s) for s in added]}), 201


@control.delete("/scenarios")
def scenarios_clear():
    emulator().clear_loaded_scenarios()
    return jsonify({"cleared": True})


def _error_fields(status: int, message: str) -> Dict[str, Any]:
    from ..representation import error_body

    return error_body(status, request.script_root + request.path, emulator().clock.now(), message)


# ---------------------------------------------------------------- tasks


def _task_owner(task_id: str) -> Account:
    account = emulator().store.account_of_task(task_id)
    if account is None:
        raise Refused(404, f"Task {task_id} was not found")
    return account


@control.post("/tasks/<task_id>/<any(step, complete, fail, hold, release):action>")
def task_action(task_id: str, action: str):
    mock = emulator()
    account = _task_owner(task_id)
    error = None
    if action == "fail":
        body = _body_object()
        fields = {k: body.get(k) for k in ("type", "status", "description")}
        if not all(isinstance(v, str) and v for v in fields.values()):
            raise Refused(400, "fail needs type, status (e.g. '400 BAD_REQUEST') and description")
        error = ErrorTriple(**fields)
    try:
        view = mock.store.control_task(account, task_id, action, mock.clock.now(), error)
    except ValueError as refused:
        raise Refused(409, str(refused)) from None
    return jsonify(mock.representation_for(account).task(view, base_url()))


# ---------------------------------------------------------------- journal


def _filter() -> RequestFilter:
    args = request.args
    try:
        account_id = int(args["accountId"]) if "accountId" in args else None
        status = int(args["status"]) if "status" in args else None
    except ValueError:
        raise Refused(400, "accountId and status must be integers") from None
    return RequestFilter(args.get("method"), args.get("path"), account_id, status, args.get("commandType"))


@control.get("/requests")
def requests_list():
    found = emulator().journal.find(_filter())
    return jsonify({"count": len(found), "requests": found})


@control.get("/requests/count")
def requests_count():
    return jsonify({"count": len(emulator().journal.find(_filter()))})


@control.delete("/requests")
def requests_clear():
    emulator().journal.clear()
    return jsonify({"cleared": True})


@control.post("/requests/wait")
def requests_wait():
    """Long poll: answer as soon as ``count`` requests match the query's filter (200), or after
    ``timeout`` seconds with what matched so far (408)."""
    body = _body_object()
    count = body.get("count", 1)
    timeout = body.get("timeout", 10)
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise Refused(400, "count must be a whole number of at least 1")
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not 0 <= timeout <= MAX_WAIT_SECONDS:
        raise Refused(400, f"timeout must be from 0 to {MAX_WAIT_SECONDS:g} seconds")
    found = emulator().journal.wait(_filter(), count, float(timeout))
    satisfied = len(found) >= count
    return jsonify({"satisfied": satisfied, "count": len(found), "requests": found}), 200 if satisfied else 408


# ---------------------------------------------------------------- faults


@control.get("/faults")
def faults_list():
    return jsonify({"faults": [rule.as_json() for rule in emulator().faults.rules()]})


@control.post("/faults")
def faults_add():
    try:
        rule = emulator().faults.add(_json_body())
    except FaultError as error:
        raise Refused(400, str(error)) from None
    return jsonify(rule.as_json()), 201


@control.delete("/faults")
def faults_clear():
    emulator().faults.clear()
    return jsonify({"cleared": True})


@control.delete("/faults/<int:rule_id>")
def faults_remove(rule_id: int):
    if not emulator().faults.remove(rule_id):
        raise Refused(404, f"no fault rule {rule_id}")
    return jsonify({"removed": rule_id})


# ---------------------------------------------------------------- state and documents


@control.get("/state")
def state_export():
    return jsonify(emulator().export_state())


@control.put("/state")
def state_import():
    try:
        emulator().import_state(_json_body())
    except SnapshotError as error:
        raise Refused(400, f"Invalid snapshot: {error}") from None
    return jsonify({"imported": True, "accounts": len(emulator().store.accounts())})


@control.get("/openapi.json")
def openapi():
    from ..openapi import document

    return Response(json.dumps(document()), mimetype="application/json")


@control.get("/health")
def health():
    from .. import __version__

    return jsonify({"status": "ok", "version": __version__})
