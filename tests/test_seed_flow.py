"""The page we implement (tasks-management.md), request by request, and its exact shapes."""
from __future__ import annotations

import re

import pytest

from conftest import SUBSCRIPTION

TIMESTAMP_MS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")

# The seed page's two JSON documents, key for key.
SEED_RECEIVED_KEYS = ["taskId", "commandType", "status", "description", "timestamp", "_links"]
SEED_COMPLETED_KEYS = ["taskId", "commandType", "status", "description", "timestamp", "response", "_links"]
RECEIVED = "Task request received and is being queued for processing."
COMPLETED = ("Request processing completed successfully and its resources are now being provisioned / "
             "de-provisioned.")


def test_create_answers_with_a_received_task_shaped_like_the_seed(api):
    response = api.post("/subscriptions", json=SUBSCRIPTION)
    assert response.status_code == 202
    assert response.content_type == "application/json"
    body = response.get_json()
    assert list(body) == SEED_RECEIVED_KEYS
    assert UUID.match(body["taskId"])
    assert body["commandType"] == "subscriptionCreateRequest"
    assert body["status"] == "received"
    assert body["description"] == RECEIVED
    assert TIMESTAMP_MS.match(body["timestamp"])
    assert body["_links"] == {"task": {
        "href": f"http://localhost/v1/tasks/{body['taskId']}", "title": "getTaskStatusUpdates", "type": "GET"}}
    assert list(body["_links"]["task"]) == ["href", "title", "type"]


def test_polling_shows_in_progress_then_completed_with_resource_link(api):
    task_id = api.post("/subscriptions", json=SUBSCRIPTION).get_json()["taskId"]

    first = api.get(f"/tasks/{task_id}").get_json()
    assert first["status"] == "processing-in-progress"
    assert "response" not in first
    assert first["_links"] == {"self": {"href": f"http://localhost/v1/tasks/{task_id}", "type": "GET"}}

    second = api.get(f"/tasks/{task_id}")
    assert second.status_code == 200
    done = second.get_json()
    assert list(done) == SEED_COMPLETED_KEYS
    assert done["status"] == "processing-completed"
    assert done["description"] == COMPLETED
    sub_id = done["response"]["resourceId"]
    assert isinstance(sub_id, int) and not isinstance(sub_id, bool)
    assert done["response"] == {"resourceId": sub_id}
    assert list(done["_links"]) == ["resource", "self"]
    assert done["_links"]["resource"] == {"href": f"http://localhost/v1/subscriptions/{sub_id}",
                                          "title": "getSubscriptionInformation", "type": "GET"}
    assert done["_links"]["self"] == {"href": f"http://localhost/v1/tasks/{task_id}", "type": "GET"}

    # the resource link leads to the new subscription
    assert api.get(f"/subscriptions/{sub_id}").get_json()["id"] == sub_id
    # a finished task stays as it is
    assert api.get(f"/tasks/{task_id}").get_json() == done


def test_task_list_wraps_tasks_newest_status_update_first(api, freezer):
    first = api.post("/subscriptions", json=SUBSCRIPTION).get_json()["taskId"]
    freezer.tick(1)
    second = api.post("/subscriptions", json=SUBSCRIPTION).get_json()["taskId"]
    freezer.tick(1)
    api.get(f"/tasks/{first}")  # the first task's status changes now: it becomes the newest update

    listed = api.get("/tasks")
    assert listed.status_code == 200
    tasks = listed.get_json()["tasks"]
    assert [t["taskId"] for t in tasks] == [first, second]
    assert [t["status"] for t in tasks] == ["processing-in-progress", "received"]
    assert tasks[1]["_links"] == {"self": {"href": f"http://localhost/v1/tasks/{second}", "type": "GET"}}
    # listing is not a poll: it does not move a task
    assert api.get("/tasks").get_json()["tasks"][1]["status"] == "received"


def test_a_listed_running_task_shows_each_new_status_and_its_time(api, freezer):
    task_id = api.post("/subscriptions", json=SUBSCRIPTION).get_json()["taskId"]
    listed = api.get("/tasks").get_json()["tasks"][0]  # a listing keeps the running task's JSON
    assert listed["status"] == "received" and api.get("/tasks").get_json()["tasks"][0] == listed
    freezer.tick(1)
    polled = api.get(f"/tasks/{task_id}").get_json()  # the poll moves it: the kept JSON is stale now
    assert polled["status"] == "processing-in-progress" and polled["timestamp"] != listed["timestamp"]
    assert api.get("/tasks").get_json()["tasks"][0] == polled
    at_root = api.client.get("/tasks", headers=api.headers).get_json()["tasks"][0]  # another base URL
    assert at_root["_links"]["self"]["href"] == f"http://localhost/tasks/{task_id}"
    assert api.get("/tasks").get_json()["tasks"][0]["_links"]["self"]["href"] \
        == f"http://localhost/v1/tasks/{task_id}"


def test_task_list_keeps_only_tasks_submitted_in_the_past_ten_days(api, freezer):
    old = api.post("/subscriptions", json=SUBSCRIPTION).get_json()["taskId"]
    freezer.tick(5 * 86400)
    recent = api.post("/subscriptions", json=SUBSCRIPTION).get_json()["taskId"]
    freezer.tick(5 * 86400 - 1)
    assert {t["taskId"] for t in api.get("/tasks").get_json()["tasks"]} == {old, recent}
    freezer.tick(2)
    assert [t["taskId"] for t in api.get("/tasks").get_json()["tasks"]] == [recent]
    # still reachable by id: the window is the list's, not the task's
    assert api.get(f"/tasks/{old}").status_code == 200


def test_empty_task_list(api):
    assert api.get("/tasks").get_json() == {"tasks": []}


@pytest.mark.parametrize("prefix, base", [("", "http://localhost"), ("/v1", "http://localhost/v1")])
def test_every_route_at_root_and_under_v1_with_hrefs_to_match(app, prefix, base):
    from conftest import Api

    api = Api(app.test_client(), prefix=prefix)
    created = api.post("/subscriptions", json=SUBSCRIPTION).get_json()
    assert created["_links"]["task"]["href"] == f"{base}/tasks/{created['taskId']}"
    api.get(f"/tasks/{created['taskId']}")
    done = api.get(f"/tasks/{created['taskId']}").get_json()
    assert done["_links"]["resource"]["href"] == f"{base}/subscriptions/{done['response']['resourceId']}"
    assert done["_links"]["self"]["href"] == f"{base}/tasks/{created['taskId']}"
    assert api.get("/tasks").status_code == 200


def test_hrefs_follow_the_request_host_and_scheme(api):
    body = api.post("/subscriptions", json=SUBSCRIPTION, base_url="https://mock.example:8443").get_json()
    assert body["_links"]["task"]["href"] == f"https://mock.example:8443/v1/tasks/{body['taskId']}"


def test_trailing_slash_and_doubled_slashes_are_accepted(api):
    assert api.post("/subscriptions/", json=SUBSCRIPTION).status_code == 202  # CloudFormation's form
    assert api.get("//tasks/").status_code == 200  # an SDK given a base URL ending in /


def test_unknown_task_is_404_in_the_error_shape(api):
    response = api.get("/tasks/00000000-0000-4000-8000-000000000000")
    assert response.status_code == 404
    body = response.get_json()
    assert list(body) == ["timestamp", "status", "error", "message", "path"]
    assert body["status"] == 404 and body["error"] == "Not Found"
    assert body["path"] == "/v1/tasks/00000000-0000-4000-8000-000000000000"
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$", body["timestamp"])
