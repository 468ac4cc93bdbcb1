"""Dynamic endpoint redirections (private preview) and the database traffic they stop.

A redirection moves a source database's endpoint to a target database; the source's traffic then
shows as stopped until it is resumed or the redirection reverted. Each redirection is kept with its
source database. The spec gives shapes but no capture: the lifecycle is inferred (docs/operations.md).
"""
from __future__ import annotations

import uuid
from typing import Any

from . import lookups
from .calls import Answer, Call, Refusal, bad_request
from .records import Resource
from .timefmt import resource_time

DATABASE_KINDS = ("database", "fixed-database")


def _database(call: Call, database_id: Any) -> Resource:
    for kind in DATABASE_KINDS:
        found = lookups.find(call.resources, kind, {"databaseId": database_id})
        if found is not None:
            return found
    raise Refusal(404)


def _endpoint_name(database: Resource, endpoint_type: str) -> str:
    endpoint = database.data.get("publicEndpoint" if endpoint_type == "public" else "privateEndpoint") or ""
    return endpoint.split(".", 1)[0]


def _shown(record: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in record.items() if value is not None}


def _create(call: Call) -> dict[str, Any]:
    body = call.body
    if body["migrationProtection"] is not True:
        raise bad_request("migrationProtection must be true to start a redirection")
    if body["sourceDatabaseId"] == body["targetDatabaseId"]:
        raise bad_request("sourceDatabaseId and targetDatabaseId must differ")
    source, target = _database(call, body["sourceDatabaseId"]), _database(call, body["targetDatabaseId"])
    endpoint_type = body["endpointTargetType"]
    history: list[dict[str, Any]] = source.extra.get("redirections", [])
    started = resource_time(call.now)
    redirection_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"mock_api/{call.account.id}/{source.key}/{target.key}/"
                                                        f"{len(history)}"))
    record = {"redirectionId": redirection_id, "status": "completed", "sourceDatabaseId": body["sourceDatabaseId"],
              "targetDatabaseId": body["targetDatabaseId"], "isRevert": False,
              "duplicateACLs": bool(body.get("duplicateACLs", False)), "startedAt": started, "completedAt": started,
              "revertedAt": None,
              "endpoints": [{"sourceEndpointName": _endpoint_name(source, endpoint_type),
                             "targetEndpointName": _endpoint_name(target, endpoint_type),
                             "sourceEndpointType": endpoint_type, "targetEndpointType": endpoint_type}]}
    source.extra["redirections"] = history + [record]
    source.extra["traffic"] = {"trafficStatus": "stopped", "canResume": True, "resumeInProgress": False,
                               "stopReason": "endpoint-redirection", "resumeEligibleAt": started}
    # The creating answer shows the redirection under way (the spec's example); it is done at once.
    return dict(_shown(record), status="in-progress")


def _find(call: Call) -> tuple[Resource, dict[str, Any]]:
    """The redirection the path names, and its source database (where it is kept)."""
    wanted = call.keys["redirectionId"]
    for kind in DATABASE_KINDS:
        source = lookups.first(call.resources, kind, lambda db: any(
            r["redirectionId"] == wanted for r in db.extra.get("redirections", ())))
        if source is not None:
            return source, next(r for r in source.extra["redirections"] if r["redirectionId"] == wanted)
    raise Refusal(404)


def _status(call: Call) -> dict[str, Any]:
    return _shown(_find(call)[1])


def _revert(call: Call) -> dict[str, Any]:
    source, record = _find(call)
    if record["status"] != "completed":
        raise bad_request(f"only a completed redirection can be reverted; this one is {record['status']}")
    record.update(status="reverted", revertedAt=resource_time(call.now))
    source.extra["traffic"] = _traffic_restored()
    return _shown(record)


def _traffic_restored() -> dict[str, Any]:
    return {"trafficStatus": "active", "canResume": False, "resumeInProgress": False}


def _stopped_traffic(call: Call) -> dict[str, Any]:
    traffic = call.resource.extra.get("traffic")
    if traffic is None:  # "If the database was not a source in a redirect endpoints operation": not found
        raise Refusal(404)
    return traffic


def _traffic(call: Call) -> dict[str, Any]:
    return {"bdbId": call.resource.ids["databaseId"], **_stopped_traffic(call)}


def _resume(call: Call) -> Answer:
    if not _stopped_traffic(call)["canResume"]:
        raise bad_request("the database's traffic is not stopped")
    call.resource.extra["traffic"] = _traffic_restored()
    return Answer(body=None)  # 204, as the spec says


HANDLERS = {"redirection-create": _create, "redirection-status": _status, "redirection-revert": _revert,
            "traffic": _traffic, "traffic-resume": _resume}
