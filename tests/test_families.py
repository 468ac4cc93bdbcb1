"""Every operation family of the table, over HTTP, in both link profiles: create, read, update,
delete, wait; queries carrying their result in response.resource; the business rules."""
from __future__ import annotations

import pytest

from conftest import SUBSCRIPTION, wait_for_status
from family_support import api, links_of

__all__ = ["api"]  # the fixture, in both link profiles
STRONG = "Str0ng!Passw0rd"


def done(api, response, code=None):
    if code is not None:
        assert response.status_code == code, response.get_json()
    return api.run_task(response)


def completed(api, response, code=None):
    body = done(api, response, code)
    assert body["status"] == "processing-completed", body
    return body


def failed(api, response):
    body = done(api, response)
    assert body["status"] == "processing-error", body
    return body["response"]["error"]["type"]


@pytest.fixture
def sub_id(api):
    sub_id = completed(api, api.post("/subscriptions", json=SUBSCRIPTION))["response"]["resourceId"]
    wait_for_status(api, f"/subscriptions/{sub_id}", "active")
    return sub_id


@pytest.fixture
def db_path(api, sub_id):
    body = api.get(f"/subscriptions/{sub_id}/databases").get_json()
    return f"/subscriptions/{sub_id}/databases/{body['subscription'][0]['databases'][0]['databaseId']}"


def test_essentials_subscription_and_database_lifecycle(api):
    plans = api.get("/fixed/plans").get_json()["plans"]
    plan = next(p for p in plans if p["price"] > 0)
    task = completed(api, api.post("/fixed/subscriptions", json={"name": "ess", "planId": plan["id"],
                                                                 "paymentMethodId": 1}), 202)
    assert task["commandType"] == "fixedSubscriptionCreateRequest"
    assert links_of(task) == ["resource", "self"]
    sub = f"/fixed/subscriptions/{task['response']['resourceId']}"
    body = wait_for_status(api, sub, "active")
    assert (body["planId"], body["planName"], body["size"]) == (plan["id"], plan["name"], plan["size"])
    listing = api.get("/fixed/subscriptions").get_json()
    assert [s["id"] for s in listing["subscriptions"]] == [body["id"]]

    db = completed(api, api.post(f"{sub}/databases", json={"name": "ess-db"}), 200)
    assert db["commandType"] == "fixedDatabaseCreateRequest"
    assert db["response"]["additionalResourceId"] == body["id"]
    db_path = f"{sub}/databases/{db['response']['resourceId']}"
    assert wait_for_status(api, db_path, "active")["name"] == "ess-db"
    page = api.get(f"{sub}/databases?offset=0&limit=10").get_json()
    assert isinstance(page["subscription"], dict)  # Essentials: an object, not Pro's one-element array
    assert page["subscription"]["numberOfDatabases"] == 1

    completed(api, api.put(db_path, json={"name": "renamed", "dataPersistence": "aof-every-1-second"}), 200)
    assert wait_for_status(api, db_path, "active")["name"] == "renamed"
    upgrade = completed(api, api.post(f"{db_path}/upgrade", json={"targetRedisVersion": "8.0"}), 200)
    assert upgrade["commandType"] == "fixedDatabaseUpgradeRedisVersionRequest"
    assert wait_for_status(api, db_path, "active")["redisVersion"] == "8.0"
    assert failed(api, api.delete(sub)) == "SUBSCRIPTION_IN_USE"
    completed(api, api.delete(db_path), 200)
    api.get(db_path)
    assert api.get(db_path).status_code == 404
    completed(api, api.put(sub, json={"name": "ess-2"}), 202)
    assert wait_for_status(api, sub, "active")["name"] == "ess-2"
    completed(api, api.delete(sub), 200)
    api.get(sub)
    assert api.get(sub).status_code == 404


def test_essentials_rules(api):
    assert failed(api, api.post("/fixed/subscriptions", json={"name": "x", "planId": 1})) == \
        "FIXED_SUBSCRIPTION_CREATE_PLAN_NOT_FOUND"
    free = next(p for p in api.get("/fixed/plans").get_json()["plans"] if p["price"] == 0)
    completed(api, api.post("/fixed/subscriptions", json={"name": "free-1", "planId": free["id"]}))
    assert failed(api, api.post("/fixed/subscriptions", json={"name": "free-2", "planId": free["id"]})) == \
        "FIXED_SUBSCRIPTION_ACCOUNT_ALREADY_HAS_A_FREE_PLAN"
    assert api.post("/fixed/subscriptions", json={"planId": 34858}).status_code == 400  # name is required


