"""The operation table's router (mock_api/routing.py), through HTTP: it must answer as Werkzeug's
matcher did, since clients were written against those answers."""
from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import SUBSCRIPTION
from mock_api import create_app
from mock_api.operations import OPERATIONS


def test_a_literal_segment_wins_over_a_parameter(api):
    response = api.get("/subscriptions/redis-versions")
    assert response.status_code == 200, response.get_json()
    assert "redisVersions" in response.get_json()


def test_a_method_the_literal_route_lacks_falls_to_the_parameter_route(api):
    # DELETE /subscriptions/{subscriptionId} exists, DELETE /subscriptions/redis-versions does not:
    # the parameter route takes it and refuses the id, as the real API would.
    response = api.delete("/subscriptions/redis-versions")
    assert response.status_code == 400
    assert "'redis-versions'" in response.get_json()["message"]


@pytest.mark.parametrize("method, path, allow", [
    ("PUT", "/subscriptions", "GET, HEAD, POST"),
    ("PATCH", "/subscriptions/1", "DELETE, GET, HEAD, PUT"),
    ("OPTIONS", "/subscriptions", "GET, HEAD, POST"),
    ("DELETE", "/tasks", "GET, HEAD"),  # a Flask rule, not the table's: sorted all the same
])
def test_a_path_without_the_method_is_405_with_a_sorted_allow(api, method, path, allow):
    response = api.request(method, path)
    assert response.status_code == 405
    assert response.headers["Allow"] == allow
    assert response.get_json()["message"] == f"Method {method} is not allowed here"


def test_the_allow_header_does_not_depend_on_the_hash_seed():
    script = ("from mock_api import create_app\n"
              "c = create_app().test_client()\n"
              "print(c.delete('/v1/tasks').headers['Allow'], '|', c.patch('/v1/subscriptions/1').headers['Allow'])")
    answers = {subprocess.run([sys.executable, "-c", script], env={"PYTHONHASHSEED": seed}, check=True,
                              capture_output=True, text=True).stdout for seed in ("1", "2", "3", "4")}
    assert answers == {"GET, HEAD | DELETE, GET, HEAD, PUT\n"}


def test_a_trailing_slash_is_the_same_route(api, subscription):
    plain, slashed = api.get(f"/subscriptions/{subscription}"), api.get(f"/subscriptions/{subscription}/")
    assert slashed.status_code == plain.status_code == 200
    assert slashed.get_json() == plain.get_json()
    assert api.post("/subscriptions/", json=SUBSCRIPTION).status_code == 202


def test_head_is_served_by_get_without_a_body(api, subscription):
    response = api.request("HEAD", f"/subscriptions/{subscription}")
    assert response.status_code == 200
    assert response.data == b""


def test_an_alias_with_an_escaped_query_reaches_its_operation(api, subscription):
    response = api.get(f"/subscriptions/redis-versions%3FsubscriptionId={subscription}")
    assert response.status_code == 200, response.get_json()
    assert "redisVersions" in response.get_json()
    missing = api.get("/subscriptions/redis-versions%3FsubscriptionId=999999")
    assert missing.status_code == 404


@pytest.mark.parametrize("path", ["/subscriptions/1/nothing", "/subscriptions/1/databases/2/x/y", "/nope"])
def test_a_path_no_route_has_is_404(api, path):
    response = api.get(path)
    assert response.status_code == 404
    assert response.get_json()["message"] == "No such route"


def test_every_operation_of_the_table_is_routed_to_itself():
    app = create_app()
    adapter = app.url_map.bind("localhost")
    for operation in OPERATIONS:
        path = operation.path.replace("{", "").replace("}", "")  # each parameter valued by its own name
        endpoint, values = adapter.match(path, method=operation.method)
        assert endpoint == f"api.{operation.name}", (operation.method, operation.path)
        assert app.view_functions[endpoint] is not None


def test_two_apps_in_one_process_each_serve_the_table():
    first, second = create_app().test_client(), create_app().test_client()
    headers = {"x-api-key": "k", "x-api-secret-key": "s"}
    for client in (first, second):
        response = client.get("/v1/subscriptions", headers=headers)
        assert response.status_code == 200
        assert response.get_json()["subscriptions"] == []


@pytest.mark.parametrize("path, status, message", [
    ("/_mock/faults/abc", 404, "No such route"),  # <int:…> takes ASCII digits only
    ("/_mock/faults/" + "9" * 19, 404, "No such route"),  # at most 18 of them
    ("/_mock/faults/4242", 404, "no fault rule 4242"),  # an int the handler looks for
])
def test_an_int_segment_takes_ascii_digits_only(api, path, status, message):
    response = api.client.delete(path)
    assert response.status_code == status
    assert response.get_json()["message"] == message


def test_an_any_segment_takes_only_its_words(api):
    task_id = api.post("/subscriptions", json=SUBSCRIPTION).get_json()["taskId"]  # running: it can be held
    assert api.client.post(f"/_mock/tasks/{task_id}/explode", headers=api.headers).status_code == 404
    assert api.client.post(f"/_mock/tasks/{task_id}/hold", headers=api.headers).status_code == 200


def test_the_control_api_index_is_served_with_and_without_its_slash(api):
    assert api.client.get("/_mock/").get_json() == api.client.get("/_mock").get_json()
    assert api.client.get("/v1/_mock").status_code == 200


def test_the_url_map_lists_every_route_of_the_trees():
    rules = {(rule.rule, method) for rule in create_app().url_map.iter_rules() for method in rule.methods}
    assert ("/subscriptions/<subscriptionId>", "DELETE") in rules
    assert ("/_mock/faults/<int:rule_id>", "DELETE") in rules
    assert ("/_mock/ui", "GET") in rules and ("/tasks/<task_id>", "GET") in rules
    assert not any(rule.startswith("/static") for rule, _ in rules)
