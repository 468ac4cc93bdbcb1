"""Scenarios at run time: load, list, forget — an account's own, or everyone's."""
from __future__ import annotations

from typing import Any, Dict

from flask import jsonify, request

from ...app import emulator
from ...representation import error_body
from ...yamlsource import SourceError
from . import Refused, account_scope, control


def scenario_json(scenario) -> Dict[str, Any]:
    return {"name": scenario.name, "origin": scenario.origin, "definition": scenario.definition}


@control.get("/scenarios")
def scenarios_list():
    account = account_scope()
    return jsonify({"scenarios": [scenario_json(s) for s in emulator().scenarios_for(account).scenarios]})


@control.post("/scenarios")
def scenarios_load():
    """A YAML or JSON scenario document, validated like a file; its scenarios match first."""
    account = account_scope(body_schema=None)  # the body is a scenario document, not a scope
    mock = emulator()
    try:
        added = mock.load_scenarios("request body", request.get_data(cache=True), account)
    except SourceError as error:
        body = error_body(400, request.script_root + request.path, mock.now(account), "Invalid scenarios")
        return jsonify({**body, "problems": [str(p) for p in error.problems]}), 400
    except ValueError as error:
        raise Refused(400, str(error)) from None
    return jsonify({"loaded": [scenario_json(s) for s in added], "accountId": account.id if account else None}), 201


@control.delete("/scenarios")
def scenarios_clear():
    emulator().clear_loaded_scenarios(account_scope())
    return jsonify({"cleared": True})
