"""Subscriptions and databases through their lifecycle, as SDKs, Terraform and CloudFormation drive them."""
from __future__ import annotations

import pytest

from conftest import SUBSCRIPTION, Api, wait_for_status
from mock_api import create_app

DATABASE = {"name": "db-1", "protocol": "redis", "datasetSizeInGb": 2, "replication": True,
            "throughputMeasurement": {"by": "operations-per-second", "value": 10000}}


def test_subscription_create_then_pending_then_active(api):
    done = api.run_task(api.post("/subscriptions", json=SUBSCRIPTION))
    sub = f"/subscriptions/{done['response']['resourceId']}"
    first = api.get(sub).get_json()
    assert first["status"] == "pending"
    assert api.get(sub).get_json()["status"] == "active"
    assert list(first)[:3] == ["id", "name", "status"]
    assert first["name"] == "sub-1"
    assert first["paymentMethodId"] == 8240 and first["paymentMethodType"] == "credit-card"
    region = first["cloudDetails"][0]["regions"][0]
    assert region["region"] == "us-east-1"
    assert isinstance(region["networking"], list)  # an object in the request, an array here
    assert region["networking"][0]["deploymentCIDR"] == "10.0.0.0/24"
    assert first["numberOfDatabases"] == 1  # the creation plan's database came with it


def test_subscription_list(api, subscription):
    body = api.get("/subscriptions").get_json()
    assert list(body)[:2] == ["accountId", "subscriptions"]
    assert isinstance(body["accountId"], int)
    assert [s["id"] for s in body["subscriptions"]] == [subscription]


def test_database_create_update_delete(api, subscription):
    created = api.post(f"/subscriptions/{subscription}/databases", json=DATABASE)
    assert created.status_code == 202
    assert created.get_json()["commandType"] == "databaseCreateRequest"
    # the subscription is pending while the database is being created
    assert api.get(f"/subscriptions/{subscription}").get_json()["status"] == "pending"
    done = api.run_task(created)
    db_id = done["response"]["resourceId"]
    assert done["response"] == {"resourceId": db_id, "additionalResourceId": subscription}
    db_path = f"/subscriptions/{subscription}/databases/{db_id}"
    assert done["_links"]["resource"] == {"href": f"http://localhost/v1{db_path}", "title": "getDatabaseInformation",
                                          "type": "GET"}
    # still pending while the new database is provisioned; reading it reads the database too
    assert [api.get(f"/subscriptions/{subscription}").get_json()["status"] for _ in range(2)] == ["pending", "active"]
    db = wait_for_status(api, db_path, "active")
    assert db["databaseId"] == db_id and db["name"] == "db-1"
    assert isinstance(db["datasetSizeInGb"], float) and db["throughputMeasurement"]["value"] == 10000
    assert db["publicEndpoint"].endswith(f":{db['publicEndpoint'].rsplit(':', 1)[1]}")

    updated = api.put(db_path, json={"name": "db-renamed", "replicaOf": None, "datasetSizeInGb": 3})
    assert updated.status_code == 200
    assert updated.get_json()["commandType"] == "databaseUpdateRequest"
    done = api.run_task(updated)
    assert done["response"] == {"resourceId": db_id, "additionalResourceId": subscription}
    assert list(done["_links"]) == ["resource", "self"]
    assert api.get(db_path).get_json()["status"] == "active-change-pending"
    db = api.get(db_path).get_json()
    assert (db["status"], db["name"], db["datasetSizeInGb"]) == ("active", "db-renamed", 3.0)

    deleted = api.delete(db_path)
    assert deleted.status_code == 200
    assert deleted.get_json()["commandType"] == "databaseDeleteRequest"
    done = api.run_task(deleted)
    assert done["response"] == {"resourceId": db_id, "additionalResourceId": subscription}
    assert list(done["_links"]) == ["self"]  # delete tasks have no resource link
    assert api.get(db_path).get_json()["status"] == "deleting"  # never `active` after its delete task
    gone = api.get(db_path)
    assert gone.status_code == 404
    assert "Not Found" in gone.get_data(as_text=True)  # what CloudFormation looks for


