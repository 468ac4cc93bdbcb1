"""Scenarios at run time: load, list, forget — an account's own, or everyone's.

The scenario machinery is imported by the handlers that use it, as by the emulator: a server
answers its first requests without it (docs/performance.md, "Start-up")."""
from __future__ import annotations

from typing import Any

from flask import Response, jsonify, request

from ...app import emulator
from ...representation import error_body
from ...problems import SourceError
from . import Refused, account_scope, control


def scenario_json(scenario) -> dict[str, Any]:
    return {"name": scenario.name, "origin": scenario.origin, "definition": scenario.definition}


def known_profile(name: Any) -> None:
    """A 400 that lists the profiles, unless ``name`` is one: a built-in one or the server's file."""
    from ...profiles import UnknownProfile

    try:
        emulator().profile(name)
    except UnknownProfile as error:
        raise Refused(400, str(error)) from None


@control.get("/scenarios")
def scenarios_list():
    """The scenarios in force (matching order) and what each operation gets, under the account's
    profile, the server's, or ``?profile=NAME`` (with an account: its own scenarios first)."""
    from ...scenarios import timeline_json

    account = account_scope()
    mock = emulator()
    asked = request.args.get("profile")
    name = asked or (account.profile if account else None) or mock.config.profile
    known_profile(name)
    chosen = mock.scenario_set(name) if asked or account is None else mock.scenarios_for(account)
    return jsonify({"profile": name, "profileOrigin": chosen.profile.origin,
                    "scenarios": [scenario_json(s) for s in chosen.specs],
                    "operations": [timeline_json(choice) for choice in chosen.explain()]})


@control.get("/scenario-schema.json")
def scenario_schema():
    """The JSON Schema of scenario and profile files (editors complete and check files with it)."""
    from ...scenario_schema import document_text

    return Response(document_text(), mimetype="application/json")


@control.post("/scenarios")
def scenarios_load():
    """A YAML or JSON scenario document, validated like a file; its scenarios match first."""
    mock = emulator()
    account = None
    try:
        account = account_scope(body_schema=None)  # the body is a scenario document, not a scope
        added = mock.load_scenarios("request body", request.get_data(cache=True), account)
    except SourceError as error:
        return _problems(account, "Invalid scenarios", [str(p) for p in error.problems])
    except (ValueError, Refused) as error:
        if isinstance(error, Refused) and error.status != 400:
            raise
        return _problems(account, str(error), [str(error)])
    return jsonify({"loaded": [scenario_json(s) for s in added], "accountId": account.id if account else None}), 201


def _problems(account, message: str, problems):
    """A refused document: the API's error body plus every problem found (file:line:col each)."""
    body = error_body(400, request.script_root + request.path, emulator().now(account), message)
    return jsonify({**body, "problems": problems}), 400


@control.delete("/scenarios")
def scenarios_clear():
    emulator().clear_loaded_scenarios(account_scope())
    return jsonify({"cleared": True})
