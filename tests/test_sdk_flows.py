"""Full lifecycles over real HTTP, driven exactly the way the official Go SDK, Terraform and the
CloudFormation handlers drive the real API (facts §7.3, §8; go-sdk-contract.md), in both link profiles."""
from __future__ import annotations

import pytest
import requests

from go_sdk import DB_PENDING, GoSdk

def terraform_wait(sdk, path, pending, target, interval=30):
    """terraform-plugin-sdk's StateChangeConf: any state outside pending and target is an error;
    for a delete, a 404 is the target state `deleted`."""
    for _ in range(100):
        body = sdk.call("GET", path, ok_404=target == "deleted")
        state = "deleted" if body is None else body["status"]
        if state == target:
            return body
        assert state in pending, f"{path}: unexpected state {state!r}"
        sdk.sleep(interval)
    raise AssertionError(f"{path} never reached {target}")


SUBSCRIPTION = {
    "name": "tf-sub", "deploymentType": "single-region", "paymentMethod": "credit-card", "paymentMethodId": 8240,
    "memoryStorage": "ram",
    "cloudProviders": [{"provider": "AWS", "cloudAccountId": 1,
                        "regions": [{"region": "us-east-1", "multipleAvailabilityZones": False,
                                     "preferredAvailabilityZones": ["us-east-1a"],
                                     "networking": {"deploymentCIDR": "10.0.0.0/24"}}]}],
    "databases": [{"name": "dummy", "protocol": "redis", "datasetSizeInGb": 1, "quantity": 1,
                   "throughputMeasurement": {"by": "operations-per-second", "value": 1000}}],
}


@pytest.mark.parametrize("links", ["hal", "v1"])
@pytest.mark.parametrize("profile", ["default", "instant", "realistic"])
def test_terraform_pro_subscription_and_database_lifecycle(mock_api_live, links, profile):
    mock_api_live.set_links(links)
    mock_api_live.set_profile(profile)
    sdk = GoSdk(mock_api_live)

    # resource "rediscloud_subscription": create, wait active, remove the plan's dummy databases
    sub_id = sdk.create("/subscriptions", SUBSCRIPTION)
    path = f"/subscriptions/{sub_id}"
    terraform_wait(sdk, path, ["pending"], "active", interval=10)
    for db in sdk.list_databases(sub_id):
        terraform_wait(sdk, f"{path}/databases/{db['databaseId']}", DB_PENDING, "active")
        sdk.run("DELETE", f"{path}/databases/{db['databaseId']}")
        terraform_wait(sdk, f"{path}/databases/{db['databaseId']}", DB_PENDING + ["active", "deleting"], "deleted")
    assert sdk.list_databases(sub_id) == []

    # resource "rediscloud_subscription_database": wait sub, create, wait db, wait sub
    created = []
    for index in range(3):
        terraform_wait(sdk, path, ["pending"], "active")
        db_id = sdk.create(f"{path}/databases", {"name": f"db-{index}", "protocol": "redis",
                                                 "datasetSizeInGb": 1.5, "replication": True})
        db = terraform_wait(sdk, f"{path}/databases/{db_id}", DB_PENDING, "active")
        assert type(db["datasetSizeInGb"]) is float and type(db["throughputMeasurement"]["value"]) is int
        created.append(db_id)
    terraform_wait(sdk, path, ["pending"], "active")
    assert [d["databaseId"] for d in sdk.list_databases(sub_id)] == created

    # update (the SDK always sends replicaOf, null when unset), then wait active
    db_path = f"{path}/databases/{created[0]}"
    sdk.run("PUT", db_path, {"name": "renamed", "replicaOf": None})
    assert terraform_wait(sdk, db_path, DB_PENDING, "active")["name"] == "renamed"
    sdk.run("PUT", path, {"name": "tf-sub-2", "paymentMethodId": 8240})
    assert terraform_wait(sdk, path, ["pending"], "active")["name"] == "tf-sub-2"

    # destroy: databases, then the subscription, waiting for 404 each time
    for db_id in created:
        sdk.run("DELETE", f"{path}/databases/{db_id}")
        terraform_wait(sdk, f"{path}/databases/{db_id}", ["active", "deleting"], "deleted")
    sdk.run("DELETE", path)
    terraform_wait(sdk, path, ["deleting"], "deleted", interval=10)
    assert sdk.call("GET", "/subscriptions")["subscriptions"] == []


