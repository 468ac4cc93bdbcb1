"""Hostile input never yields a 500 or a poisoned state (issue "Never a 500"): each test is one of
the attacks that once broke the server, replayed through the public surfaces."""
from __future__ import annotations

import json

import pytest

from conftest import AUTH, SUBSCRIPTION, Api
from mock_api import create_app


def error_of(response, status):
    assert response.status_code == status, response.get_data(as_text=True)
    body = response.get_json()
    assert set(body) >= {"timestamp", "status", "error", "path"} and body["status"] == status, body
    return body


@pytest.fixture
def control(app):
    return app.test_client()


# ---------------------------------------------------------------- the clock


def test_the_clock_stays_within_its_range_and_reset_brings_it_back(api, control):
    assert error_of(control.post("/_mock/clock/set", json={"now": "9999-12-31T23:59:57Z"}), 400)
    assert control.post("/_mock/clock/set", json={"now": "8999-12-31T00:00:00Z"}).status_code == 200
    refused = error_of(control.post("/_mock/clock/advance", json={"seconds": 10 * 365 * 86400}), 400)
    assert "9000" in refused["message"]
    for _ in range(3):  # every request still answers, however far the clock went
        assert api.get("/tasks").status_code == 200
        assert api.run_task(api.post("/subscriptions", json=SUBSCRIPTION))["status"] == "processing-completed"
    assert control.post("/_mock/reset").status_code == 200
    assert control.get("/_mock/clock").get_json()["now"] < "2100"  # a global reset puts the clock back


def test_a_snapshot_from_beyond_the_clock_is_refused_and_changes_nothing(api, control):
    assert control.post("/_mock/clock/freeze").status_code == 200  # the wall clock must not move the answer
    sub = api.run_task(api.post("/subscriptions", json=SUBSCRIPTION))["response"]["resourceId"]
    snapshot = control.get("/_mock/state").get_json()
    before = control.get("/_mock/clock").get_json()["now"]
    far = dict(snapshot, now="9999-12-31T23:59:57+00:00")
    assert "range" in error_of(control.put("/_mock/state", json=far), 400)["message"]
    assert control.get("/_mock/clock").get_json()["now"] == before
    assert api.get(f"/subscriptions/{sub}").status_code == 200


@pytest.mark.parametrize("seconds", [-1, 1e300, "NaN", None, True])
def test_clock_advance_refuses_what_is_not_a_sane_duration(control, seconds):
    raw = '{"seconds": NaN}' if seconds == "NaN" else json.dumps({"seconds": seconds})
    error_of(control.post("/_mock/clock/advance", data=raw, content_type="application/json"), 400)


# ---------------------------------------------------------------- nesting and numbers


@pytest.mark.parametrize("depth", [65, 2000, 100_000])
def test_deep_bodies_are_400_and_the_journal_stays_readable(api, control, depth):
    deep = "[" * depth + "]" * depth
    error_of(api.post("/subscriptions", data=deep, content_type="application/json"), 400)
    error_of(control.post("/_mock/faults", data=deep, content_type="application/json"), 400)
    error_of(control.put("/_mock/state", data=deep, content_type="application/json"), 400)
    journal = control.get("/_mock/requests")
    assert journal.status_code == 200 and journal.get_json()["requests"][-1]["status"] == 400
    assert control.post("/_mock/requests/wait", json={"count": 1, "timeout": 0}).status_code == 200


@pytest.mark.parametrize("raw", ['{"name": "n", "databases": [{"name": "d", "datasetSizeInGb": 1e400}]}',
                                 '{"name": "n", "databases": [{"name": "d", "datasetSizeInGb": NaN}]}',
                                 '{"name": "n", "databases": [{"name": "d", "datasetSizeInGb": -Infinity}]}',
                                 '{"name": "n", "paymentMethodId": 99999999999}',
                                 '{"name": "n", "paymentMethodId": 1' + "0" * 5000 + '}'])
