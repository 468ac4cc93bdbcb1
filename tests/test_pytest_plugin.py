"""The pytest plugin, exercised the way users run it: inner test suites run by pytester."""
from __future__ import annotations

import socket
import time

import pytest

from conftest import WITHOUT_FUZZ_PLUGINS

SUB = ('{"cloudProviders": [{"regions": [{"region": "us-east-1"}]}], '
       '"databases": [{"name": "d", "protocol": "redis"}]}')


@pytest.fixture
def inner(pytester):
    pytester.makeini("[pytest]\n")  # the inner suite must not read this project's setup.cfg
    return pytester


def test_fixtures_are_registered_by_entry_point(inner):
    result = inner.runpytest("--fixtures")
    for name in ("mock_api_app", "mock_api", "mock_api_client", "mock_api_server", "mock_api_live"):
        result.stdout.fnmatch_lines([f"{name}*"])


def test_no_state_leaks_between_tests(inner):
    inner.makepyfile(f"""
        import json, urllib.request
        import pytest

        def post(handle):
            request = urllib.request.Request(handle.v1_url + "/subscriptions", data={SUB!r}.encode(),
                                             headers={{**handle.headers, "Content-Type": "application/json"}})
            return json.loads(urllib.request.urlopen(request).read())

        @pytest.mark.parametrize("round", range(3))
        def test_live(mock_api_live, round):
            assert mock_api_live.tasks() == []
            task = post(mock_api_live)
            assert [t["taskId"] for t in mock_api_live.tasks()] == [task["taskId"]]

        @pytest.mark.parametrize("round", range(3))
        def test_in_process(mock_api, mock_api_client, round):
            assert mock_api.tasks() == [] and mock_api.resources("subscription") == []
            task = mock_api_client.post("/subscriptions", data={SUB!r}).get_json()
            mock_api.wait_for_task(task["taskId"])
            assert len(mock_api.resources("subscription")) == 1
    """)
    inner.runpytest().assert_outcomes(passed=6)


def test_live_server_has_a_free_port_per_xdist_worker_and_stops_cleanly(inner, tmp_path):
    log = tmp_path / "urls.txt"
    inner.makepyfile(f"""
        import os
        import pytest

        @pytest.mark.parametrize("n", range(8))
        def test_where(mock_api_server, n):
            with open({str(log)!r}, "a") as out:
                out.write(os.environ.get("PYTEST_XDIST_WORKER", "main") + " " + mock_api_server.url + "\\n")
            assert mock_api_server.url.startswith("http://127.0.0.1:")
            assert mock_api_server.v1_url == mock_api_server.url + "/v1"
    """)
    inner.runpytest_subprocess(*WITHOUT_FUZZ_PLUGINS, "-n", "2", "-p", "xdist").assert_outcomes(passed=8)
    seen = {}
    for line in log.read_text().splitlines():
        worker, url = line.split()
        seen.setdefault(worker, set()).add(url)
    assert len(seen) == 2, seen  # both workers ran tests
    assert all(len(urls) == 1 for urls in seen.values())  # one server per worker, for the session
    ports = [int(next(iter(urls)).rsplit(":", 1)[1]) for urls in seen.values()]
    assert len(set(ports)) == 2
    for port in ports:  # stopped with the session: nothing listens there any more
        with socket.socket() as probe:
            assert probe.connect_ex(("127.0.0.1", port)) != 0


def test_a_live_server_that_cannot_start_fails_at_once_and_clearly(inner):
    inner.makeini("[pytest]\nmock_api_host = 203.0.113.250\n")  # not an address of this machine
    inner.makepyfile("""
        def test_needs_server(mock_api_live):
            pass
    """)
    started = time.monotonic()
    result = inner.runpytest()
    assert time.monotonic() - started < 30
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*mock_api live server could not start on 203.0.113.250*"])


def test_freezegun_and_the_handle_both_move_tasks(inner):
    inner.makepyfile(f"""
        import json, urllib.request
        import pytest
        from freezegun import freeze_time

        def call(handle, method, path, body=None):
            request = urllib.request.Request(handle.v1_url + path, method=method,
                                             data=body.encode() if body else None,
                                             headers={{**handle.headers, "Content-Type": "application/json"}})
            return json.loads(urllib.request.urlopen(request).read())

        @pytest.mark.mock_api(profile="realistic")
        def test_freezegun_moves_the_live_server(mock_api_live):
            with freeze_time("2026-01-01T00:00:00Z") as frozen:
                task = call(mock_api_live, "POST", "/subscriptions", {SUB!r})
                assert call(mock_api_live, "GET", "/tasks/" + task["taskId"])["status"] == "received"
                frozen.tick(2)
                assert call(mock_api_live, "GET", "/tasks/" + task["taskId"])["status"] == "processing-in-progress"
                frozen.tick(15)
                assert call(mock_api_live, "GET", "/tasks/" + task["taskId"])["status"] == "processing-completed"

        @pytest.mark.mock_api(profile="realistic")
        def test_the_handle_moves_the_live_server(mock_api_live):
            task = call(mock_api_live, "POST", "/subscriptions", {SUB!r})
            mock_api_live.advance(17)
            assert call(mock_api_live, "GET", "/tasks/" + task["taskId"])["status"] == "processing-completed"

        @pytest.mark.mock_api(profile="realistic")
        def test_freezegun_moves_the_in_process_app(mock_api, mock_api_client):
            with freeze_time("2026-01-01T00:00:00Z") as frozen:
                task = mock_api_client.post("/subscriptions", data={SUB!r}).get_json()
                frozen.tick(17)
                assert mock_api.task(task["taskId"])["status"] == "processing-completed"

        @pytest.mark.mock_api(profile="realistic")
        def test_wait_for_task_moves_virtual_time(mock_api, mock_api_client):
            before = mock_api.now()
            task = mock_api_client.post("/subscriptions", data={SUB!r}).get_json()
            assert mock_api.wait_for_task(task["taskId"])["status"] == "processing-completed"
            assert (mock_api.now() - before).total_seconds() >= 17
    """)
    inner.runpytest().assert_outcomes(passed=4)


