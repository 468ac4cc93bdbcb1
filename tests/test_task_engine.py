"""Every status and transition, by polls and by (freezegun-moved) time, through HTTP."""
from __future__ import annotations

import random
import textwrap
from datetime import datetime, timedelta, timezone

import pytest

from conftest import SUBSCRIPTION, Api
from mock_api import create_app

START = datetime(2026, 3, 1, 12, 0, 0, 123456, tzinfo=timezone.utc)
ORDER = ["initialized", "received", "processing-in-progress", "processing-completed", "processing-error"]


def stamp(seconds: float) -> str:
    moment = START + timedelta(seconds=seconds)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def app_with(tmp_path, yaml_text: str, **config) -> Api:
    path = tmp_path / "scenarios.yaml"
    path.write_text(textwrap.dedent(yaml_text))
    return Api(create_app(scenarios=[str(path)], **config).test_client())


def statuses(api, task_id, polls):
    return [api.get(f"/tasks/{task_id}").get_json()["status"] for _ in range(polls)]


def test_steps_by_polls_through_all_running_statuses(tmp_path):
    api = app_with(tmp_path, """
        scenarios:
          - name: slow
            steps:
              - {status: initialized, polls: 1}
              - {status: received, polls: 2}
              - {status: processing-in-progress, polls: 3}
            outcome: completed
    """)
    created = api.post("/subscriptions", json=SUBSCRIPTION).get_json()
    assert created["status"] == "initialized"
    assert "description" not in created  # no description is recorded for `initialized`
    assert statuses(api, created["taskId"], 6) == (
        ["received"] * 2 + ["processing-in-progress"] * 3 + ["processing-completed"])


def test_default_profile_received_then_in_progress_then_completed(api):
    created = api.post("/subscriptions", json=SUBSCRIPTION).get_json()
    assert created["status"] == "received"
    assert statuses(api, created["taskId"], 3) == [
        "processing-in-progress", "processing-completed", "processing-completed"]


def test_instant_profile_completes_at_the_first_poll():
    api = Api(create_app(profile="instant").test_client())
    created = api.post("/subscriptions", json=SUBSCRIPTION).get_json()
    assert created["status"] == "received"
    assert statuses(api, created["taskId"], 1) == ["processing-completed"]


def test_steps_by_time_and_timestamp_is_when_the_status_began(tmp_path, freezer):
    api = app_with(tmp_path, """
        scenarios:
          - name: timed
            steps:
              - {status: received, seconds: 10}
              - {status: processing-in-progress, seconds: 20}
            outcome: completed
    """)
    created = api.post("/subscriptions", json=SUBSCRIPTION).get_json()
    task = f"/tasks/{created['taskId']}"
    assert created["timestamp"] == stamp(0)
    freezer.tick(9.9)
    assert api.get(task).get_json()["status"] == "received"
    freezer.tick(5.1)  # t = 15: in progress since t = 10, whenever it is read
    body = api.get(task).get_json()
    assert (body["status"], body["timestamp"]) == ("processing-in-progress", stamp(10))
    freezer.tick(85)  # t = 100: completed at t = 30
    body = api.get(task).get_json()
    assert (body["status"], body["timestamp"]) == ("processing-completed", stamp(30))


def test_time_alone_finishes_a_task_nobody_polls(tmp_path, freezer):
    api = app_with(tmp_path, """
        scenarios:
          - name: timed
            steps: [{status: received, seconds: 3}]
            outcome: completed
    """)
    api.post("/subscriptions", json=SUBSCRIPTION)
    freezer.tick(3)
    [task] = api.get("/tasks").get_json()["tasks"]
    assert task["status"] == "processing-completed"
    # its effect happened too: the subscription exists
    assert api.get(f"/subscriptions/{task['response']['resourceId']}").status_code == 200


def test_a_step_with_polls_and_seconds_ends_at_whichever_comes_first(tmp_path, freezer):
    api = app_with(tmp_path, """
        scenarios:
          - name: either
            steps: [{status: received, polls: 3, seconds: 5}]
            outcome: completed
    """)
    by_polls = api.post("/subscriptions", json=SUBSCRIPTION).get_json()["taskId"]
    by_time = api.post("/subscriptions", json=SUBSCRIPTION).get_json()["taskId"]
    assert statuses(api, by_polls, 3) == ["received", "received", "processing-completed"]
    assert statuses(api, by_time, 1) == ["received"]
    freezer.tick(5)
    assert statuses(api, by_time, 1) == ["processing-completed"]


def test_poll_based_transition_is_stamped_with_the_poll_time(api, freezer):
    task = f"/tasks/{api.post('/subscriptions', json=SUBSCRIPTION).get_json()['taskId']}"
    freezer.tick(7)
    assert api.get(task).get_json()["timestamp"] == stamp(7)
    freezer.tick(4)
    assert api.get(task).get_json()["timestamp"] == stamp(11)
    freezer.tick(4)
    assert api.get(task).get_json()["timestamp"] == stamp(11)  # finished: it stays


