"""Each test its own world: what a caller changes with an account's credentials (or accountId) stays
in that account — its clock, fault rules, run-time scenarios and tasks — on one shared server."""
from __future__ import annotations

import pytest

from conftest import SUBSCRIPTION, Api

A = {"x-api-key": "alice", "x-api-secret-key": "a"}
B = {"x-api-key": "bob", "x-api-secret-key": "b"}
SLOW = "scenarios:\n  - name: slow\n    match: {commandType: subscriptionCreateRequest}\n" \
       "    steps: [{status: received, polls: 50}]\n    outcome: completed\n"


@pytest.fixture
def alice(app):
    return Api(app.test_client(), A)


@pytest.fixture
def bob(app):
    return Api(app.test_client(), B)


@pytest.fixture
def control(app):
    return app.test_client()


def test_an_accounts_clock_moves_only_its_own_time(alice, bob, control):
    # the server's clock held mid-hour: the wall clock crossing an hour must not move the answer
    assert control.post("/_mock/clock/set", json={"now": "2030-01-01T00:30:00Z"}).status_code == 200
    alice.get("/tasks"), bob.get("/tasks")
    before = control.get("/_mock/clock", headers=B).get_json()["now"]
    moved = control.post("/_mock/clock/advance", json={"seconds": 3600}, headers=A).get_json()
    assert moved["accountId"] is not None and moved["now"][:13] > before[:13]
    assert control.get("/_mock/clock", headers=B).get_json()["now"][:13] == before[:13]
    assert control.get("/_mock/clock").get_json()["now"][:13] == before[:13]  # nor the server's
    task_a = alice.post("/subscriptions", json=SUBSCRIPTION).get_json()
    task_b = bob.post("/subscriptions", json=SUBSCRIPTION).get_json()
    assert task_a["timestamp"][:13] == moved["now"][:13] and task_b["timestamp"][:13] == before[:13]


def test_frozen_and_resumed_per_account(alice, control):
    alice.get("/tasks")
    frozen = control.post("/_mock/clock/freeze", headers=A).get_json()
    assert frozen["frozen"] and not control.get("/_mock/clock").get_json()["frozen"]
    assert control.get("/_mock/clock", headers=A).get_json()["now"] == frozen["now"]
    assert control.post("/_mock/clock/resume", headers=A).get_json()["frozen"] is False


def test_an_accounts_fault_rule_fires_only_for_it(alice, bob, control):
    alice.get("/tasks"), bob.get("/tasks")
    rule = control.post("/_mock/faults", json={"action": "status", "status": 429}, headers=A).get_json()
    assert rule["accountId"] == control.get("/_mock/clock", headers=A).get_json()["accountId"]
    assert alice.get("/tasks").status_code == 429
    assert bob.get("/tasks").status_code == 200
    assert control.get("/_mock/faults", headers=B).get_json() == {"faults": []}
    control.delete("/_mock/faults", headers=B)  # bob's clear leaves alice's rule
    assert alice.get("/tasks").status_code == 429
    control.post("/_mock/reset", headers=A)  # alice's reset takes it away
    assert alice.get("/tasks").status_code == 200


def test_an_accounts_run_time_scenarios_apply_only_to_it(alice, bob, control):
    alice.get("/tasks")
    assert control.post("/_mock/scenarios", data=SLOW, headers=A).status_code == 201
    assert alice.run_task(alice.post("/subscriptions", json=SUBSCRIPTION), max_polls=60)["status"] \
        == "processing-completed"
    assert len(alice.get("/tasks").get_json()["tasks"]) == 1
    quick = bob.post("/subscriptions", json=SUBSCRIPTION).get_json()["taskId"]
    assert bob.get(f"/tasks/{quick}").get_json()["status"] == "processing-in-progress"  # the profile's, not slow
    names = [s["name"] for s in control.get("/_mock/scenarios", headers=B).get_json()["scenarios"]]
    assert "slow" not in names and "slow" in [s["name"] for s in
                                              control.get("/_mock/scenarios", headers=A).get_json()["scenarios"]]


def test_scenarios_for_a_missing_or_malformed_account_are_refused_and_load_nowhere(alice, control):
    alice.get("/tasks")
    unknown = control.post("/_mock/scenarios", data=SLOW, query_string={"accountId": "999999"})
    assert unknown.status_code == 404 and unknown.get_json()["message"] == "no account 999999"
    malformed = control.post("/_mock/scenarios", data=SLOW, query_string={"accountId": "x1"})
    assert malformed.status_code == 400
    assert malformed.get_json()["problems"] == ["accountId must be a whole number, not 'x1'"]
    stranger = control.post("/_mock/scenarios", data=SLOW, headers={"x-api-key": "eve", "x-api-secret-key": "?"})
    assert stranger.status_code == 201  # an unknown key pair is a new account (no --accounts file)
    assert "slow" not in [s["name"] for s in control.get("/_mock/scenarios", headers=A).get_json()["scenarios"]]
    assert "slow" not in [s["name"] for s in control.get("/_mock/scenarios").get_json()["scenarios"]]