def test_numbers_out_of_range_are_400_before_anything_changes(api, control, raw):
    body = SUBSCRIPTION | json.loads(raw.replace("NaN", "0").replace("-Infinity", "0").replace("1e400", "0")
                                     .replace("1" + "0" * 5000, "0"))
    assert body  # the same request with sane numbers is accepted (below)
    error_of(api.post("/subscriptions", data=raw, content_type="application/json"), 400)
    assert api.get("/tasks").get_json() == {"tasks": []}


@pytest.mark.parametrize("quantity", [101, 100_000, 2147483647])
def test_a_creation_plan_is_bounded(api, quantity):
    plan = dict(SUBSCRIPTION, databases=[{"name": "d", "protocol": "redis", "quantity": quantity}])
    assert "quantity" in error_of(api.post("/subscriptions", json=plan), 400)["message"]
    assert api.get("/tasks").get_json() == {"tasks": []}
    many = dict(SUBSCRIPTION, databases=[{"name": f"d{i}", "protocol": "redis", "quantity": 100} for i in range(11)])
    assert "1000" in error_of(api.post("/subscriptions", json=many), 400)["message"]
    fine = dict(SUBSCRIPTION, databases=[{"name": "d", "protocol": "redis", "quantity": 100}])
    assert api.run_task(api.post("/subscriptions", json=fine))["status"] == "processing-completed"


# ---------------------------------------------------------------- ids and offsets


@pytest.mark.parametrize("path", ["/subscriptions/²", "/subscriptions/١٠٠٠٠١", "/subscriptions/" + "9" * 5000,
                                  "/subscriptions/00000000001", "/subscriptions/1/databases?offset=" + "9" * 5000,
                                  "/subscriptions/1/databases?offset=²", "/subscriptions/1/databases?limit=١"])
def test_ids_and_offsets_are_ascii_digits_of_bounded_length(api, path):
    error_of(api.get(path), 400)


def test_a_task_id_of_any_length_is_a_404(api):
    body = error_of(api.get("/tasks/" + "x" * 5000), 404)
    assert len(body["message"]) < 200


# ---------------------------------------------------------------- fault rules


@pytest.mark.parametrize("rule", [
    {"action": "status", "status": 503, "headers": {"X-Bad": "a\r\nSet-Cookie: x=1"}},
    {"action": "status", "status": 503, "headers": {"Transfer-Encoding": "chunked"}},
    {"action": "status", "status": 503, "headers": {"Content-Length": "5"}},
    {"action": "status", "status": 503, "headers": {"Bad Name": "x"}},
    {"action": "status", "status": 503, "headers": {"X-Long": "x" * 2000}},
    {"action": "status", "status": 100},
    {"action": "delay", "seconds": 61},
    {"action": "status", "status": 503, "commandType": "subscriptionCreate"},
    {"action": "status", "status": 503, "path": "tasks/*"},
    {"action": "status", "status": 503, "method": "FETCH"},
])
def test_fault_rules_that_would_break_answers_are_refused(api, control, rule):
    error_of(control.post("/_mock/faults", json=rule), 400)
    assert control.get("/_mock/faults").get_json() == {"faults": []}
    assert api.get("/tasks").status_code == 200


def test_a_fault_with_a_nan_body_is_refused(control):
    raw = '{"action": "status", "status": 500, "body": {"x": NaN}}'
    error_of(control.post("/_mock/faults", data=raw, content_type="application/json"), 400)


def test_a_fault_path_written_with_v1_fires(api, control):
    assert control.post("/_mock/faults", json={"action": "status", "status": 429, "path": "/v1/tasks"}).status_code == 201
    assert api.get("/tasks").status_code == 429


def test_a_misspelt_command_type_is_refused_with_a_suggestion(control):
    message = error_of(control.post("/_mock/faults", json={"action": "drop", "commandType": "subscriptionCreate"}),
                       400)["message"]
    assert "did you mean 'subscriptionCreateRequest'" in message


# ---------------------------------------------------------------- snapshots


