"""Operable: start-up lines that say where everything is, an access log a reader can follow (text or
JSON, through logging), every `serve` option from a MOCK_API_* variable (flags win), and the handle
refusing a kind name it does not know with a suggestion."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import SUBSCRIPTION


def serve_with(env_overrides, *args):
    env = {**os.environ, **env_overrides}
    return subprocess.Popen([sys.executable, "-m", "mock_api.cli", "serve", *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_start_up_lines_say_where_everything_is(serve):
    server = serve("--profile", "instant", "--links", "v1", "--seed", "3", quiet=False)
    lines = [server.process.stdout.readline().rstrip() for _ in range(6)]
    assert lines[0].startswith("  profile instant · links v1 · ") and lines[0].endswith("operations · seed 3")
    assert lines[1].startswith(f"  API          {server.url}/v1")
    assert f"{server.url}/_mock/" in lines[2] and "openapi.json" in lines[2] and "health" in lines[2]
    assert any(line.startswith("  dashboard") and f"{server.url}/_mock/ui" in line for line in lines)
    assert "Ctrl-C" in lines[-1] and "SIGTERM" in lines[-1]


@pytest.mark.parametrize("style", ["text", "json"])
def test_the_access_log_has_time_account_command_type_task_and_duration(serve, style):
    server = serve("--log-format", style, quiet=False)
    status, task = server.call("POST", "/v1/subscriptions", SUBSCRIPTION)
    server.call("GET", f"/v1/tasks/{task['taskId']}")
    account = server.call("GET", "/_mock/account")[1]["accountId"]
    _, _, err = server.stop()
    lines = [line for line in err.splitlines() if "/v1/" in line]
    assert len(lines) == 2, err
    if style == "json":
        created, polled = (json.loads(line) for line in lines)
        assert created["method"] == "POST" and created["status"] == 202 and created["accountId"] == account
        assert created["commandType"] == "subscriptionCreateRequest" and created["taskId"] == task["taskId"]
        assert polled["path"] == f"/v1/tasks/{task['taskId']}" and isinstance(polled["ms"], float)
        assert created["time"].endswith("Z")
    else:
        assert f"account={account} POST /v1/subscriptions 202 subscriptionCreateRequest task={task['taskId']}" \
            in lines[0] and lines[0].endswith("ms")


def test_quiet_means_no_access_log(serve):
    server = serve()  # the fixture's default: --quiet
    server.call("GET", "/v1/tasks")
    assert server.stop()[2] == ""


def test_every_option_from_an_environment_variable_and_flags_win():
    process = serve_with({"MOCK_API_PORT": "0", "MOCK_API_PROFILE": "instant", "MOCK_API_QUIET": "1",
                          "MOCK_API_LINKS": "v1"}, "--links", "hal")
    try:
        first = process.stdout.readline()
        assert first.startswith("mock_api listening on http://127.0.0.1:")
        assert "profile instant · links hal" in process.stdout.readline()  # the variable, and the flag over it
    finally:
        process.terminate()
        out, err = process.communicate(timeout=10)
    assert process.returncode == 0 and err == ""  # MOCK_API_QUIET=1: no access log


@pytest.mark.parametrize("env, message", [({"MOCK_API_PORT": "eighty"}, "MOCK_API_PORT='eighty'"),
                                          ({"MOCK_API_LINKS": "xml"}, "choose one of hal, v1"),
                                          ({"MOCK_API_QUIET": "maybe"}, "use 1 or 0")])
def test_a_bad_variable_refuses_to_start_clearly(env, message):
    process = serve_with({"MOCK_API_PORT": "0", **env})
    out, err = process.communicate(timeout=30)
    assert process.returncode == 2 and message in err and "Traceback" not in err


def test_the_handle_refuses_a_kind_name_it_does_not_know(mock_api):
    with pytest.raises(KeyError, match="did you mean 'subscription'"):
        mock_api.resources("subscriptions")
    assert mock_api.resources("subscription") == []
