"""The shape and rule fixes real captures and the SDK's models call for, each shown over HTTP."""
from __future__ import annotations

import pytest

from conftest import SUBSCRIPTION, Api, wait_for_status
from mock_api import create_app
from mock_api.kinds import KINDS
from mock_api.operations import OPERATIONS, Action

STRONG = "Str0ng!Passw0rd"
DATABASE = {"name": "db", "protocol": "redis", "datasetSizeInGb": 1}


@pytest.fixture(params=["hal", "v1"])
def api(request):
    return Api(create_app(links=request.param).test_client())


def link(body, rel):
    if "links" in body:
        return next(item["href"] for item in body["links"] if item["rel"] == rel)
    return body["_links"][rel]["href"]


def active_subscription(api):
    sub = api.run_task(api.post("/subscriptions", json=SUBSCRIPTION))["response"]["resourceId"]
    wait_for_status(api, f"/subscriptions/{sub}", "active")
    return sub


# ---------------------------------------------------------------- shapes


def test_aws_peering_has_region_name_and_gcp_peering_its_own_fields(api):
    sub = active_subscription(api)
    aws = api.run_task(api.post(f"/subscriptions/{sub}/peerings", json={
        "region": "us-east-1", "awsAccountId": "123456789012", "vpcId": "vpc-1", "vpcCidr": "172.31.0.0/16"}))
    gcp = api.run_task(api.post(f"/subscriptions/{sub}/peerings", json={
        "provider": "gcp", "vpcProjectUid": "my-project", "vpcNetworkName": "my-network"}))  # as Terraform sends it
    listed = api.run_task(api.get(f"/subscriptions/{sub}/peerings"))["response"]["resource"]["peerings"]
    by_id = {p["vpcPeeringId"]: p for p in listed}
    aws_peering, gcp_peering = by_id[aws["response"]["resourceId"]], by_id[gcp["response"]["resourceId"]]
    assert aws_peering["regionName"] == "us-east-1" and "region" not in aws_peering
    assert (aws_peering["awsAccountId"], aws_peering["vpcUid"]) == ("123456789012", "vpc-1")
    assert (gcp_peering["projectUid"], gcp_peering["networkName"]) == ("my-project", "my-network")
    assert gcp_peering["redisProjectUid"] and gcp_peering["redisNetworkName"] and gcp_peering["cloudPeeringId"]
    assert not {"awsAccountId", "awsPeeringUid", "vpcUid", "vpcCidr", "vpcCidrs", "regionName"} & set(gcp_peering)


def test_essentials_backup_fields_are_the_sdks(api):
    sub = api.run_task(api.post("/fixed/subscriptions", json={"name": "f", "planId": 34858}))["response"]["resourceId"]
    wait_for_status(api, f"/fixed/subscriptions/{sub}", "active")
    plain = api.run_task(api.post(f"/fixed/subscriptions/{sub}/databases", json={"name": "a"}))["response"]
    path = f"/fixed/subscriptions/{sub}/databases/{plain['resourceId']}"
    assert wait_for_status(api, path, "active")["backup"] == {"remoteBackupEnabled": False, "status": "idle"}
    assert api.run_task(api.post(f"{path}/backup"))["response"]["error"]["type"] == "DATABASE_BACKUP_DISABLED"
    api.run_task(api.put(path, json={"periodicBackupPath": "s3://bucket/backups"}))
    backup = wait_for_status(api, path, "active")["backup"]
    assert backup["remoteBackupEnabled"] is True and backup["destination"] == "s3://bucket/backups"
    assert set(backup) <= {"remoteBackupEnabled", "status", "interval", "destination"}
    assert api.run_task(api.post(f"{path}/backup"))["status"] == "processing-completed"


def test_database_password_is_served_by_get_and_not_listed(api):
    sub = active_subscription(api)
    created = api.run_task(api.post(f"/subscriptions/{sub}/databases", json={**DATABASE, "password": "s3cret-Pw"}))
    path = f"/subscriptions/{sub}/databases/{created['response']['resourceId']}"
    assert wait_for_status(api, path, "active")["security"]["password"] == "s3cret-Pw"
    [plan_db] = [db for db in api.get(f"/subscriptions/{sub}/databases").get_json()["subscription"][0]["databases"]
                 if db["name"] == "plan-db"]
    assert all("password" not in db["security"]
               for db in api.get(f"/subscriptions/{sub}/databases").get_json()["subscription"][0]["databases"])
    generated = api.get(f"/subscriptions/{sub}/databases/{plan_db['databaseId']}").get_json()["security"]["password"]
    assert len(generated) == 32 and generated.isalnum()
    api.run_task(api.put(path, json={"password": "an0ther-Pw", "replicaOf": None}))
    assert wait_for_status(api, path, "active")["security"]["password"] == "an0ther-Pw"

    fixed = api.run_task(api.post("/fixed/subscriptions", json={"name": "f", "planId": 34858}))["response"]
    wait_for_status(api, f"/fixed/subscriptions/{fixed['resourceId']}", "active")
    fixed_db = api.run_task(api.post(f"/fixed/subscriptions/{fixed['resourceId']}/databases",
                                     json={"name": "e", "password": "ess-Pw-1"}))["response"]["resourceId"]
    fixed_path = f"/fixed/subscriptions/{fixed['resourceId']}/databases/{fixed_db}"
    assert wait_for_status(api, fixed_path, "active")["security"]["password"] == "ess-Pw-1"


