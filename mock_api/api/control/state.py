"""Resets, accounts and their choices, the state snapshot, health and the OpenAPI document."""
from __future__ import annotations

import json

from flask import Response, jsonify

from ...app import emulator
from ...emulator import UnknownChoice
from ...problems import SourceError
from . import Refused, account_scope, body_object, control, json_body, reveal_secrets
from .scenarios import known_profile


@control.post("/reset")
def reset():
    account = account_scope()
    emulator().reset(account)
    return jsonify({"reset": "account" if account else "everything", "accountId": account.id if account else None})


@control.get("/accounts")
def accounts():
    mock = emulator()
    rules = mock.faults.rules()
    return jsonify({"accounts": [{
        "accountId": a.id, "key": a.key, "tasks": len(a.tasks), "resources": len(a.resources),
        "profile": a.profile, "links": a.links, "scenario": a.scenario,
        "now": mock.now(a).isoformat(timespec="microseconds").replace("+00:00", "Z"),
        "clockChanged": bool(a.clock and a.clock.changed),
        "faults": sum(1 for r in rules if r.owner == a.id), "scenarios": len(mock.loaded_scenarios(a)),
    } for a in mock.store.accounts()]})


def _settings(account):
    return jsonify({"accountId": account.id, "profile": account.profile, "links": account.links,
                    "scenario": account.scenario, "next": list(account.next_scenarios)})


@control.get("/account")
def account_show():
    """Who the credentials are: the account's id and its choices."""
    return _settings(account_scope(required=True))


@control.put("/account")
def account_settings():
    """Per-account choices: profile, links, scenario (every task-creating request), next (once each)."""
    account = account_scope(required=True, body_schema="MockAccountSettingsBody")
    body, mock = body_object("MockAccountSettingsBody"), emulator()
    if body.get("profile") is not None:
        known_profile(body["profile"])
    next_names = body.get("next") or []
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
    return _settings(account)


@control.delete("/account")
def account_forget():
    account = account_scope(required=True)
    emulator().forget(account)
    return jsonify({"reset": "account", "accountId": account.id})


@control.get("/state")
def state_export():
    return jsonify(emulator().export_state(reveal=reveal_secrets()))


@control.put("/state")
def state_import():
    from ...snapshot import MAX_DEPTH, SnapshotError  # imported on use, as the emulator does

    try:
        emulator().import_state(json_body(max_depth=MAX_DEPTH))
    except (SnapshotError, SourceError) as error:
        raise Refused(400, f"Invalid snapshot: {error}") from None
    return jsonify({"imported": True, "accounts": len(emulator().store.accounts())})


@control.get("/openapi.json")
def openapi():
    from ...openapi import document

    return Response(json.dumps(document()), mimetype="application/json")


@control.get("/health")
def health():
    from ... import __version__

    mock = emulator()
    return jsonify({"status": "ok", "version": __version__, "accounts": len(mock.store.accounts()),
                    "waiters": mock.journal.waiting, "maxWaiters": mock.config.max_waiters})