def test_handle_forces_outcomes(inner):
    inner.makepyfile(f"""
        import pytest
        from mock_api.testing import assert_task, assert_task_completed, assert_task_failed

        def create(client):
            return client.post("/subscriptions", data={SUB!r}).get_json()["taskId"]

        def test_step_complete_fail_hold_release(mock_api, mock_api_client):
            a, b, c, d = (create(mock_api_client) for _ in range(4))
            assert_task(mock_api.step(a), "processing-in-progress")
            assert_task_completed(mock_api.complete(b), "subscriptionCreateRequest")
            error = assert_task_failed(mock_api.fail(c, "PAYMENT_INFO_NOT_PROVIDED", "400 BAD_REQUEST", "no"))
            assert error == {{"type": "PAYMENT_INFO_NOT_PROVIDED", "status": "400 BAD_REQUEST", "description": "no"}}
            mock_api.hold(d)
            for _ in range(5):
                assert mock_api_client.get("/tasks/" + d).get_json()["status"] == "received"
            mock_api.release(d)
            assert mock_api_client.get("/tasks/" + d).get_json()["status"] == "processing-in-progress"
            with pytest.raises(ValueError, match="already finished"):
                mock_api.step(b)
            with pytest.raises(KeyError):
                mock_api.step("no-such-task")

        @pytest.mark.mock_api(scenarios=["stuck.yaml"])
        def test_use_scenario_for_the_next_request_only(mock_api, mock_api_client):
            mock_api.use_scenario("stuck")
            held = create(mock_api_client)
            normal = create(mock_api_client)
            for _ in range(3):
                assert mock_api_client.get("/tasks/" + held).get_json()["status"] == "received"
            assert mock_api.wait_for_task(normal)["status"] == "processing-completed"
            with pytest.raises(LookupError, match="no scenario named 'nope'; loaded: stuck"):
                mock_api.use_scenario("nope")
    """)
    (inner.path / "stuck.yaml").write_text(
        "scenarios:\n  - {name: stuck, match: none, steps: [{status: received, polls: 99}], "
        "outcome: completed}\n")
    inner.runpytest().assert_outcomes(passed=2)


def test_markers_configure_profile_links_and_scenario(inner):
    inner.makepyfile(f"""
        import pytest

        @pytest.mark.mock_api(profile="instant", links="v1")
        def test_in_process(mock_api, mock_api_client):
            task = mock_api_client.post("/subscriptions", data={SUB!r}).get_json()
            assert task["links"][0]["rel"] == "task"
            assert mock_api_client.get("/tasks/" + task["taskId"]).get_json()["status"] == "processing-completed"

        @pytest.mark.mock_api(profile="instant", links="v1")
        def test_live(mock_api_live):
            client = mock_api_live.client()
            task = client.post("/subscriptions", data={SUB!r}).get_json()
            assert "links" in task
            assert client.get("/tasks/" + task["taskId"]).get_json()["status"] == "processing-completed"

        def test_live_defaults_come_back(mock_api_live):
            task = mock_api_live.client().post("/subscriptions", data={SUB!r}).get_json()
            assert "_links" in task

        @pytest.mark.mock_api(accounts=[{{"key": "k", "secret": "s", "accountId": 77}}])
        def test_accounts(mock_api, mock_api_client):
            assert mock_api_client.get("/subscriptions").get_json()["accountId"] == 77

        @pytest.mark.mock_api(bogus=1)
        def test_unknown_marker_argument(mock_api):
            pass
    """)
    result = inner.runpytest()
    result.assert_outcomes(passed=4, errors=1)
    result.stdout.fnmatch_lines(["*unknown arguments bogus*"])


def test_it_works_as_pytest_flask_app(inner):
    inner.makeconftest("""
        import pytest

        @pytest.fixture
        def app(mock_api_app):
            return mock_api_app
    """)
    inner.makepyfile(f"""
        def test_with_pytest_flask_client(client, mock_api):
            response = client.post("/v1/subscriptions", data={SUB!r}, headers=mock_api.headers)
            assert response.status_code == 202
            assert [t["taskId"] for t in mock_api.tasks()] == [response.json["taskId"]]
    """)
    inner.runpytest().assert_outcomes(passed=1)
