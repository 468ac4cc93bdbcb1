"""An account's resources as they stand (kind, id, status, API URL), without counting a read: what
the dashboard lists, and a test may check."""
from __future__ import annotations

from typing import Any

from flask import jsonify, request

from ...app import base_url, emulator
from ...effects import resource_body
from ...kinds import KINDS
from ...records import Account
from . import Refused, account_scope, control


def _listing(account: Account, kinds: list[str], base: str):
    """For ``store.run``: the resources of ``kinds`` as served (a subscription busy with its
    databases shows ``pending``), each settled but not read, so provisioning moves only by time."""
    def listing(visible) -> list[dict[str, Any]]:
        rows = []
        for kind in kinds:
            for resource in visible.of_kind(kind):
                body = resource_body(account, resource)
                name = body.get("name")
                rows.append({"accountId": account.id, "kind": kind, "id": resource.ids[resource.kind.id_param],
                             "ids": dict(resource.ids), "status": body["status"],
                             "name": name if isinstance(name, str) else None,
                             "href": base + resource.kind.path_for(resource.ids).lstrip("/")})
        return rows

    return listing


@control.get("/resources")
def resources_list():
    """Resources by kind, oldest first: one account's, or every account's."""
    kind = request.args.get("kind")
    if kind is not None and kind not in KINDS:
        raise Refused(400, f"kind must be one of {', '.join(KINDS)}, not {kind[:40]!r}")
    mock = emulator()
    scope = account_scope()
    kinds = [kind] if kind else list(KINDS)
    found = [row for account in ([scope] if scope is not None else mock.store.accounts())
             for row in mock.store.run(account, mock.now(account), _listing(account, kinds, base_url()))]
    return jsonify({"resources": found})
