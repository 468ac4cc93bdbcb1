"""The OpenAPI 3.0 document of what mock_api emulates, built from the operation table.

Component schemas are written here by hand, cross-checked against the official spec's
(``TaskStateUpdate``, ``ProcessorResponse``, ``Subscription``, ``Database``, ``AccountSubscriptions``,
``AccountSubscriptionDatabases``) and tightened where the official one is loose: required keys, the
error object as captured (an object, not the spec's string enum), integer ids, both link profiles.
The suite validates every response it produces against this document (tests/conftest.py), and a copy
is kept in docs/openapi.json (``python -m mock_api.openapi > docs/openapi.json``).
"""
from __future__ import annotations

import json
import sys
from importlib import resources as importlib_resources
from typing import Any

from . import __version__, openapi_sync, openapi_tasks
from .openapi_control import CONTROL_SCHEMAS, control_paths
from .openapi_parts import BOOLEAN, ID, INTEGER, LINKS, NUMBER, ONE_LINK_FORM, STRING, STRINGS, TIMESTAMP, obj, ref
from .kinds import KINDS
from .operations import OPERATIONS, Action, Operation

REQUESTS: dict[str, Any] = json.loads((importlib_resources.files("mock_api") / "schemas" / "requests.json").read_text())

SCHEMAS: dict[str, Any] = {
    "TaskStateUpdate": {
        **obj({
            "taskId": {"type": "string", "format": "uuid"},
            "commandType": STRING,
            "status": {"enum": ["initialized", "received", "processing-in-progress", "processing-completed",
                                "processing-error"]},
            "description": STRING,
            "timestamp": TIMESTAMP,
            "response": ref("ProcessorResponse"),
            **LINKS,
        }, ["taskId", "commandType", "status", "timestamp"], additional=False),
        **ONE_LINK_FORM,
    },
    "ProcessorResponse": obj({
        "resourceId": ID,
        "additionalResourceId": ID,
        "resource": {"type": "object"},
        "error": obj({"type": STRING, "status": {"type": "string", "pattern": r"^\d{3} [A-Z_]+$"},
                      "description": STRING}, ["type", "status", "description"], additional=False),
        "additionalInfo": STRING,
    }),
    "TasksStateUpdate": obj({"tasks": {"type": "array", "items": ref("TaskStateUpdate")}}, ["tasks"],
                            additional=False),
    "Subscription": {**obj({
        "id": ID, "name": STRING, "status": STRING,
        "deploymentType": {"enum": ["single-region", "active-active"]},
        "paymentMethodId": INTEGER, "publicEndpointAccess": BOOLEAN,
        "memoryStorage": {"enum": ["ram", "ram-and-flash"]},
        "numberOfDatabases": {"type": "integer", "minimum": 0},
        "paymentMethodType": {"enum": ["credit-card", "marketplace"]},
        "storageEncryption": BOOLEAN,
        "subscriptionPricing": {"type": "array", "items": obj({
            "type": STRING, "typeDetails": STRING, "quantity": INTEGER, "quantityMeasurement": STRING,
            "pricePerUnit": NUMBER, "priceCurrency": STRING, "pricePeriod": STRING})},
        "cloudDetails": {"type": "array", "items": obj({
            "provider": {"enum": ["AWS", "GCP"]}, "cloudAccountId": INTEGER, "totalSizeInGb": NUMBER,
            "regions": {"type": "array", "items": obj({
                "region": STRING,
                "networking": {"type": "array", "items": obj({  # an array here, an object in requests
                    "deploymentCIDR": STRING, "vpcId": STRING, "subnetId": STRING})},
                "preferredAvailabilityZones": STRINGS, "multipleAvailabilityZones": BOOLEAN,
            }, ["region", "networking"])},
            "links": {"type": "array"}})},
        **LINKS,
    }, ["id", "name", "status", "paymentMethodType", "numberOfDatabases", "cloudDetails"]), **ONE_LINK_FORM},
    "AccountSubscriptions": {**obj({
        "accountId": INTEGER, "subscriptions": {"type": "array", "items": ref("Subscription")}, **LINKS,
    }, ["accountId", "subscriptions"]), **ONE_LINK_FORM},
    "Database": {**obj({
        "databaseId": ID, "name": STRING, "protocol": {"enum": ["redis", "memcached"]},
        "provider": STRING, "region": STRING, "redisVersion": STRING, "redisVersionCompliance": STRING,
        "respVersion": {"enum": ["resp2", "resp3"]}, "status": STRING,
        "memoryLimitInGb": NUMBER, "datasetSizeInGb": NUMBER, "memoryUsedInMb": NUMBER,
        "memoryStorage": STRING, "supportOSSClusterApi": BOOLEAN, "useExternalEndpointForOSSClusterApi": BOOLEAN,
        "dataPersistence": STRING, "replication": BOOLEAN, "dataEvictionPolicy": STRING,
        "throughputMeasurement": obj({"by": STRING, "value": INTEGER}, ["by", "value"]),
        "activatedOn": {"type": "string", "pattern": r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$"},
        "lastModified": {"type": "string", "pattern": r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$"},
        "publicEndpoint": STRING, "privateEndpoint": STRING,
        "replicaOf": obj({"endpoints": STRINGS}, ["endpoints"]),  # an object, never an array
        "clustering": obj({"numberOfShards": INTEGER, "regexRules": {"type": "array", "items": obj(
            {"ordinal": INTEGER, "pattern": STRING})}, "hashingPolicy": STRING}),
        "security": obj({"enableDefaultUser": BOOLEAN, "password": STRING, "sslClientAuthentication": BOOLEAN,
                         "tlsClientAuthentication": BOOLEAN, "enableTls": BOOLEAN, "sourceIps": STRINGS}),
        "modules": {"type": "array", "items": obj({"name": STRING})},
        "alerts": {"type": "array", "items": obj({"name": STRING, "value": INTEGER})},
        "backup": obj({"enableRemoteBackup": BOOLEAN, "timeUTC": STRING, "interval": STRING, "destination": STRING},
                      ["enableRemoteBackup"]),
        "autoMinorVersionUpgrade": BOOLEAN,
        # An Active-Active database (CRDB): global properties, and one database per region.
        "activeActiveRedis": BOOLEAN, "globalDataPersistence": STRING, "globalSourceIp": STRINGS,
        "globalPassword": STRING, "globalEnableDefaultUser": BOOLEAN,
        "globalAlerts": {"type": "array", "items": obj({"name": STRING, "value": INTEGER})},
        "crdbDatabases": {"type": "array", "minItems": 1, "items": ref("CrdbDatabase")},
        **LINKS,
    }, ["databaseId", "name", "protocol", "status"]), **ONE_LINK_FORM,
        "anyOf": [{"required": ["datasetSizeInGb", "publicEndpoint"]},
                  {"required": ["activeActiveRedis", "crdbDatabases"], "properties": {"activeActiveRedis": {
                      "enum": [True]}}}]},
    "AccountSubscriptionDatabases": {**obj({
        "accountId": INTEGER,
        "subscription": {"type": "array", "minItems": 1, "maxItems": 1, "items": obj({
            "subscriptionId": ID, "numberOfDatabases": {"type": "integer", "minimum": 0},
            "databases": {"type": "array", "items": ref("Database")}},
            ["subscriptionId", "numberOfDatabases", "databases"], additional=False)},
        **LINKS,
    }, ["accountId", "subscription"]), **ONE_LINK_FORM},
    "Error": obj({
        "timestamp": {"type": "string", "pattern": r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$"},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "error": STRING, "message": STRING, "path": STRING,
    }, ["timestamp", "status", "error", "path"], additional=False),
}

ERRORS = {
    "400": "Bad Request: malformed JSON, a wrong type, a missing required field, a bad id",
    "401": "Unauthorized: missing or unknown x-api-key / x-api-secret-key",
    "404": "Not Found",
    "409": "Conflict: the name is taken",
    "413": "Payload Too Large",
    "429": "Too Many Requests: the account's tasks in progress are at their limit (--max-tasks), or a fault rule "
           "answers as the API's rate limiter does (the official spec lists 429 on every operation)",
}
RATE_LIMITED = {"429": ERRORS["429"]}


def _json(schema_name: str, description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": ref(schema_name)}}}


HAND_WRITTEN = {"subscription": ("Subscription", "AccountSubscriptions"),
                "database": ("Database", "AccountSubscriptionDatabases")}

RULE_DATABASES = {"type": "array", "items": obj({"subscriptionId": INTEGER, "databaseId": INTEGER},
                                                ["subscriptionId", "databaseId"])}
# What the generated schemas of the other kinds require, with the types the official examples show.
KIND_FIELDS: dict[str, tuple] = {
    "fixed-subscription": ({"id": ID, "name": STRING, "status": STRING, "paymentMethodId": INTEGER,
                            "paymentMethodType": STRING, "planId": INTEGER, "planName": STRING, "size": NUMBER,
                            "sizeMeasurementUnit": STRING, "provider": STRING, "region": STRING, "price": NUMBER,
                            "maximumDatabases": INTEGER, "creationDate": STRING},
                           ["id", "name", "status", "planId", "planName", "size", "provider", "region"]),
    "fixed-database": ({"databaseId": ID, "name": STRING, "protocol": STRING, "status": STRING,
                        "planMemoryLimit": NUMBER, "memoryLimitMeasurementUnit": STRING, "redisVersion": STRING,
                        "publicEndpoint": STRING, "privateEndpoint": STRING, "replication": BOOLEAN,
                        "clustering": {"type": "object"},
                        "security": obj({"defaultUserEnabled": BOOLEAN, "password": STRING, "enableTls": BOOLEAN,
                                         "sourceIps": STRINGS}, ["defaultUserEnabled"]),
                        "alerts": {"type": "array"}, "modules": {"type": "array"},
                        # The SDK's Essentials backup model; no Pro field (`enableRemoteBackup`) here.
                        "backup": obj({"remoteBackupEnabled": BOOLEAN, "status": STRING, "interval": STRING,
                                       "destination": STRING}, ["remoteBackupEnabled"], additional=False)},
                       ["databaseId", "name", "protocol", "status", "publicEndpoint", "security", "backup"]),
    "cloud-account": ({"id": ID, "name": STRING, "provider": STRING, "status": STRING, "accessKeyId": STRING},
                      ["id", "name", "provider", "status"]),
    "acl-user": ({"id": ID, "name": STRING, "role": STRING, "status": STRING}, ["id", "name", "role", "status"]),
    "acl-role": ({"id": ID, "name": STRING, "status": STRING, "users": {"type": "array"},
                  "redisRules": {"type": "array", "items": obj({"ruleName": STRING, "databases": RULE_DATABASES},
                                                               ["ruleName", "databases"])}},
                 ["id", "name", "redisRules", "status"]),
    "acl-redis-rule": ({"id": ID, "name": STRING, "acl": STRING, "isDefault": BOOLEAN, "status": STRING},
                       ["id", "name", "acl", "isDefault", "status"]),
    "peering": ({"vpcPeeringId": ID, "status": STRING, "awsAccountId": STRING, "awsPeeringUid": STRING,
                 "vpcUid": STRING, "vpcCidr": {"type": "string", "nullable": True}, "regionName": STRING,
                 "vpcCidrs": {"type": "array", "items": obj({"vpcCidr": STRING, "status": STRING})},
                 "projectUid": STRING, "networkName": STRING, "redisProjectUid": STRING, "redisNetworkName": STRING,
                 "cloudPeeringId": STRING},
                ["vpcPeeringId", "status"]),
    "account-user": ({"id": ID, "name": STRING, "email": STRING, "role": STRING}, ["id", "name", "role"]),
}


def _camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("-"))


def kind_schemas() -> dict[str, Any]:
    """Generated schemas for the kinds without a hand-written one (KIND_FIELDS), and their lists."""
    schemas: dict[str, Any] = {}
    read = {op.kind for op in OPERATIONS if op.action in (Action.GET, Action.LIST)}
    for kind in KINDS.values():
        if kind.name in HAND_WRITTEN or kind.name not in read:  # only the kinds a GET or a list serves
            continue
        item = _camel(kind.name)
        fields, required = KIND_FIELDS.get(kind.name, ({kind.id_field: ID, "status": STRING},
                                                       [kind.id_field, "status"]))
        schemas[item] = {**obj({**fields, **LINKS}, required), **ONE_LINK_FORM}
        items = {"type": "array", "items": ref(item)}
        if kind.collection == "account":
            listing = obj({"accountId": INTEGER, kind.list_key: items, **LINKS}, ["accountId", kind.list_key])
        else:
            listing = obj({"accountId": INTEGER, "subscription": obj({
                "subscriptionId": ID, "numberOfDatabases": {"type": "integer", "minimum": 0}, kind.list_key: items},
                ["subscriptionId", "numberOfDatabases", kind.list_key], additional=False), **LINKS},
                ["accountId", "subscription"])
        schemas[item + "List"] = {**listing, **ONE_LINK_FORM}
    return schemas


def _success_schema(op: Operation) -> str:
    if op.action.is_task:
        return "TaskStateUpdate"
    if op.action in (Action.CATALOG, Action.VIEW):
        return openapi_sync.component_name(op.effect)
    item, listing = HAND_WRITTEN.get(op.kind, (_camel(op.kind), _camel(op.kind) + "List"))
    return item if op.action is Action.GET else listing


def _success(op: Operation) -> dict[str, Any]:
    """The success answer: JSON of its schema, a file, or nothing at all (a 204)."""
    if op.effect in openapi_sync.DOWNLOADS:
        return {"description": "The file", "content": {openapi_sync.DOWNLOADS[op.effect]: {
            "schema": {"type": "string", "format": "binary"}}}}
    if op.action in (Action.CATALOG, Action.VIEW) and openapi_sync.ANSWERS[op.effect] is None:
        return {"description": "Done, no body"}
    return _json(_success_schema(op), "OK")


def _errors(op: Operation) -> dict[str, str]:
    if op.action in (Action.CATALOG, Action.VIEW):
        codes = ("400", "401", "404", "429") + openapi_sync.EXTRA_ERRORS.get(op.effect, ())
        codes += ("413",) if op.method in ("POST", "PUT") else ()
        return {code: ERRORS[code] for code in codes}
    return ERRORS if op.action.is_task or op.params else {"401": ERRORS["401"], **RATE_LIMITED}


def _operation(op: Operation) -> dict[str, Any]:
    what = op.kind or "account"
    summary = {Action.CREATE: f"Create a {what}", Action.UPDATE: f"Update a {what}", Action.DELETE: f"Delete a {what}",
               Action.PERFORM: f"{_camel(op.effect or '')} on a {what}", Action.QUERY: f"{_camel(op.effect or '')} of a {what}",
               Action.GET: f"Get a {what}", Action.LIST: f"List {what}s", Action.VIEW: f"{_camel(op.effect or '')} of a {what}",
               Action.CATALOG: f"{_camel(op.effect or '')}"}[op.action]
    if op.action.is_task:
        summary += (f": answers with a {op.command_type} task (mock_api: an X-Mock-Scenario header naming a loaded "
                    "scenario chooses the one it follows)")
    entry: dict[str, Any] = {"operationId": op.name, "summary": summary,
                             "responses": {str(op.status_code): _success(op),
                                           **{code: _json("Error", text) for code, text in _errors(op).items()}}}
    parameters = [{"name": name, "in": "path", "required": True,
                   "schema": {"type": "integer", "format": "int32", "minimum": 1, "maximum": 2**31 - 1}}
                  for name in op.params]
    parameters += [{"name": name, "in": "path", "required": True, "schema": {"type": "string", "maxLength": 256}}
                   for name in op.text_params]
    parameters += openapi_sync.QUERIES.get(op.effect, []) if op.action in (Action.CATALOG, Action.VIEW) else []
    parameters += openapi_tasks.query_parameters(op.query)
    if op.action is Action.LIST and op.kind and KINDS[op.kind].collection != "account":
        parameters += [{"name": "offset", "in": "query", "schema": {"type": "integer", "minimum": 0, "default": 0}},
                       {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 100}}]
    if parameters:
        entry["parameters"] = parameters
    if op.request_schema:
        entry["requestBody"] = {"required": op.method == "POST" and bool(REQUESTS[op.request_schema].get("required")),
                                "content": {"application/json": {"schema": ref(op.request_schema)}}}
    if op.command_type:
        entry["x-command-type"] = op.command_type
    if op.action is Action.QUERY:
        entry["x-task-resource"] = openapi_tasks.result_ref(op.effect)
    return entry


def _alias(op: Operation, alias: str, number: int) -> dict[str, Any]:
    """The same operation at another path, whose {parameters} are its query parameters."""
    entry = _operation(op)
    entry["operationId"] = f"{op.name}_alias{number}"
    entry["summary"] += " (the path the Go SDK sends: its `?` escaped)"
    queries = openapi_sync.QUERIES.get(op.effect, []) + openapi_tasks.query_parameters(op.query)
    entry["parameters"] = [parameter for parameter in entry.get("parameters", []) if parameter["in"] == "path"]
    entry["parameters"] += [{**parameter, "in": "path", "required": True}
                            for parameter in queries if f"{{{parameter['name']}}}" in alias]
    return entry


def document() -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {
        "/tasks": {"get": {"operationId": "getAllTasks", "summary": "Tasks of the past 10 days, newest update first",
                           "responses": {"200": _json("TasksStateUpdate", "OK"), "401": _json("Error", ERRORS["401"]),
                                         "429": _json("Error", ERRORS["429"])}}},
        "/tasks/{taskId}": {"get": {
            "operationId": "getTaskById", "summary": "A task as it stands; each call counts as a poll",
            "parameters": [{"name": "taskId", "in": "path", "required": True, "schema": STRING}],
            "responses": {"200": _json("TaskStateUpdate", "OK"), "401": _json("Error", ERRORS["401"]),
                          "404": _json("Error", ERRORS["404"]), "429": _json("Error", ERRORS["429"])}}},
    }
    for op in OPERATIONS:
        paths.setdefault(op.path, {})[op.method.lower()] = _operation(op)
        for number, alias in enumerate(op.aliases):
            paths.setdefault(alias, {})[op.method.lower()] = _alias(op, alias, number)
    paths.update(control_paths())
    return {
        "openapi": "3.0.3",
        "info": {"title": "mock_api: Redis Cloud API task layer emulator", "version": __version__,
                 "description": "The emulated Redis Cloud API (every path is also served under /v1) and "
                                "mock_api's control API under /_mock (tag: control)."},
        "servers": [{"url": "/v1"}, {"url": "/"}],
        "security": [{"apiKey": [], "secretKey": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {"apiKey": {"type": "apiKey", "in": "header", "name": "x-api-key"},
                                "secretKey": {"type": "apiKey", "in": "header", "name": "x-api-secret-key"}},
            # Request bodies: the official spec's own schemas (copied by tools/extract_request_schemas.py).
            "schemas": {**SCHEMAS, **kind_schemas(), **openapi_sync.components(), **openapi_tasks.components(),
                        **CONTROL_SCHEMAS, **REQUESTS},
        },
    }


if __name__ == "__main__":
    json.dump(document(), sys.stdout, indent=1)
    sys.stdout.write("\n")