def test_a_refused_snapshot_keeps_the_old_state(api, control):
    sub = api.run_task(api.post("/subscriptions", json=SUBSCRIPTION))["response"]["resourceId"]
    good = control.get("/_mock/state").get_json()
    account = good["accounts"][0]

    def broken(**changes):
        return dict(good, accounts=[dict(account, **changes)] + good["accounts"][1:])

    resource = account["resources"][-1]
    for document, why in [
        (broken(links="hal2"), "links"),
        (broken(profile="no-such-profile"), "profile"),
        (broken(resources=[dict(resource, data={k: v for k, v in resource["data"].items() if k != "status"})]),
         "status"),
        (broken(resources=[resource, resource]), "twice"),
        (dict(good, accounts=good["accounts"] * 2), "twice"),
        (broken(tasks=[dict(account["tasks"][0], operation="noSuchOperation")]), "operation"),
        (broken(tasks=[dict(account["tasks"][0], progress=dict(account["tasks"][0]["progress"], index=99))]),
         "index"),
        (dict(good, faults=[{"action": "status", "status": 503, "headers": {"Content-Length": "1"}}]), "faults"),
    ]:
        message = error_of(control.put("/_mock/state", json=document), 400)["message"]
        assert why in message, message
        assert api.get(f"/subscriptions/{sub}").status_code == 200  # the old state answers on
    assert control.put("/_mock/state", json=good).status_code == 200


def test_export_import_export_is_identical(api, control):
    api.run_task(api.post("/subscriptions", json=SUBSCRIPTION))
    api.post("/subscriptions", json=SUBSCRIPTION)
    control.post("/_mock/clock/advance", json={"seconds": 5})
    first = control.get("/_mock/state").get_json()
    assert control.put("/_mock/state", json=first).status_code == 200
    second = control.get("/_mock/state").get_json()
    assert {k: v for k, v in first.items() if k != "now"} == {k: v for k, v in second.items() if k != "now"}


# ---------------------------------------------------------------- secrets


def test_snapshots_and_the_journal_never_show_secrets_unless_asked(api, control, subscription):
    user = {"name": "u", "role": "r", "password": "Sup3r-Secret!"}
    api.post("/acl/users", json=user)
    database = {"name": "db", "protocol": "redis", "password": "db-Pa55word"}
    created = api.run_task(api.post(f"/subscriptions/{subscription}/databases", json=database))
    db = api.get(f"/subscriptions/{subscription}/databases/{created['response']['resourceId']}").get_json()
    assert db["security"]["password"] == "db-Pa55word"  # the API itself returns it, as the real one does
    api.post("/cloud-accounts", json={"name": "c", "accessKeyId": "AKIAEXAMPLE1", "accessSecretKey": "shh-1234567",
                                      "consoleUsername": "me", "consolePassword": "pw-987654", "signInLoginUrl": "x"})
    for text in (control.get("/_mock/state").get_data(as_text=True), control.get("/_mock/requests").get_data(as_text=True)):
        for secret in ("Sup3r-Secret!", "shh-1234567", "pw-987654", "db-Pa55word", AUTH["x-api-secret-key"]):
            assert secret not in text
    shown = control.get("/_mock/requests?secrets=show").get_data(as_text=True)
    assert "Sup3r-Secret!" in shown and "shh-1234567" in shown


# ---------------------------------------------------------------- memory


@pytest.mark.parametrize("app_config", [{"max_tasks": 5}])
def test_finished_tasks_beyond_max_tasks_are_dropped_oldest_first(api):
    ids = [api.run_task(api.post("/subscriptions", json=SUBSCRIPTION))["taskId"] for _ in range(8)]
    listed = [t["taskId"] for t in api.get("/tasks").get_json()["tasks"]]
    assert sorted(listed) == sorted(ids[-5:])
    assert api.get(f"/tasks/{ids[0]}").status_code == 404
    assert api.get(f"/tasks/{ids[-1]}").get_json()["status"] == "processing-completed"