def test_a_global_call_acts_for_everyone_and_a_global_reset_clears_account_settings(alice, bob, control):
    alice.get("/tasks"), bob.get("/tasks")
    control.post("/_mock/faults", json={"action": "status", "status": 429, "path": "/subscriptions"})
    assert alice.get("/subscriptions").status_code == 429 and bob.get("/subscriptions").status_code == 429
    control.post("/_mock/faults", json={"action": "status", "status": 429}, headers=A)
    control.post("/_mock/scenarios", data=SLOW, headers=A)
    control.post("/_mock/clock/advance", json={"seconds": 60}, headers=A)
    control.post("/_mock/reset")
    assert control.get("/_mock/faults").get_json() == {"faults": []}
    fresh = Api(alice.client, A)
    assert fresh.get("/subscriptions").status_code == 200
    assert "slow" not in [s["name"] for s in control.get("/_mock/scenarios", headers=A).get_json()["scenarios"]]


def test_task_actions_with_credentials_reach_only_the_accounts_own_tasks(alice, bob, control):
    task = alice.post("/subscriptions", json=SUBSCRIPTION).get_json()["taskId"]
    failure = {"type": "GENERAL_ERROR", "status": "500 INTERNAL_SERVER_ERROR", "description": "boom"}
    assert control.post(f"/_mock/tasks/{task}/fail", json=failure, headers=B).status_code == 404
    assert control.get(f"/_mock/tasks/{task}", headers=B).status_code == 404
    assert alice.get(f"/tasks/{task}").get_json()["status"] == "processing-in-progress"
    record = control.get(f"/_mock/tasks/{task}", headers=A).get_json()
    assert [c["status"] for c in record["history"]] == ["received", "processing-in-progress"]
    assert control.post(f"/_mock/tasks/{task}/fail", json=failure, headers=A).get_json()["status"] \
        == "processing-error"


def test_the_journal_with_credentials_shows_only_the_accounts_requests(alice, bob, control):
    alice.get("/tasks"), bob.get("/subscriptions")
    assert [e["path"] for e in control.get("/_mock/requests", headers=B).get_json()["requests"]] == ["/subscriptions"]
    control.delete("/_mock/requests", headers=B)
    assert [e["path"] for e in control.get("/_mock/requests").get_json()["requests"]] == ["/tasks"]


def test_forgetting_an_account(alice, control):
    alice.post("/subscriptions", json=SUBSCRIPTION)
    account = control.get("/_mock/clock", headers=A).get_json()["accountId"]
    assert control.delete("/_mock/account", headers=A).get_json() == {"reset": "account", "accountId": account}
    assert control.get("/_mock/accounts").get_json()["accounts"] == []
    assert alice.get("/tasks").get_json() == {"tasks": []}  # the same pair starts afresh


def test_a_near_miss_is_journaled_when_the_users_scenarios_do_not_fit(alice, control):
    alice.get("/tasks")
    declined = ("scenarios:\n  - name: declined\n    match: {commandType: subscriptionCreateRequest, "
                "body: {name: 'declined-*'}}\n    steps: [{status: received, polls: 1}]\n"
                "    outcome: {error: {type: PAYMENT_INFO_NOT_PROVIDED, status: 400 BAD_REQUEST, "
                "description: Payment info is not provided}}\n")
    control.post("/_mock/scenarios", data=declined, headers=A)
    alice.post("/subscriptions", json=dict(SUBSCRIPTION, name="decline-me"))
    entry = control.get("/_mock/requests?method=POST", headers=A).get_json()["requests"][-1]
    assert "declined" in entry["nearMiss"] and "body.name 'decline-me' does not match 'declined-*'" in entry["nearMiss"]
    alice.post("/subscriptions", json=dict(SUBSCRIPTION, name="declined-1"))
    assert "nearMiss" not in control.get("/_mock/requests?method=POST", headers=A).get_json()["requests"][-1]


def test_the_journal_exports_as_a_scenario_file_that_replays_it(app, alice, control):
    from conftest import Api as _Api
    from mock_api import create_app

    ok = alice.post("/subscriptions", json=SUBSCRIPTION).get_json()["taskId"]
    alice.run_task(alice.get(f"/tasks/{ok}"))
    bad = alice.post("/subscriptions", json=dict(SUBSCRIPTION, name="bad-card")).get_json()["taskId"]
    failure = {"type": "PAYMENT_INFO_NOT_PROVIDED", "status": "400 BAD_REQUEST",
               "description": "Payment info is not provided"}
    control.post(f"/_mock/tasks/{bad}/fail", json=failure, headers=A)
    exported = control.get("/_mock/requests?format=scenario", headers=A)
    assert exported.status_code == 200 and exported.mimetype == "application/yaml"
    replay = _Api(create_app().test_client(), A)
    assert replay.client.post("/_mock/scenarios", data=exported.get_data()).status_code == 201
    again = replay.run_task(replay.post("/subscriptions", json=dict(SUBSCRIPTION, name="bad-card")))
    assert again["response"]["error"] == failure
    assert replay.run_task(replay.post("/subscriptions", json=SUBSCRIPTION))["status"] == "processing-completed"


def test_the_credentials_tell_who_they_are(alice, control):
    alice.get("/tasks")
    me = control.get("/_mock/account", headers=A).get_json()
    assert me["accountId"] == control.get("/_mock/clock", headers=A).get_json()["accountId"]
    assert control.get("/_mock/account").status_code == 400