def test_subscription_update_and_delete(api, subscription):
    path = f"/subscriptions/{subscription}"
    done = api.run_task(api.put(path, json={"name": "renamed", "paymentMethod": "marketplace"}))
    assert done["commandType"] == "subscriptionUpdateRequest"
    assert done["_links"]["resource"]["href"] == f"http://localhost/v1{path}"
    body = wait_for_status(api, path, "active")
    assert (body["name"], body["paymentMethodType"]) == ("renamed", "marketplace")

    # the plan database first, as Terraform does
    [db] = api.get(f"{path}/databases").get_json()["subscription"][0]["databases"]
    db_path = f"{path}/databases/{db['databaseId']}"
    api.run_task(api.delete(db_path))
    assert api.get(db_path).get_json()["status"] == "deleting"
    assert api.get(db_path).status_code == 404
    assert api.get(path).get_json()["numberOfDatabases"] == 0

    done = api.run_task(api.delete(path))
    assert done["status"] == "processing-completed"
    assert done["response"] == {"resourceId": subscription}
    assert api.get(path).get_json()["status"] == "deleting"
    assert api.get(path).status_code == 404
    assert api.get("/subscriptions").get_json()["subscriptions"] == []


def test_database_list_pages_by_offset_and_limit(api, subscription):
    path = f"/subscriptions/{subscription}/databases"
    for index in range(4):
        wait_for_status(api, f"/subscriptions/{subscription}", "active")
        api.run_task(api.post(path, json={**DATABASE, "name": f"db-{index}"}))
    first = api.get(f"{path}?offset=0&limit=2").get_json()
    assert list(first) == ["accountId", "subscription", "_links"]
    [entry] = first["subscription"]
    assert entry["subscriptionId"] == subscription and entry["numberOfDatabases"] == 5
    assert [d["name"] for d in entry["databases"]] == ["plan-db", "db-0"]
    second = api.get(f"{path}?offset=2&limit=2").get_json()["subscription"][0]["databases"]
    third = api.get(f"{path}?offset=4&limit=2").get_json()["subscription"][0]["databases"]
    assert [d["name"] for d in second + third] == ["db-1", "db-2", "db-3"]
    assert api.get(f"{path}?offset=6&limit=2").status_code == 404  # past the end: the SDK stops
    assert api.get(f"{path}?offset=x").status_code == 400
    assert api.get(f"{path}?limit=0").status_code == 400


def test_empty_subscription_lists_one_entry_with_no_databases(api, subscription):
    path = f"/subscriptions/{subscription}/databases"
    [db] = api.get(path).get_json()["subscription"][0]["databases"]
    api.run_task(api.delete(f"{path}/{db['databaseId']}"))
    api.get(path)  # shows it `deleting`
    body = api.get(path).get_json()
    assert body["subscription"] == [{"subscriptionId": subscription, "numberOfDatabases": 0, "databases": []}]


def test_dry_run_prices_and_creates_nothing(api):
    done = api.run_task(api.post("/subscriptions", json={**SUBSCRIPTION, "dryRun": True}))
    assert done["status"] == "processing-completed"
    assert done["response"]["resource"]["pricing"][0]["type"] == "Shards"
    assert "resource" not in done["_links"]
    assert api.get("/subscriptions").get_json()["subscriptions"] == []


# ------------------------------------------------------------ business rules as task errors


def error_of(done):
    assert done["status"] == "processing-error"
    assert list(done["_links"]) == ["self"]
    return done["response"]["error"]


def test_database_in_a_missing_subscription(api):
    error = error_of(api.run_task(api.post("/subscriptions/4242/databases", json=DATABASE)))
    assert error == {"type": "SUBSCRIPTION_NOT_FOUND", "status": "404 NOT_FOUND",
                     "description": "Subscription was not found"}