def test_maintenance_windows_in_automatic_mode_have_no_null(api):
    def nulls(value, where=""):
        if isinstance(value, dict):
            return [n for key, item in value.items() for n in nulls(item, f"{where}.{key}")]
        if isinstance(value, list):
            return [n for index, item in enumerate(value) for n in nulls(item, f"{where}[{index}]")]
        return [where] if value is None else []

    sub = active_subscription(api)
    windows = api.get(f"/subscriptions/{sub}/maintenance-windows").get_json()
    assert windows["mode"] == "automatic" and nulls(windows) == []


def test_synchronous_errors_have_the_captured_shapes(api):
    missing = api.get("/subscriptions/4242")
    assert missing.status_code == 404
    body = missing.get_json()
    assert list(body) == ["timestamp", "status", "error", "path"]  # Spring's 404, as captured
    assert (body["status"], body["error"], body["path"]) == (404, "Not Found", "/v1/subscriptions/4242")
    bad = api.post("/subscriptions", json={**SUBSCRIPTION, "name": 5}).get_json()
    assert bad["message"].startswith("Bad Request: JSON parameter contains unsupported fields / values. ")
    assert "name" in bad["message"]  # then the detail


# ---------------------------------------------------------------- links


def test_every_kinds_links_point_at_a_route_that_answers_get():
    """A kind without such a route (a PSC service, a gateway) gives its tasks no `resource` link, as captured."""
    gets = {op.path for op in OPERATIONS if op.method == "GET"}
    for kind in KINDS.values():
        assert (kind.link_path or kind.item_path) in gets or not kind.linked, kind.name


def test_resource_links_of_completed_tasks_answer_get(api):
    sub = active_subscription(api)
    db = api.get(f"/subscriptions/{sub}/databases").get_json()["subscription"][0]["databases"][0]["databaseId"]
    done = [api.run_task(api.post(f"/subscriptions/{sub}/peerings", json={
                "region": "us-east-1", "awsAccountId": "1", "vpcId": "vpc-1", "vpcCidr": "10.9.0.0/16"})),
            api.run_task(api.post("/acl/redisRules", json={"name": "r", "redisRule": "+@read ~*"})),
            api.run_task(api.post("/acl/roles", json={"name": "ro", "redisRules": [
                {"ruleName": "r", "databases": [{"subscriptionId": sub, "databaseId": db}]}]})),
            api.run_task(api.put(f"/subscriptions/{sub}/cidr", json={"cidrIps": ["10.0.0.0/8"]})),
            api.run_task(api.post("/acl/users", json={"name": "u", "role": "ro", "password": STRONG}))]
    for task in done:
        assert task["status"] == "processing-completed", task
        href = link(task, "resource")
        answer = api.client.get(href.split("localhost", 1)[1], headers=api.headers)
        assert answer.status_code in (200, 202), (task["commandType"], href, answer.status_code)


# ---------------------------------------------------------------- rules


def test_acl_role_naming_a_missing_subscription_or_database(api):
    sub = active_subscription(api)
    db = api.get(f"/subscriptions/{sub}/databases").get_json()["subscription"][0]["databases"][0]["databaseId"]

    def role_error(subscription_id, database_id):
        done = api.run_task(api.post("/acl/roles", json={"name": "r", "redisRules": [
            {"ruleName": "Read-Only", "databases": [{"subscriptionId": subscription_id, "databaseId": database_id}]}]}))
        return done["response"].get("error", {}).get("type")

    assert role_error(4242, db) == "SUBSCRIPTION_NOT_FOUND"
    assert role_error(sub, 4242) == "DATABASE_NOT_FOUND"
    assert role_error(sub, db) is None