def test_cloud_accounts(api):
    listing = api.get("/cloud-accounts").get_json()
    assert [a["id"] for a in listing["cloudAccounts"]] == [1]  # Redis's own
    body = {"name": "mine", "provider": "AWS", "accessKeyId": "AKIAEXAMPLE", "accessSecretKey": "x",
            "consoleUsername": "u", "consolePassword": "p", "signInLoginUrl": "https://example.signin.aws"}
    task = completed(api, api.post("/cloud-accounts", json=body), 202)
    path = f"/cloud-accounts/{task['response']['resourceId']}"
    account = wait_for_status(api, path, "active")
    assert account["accessKeyId"] == "A***E" and "accessSecretKey" not in account
    completed(api, api.put(path, json={**{k: body[k] for k in ("accessKeyId", "accessSecretKey", "consoleUsername",
                                                               "consolePassword")}, "name": "renamed"}), 202)
    assert api.get(path).get_json()["status"] == "change-pending"
    assert wait_for_status(api, path, "active")["name"] == "renamed"
    completed(api, api.delete(path), 200)
    api.get(path)
    assert api.get(path).status_code == 404
    assert failed(api, api.delete("/cloud-accounts/4242")) == "CLOUD_ACCOUNT_NOT_FOUND"
    assert api.post("/cloud-accounts", json={"name": "no-keys"}).status_code == 400


def test_acl_rules_roles_and_users(api, sub_id, db_path):
    rules = api.get("/acl/redisRules").get_json()["redisRules"]
    assert [r["name"] for r in rules] == ["Full-Access", "Read-Write", "Read-Only"] and rules[0]["isDefault"]
    assert failed(api, api.post("/acl/redisRules", json={"name": "bad", "redisRule": "get ~*"})) == \
        "ACL_REDIS_RULE_PATTERN_NOT_VALID"
    rule = completed(api, api.post("/acl/redisRules", json={"name": "cache-read", "redisRule": "+@read ~cache:*"}),
                     202)
    assert rule["commandType"] == "aclRedisRuleCreateRequest"
    rule_id = rule["response"]["resourceId"]
    completed(api, api.put(f"/acl/redisRules/{rule_id}", json={"name": "cache-read", "redisRule": "+get ~cache:*"}),
              202)
    assert failed(api, api.delete("/acl/redisRules/7")) == "ACL_REDIS_RULE_CANNOT_DELETE_DEFAULT"

    db_id = int(db_path.rsplit("/", 1)[1])
    role_body = {"name": "readers", "redisRules": [{"ruleName": "cache-read",
                                                    "databases": [{"subscriptionId": sub_id, "databaseId": db_id}]}]}
    assert failed(api, api.post("/acl/roles", json={**role_body, "redisRules": [
        {"ruleName": "nope", "databases": [{"subscriptionId": sub_id, "databaseId": db_id}]}]})) == \
        "ACL_REDIS_RULE_NOT_FOUND"
    role = completed(api, api.post("/acl/roles", json=role_body), 202)
    role_id = role["response"]["resourceId"]
    roles = api.get("/acl/roles").get_json()["roles"]
    assert roles[0]["redisRules"][0]["databases"][0]["databaseId"] == db_id

    assert failed(api, api.post("/acl/users", json={"name": "u", "role": "ghosts", "password": STRONG})) == \
        "ACL_ROLE_DOES_NOT_EXISTS"
    assert failed(api, api.post("/acl/users", json={"name": "u", "role": "readers", "password": "weak"})) == \
        "ACL_USER_PASSWORD_NOT_VALID"
    user = completed(api, api.post("/acl/users", json={"name": "alice", "role": "readers", "password": STRONG}), 202)
    user_path = f"/acl/users/{user['response']['resourceId']}"
    assert user["response"] == {"resourceId": user["response"]["resourceId"]}
    assert wait_for_status(api, user_path, "active")["role"] == "readers"
    completed(api, api.put(user_path, json={"password": "An0ther!Passw0rd"}), 200)
    deleted = completed(api, api.delete(user_path), 200)
    assert deleted["response"] == {"resourceId": user["response"]["resourceId"]}  # ACL deletes carry the id
    assert links_of(deleted) == ["self"]
    completed(api, api.delete(f"/acl/roles/{role_id}"), 200)
    completed(api, api.delete(f"/acl/redisRules/{rule_id}"), 202)
    assert failed(api, api.delete("/acl/users/424242")) == "ACL_USER_NOT_FOUND"


def test_cidr_allow_list_is_a_query_task_with_snake_case_keys(api, sub_id):
    first = completed(api, api.get(f"/subscriptions/{sub_id}/cidr"), 202)
    assert first["commandType"] == "cidrGetRequest"
    assert first["response"]["resource"] == {"cidr_ips": [], "security_group_ids": [], "errors": []}
    assert links_of(first) == ["self"]
    completed(api, api.put(f"/subscriptions/{sub_id}/cidr", json={"cidrIps": ["10.1.0.0/16"],
                                                                  "securityGroupIds": ["sg-1"]}), 202)
    again = completed(api, api.get(f"/subscriptions/{sub_id}/cidr"))
    assert again["response"]["resource"]["cidr_ips"] == ["10.1.0.0/16"]
    assert again["response"]["resource"]["security_group_ids"] == ["sg-1"]