def test_database_while_the_subscription_is_not_active(api):
    sub_id = api.run_task(api.post("/subscriptions", json=SUBSCRIPTION))["response"]["resourceId"]
    # still pending: nobody has read it yet
    error = error_of(api.run_task(api.post(f"/subscriptions/{sub_id}/databases", json=DATABASE)))
    assert error == {"type": "SUBSCRIPTION_NOT_ACTIVE", "status": "403 FORBIDDEN",
                     "description": "Cannot preform any actions for subscription that is not in an active state"}


def test_update_or_delete_of_missing_resources(api, subscription):
    assert error_of(api.run_task(api.put("/subscriptions/4242", json={"name": "x"})))["type"] == \
        "SUBSCRIPTION_NOT_FOUND"
    assert error_of(api.run_task(api.delete("/subscriptions/4242")))["type"] == "SUBSCRIPTION_NOT_FOUND"
    missing_db = f"/subscriptions/{subscription}/databases/4242"
    assert error_of(api.run_task(api.put(missing_db, json={"name": "x"})))["type"] == "DATABASE_NOT_FOUND"
    assert error_of(api.run_task(api.delete(missing_db)))["type"] == "DATABASE_NOT_FOUND"


def test_deleting_a_subscription_that_still_has_databases_fails(api, subscription):
    error = error_of(api.run_task(api.delete(f"/subscriptions/{subscription}")))
    assert error["type"] == "SUBSCRIPTION_IN_USE"
    assert api.get(f"/subscriptions/{subscription}").get_json()["status"] == "active"




# ------------------------------------------------------------ v1 link profile


@pytest.fixture
def v1():
    return Api(create_app(links="v1").test_client())


def test_v1_links_on_each_state(v1):
    created = v1.post("/subscriptions", json=SUBSCRIPTION).get_json()
    task_href = f"http://localhost/v1/tasks/{created['taskId']}"
    assert list(created) == ["taskId", "commandType", "status", "description", "timestamp", "links"]
    assert created["links"] == [{"rel": "task", "type": "GET", "href": task_href}]
    assert list(created["links"][0]) == ["rel", "type", "href"]
    running = v1.get(f"/tasks/{created['taskId']}").get_json()
    assert running["links"] == [{"rel": "self", "type": "GET", "href": task_href}]
    done = v1.get(f"/tasks/{created['taskId']}").get_json()
    sub_id = done["response"]["resourceId"]
    assert done["links"] == [{"rel": "resource", "type": "GET", "href": f"http://localhost/v1/subscriptions/{sub_id}"},
                             {"rel": "self", "type": "GET", "href": task_href}]
    sub = v1.get(f"/subscriptions/{sub_id}").get_json()
    assert sub["links"] == [{"rel": "self", "type": "GET", "href": f"http://localhost/v1/subscriptions/{sub_id}"}]
    deleted = v1.run_task(v1.delete(f"/subscriptions/{sub_id}"))
    assert [link["rel"] for link in deleted["links"]] == ["self"]


def test_v1_timestamps_have_up_to_nanoseconds(v1, freezer):
    created = v1.post("/subscriptions", json=SUBSCRIPTION).get_json()
    assert created["timestamp"] == "2026-03-01T12:00:00.123456Z"


def test_provisioning_can_end_in_error(tmp_path):
    scenario = tmp_path / "broken.yaml"
    scenario.write_text("scenarios:\n  - name: broken\n    match: {commandType: subscriptionCreateRequest}\n"
                        "    steps: [{status: received, polls: 1}]\n    outcome: completed\n"
                        "    resource: {steps: [{status: pending, polls: 2}], final: error}\n")
    api = Api(create_app(scenarios=[str(scenario)]).test_client())
    sub = f"/subscriptions/{api.run_task(api.post('/subscriptions', json=SUBSCRIPTION))['response']['resourceId']}"
    assert [api.get(sub).get_json()["status"] for _ in range(3)] == ["pending", "pending", "error"]
