"""Full lifecycles over real HTTP, driven exactly the way the official Go SDK, Terraform and the
CloudFormation handlers drive the real API (facts §7.3, §8; go-sdk-contract.md), in both link profiles."""
from __future__ import annotations

import pytest
import requests

GO_SDK_HEADERS = {"Accept": "application/json", "Content-Type": "application/json",
                  "User-Agent": "rediscloud-go-api/0.52.1 (go1.25.5; linux; amd64)"}
DB_PENDING = ["draft", "pending", "active-change-pending", "rcp-active-change-draft", "active-change-draft",
              "rcp-draft", "rcp-change-pending", "proxy-policy-change-pending", "proxy-policy-change-draft",
              "dynamic-endpoints-creation-pending", "active-upgrade-pending", "bdb-update-pending"]


class GoSdk:
    """The Go SDK's transport and task waiter, in Python: strict decoding, the same rules per poll."""

    def __init__(self, handle):
        self.base = handle.v1_url  # the SDK appends paths to a base URL ending in /v1
        self.session = requests.Session()
        self.session.headers.update({**GO_SDK_HEADERS, "X-Api-Key": handle.key, "X-Api-Secret-Key": handle.secret})
        self.sleep = handle.advance
        self.polls = 0

    def call(self, method, path, body=None, ok_404=False):
        response = self.session.request(method, self.base + path, json=body)
        if response.status_code == 404 and ok_404:
            return None
        assert response.status_code <= 299, f"{method} {path}: {response.status_code} {response.text}"
        assert response.headers.get("X-Rate-Limit-Remaining") in (None,) or \
            int(response.headers["X-Rate-Limit-Remaining"]) > 100
        return response.json()  # every 2xx body must decode, DELETE included

    def wait(self, task_id):
        delay, not_found = 1.0, 0
        while True:
            self.polls += 1
            response = self.session.get(f"{self.base}/tasks/{task_id}")
            if response.status_code == 404:
                not_found += 1
                assert not_found <= 5, "more than 5 404s on the task"
            else:
                assert response.status_code == 200
                task = response.json()
                error = (task.get("response") or {}).get("error")
                if error:
                    raise AssertionError(f"{error['status']} - {error['type']}: {error['description']}")
                if task["status"] == "processing-completed":
                    return task
                assert task["status"] in ("initialized", "received", "processing-in-progress"), \
                    f"task {task_id} failed {task['status']} - {task.get('description')}"
            self.sleep(delay)
            delay = min(delay * 2, 30)

    def wait_for_resource_id(self, task_id):
        task = self.wait(task_id)
        resource_id = task["response"]["resourceId"]  # `response` must be there; the id an integer
        assert type(resource_id) is int
        return resource_id

    def list_databases(self, sub_id):
        offset, found = 0, []
        while True:
            page = self.call("GET", f"/subscriptions/{sub_id}/databases?limit=100&offset={offset}", ok_404=True)
            if page is None:
                return found
            assert len(page["subscription"]) == 1 and page["subscription"][0]["subscriptionId"] == sub_id, \
                "server didn't respond with just a single subscription"
            databases = page["subscription"][0].get("databases") or []
            if not databases:
                return found
            found += databases
            offset += 100


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
    sub_id = sdk.wait_for_resource_id(sdk.call("POST", "/subscriptions", SUBSCRIPTION)["taskId"])
    path = f"/subscriptions/{sub_id}"
    terraform_wait(sdk, path, ["pending"], "active", interval=10)
    for db in sdk.list_databases(sub_id):
        terraform_wait(sdk, f"{path}/databases/{db['databaseId']}", DB_PENDING, "active")
        sdk.wait(sdk.call("DELETE", f"{path}/databases/{db['databaseId']}")["taskId"])
        terraform_wait(sdk, f"{path}/databases/{db['databaseId']}", DB_PENDING + ["active", "deleting"], "deleted")
    assert sdk.list_databases(sub_id) == []

    # resource "rediscloud_subscription_database": wait sub, create, wait db, wait sub
    created = []
    for index in range(3):
        terraform_wait(sdk, path, ["pending"], "active")
        task = sdk.call("POST", f"{path}/databases", {"name": f"db-{index}", "protocol": "redis",
                                                      "datasetSizeInGb": 1.5, "replication": True})
        db_id = sdk.wait_for_resource_id(task["taskId"])
        db = terraform_wait(sdk, f"{path}/databases/{db_id}", DB_PENDING, "active")
        assert type(db["datasetSizeInGb"]) is float and type(db["throughputMeasurement"]["value"]) is int
        created.append(db_id)
    terraform_wait(sdk, path, ["pending"], "active")
    assert [d["databaseId"] for d in sdk.list_databases(sub_id)] == created

    # update (the SDK always sends replicaOf, null when unset), then wait active
    db_path = f"{path}/databases/{created[0]}"
    sdk.wait(sdk.call("PUT", db_path, {"name": "renamed", "replicaOf": None})["taskId"])
    assert terraform_wait(sdk, db_path, DB_PENDING, "active")["name"] == "renamed"
    sdk.wait(sdk.call("PUT", path, {"name": "tf-sub-2", "paymentMethodId": 8240})["taskId"])
    assert terraform_wait(sdk, path, ["pending"], "active")["name"] == "tf-sub-2"

    # destroy: databases, then the subscription, waiting for 404 each time
    for db_id in created:
        sdk.wait(sdk.call("DELETE", f"{path}/databases/{db_id}")["taskId"])
        terraform_wait(sdk, f"{path}/databases/{db_id}", ["active", "deleting"], "deleted")
    sdk.wait(sdk.call("DELETE", path)["taskId"])
    terraform_wait(sdk, path, ["deleting"], "deleted", interval=10)
    assert sdk.call("GET", "/subscriptions")["subscriptions"] == []


def test_first_poll_is_immediate_and_backoff_costs_little_with_instant(mock_api_live):
    mock_api_live.set_profile("instant")
    sdk = GoSdk(mock_api_live)
    before = mock_api_live.now()
    sdk.wait_for_resource_id(sdk.call("POST", "/subscriptions", SUBSCRIPTION)["taskId"])
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
