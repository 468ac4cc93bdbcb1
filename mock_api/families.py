"""Essentials (fixed) subscriptions and databases, cloud accounts, ACL users / roles / Redis rules,
VPC peerings and account users: how a request body becomes a resource body and changes it. Shapes
follow the official spec's examples, the SDK's captures and the types its models decode.
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from .body_fields import alerts, copy_present, regex_rules
from .catalog_data import DEFAULT_PLAN, DEFAULT_REDIS_VERSION, PLANS_BY_ID
from .passwords import database_password
from .timefmt import resource_time

Body = Mapping[str, Any]

# ---------------------------------------------------------------- Essentials


def new_fixed_subscription(ids: Mapping[str, int], body: Body, now: datetime,
                           parent: Body | None = None) -> dict[str, Any]:
    plan = PLANS_BY_ID.get(body.get("planId"), DEFAULT_PLAN)
    data: dict[str, Any] = {"id": ids["subscriptionId"], "name": body.get("name") or f"fixed-{ids['subscriptionId']}",
                            "status": "pending", "paymentMethodId": body.get("paymentMethodId", 1),
                            "paymentMethodType": body.get("paymentMethod", "credit-card")}
    data.update(_plan_fields(plan))
    data["creationDate"] = resource_time(now)
    return data


def _plan_fields(plan: Mapping[str, Any]) -> dict[str, Any]:
    return {"planId": plan["id"], "planName": plan["name"], "size": plan["size"],
            "sizeMeasurementUnit": plan["sizeMeasurementUnit"], "provider": plan["provider"],
            "region": plan["region"], "price": plan["price"], "pricePeriod": "Month", "priceCurrency": "USD",
            "maximumDatabases": plan["maximumDatabases"], "availability": plan["availability"],
            "connections": plan["connections"], "cidrAllowRules": plan["cidrAllowRules"],
            "supportDataPersistence": plan["supportDataPersistence"],
            "supportInstantAndDailyBackups": plan["supportInstantAndDailyBackups"],
            "supportReplication": plan["supportReplication"], "supportClustering": plan["supportClustering"],
            "customerSupport": plan["customerSupport"]}


def update_fixed_subscription(data: dict[str, Any], body: Body, now: datetime) -> None:
    if body.get("name") is not None:
        data["name"] = body["name"]
    if body.get("paymentMethodId") is not None:
        data["paymentMethodId"] = body["paymentMethodId"]
    if body.get("paymentMethod") is not None:
        data["paymentMethodType"] = body["paymentMethod"]
    if body.get("planId") in PLANS_BY_ID:
        data.update(_plan_fields(PLANS_BY_ID[body["planId"]]))


def new_fixed_database(ids: Mapping[str, int], body: Body, now: datetime,
                       parent: Body | None = None) -> dict[str, Any]:
    parent = parent or {}
    db_id = ids["databaseId"]
    port = 10000 + db_id % 10000
    host = f"redis-{port}.c{ids['subscriptionId']}.{parent.get('region', 'us-east-1')}-1.ec2.cloud.redislabs.com"
    size_mb = parent.get("size", 250) * (1024 if parent.get("sizeMeasurementUnit") == "GB" else 1)
    return {
        "databaseId": db_id, "name": body.get("name") or f"db-{db_id}", "protocol": body.get("protocol", "stack"),
        "provider": parent.get("provider", "AWS"), "region": parent.get("region", "us-east-1"),
        "redisVersion": body.get("redisVersion", DEFAULT_REDIS_VERSION),
        "redisVersionCompliance": body.get("redisVersion", DEFAULT_REDIS_VERSION),
        "respVersion": body.get("respVersion", "resp2"), "status": "pending",
        "planMemoryLimit": parent.get("size", 250), "planDatasetSize": parent.get("size", 250),
        "memoryLimitMeasurementUnit": parent.get("sizeMeasurementUnit", "MB"),
        "memoryLimitInGb": round(size_mb / 1024, 4), "datasetSizeInGb": round(size_mb / 1024, 4),
        "memoryUsedInMb": 0.0, "networkMonthlyUsageInByte": 0, "memoryStorage": "ram", "redisFlex": False,
        "supportOSSClusterApi": bool(body.get("supportOSSClusterApi", False)),
        "useExternalEndpointForOSSClusterApi": bool(body.get("useExternalEndpointForOSSClusterApi", False)),
        "dataPersistence": body.get("dataPersistence", "none"), "replication": bool(body.get("replication", False)),
        "dataEvictionPolicy": body.get("dataEvictionPolicy", "noeviction"),
        "activatedOn": resource_time(now), "lastModified": resource_time(now),
        "publicEndpoint": f"{host}:{port}",
        "privateEndpoint": f"redis-{port}.internal.c{ids['subscriptionId']}.{parent.get('region', 'us-east-1')}"
                           f"-1.ec2.cloud.redislabs.com:{port}",
        "clustering": {"enabled": bool(body.get("enableDatabaseClustering", False)), "regexRules": [],
                       "hashingPolicy": "standard"},
        # The password is served, as a captured GET shows (and Terraform reads it back).
        "security": {"defaultUserEnabled": True, "password": database_password(ids, body),
                     "sslClientAuthentication": False, "tlsClientAuthentication": False,
                     "enableTls": bool(body.get("enableTls", False)),
                     "sourceIps": list(body.get("sourceIps") or ["0.0.0.0/0"])},
        "modules": [{"name": m.get("name")} for m in body.get("modules") or []],
        "alerts": alerts(body.get("alerts")),
        "backup": _fixed_backup(body.get("periodicBackupPath")),
    }


def _fixed_backup(path: str | None) -> dict[str, Any]:
    """The SDK's Essentials `backup` model: remoteBackupEnabled, status, interval, destination; a
    captured database without a backup path shows {"remoteBackupEnabled": false, "status": "idle"}."""
    if not path:
        return {"remoteBackupEnabled": False, "status": "idle"}
    return {"remoteBackupEnabled": True, "status": "idle", "interval": "every-24-hours", "destination": path}


def update_fixed_database(data: dict[str, Any], body: Body, now: datetime) -> None:
    copy_present(data, body, ((field, field) for field in (
        "name", "respVersion", "dataPersistence", "dataEvictionPolicy", "replication", "supportOSSClusterApi",
        "useExternalEndpointForOSSClusterApi")))
    if body.get("enableDatabaseClustering") is not None:
        data["clustering"]["enabled"] = bool(body["enableDatabaseClustering"])
    if body.get("regexRules") is not None:
        data["clustering"]["regexRules"] = regex_rules(body["regexRules"])
    if "periodicBackupPath" in body:  # "" (Terraform's unset value) turns the backup off
        data["backup"] = _fixed_backup(body["periodicBackupPath"])
    copy_present(data["security"], body, (("enableDefaultUser", "defaultUserEnabled"), ("enableTls", "enableTls"),
                                          ("sourceIps", "sourceIps"), ("password", "password")))
    if body.get("alerts") is not None:
        data["alerts"] = alerts(body["alerts"])
    data["lastModified"] = resource_time(now)


# ---------------------------------------------------------------- cloud accounts


def _masked(secret: str) -> str:
    return f"{secret[:1]}***{secret[-1:]}" if secret else ""


def new_cloud_account(ids: Mapping[str, int], body: Body, now: datetime,
                      parent: Body | None = None) -> dict[str, Any]:
    return {"id": ids["cloudAccountId"], "name": body.get("name"), "provider": body.get("provider", "AWS"),
            "status": "pending", "accessKeyId": _masked(body.get("accessKeyId", "")),
            "signInLoginUrl": body.get("signInLoginUrl")}


def update_cloud_account(data: dict[str, Any], body: Body, now: datetime) -> None:
    for field in ("name", "signInLoginUrl"):
        if body.get(field) is not None:
            data[field] = body[field]
    if body.get("accessKeyId"):
        data["accessKeyId"] = _masked(body["accessKeyId"])


# ---------------------------------------------------------------- ACL


def new_acl_redis_rule(ids: Mapping[str, int], body: Body, now: datetime,
                       parent: Body | None = None) -> dict[str, Any]:
    return {"id": ids["aclRedisRuleId"], "name": body.get("name"), "acl": body.get("redisRule"),
            "isDefault": False, "status": "pending"}


def update_acl_redis_rule(data: dict[str, Any], body: Body, now: datetime) -> None:
    if body.get("name") is not None:
        data["name"] = body["name"]
    if body.get("redisRule") is not None:
        data["acl"] = body["redisRule"]


DEFAULT_REDIS_RULES = [(7, "Full-Access", "+@all  ~*"), (8, "Read-Write", "+@all -@dangerous ~*"),
                       (9, "Read-Only", "+@read ~*")]


def default_redis_rule(rule_id: int, name: str, acl: str) -> dict[str, Any]:
    return {"id": rule_id, "name": name, "acl": acl, "isDefault": True, "status": "active"}


def _role_rules(body: Body) -> list[dict[str, Any]]:
    return [{"ruleName": rule.get("ruleName"),
             "databases": [{"subscriptionId": db.get("subscriptionId"), "databaseId": db.get("databaseId"),
                            **({"regions": db["regions"]} if db.get("regions") else {})}
                           for db in rule.get("databases") or []]}
            for rule in body.get("redisRules") or []]


def new_acl_role(ids: Mapping[str, int], body: Body, now: datetime, parent: Body | None = None) -> dict[str, Any]:
    return {"id": ids["aclRoleId"], "name": body.get("name"), "redisRules": _role_rules(body), "users": [],
            "status": "pending"}


def update_acl_role(data: dict[str, Any], body: Body, now: datetime) -> None:
    if body.get("name") is not None:
        data["name"] = body["name"]
    if body.get("redisRules") is not None:
        data["redisRules"] = _role_rules(body)


def new_acl_user(ids: Mapping[str, int], body: Body, now: datetime, parent: Body | None = None) -> dict[str, Any]:
    return {"id": ids["aclUserId"], "name": body.get("name"), "role": body.get("role"), "status": "pending"}


def update_acl_user(data: dict[str, Any], body: Body, now: datetime) -> None:
    if body.get("role") is not None:
        data["role"] = body["role"]


# ---------------------------------------------------------------- VPC peerings


def new_peering(ids: Mapping[str, int], body: Body, now: datetime, parent: Body | None = None) -> dict[str, Any]:
    """AWS and GCP peerings have different fields (the SDK's `VPCPeering` model): the region is
    `regionName`; a GCP peering carries its project and network and Redis's, and no AWS field."""
    peering_id = ids["peeringId"]
    if str(body.get("provider", "")).upper() == "GCP" or body.get("vpcProjectUid"):
        return {"vpcPeeringId": peering_id, "projectUid": body.get("vpcProjectUid"),
                "networkName": body.get("vpcNetworkName"), "redisProjectUid": f"redis-prod-{ids['subscriptionId']}",
                "redisNetworkName": f"c{ids['subscriptionId']}-network",
                "cloudPeeringId": f"redis-peering-{peering_id}", "status": "pending-acceptance"}
    cidrs = _peering_cidrs(body)
    return {"vpcPeeringId": peering_id, "awsAccountId": body.get("awsAccountId"), "vpcUid": body.get("vpcId"),
            "vpcCidr": cidrs[0] if cidrs else None, "vpcCidrs": [{"vpcCidr": cidr, "status": "active"} for cidr in cidrs],
            "awsPeeringUid": f"pcx-{peering_id:017x}", "regionName": body.get("region"), "status": "pending-acceptance"}


def _peering_cidrs(body: Body) -> list[str]:
    return list(body.get("vpcCidrs") or ([body["vpcCidr"]] if body.get("vpcCidr") else []))


def update_peering(data: dict[str, Any], body: Body, now: datetime) -> None:
    cidrs = _peering_cidrs(body)
    if cidrs and "awsPeeringUid" in data:
        data["vpcCidr"] = cidrs[0]
        data["vpcCidrs"] = [{"vpcCidr": cidr, "status": "active"} for cidr in cidrs]


# ---------------------------------------------------------------- account users


def account_users(account_id: int) -> list[dict[str, Any]]:
    """The users every account has: its owner (the spec's `AccountUser` example, with our names) and
    one member. Users join an account by invitation in the console; the API only reads, updates and
    deletes them, so a member is there for a client to update and delete (the owner cannot delete
    itself)."""
    options = {"billing": True, "emailAlerts": True, "operationalEmails": True, "mfaEnabled": False}
    return [{"id": owner_user_id(account_id), "name": "mock_api owner", "email": f"owner-{account_id}@example.com",
             "role": "Owner", "signUp": "2024-01-01T00:00:00Z", "userType": "Local", "hasApiKey": True,
             "options": dict(options), "status": "active"},
            {"id": owner_user_id(account_id) + MEMBER_OFFSET, "name": "mock_api member",
             "email": f"member-{account_id}@example.com", "role": "Member", "signUp": "2024-01-02T00:00:00Z",
             "userType": "Local", "hasApiKey": False, "options": dict(options, billing=False), "status": "active"}]


def update_account_user(data: dict[str, Any], body: Body, now: datetime) -> None:
    copy_present(data, body, (("name", "name"), ("role", "role")))


def owner_user_id(account_id: int) -> int:
    return 60000 + account_id  # one per account, so another account's user id is never found


MEMBER_OFFSET = 1_000_000  # the member's id: the owner's plus this (no account's owner has it)
