"""Essentials (fixed) plans, cloud accounts, ACL users / roles / Redis rules and VPC peerings: how a
request body becomes a resource body and changes it, plus the account-level catalogs (plans,
payment methods, regions, the account itself). Shapes follow the official spec's examples.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any, Dict, List, Mapping, Optional

from .timefmt import resource_time

Body = Mapping[str, Any]

# ---------------------------------------------------------------- catalogs

PLANS: List[Dict[str, Any]] = [
    {"id": plan_id, "name": name, "size": size, "sizeMeasurementUnit": unit, "provider": provider,
     "region": region, "regionId": region_id, "price": price, "priceCurrency": "USD", "pricePeriod": "Month",
     "maximumDatabases": 1, "availability": availability, "connections": connections, "cidrAllowRules": cidr,
     "supportDataPersistence": price > 0, "supportInstantAndDailyBackups": price > 0,
     "supportReplication": availability != "No replication", "supportClustering": False, "supportSsl": price > 0,
     "supportedAlerts": ["datasets-size", "throughput-higher-than"], "customerSupport": "Standard", "links": []}
    for plan_id, name, size, unit, provider, region, region_id, price, availability, connections, cidr in (
        (34811, "30MB", 30, "MB", "AWS", "us-east-1", 1, 0, "No replication", "30", 1),
        (34858, "250MB", 250, "MB", "AWS", "us-east-1", 1, 5, "No replication", "256", 4),
        (98181, "Multi-AZ 1GB", 1, "GB", "AWS", "us-east-1", 1, 22, "Multi-zone", "1024", 8),
        (98183, "Multi-AZ 5GB", 5, "GB", "AWS", "us-east-1", 1, 100, "Multi-zone", "unlimited", 16),
        (98276, "Standard 1GB", 1, "GB", "AWS", "us-west-1", 2, 22, "Single-zone", "1024", 8),
        (99001, "30MB", 30, "MB", "GCP", "us-central1", 22, 0, "No replication", "30", 1),
    )
]
PLANS_BY_ID = {plan["id"]: plan for plan in PLANS}

REGIONS = [{"id": region_id, "name": name, "provider": provider} for region_id, name, provider in (
    (1, "us-east-1", "AWS"), (2, "us-west-1", "AWS"), (3, "us-west-2", "AWS"), (4, "eu-west-1", "AWS"),
    (29, "eu-central-1", "AWS"), (59, "us-east-2", "AWS"), (60, "eu-west-2", "AWS"),
    (22, "us-central1", "GCP"), (23, "europe-west1", "GCP"), (27, "asia-east1", "GCP"))]


def payment_methods(account_id: int) -> Dict[str, Any]:
    return {"accountId": account_id, "paymentMethods": [
        {"id": 1, "type": "Visa", "creditCardEndsWith": "4242", "nameOnCard": "mock_api", "expirationMonth": 12,
         "expirationYear": 2030, "links": []}]}


def root_account(account_id: int, key: str, now: datetime) -> Dict[str, Any]:
    return {"account": {"id": account_id, "name": f"mock_api account {account_id}",
                        "createdTimestamp": "2024-01-01T00:00:00Z", "updatedTimestamp": resource_time(now),
                        "pocStatus": "inactive", "marketplaceStatus": "active",
                        "key": {"name": key, "accountId": account_id, "accountName": f"mock_api account {account_id}",
                                "allowedSourceIps": ["0.0.0.0/0"], "createdTimestamp": "2024-01-01T00:00:00Z",
                                "owner": {"name": "mock_api", "email": "mock_api@example.com"},
                                "userAccountId": 1, "httpSourceIp": "127.0.0.1"}}}


# ---------------------------------------------------------------- Essentials


def new_fixed_subscription(ids: Mapping[str, int], body: Body, now: datetime,
                           parent: Optional[Body] = None) -> Dict[str, Any]:
    plan = PLANS_BY_ID.get(body.get("planId"), PLANS[1])
    data: Dict[str, Any] = {"id": ids["subscriptionId"], "name": body.get("name") or f"fixed-{ids['subscriptionId']}",
                            "status": "pending", "paymentMethodId": body.get("paymentMethodId", 1),
                            "paymentMethodType": body.get("paymentMethod", "credit-card")}
    data.update(_plan_fields(plan))
    data["creationDate"] = resource_time(now)
    return data


def _plan_fields(plan: Mapping[str, Any]) -> Dict[str, Any]:
    return {"planId": plan["id"], "planName": plan["name"], "size": plan["size"],
            "sizeMeasurementUnit": plan["sizeMeasurementUnit"], "provider": plan["provider"],
            "region": plan["region"], "price": plan["price"], "pricePeriod": "Month", "priceCurrency": "USD",
            "maximumDatabases": plan["maximumDatabases"], "availability": plan["availability"],
            "connections": plan["connections"], "cidrAllowRules": plan["cidrAllowRules"],
            "supportDataPersistence": plan["supportDataPersistence"],
            "supportInstantAndDailyBackups": plan["supportInstantAndDailyBackups"],
            "supportReplication": plan["supportReplication"], "supportClustering": plan["supportClustering"],
            "customerSupport": plan["customerSupport"]}


def update_fixed_subscription(data: Dict[str, Any], body: Body, now: datetime) -> None:
    if body.get("name") is not None:
        data["name"] = body["name"]
    if body.get("paymentMethodId") is not None:
        data["paymentMethodId"] = body["paymentMethodId"]
    if body.get("paymentMethod") is not None:
        data["paymentMethodType"] = body["paymentMethod"]
    if body.get("planId") in PLANS_BY_ID:
        data.update(_plan_fields(PLANS_BY_ID[body["planId"]]))


def new_fixed_database(ids: Mapping[str, int], body: Body, now: datetime,
                       parent: Optional[Body] = None) -> Dict[str, Any]:
    parent = parent or {}
    db_id = ids["databaseId"]
    port = 10000 + db_id % 10000
    host = f"redis-{port}.c{ids['subscriptionId']}.{parent.get('region', 'us-east-1')}-1.ec2.cloud.redislabs.com"
    size_mb = parent.get("size", 250) * (1024 if parent.get("sizeMeasurementUnit") == "GB" else 1)
    return {
        "databaseId": db_id, "name": body.get("name") or f"db-{db_id}", "protocol": body.get("protocol", "stack"),
        "provider": parent.get("provider", "AWS"), "region": parent.get("region", "us-east-1"),
        "redisVersion": body.get("redisVersion", "7.4"), "redisVersionCompliance": body.get("redisVersion", "7.4"),
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
        "security": {"defaultUserEnabled": True, "sslClientAuthentication": False, "tlsClientAuthentication": False,
                     "enableTls": bool(body.get("enableTls", False)), "sourceIps": list(body.get("sourceIps") or
                                                                                         ["0.0.0.0/0"])},
        "modules": [{"name": m.get("name")} for m in body.get("modules") or []],
        "alerts": [{"name": a.get("name"), "value": a.get("value")} for a in body.get("alerts") or []],
        "backup": {"enableRemoteBackup": bool(body.get("periodicBackupPath"))},
    }


def update_fixed_database(data: Dict[str, Any], body: Body, now: datetime) -> None:
    for field in ("name", "respVersion", "dataPersistence", "dataEvictionPolicy", "replication",
                  "supportOSSClusterApi", "useExternalEndpointForOSSClusterApi"):
        if body.get(field) is not None:
            data[field] = body[field]
    if body.get("enableDatabaseClustering") is not None:
        data["clustering"]["enabled"] = bool(body["enableDatabaseClustering"])
    if body.get("periodicBackupPath"):
        data["backup"]["enableRemoteBackup"] = True
    data["lastModified"] = resource_time(now)


# ---------------------------------------------------------------- cloud accounts


def _masked(secret: str) -> str:
    return f"{secret[:1]}***{secret[-1:]}" if secret else ""


def new_cloud_account(ids: Mapping[str, int], body: Body, now: datetime,
                      parent: Optional[Body] = None) -> Dict[str, Any]:
    return {"id": ids["cloudAccountId"], "name": body.get("name"), "provider": body.get("provider", "AWS"),
            "status": "pending", "accessKeyId": _masked(body.get("accessKeyId", "")),
            "signInLoginUrl": body.get("signInLoginUrl")}


def update_cloud_account(data: Dict[str, Any], body: Body, now: datetime) -> None:
    for field in ("name", "signInLoginUrl"):
        if body.get(field) is not None:
            data[field] = body[field]
    if body.get("accessKeyId"):
        data["accessKeyId"] = _masked(body["accessKeyId"])


# ---------------------------------------------------------------- ACL


def new_acl_redis_rule(ids: Mapping[str, int], body: Body, now: datetime,
                       parent: Optional[Body] = None) -> Dict[str, Any]:
    return {"id": ids["aclRedisRuleId"], "name": body.get("name"), "acl": body.get("redisRule"),
            "isDefault": False, "status": "pending"}


def update_acl_redis_rule(data: Dict[str, Any], body: Body, now: datetime) -> None:
    if body.get("name") is not None:
        data["name"] = body["name"]
    if body.get("redisRule") is not None:
        data["acl"] = body["redisRule"]


DEFAULT_REDIS_RULES = [(7, "Full-Access", "+@all  ~*"), (8, "Read-Write", "+@all -@dangerous ~*"),
                       (9, "Read-Only", "+@read ~*")]


def default_redis_rule(rule_id: int, name: str, acl: str) -> Dict[str, Any]:
    return {"id": rule_id, "name": name, "acl": acl, "isDefault": True, "status": "active"}


def _role_rules(body: Body) -> List[Dict[str, Any]]:
    return [{"ruleName": rule.get("ruleName"),
             "databases": [{"subscriptionId": db.get("subscriptionId"), "databaseId": db.get("databaseId"),
                            **({"regions": db["regions"]} if db.get("regions") else {})}
                           for db in rule.get("databases") or []]}
            for rule in body.get("redisRules") or []]


def new_acl_role(ids: Mapping[str, int], body: Body, now: datetime, parent: Optional[Body] = None) -> Dict[str, Any]:
    return {"id": ids["aclRoleId"], "name": body.get("name"), "redisRules": _role_rules(body), "users": [],
            "status": "pending"}


def update_acl_role(data: Dict[str, Any], body: Body, now: datetime) -> None:
    if body.get("name") is not None:
        data["name"] = body["name"]
    if body.get("redisRules") is not None:
        data["redisRules"] = _role_rules(body)


def new_acl_user(ids: Mapping[str, int], body: Body, now: datetime, parent: Optional[Body] = None) -> Dict[str, Any]:
    return {"id": ids["aclUserId"], "name": body.get("name"), "role": body.get("role"), "status": "pending"}


def update_acl_user(data: Dict[str, Any], body: Body, now: datetime) -> None:
    if body.get("role") is not None:
        data["role"] = body["role"]


# ---------------------------------------------------------------- VPC peerings


def new_peering(ids: Mapping[str, int], body: Body, now: datetime, parent: Optional[Body] = None) -> Dict[str, Any]:
    cidrs = list(body.get("vpcCidrs") or ([body["vpcCidr"]] if body.get("vpcCidr") else []))
    return {"vpcPeeringId": ids["peeringId"], "awsAccountId": body.get("awsAccountId"),
            "vpcUid": body.get("vpcId") or body.get("vpcNetworkName"), "vpcCidr": cidrs[0] if cidrs else None,
            "vpcCidrs": [{"vpcCidr": cidr, "status": "active"} for cidr in cidrs],
            "awsPeeringUid": f"pcx-{ids['peeringId']:017x}", "region": body.get("region"),
            "provider": body.get("provider", "AWS"), "status": "pending-acceptance"}


def update_peering(data: Dict[str, Any], body: Body, now: datetime) -> None:
    cidrs = list(body.get("vpcCidrs") or ([body["vpcCidr"]] if body.get("vpcCidr") else []))
    if cidrs:
        data["vpcCidr"] = cidrs[0]
        data["vpcCidrs"] = [{"vpcCidr": cidr, "status": "active"} for cidr in cidrs]
