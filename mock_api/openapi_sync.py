"""The synchronous operations' part of the OpenAPI document: the answer of each handler (by its
name in sync.py), the query parameters it honours and the errors it may give.

Written after the official schemas and examples (`CloudTags`, `SubscriptionPricings`, `RedisVersions`,
`EndpointsRedirectionResponse`…), tightened where the official ones are loose: required keys, the
types the SDK decodes (`creditCardEndsWith` an integer), no `null` where the spec's type is a string.
"""
from __future__ import annotations

from typing import Any

from .openapi_parts import BOOLEAN, ID, INTEGER, NUMBER, SECONDS_TIME, STRING, STRINGS, array, linked, obj, ref

NAMED = array(obj({"name": STRING, "description": STRING}, ["name", "description"]))
MILLIS_TIME = {"type": "string", "pattern": r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$"}  # tags' createdAt

# Shared components, referred to by several answers.
SHARED: dict[str, Any] = {
    "FixedPlan": obj({
        "id": ID, "name": STRING, "size": NUMBER, "sizeMeasurementUnit": STRING, "provider": STRING, "region": STRING,
        "regionId": INTEGER, "price": INTEGER, "priceCurrency": STRING, "pricePeriod": STRING,
        "maximumDatabases": INTEGER, "availability": STRING, "connections": STRING, "cidrAllowRules": INTEGER,
        "supportDataPersistence": BOOLEAN, "redisFlex": BOOLEAN, "supportInstantAndDailyBackups": BOOLEAN,
        "supportReplication": BOOLEAN, "supportClustering": BOOLEAN, "supportSsl": BOOLEAN, "supportedAlerts": STRINGS,
        "customerSupport": STRING, "links": {"type": "array"}}, ["id", "name", "size", "provider", "region", "price"]),
    "CloudTag": obj({"links": {"type": "array"}, "key": STRING, "value": STRING, "createdAt": MILLIS_TIME,
                     "updatedAt": MILLIS_TIME}, ["key", "value", "createdAt", "updatedAt"]),
    "AccountUser": obj({"id": ID, "name": STRING, "email": STRING, "role": STRING, "signUp": STRING,
                        "userType": STRING, "hasApiKey": BOOLEAN,
                        "options": obj({"billing": BOOLEAN, "emailAlerts": BOOLEAN, "operationalEmails": BOOLEAN,
                                        "mfaEnabled": BOOLEAN})}, ["id", "name", "email", "role"]),
    "EndpointsRedirection": obj({
        "redirectionId": {"type": "string", "format": "uuid"},
        "status": {"enum": ["initiated", "pending", "in-progress", "completed", "failed", "reverted"]},
        "sourceDatabaseId": ID, "targetDatabaseId": ID, "isRevert": BOOLEAN, "duplicateACLs": BOOLEAN,
        "startedAt": SECONDS_TIME, "completedAt": SECONDS_TIME, "revertedAt": SECONDS_TIME, "errorMessage": STRING,
        "endpoints": array(obj({"sourceEndpointName": STRING, "targetEndpointName": STRING,
                                "sourceEndpointType": {"enum": ["public", "private"]},
                                "targetEndpointType": {"enum": ["public", "private"]}}))},
        ["redirectionId", "status", "sourceDatabaseId", "targetDatabaseId", "startedAt"]),
}

_PLANS = linked({"plans": array(ref("FixedPlan"))}, ["plans"])
_VERSIONS = linked({"redisVersions": array(obj({"version": STRING, "eolDate": STRING, "isPreview": BOOLEAN,
                                                "isDefault": BOOLEAN}, ["version", "isPreview", "isDefault"]))},
                   ["redisVersions"])
_TAGS = linked({"tags": array(ref("CloudTag")), "accountId": INTEGER})
_TAG = {"allOf": [ref("CloudTag"), linked({})]}
_REDIRECTION = {"allOf": [ref("EndpointsRedirection"), linked({})]}

# Answer schema of each synchronous handler (None: no body, a 204).
ANSWERS: dict[str, Any] = {
    "account": linked({"account": obj({"id": INTEGER, "name": STRING, "key": {"type": "object"}}, ["id", "name"])},
                      ["account"]),
    "payment-methods": linked({"accountId": INTEGER, "paymentMethods": array(obj(
        {"id": INTEGER, "type": STRING, "creditCardEndsWith": INTEGER, "nameOnCard": STRING,
         "expirationMonth": INTEGER, "expirationYear": INTEGER}, ["id", "type", "creditCardEndsWith"]))},
        ["accountId", "paymentMethods"]),
    "regions": linked({"regions": array(obj({"id": INTEGER, "name": STRING, "provider": {"enum": ["AWS", "GCP"]}},
                                            ["id", "name", "provider"]))}, ["regions"]),
    "fixed-plans": _PLANS,
    "fixed-plan": {"allOf": [ref("FixedPlan"), linked({})]},
    "fixed-plans-of-subscription": _PLANS,
    "redis-versions": _VERSIONS,
    "fixed-redis-versions": _VERSIONS,
    "data-persistence": linked({"dataPersistence": NAMED}, ["dataPersistence"]),
    "database-modules": linked({"modules": array(obj({"name": STRING, "capabilityName": STRING, "description": STRING,
                                                      "parameters": {"type": "array"}}, ["name", "description"]))},
                               ["modules"]),
    "query-performance-factors": linked({"queryPerformanceFactors": STRINGS}, ["queryPerformanceFactors"]),
    "system-log": linked({"entries": array(obj({
        "id": ID, "time": SECONDS_TIME, "originator": STRING, "apiKeyName": STRING, "resource": STRING,
        "resourceId": ID, "type": STRING, "description": STRING}, ["id", "time", "type", "description"]))},
        ["entries"]),
    "session-log": linked({"entries": array(obj({
        "id": STRING, "time": STRING, "user": STRING, "userAgent": STRING, "ipAddress": STRING, "userRole": STRING,
        "type": STRING, "action": STRING}, ["id", "time"]))}, ["entries"]),
    "account-users": linked({"account": INTEGER, "users": array(ref("AccountUser"))}, ["account", "users"]),
    "account-user": {"allOf": [ref("AccountUser"), linked({})]},
    "pricing": linked({"pricing": array(obj({
        "databaseName": STRING, "type": STRING, "typeDetails": STRING, "quantity": INTEGER,
        "quantityMeasurement": STRING, "pricePerUnit": NUMBER, "priceCurrency": STRING, "pricePeriod": STRING,
        "region": STRING}, ["type", "quantity", "pricePerUnit", "priceCurrency", "pricePeriod"]))}, ["pricing"]),
    "subscription-regions": linked({"subscriptionId": ID, "regions": array(obj({
        "regionId": INTEGER, "region": STRING, "deploymentCidr": STRING, "vpcId": STRING,
        "databases": array(obj({"databaseId": ID, "databaseName": STRING, "readOperationsPerSecond": INTEGER,
                                "writeOperationsPerSecond": INTEGER, "respVersion": STRING,
                                "links": {"type": "array"}}, ["databaseId", "databaseName"])),
        "links": {"type": "array"}}, ["regionId", "region", "databases"]))}, ["subscriptionId", "regions"]),
    "maintenance-windows": linked({
        "mode": {"enum": ["automatic", "manual"]}, "timeZone": STRING,
        "windows": array(obj({"startHour": INTEGER, "durationInHours": INTEGER, "days": STRINGS})),
        "skipStatus": obj({"remainingSkips": INTEGER, "currentSkipEnd": STRING})}, ["mode", "windows"]),
    "tags": _TAGS,
    "tags-replace": _TAGS,
    "tag-create": _TAG,
    "tag-update": _TAG,
    "tag-delete": {"type": "object", "maxProperties": 0},
    "certificate": linked({"publicCertificatePEMString": {"type": "string", "pattern": "^-----BEGIN CERTIFICATE-----"}},
                          ["publicCertificatePEMString"]),
    "slow-log": linked({"entries": array(obj({"id": INTEGER, "startTime": STRING, "duration": INTEGER,
                                              "arguments": STRING}))}, ["entries"]),
    "available-target-versions": linked({"targets": array(obj({"redisVersion": STRING}, ["redisVersion"]))},
                                        ["targets"]),
    "upgrade-status": linked({"databaseId": ID, "targetRedisVersion": STRING, "progress": NUMBER,
                              "upgradeStatus": {"enum": ["in-progress", "in-progress-recovery-pending", "done",
                                                         "failed"]}}, ["databaseId", "upgradeStatus"]),
    "traffic": linked({"bdbId": ID, "trafficStatus": STRING, "canResume": BOOLEAN, "resumeInProgress": BOOLEAN,
                       "stopReason": STRING, "resumeEligibleAt": SECONDS_TIME}, ["bdbId", "trafficStatus"]),
    "traffic-resume": None,
    "redirection-create": _REDIRECTION,
    "redirection-status": _REDIRECTION,
    "redirection-revert": _REDIRECTION,
}
DOWNLOADS = {"cost-report-file": "application/octet-stream"}  # answers that are files, not JSON


def _query(name: str, schema: dict[str, Any], description: str = "") -> dict[str, Any]:
    parameter = {"name": name, "in": "query", "required": False, "schema": schema}
    if description:
        parameter["description"] = description
    return parameter


_INSTANT = {"type": "string", "example": "2025-01-01T00:00:00Z"}
_LOG_QUERIES = [_query("offset", {"type": "integer", "minimum": 0, "default": 0}),
                _query("startTime", _INSTANT, "ISO-8601; entries at or after"),
                _query("endTime", _INSTANT, "ISO-8601; entries at or before")]
# The query parameters the official spec documents for each handler, honoured by it.
QUERIES: dict[str, list[dict[str, Any]]] = {
    "regions": [_query("provider", {"type": "string", "enum": ["AWS", "GCP"]})],
    "fixed-plans": [_query("provider", {"type": "string", "enum": ["AWS", "GCP", "AZURE"]}),
                    _query("redisFlex", {"type": "boolean"})],
    "redis-versions": [_query("subscriptionId", {"type": "integer", "minimum": 1, "maximum": 2**31 - 1})],
    "fixed-redis-versions": [{**_query("subscriptionId", {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}),
                              "required": True}],
    "system-log": _LOG_QUERIES + [_query("limit", {"type": "integer", "minimum": 1, "maximum": 1000, "default": 100}),
                                  _query("resourceId", {"type": "integer", "minimum": 1, "maximum": 2**31 - 1})],
    "session-log": _LOG_QUERIES + [_query("limit", {"type": "integer", "minimum": 1, "maximum": 100, "default": 100})],
    "slow-log": [_query("regionName", {"type": "string", "maxLength": 256})],
}
EXTRA_ERRORS = {"tag-create": ("409",)}  # beyond 400, 401 and 404


def component_name(effect: str) -> str:
    return "Sync" + "".join(part.capitalize() for part in effect.split("-"))


def components() -> dict[str, Any]:
    return {**SHARED, **{component_name(effect): schema for effect, schema in ANSWERS.items() if schema is not None}}