def test_acl_errors_carry_the_captured_additional_info(api):
    rule = api.run_task(api.post("/acl/redisRules", json={"name": "bad", "redisRule": "get ~*"}))
    assert rule["response"]["error"]["type"] == "ACL_REDIS_RULE_PATTERN_NOT_VALID"
    assert rule["response"]["additionalInfo"] == "redis-acl-wrong-acl-rule-pattern"
    sub = active_subscription(api)
    db = api.get(f"/subscriptions/{sub}/databases").get_json()["subscription"][0]["databases"][0]["databaseId"]
    api.run_task(api.post("/acl/roles", json={"name": "ro", "redisRules": [
        {"ruleName": "Read-Only", "databases": [{"subscriptionId": sub, "databaseId": db}]}]}))
    user = api.run_task(api.post("/acl/users", json={"name": "u", "role": "ro", "password": "weak"}))
    assert user["response"]["error"]["type"] == "ACL_USER_PASSWORD_NOT_VALID"
    assert user["response"]["additionalInfo"] == "cluster-user-password-wrong-pattern"
    role = api.run_task(api.post("/acl/users", json={"name": "u", "role": "nope", "password": STRONG}))
    assert "additionalInfo" not in role["response"]  # none captured for this one


@pytest.fixture
def realistic(freezer):
    api = Api(create_app(profile="realistic").test_client())
    sub = api.post("/subscriptions", json=SUBSCRIPTION).get_json()
    freezer.tick(20)
    sub_id = api.get(f"/tasks/{sub['taskId']}").get_json()["response"]["resourceId"]
    freezer.tick(301)
    assert api.get(f"/subscriptions/{sub_id}").get_json()["status"] == "active"
    return api, sub_id


def test_a_second_database_create_while_the_first_is_provisioned_fails_not_active(realistic, freezer):
    api, sub = realistic
    first = api.post(f"/subscriptions/{sub}/databases", json=DATABASE).get_json()
    freezer.tick(1)
    second = api.post(f"/subscriptions/{sub}/databases", json={**DATABASE, "name": "db-2"}).get_json()
    freezer.tick(20)  # both tasks done: the first at 17 s, the second at 18 s, while the first database is pending
    assert api.get(f"/tasks/{first['taskId']}").get_json()["status"] == "processing-completed"
    error = api.get(f"/tasks/{second['taskId']}").get_json()["response"]["error"]
    assert error == {"type": "SUBSCRIPTION_NOT_ACTIVE", "status": "403 FORBIDDEN",
                     "description": "Cannot preform any actions for subscription that is not in an active state"}
    assert api.get(f"/subscriptions/{sub}").get_json()["status"] == "pending"
    freezer.tick(120)  # the first database is active: the subscription too, and a create succeeds
    assert api.get(f"/subscriptions/{sub}").get_json()["status"] == "active"
    third = api.post(f"/subscriptions/{sub}/databases", json={**DATABASE, "name": "db-3"}).get_json()
    freezer.tick(20)
    assert api.get(f"/tasks/{third['taskId']}").get_json()["status"] == "processing-completed"


def test_a_database_create_while_another_database_changes_fails_not_active(realistic, freezer):
    api, sub = realistic
    db = api.get(f"/subscriptions/{sub}/databases").get_json()["subscription"][0]["databases"][0]["databaseId"]
    api.put(f"/subscriptions/{sub}/databases/{db}", json={"name": "renamed"})
    freezer.tick(20)  # the update task is done; the database is `active-change-pending` for 60 s
    assert api.get(f"/subscriptions/{sub}/databases/{db}").get_json()["status"] == "active-change-pending"
    created = api.post(f"/subscriptions/{sub}/databases", json=DATABASE).get_json()
    freezer.tick(20)
    assert api.get(f"/tasks/{created['taskId']}").get_json()["response"]["error"]["type"] == "SUBSCRIPTION_NOT_ACTIVE"


def test_inferred_command_types_are_listed_with_their_reason():
    from mock_api.docgen import operations_table

    inferred = {op.command_type: op.inferred for op in OPERATIONS if op.inferred}
    assert {"cidrGetRequest", "subscriptionResourceTagsUpdateRequest", "peeringUpdateRequest",
            "databaseBackupRequest", "databaseImportRequest"} <= set(inferred)
    table = operations_table()
    for op in OPERATIONS:
        if op.inferred:
            assert f"| {op.method} {op.path} | {op.command_type} | {op.inferred} |" in table
    assert all(op.action.is_task for op in OPERATIONS if op.inferred)
    assert not any(op.inferred for op in OPERATIONS if op.action is Action.CREATE and op.kind == "subscription")