@pytest.mark.parametrize("app_config", [{"max_tasks": 3, "profile": "realistic"}])
def test_tasks_in_progress_are_bounded_with_a_429(api):
    for _ in range(3):
        assert api.post("/subscriptions", json=SUBSCRIPTION).status_code == 202
    error_of(api.post("/subscriptions", json=SUBSCRIPTION), 429)
    assert len(api.get("/tasks").get_json()["tasks"]) == 3


@pytest.mark.parametrize("app_config", [{"journal_bytes": 16_384}])
def test_the_journal_is_bounded_in_bytes(api, control):
    for index in range(20):
        api.post("/acl/roles", json={"name": f"r{index}", "redisRules": [], "padding": "x" * 2000})
    kept = control.get("/_mock/requests").get_json()["requests"]
    assert 0 < len(kept) < 20 and kept[-1]["body"]["name"] == "r19"


def test_a_global_reset_forgets_accounts_made_by_unknown_key_pairs(app, control):
    for n in range(5):
        Api(app.test_client(), {"x-api-key": f"k{n}", "x-api-secret-key": "s"}).get("/tasks")
    assert len(control.get("/_mock/accounts").get_json()["accounts"]) == 5
    control.post("/_mock/reset")
    assert control.get("/_mock/accounts").get_json()["accounts"] == []


@pytest.mark.parametrize("app_config", [{"max_accounts": 3}])
def test_accounts_are_bounded_least_recently_used_first(app, control):
    clients = [Api(app.test_client(), {"x-api-key": f"k{n}", "x-api-secret-key": "s"}) for n in range(4)]
    for client in clients[:3]:
        client.get("/tasks")
    clients[0].get("/tasks")  # k0 used again: k1 is now the least recently used
    clients[3].get("/tasks")
    keys = {a["key"] for a in control.get("/_mock/accounts").get_json()["accounts"]}
    assert keys == {"k0", "k2", "k3"}


def test_config_limits_are_checked():
    for bad in ({"max_tasks": 0}, {"journal_bytes": -1}, {"max_waiters": 1000}, {"max_body_bytes": True}):
        with pytest.raises(ValueError):
            create_app(bad)


def test_a_snapshot_keeps_how_often_a_fault_rule_fired(api, control):
    control.post("/_mock/faults", json={"action": "status", "status": 429, "path": "/tasks", "times": 2})
    assert api.get("/tasks").status_code == 429
    snapshot = control.get("/_mock/state").get_json()
    assert control.put("/_mock/state", json=snapshot).status_code == 200
    assert control.get("/_mock/state").get_json()["faults"] == snapshot["faults"]
    assert [api.get("/tasks").status_code for _ in range(2)] == [429, 200]  # one hit left, as before


def test_a_tasks_history_keeps_its_first_status_and_the_latest_and_survives_a_snapshot(api, control):
    steps = ", ".join(["{status: processing-in-progress, polls: 1}"] * 80)
    scenario = f"scenarios:\n  - name: long\n    match: none\n    steps: [{{status: received, polls: 1}}, {steps}]\n" \
               "    outcome: completed\n"
    assert control.post("/_mock/scenarios", data=scenario, content_type="application/yaml").status_code == 201
    task_id = api.post("/subscriptions", json=SUBSCRIPTION, headers={**AUTH, "X-Mock-Scenario": "long"}) \
        .get_json()["taskId"]
    polls = [api.get(f"/tasks/{task_id}").get_json()["status"] for _ in range(100)]
    assert polls[-1] == "processing-completed"
    history = control.get(f"/_mock/tasks/{task_id}", headers=AUTH).get_json()["history"]
    assert len(history) == 64  # bounded: the first status, then the latest
    assert history[0] == {"status": "received", "at": history[0]["at"], "poll": 0}
    assert history[-1]["status"] == "processing-completed" and history[1]["poll"] > 2
    assert [c["poll"] for c in history[1:]] == sorted(c["poll"] for c in history[1:])
    snapshot = control.get("/_mock/state").get_json()
    assert control.put("/_mock/state", json=snapshot).status_code == 200
    assert control.get(f"/_mock/tasks/{task_id}", headers=AUTH).get_json()["history"] == history