def test_error_outcome_shape(tmp_path):
    api = app_with(tmp_path, """
        scenarios:
          - name: no-payment
            steps: [{status: received, polls: 1}]
            outcome:
              error: {type: PAYMENT_INFO_NOT_PROVIDED, status: 400 BAD_REQUEST,
                      description: Payment info is not provided}
              additionalInfo: rcp-cannot-provision-without-plan
    """)
    created = api.post("/subscriptions", json=SUBSCRIPTION).get_json()
    body = api.get(f"/tasks/{created['taskId']}").get_json()
    assert list(body) == ["taskId", "commandType", "status", "description", "timestamp", "response", "_links"]
    assert body["status"] == "processing-error"
    assert body["description"] == ("Task request failed during processing. "
                                   "See error information for failure details.")
    assert body["response"] == {
        "error": {"type": "PAYMENT_INFO_NOT_PROVIDED", "status": "400 BAD_REQUEST",
                  "description": "Payment info is not provided"},
        "additionalInfo": "rcp-cannot-provision-without-plan"}
    assert list(body["_links"]) == ["self"]
    assert api.get("/subscriptions").get_json()["subscriptions"] == []  # nothing was created


def test_response_placeholders_and_step_descriptions(tmp_path):
    api = app_with(tmp_path, """
        scenarios:
          - name: templated
            steps: [{status: processing-in-progress, polls: 1, description: "Crunching ${body.name}"}]
            outcome:
              response:
                resource: {echo: "${body.name}", id: "${resourceId}", ref: "task-${taskId}"}
    """)
    created = api.post("/subscriptions", json=SUBSCRIPTION).get_json()
    assert created["description"] == "Crunching ${body.name}"  # descriptions are literal text
    body = api.get(f"/tasks/{created['taskId']}").get_json()
    sub_id = body["response"]["resourceId"]
    assert body["response"]["resource"] == {"echo": "sub-1", "id": sub_id, "ref": f"task-{created['taskId']}"}


def test_scenario_chosen_by_header_or_by_request_body(tmp_path):
    api = app_with(tmp_path, """
        scenarios:
          - name: fail-payment
            match: {commandType: subscriptionCreateRequest, body: {name: "fail-payment*"}}
            steps: [{status: received, polls: 1}]
            outcome: {error: {type: PAYMENT_INFO_NOT_PROVIDED, status: 400 BAD_REQUEST, description: "No payment"}}
          - name: stuck
            match: none
            steps: [{status: received, polls: 1000}]
            outcome: completed
    """, profile="instant")
    failing = api.post("/subscriptions", json={**SUBSCRIPTION, "name": "fail-payment-1"}).get_json()
    assert api.get(f"/tasks/{failing['taskId']}").get_json()["status"] == "processing-error"
    normal = api.post("/subscriptions", json=SUBSCRIPTION).get_json()
    assert api.get(f"/tasks/{normal['taskId']}").get_json()["status"] == "processing-completed"
    held = api.post("/subscriptions", json=SUBSCRIPTION, headers={"X-Mock-Scenario": "stuck"}).get_json()
    assert statuses(api, held["taskId"], 5) == ["received"] * 5
    unknown = api.post("/subscriptions", json=SUBSCRIPTION, headers={"X-Mock-Scenario": "nope"})
    assert unknown.status_code == 400
    assert "nope" in unknown.get_json()["message"]


@pytest.mark.parametrize("seed", range(5))
def test_a_status_never_goes_back_under_any_mix_of_polls_and_time(tmp_path, freezer, seed):
    api = app_with(tmp_path, """
        scenarios:
          - name: mixed
            steps:
              - {status: initialized, seconds: 2}
              - {status: received, polls: 2, seconds: 30}
              - {status: processing-in-progress, polls: 4}
            outcome: completed
    """)
    rng = random.Random(seed)
    task = f"/tasks/{api.post('/subscriptions', json=SUBSCRIPTION).get_json()['taskId']}"
    seen = []
    for _ in range(15):
        freezer.tick(rng.choice([0, 0.5, 1, 5, 20]))
        body = api.get(task).get_json() if rng.random() < 0.7 else api.get("/tasks").get_json()["tasks"][0]
        seen.append((ORDER.index(body["status"]), body["timestamp"]))
    assert seen == sorted(seen), seen
    assert seen[-1][0] >= ORDER.index("received")


def test_realistic_profile_moves_with_the_clock(freezer):
    api = Api(create_app(profile="realistic").test_client())
    task = f"/tasks/{api.post('/subscriptions', json=SUBSCRIPTION).get_json()['taskId']}"
    assert api.get(task).get_json()["status"] == "received"
    freezer.tick(2)
    assert api.get(task).get_json()["status"] == "processing-in-progress"
    freezer.tick(15)
    done = api.get(task).get_json()
    assert done["status"] == "processing-completed"
    sub = f"/subscriptions/{done['response']['resourceId']}"
    assert api.get(sub).get_json()["status"] == "pending"
    freezer.tick(300)
    assert api.get(sub).get_json()["status"] == "active"
