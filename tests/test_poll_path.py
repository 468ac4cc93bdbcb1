"""Polls (GET /tasks/{id}) are answered without Flask when no fault rule is set (api/tasks.py's
TaskPolls): the answer, the journal and the access log are the same as through Flask."""
from __future__ import annotations

import logging
from urllib.parse import unquote

import pytest
from werkzeug.test import Client

from conftest import AUTH, SUBSCRIPTION, Api
from mock_api.accesslog import AccessLog
from mock_api.api.tasks import poll_answered

UNRELATED_FAULT = {"action": "status", "status": 503, "path": "/nothing-here"}  # set: every poll goes via Flask


def poll_both_ways(api, path):
    """The answer without any fault rule (the fast path), then with one that matches nothing (Flask)."""
    seen = []

    def answered(sender, **kw):
        seen.append(kw["path"])

    with poll_answered.connected_to(answered):
        fast = api.get(path)
        fast_expected = int(unquote(path).isascii())  # a non-ASCII id goes to Flask by design
        assert len(seen) == fast_expected, "the fast path did not answer as it should"
        assert api.client.post("/_mock/faults", json=UNRELATED_FAULT).status_code == 201
        try:
            slow = api.get(path)
        finally:
            api.client.delete("/_mock/faults")
        assert len(seen) == fast_expected, "with a fault rule set, Flask must answer"
    return fast, slow


@pytest.mark.parametrize("app_config", [{"links": "hal"}, {"links": "v1"}])
@pytest.mark.parametrize("prefix", ["/v1", ""])
def test_a_finished_task_polls_the_same_through_either_path(app, prefix):
    api = Api(app.test_client(), prefix=prefix)
    finished = api.run_task(api.post("/subscriptions", json=SUBSCRIPTION))
    fast, slow = poll_both_ways(api, f"/tasks/{finished['taskId']}")
    assert fast.status_code == slow.status_code == 200
    assert fast.content_type == slow.content_type == "application/json"
    assert fast.get_json() == slow.get_json() == finished
    assert fast.headers["Content-Length"] == str(len(fast.data))


def test_a_running_task_moves_the_same_through_either_path(api):
    task_id = api.post("/subscriptions", json=SUBSCRIPTION).get_json()["taskId"]
    fast, slow = poll_both_ways(api, f"/tasks/{task_id}")  # the default profile: one status per poll
    assert [fast.get_json()["status"], slow.get_json()["status"]] == ["processing-in-progress",
                                                                      "processing-completed"]


@pytest.mark.parametrize("task_id", ["no-such-task", "caf%C3%A9"])
def test_an_unknown_task_is_the_same_404_through_either_path(api, task_id):
    fast, slow = poll_both_ways(api, f"/tasks/{task_id}")
    assert fast.status_code == slow.status_code == 404
    fast_body, slow_body = fast.get_json(), slow.get_json()
    assert fast_body.pop("timestamp") and slow_body.pop("timestamp")
    assert fast_body == slow_body
    assert fast_body["path"] == f"/v1/tasks/{task_id}".replace("caf%C3%A9", "café")
    assert fast_body["message"] == f"Task {task_id.replace('caf%C3%A9', 'café')} was not found"


def test_each_account_polls_only_its_own_tasks(api):
    task_id = api.post("/subscriptions", json=SUBSCRIPTION).get_json()["taskId"]
    assert api.as_account("other-key", "other-secret").get(f"/tasks/{task_id}").status_code == 404
    assert api.get(f"/tasks/{task_id}").status_code == 200


def test_a_trailing_slash_or_another_method_is_flasks_to_answer(api):
    task_id = api.post("/subscriptions", json=SUBSCRIPTION).get_json()["taskId"]
    assert api.get(f"/tasks/{task_id}/").get_json()["taskId"] == task_id  # the route ignores it
    refused = api.post(f"/tasks/{task_id}")
    assert refused.status_code == 405 and "GET" in refused.headers["Allow"]


def test_polls_are_journaled_with_their_account(api):
    task_id = api.post("/subscriptions", json=SUBSCRIPTION).get_json()["taskId"]
    api.get(f"/tasks/{task_id}")
    api.get("/tasks/unknown")
    entries = api.client.get("/_mock/requests?method=GET").get_json()["requests"]
    account_id = api.client.get("/_mock/account", headers=AUTH).get_json()["accountId"]
    assert [(e["path"], e["fullPath"], e["status"], e["accountId"]) for e in entries] == [
        (f"/tasks/{task_id}", f"/v1/tasks/{task_id}", 200, account_id),
        ("/tasks/unknown", "/v1/tasks/unknown", 404, account_id)]


def test_polls_are_in_the_access_log(app, caplog):
    client = Client(AccessLog(app))
    task_id = client.post("/v1/subscriptions", json=SUBSCRIPTION, headers=AUTH).get_json()["taskId"]
    with caplog.at_level(logging.INFO, logger="mock_api.access"):
        assert client.get(f"/v1/tasks/{task_id}", headers=AUTH).status_code == 200
    [line] = [record.access for record in caplog.records if record.name == "mock_api.access"]
    assert (line["method"], line["path"], line["status"]) == ("GET", f"/v1/tasks/{task_id}", 200)
    assert isinstance(line["accountId"], int)