def test_vpc_peerings(api, sub_id):
    created = completed(api, api.post(f"/subscriptions/{sub_id}/peerings", json={
        "provider": "AWS", "region": "us-east-1", "awsAccountId": "123456789012", "vpcId": "vpc-1",
        "vpcCidr": "172.31.0.0/16"}), 202)
    peering_id = created["response"]["resourceId"]  # the Go SDK's WaitForResourceId
    assert created["response"]["additionalResourceId"] == sub_id
    listing = completed(api, api.get(f"/subscriptions/{sub_id}/peerings"), 202)
    assert listing["commandType"] == "peeringListRequest"
    assert listing["response"]["resourceId"] == sub_id
    [peering] = listing["response"]["resource"]["peerings"]
    assert (peering["vpcPeeringId"], peering["vpcUid"]) == (peering_id, "vpc-1")
    completed(api, api.put(f"/subscriptions/{sub_id}/peerings/{peering_id}", json={"vpcCidrs": ["172.30.0.0/16"]}),
              202)
    completed(api, api.delete(f"/subscriptions/{sub_id}/peerings/{peering_id}"), 202)
    for _ in range(3):
        listing = completed(api, api.get(f"/subscriptions/{sub_id}/peerings"))
    assert listing["response"]["resource"]["peerings"] == []
    assert failed(api, api.delete(f"/subscriptions/{sub_id}/peerings/4242")) == "VPC_PEERING_NOT_FOUND"


def test_maintenance_windows_and_resource_tags(api, sub_id):
    assert api.get(f"/subscriptions/{sub_id}/maintenance-windows").get_json()["mode"] == "automatic"
    task = completed(api, api.put(f"/subscriptions/{sub_id}/maintenance-windows", json={
        "mode": "manual", "windows": [{"startHour": 2, "durationInHours": 4, "days": ["Monday"]}]}), 200)
    assert task["commandType"] == "subscriptionMaintenanceWindowsUpdateRequest"
    assert task["response"] == {"resourceId": sub_id}  # as captured
    assert links_of(task) == ["resource", "self"]
    windows = api.get(f"/subscriptions/{sub_id}/maintenance-windows").get_json()
    assert windows["mode"] == "manual" and windows["windows"][0]["days"] == ["Monday"]
    assert api.put(f"/subscriptions/{sub_id}/maintenance-windows", json={"windows": []}).status_code == 400
    completed(api, api.put(f"/subscriptions/{sub_id}/resource-tags",
                           json={"resourceTags": [{"key": "team", "value": "cache"}]}), 202)
    assert api.get("/subscriptions/4242/maintenance-windows").status_code == 404


def test_database_backup_import_upgrade_and_status_queries(api, db_path):
    assert failed(api, api.post(f"{db_path}/backup")) == "DATABASE_BACKUP_DISABLED"
    status = completed(api, api.get(f"{db_path}/backup"), 200)
    assert status["commandType"] == "databaseBackupStatusRequest" and status["response"]["resource"] == {}
    completed(api, api.post(f"{db_path}/backup", json={"adhocBackupPath": "s3://bucket/path"}), 200)
    status = completed(api, api.get(f"{db_path}/backup"))
    assert status["response"]["resource"]["status"] == "success"
    assert set(status["response"]) == {"resourceId", "additionalResourceId", "resource"}
    assert api.post(f"{db_path}/import", json={"sourceType": "http"}).status_code == 400  # importFromUri required
    completed(api, api.post(f"{db_path}/import", json={"sourceType": "http",
                                                       "importFromUri": ["http://example.com/dump.rdb"]}), 200)
    assert completed(api, api.get(f"{db_path}/import"))["response"]["resource"]["status"] == "completed"
    completed(api, api.post(f"{db_path}/upgrade", json={"targetRedisVersion": "7.4"}), 200)
    assert api.get(db_path).get_json()["status"] == "active-upgrade-pending"
    assert wait_for_status(api, db_path, "active")["redisVersion"] == "7.4"


def test_cost_report(api):
    task = completed(api, api.post("/cost-report", json={"startDate": "2025-01-01", "endDate": "2025-01-31"}), 202)
    assert task["commandType"] == "costReportCreateRequest"
    assert set(task["response"]) == {"resource"}  # no resourceId, as captured
    assert task["response"]["resource"]["costReportId"].endswith(".json")
    assert links_of(task) == ["self"]
    assert api.post("/cost-report", json={"startDate": "2025-01-01"}).status_code == 400


def test_catalogs(api):
    account = api.get("/").get_json()["account"]
    assert isinstance(account["id"], int)
    assert api.get("/payment-methods").get_json()["paymentMethods"][0]["id"] == 1
    assert {"id": 1, "name": "us-east-1", "provider": "AWS"} in api.get("/regions").get_json()["regions"]