def test_first_poll_is_immediate_and_backoff_costs_little_with_instant(mock_api_live):
    mock_api_live.set_profile("instant")
    sdk = GoSdk(mock_api_live)
    before = mock_api_live.now()
    sdk.create("/subscriptions", SUBSCRIPTION)
    assert sdk.polls == 1 and mock_api_live.now() - before < __import__("datetime").timedelta(seconds=1)


def test_cloudformation_handlers_follow_links_zero(mock_api_live):
    """CFN: POST to /v1/subscriptions/ (trailing slash), follow links[0] of each answer, compare
    numberOfDatabases as a string, expect `deleting` right after the delete task, then 'Not Found'."""
    mock_api_live.set_links("v1")
    session = requests.Session()
    session.headers.update({"accept": "application/json", "Content-Type": "application/json",
                            "x-api-key": mock_api_live.key, "x-api-secret-key": mock_api_live.secret})
    base = mock_api_live.url

    response = session.post(f"{base}/v1/subscriptions/", json=SUBSCRIPTION).json()
    for _ in range(50):
        response = session.get(response["links"][0]["href"]).json()
        if "resourceId" in str(response):
            break
    sub_id = response["response"]["resourceId"]
    assert response["description"]
    for _ in range(10):
        if session.get(f"{base}/v1/subscriptions/{sub_id}").json()["status"] == "active":
            break
    listing = session.get(f"{base}/v1/subscriptions/{sub_id}/databases?offset=0&limit=100").json()
    db_id = listing["subscription"][0]["databases"][0]["databaseId"]
    session.delete(f"{base}/v1/subscriptions/{sub_id}/databases/{db_id}")
    for _ in range(10):  # CFN never polls this task: it lists every 30-60 s until the count is 0
        mock_api_live.advance(30)
        listing = session.get(f"{base}/v1/subscriptions/{sub_id}/databases?offset=0&limit=100").json()
        if str(listing["subscription"][0]["numberOfDatabases"]) == "0":
            break
    assert str(listing["subscription"][0]["numberOfDatabases"]) == "0"

    # database create: loop on links[0] until completed, then links[0] of the completed task is the db
    response = session.post(f"{base}/v1/subscriptions/{sub_id}/databases",
                            json={"name": "cfn-db", "protocol": "redis", "datasetSizeInGb": 1}).json()
    for _ in range(50):
        if response["status"] == "processing-completed":
            break
        response = session.get(response["links"][0]["href"]).json()
    assert "databaseId" in session.get(response["links"][0]["href"]).text
    db_id = response["response"]["resourceId"]
    session.delete(f"{base}/v1/subscriptions/{sub_id}/databases/{db_id}")
    for _ in range(10):
        mock_api_live.advance(60)
        if "Not Found" in str(session.get(f"{base}/v1/subscriptions/{sub_id}/databases/{db_id}").json()):
            break
    else:
        raise AssertionError("database never reported Not Found")

    # subscription delete: the task, then `deleting` with the same id, then Not Found
    task = session.delete(f"{base}/v1/subscriptions/{sub_id}").json()
    task = session.get(task["links"][0]["href"]).json()
    task = session.get(task["links"][0]["href"]).json()
    assert task["status"] == "processing-completed"
    body = session.get(f"{base}/v1/subscriptions/{sub_id}").json()
    assert (body["id"], body["status"]) == (sub_id, "deleting")
    assert "Not Found" in str(session.get(f"{base}/v1/subscriptions/{sub_id}").json())
