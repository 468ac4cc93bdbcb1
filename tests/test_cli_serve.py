"""`mock-api serve` as a real process: first line, free port, profiles, clean stop, clear failures."""
from __future__ import annotations

import gc
import json
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SUBSCRIPTION

BAD = Path(__file__).parent / "bad_scenarios"


@pytest.fixture
def served(serve):
    """`mock-api serve` with its access log on (as a user runs it)."""
    return lambda *args, cwd=None: serve(*args, cwd=cwd, quiet=False)


def test_serve_prints_its_url_first_and_serves_the_seed_flow(served):
    server = served()
    status, created = server.call("POST", "/v1/subscriptions", SUBSCRIPTION)
    assert status == 202
    assert created["_links"]["task"]["href"] == f"{server.url}/v1/tasks/{created['taskId']}"
    assert server.call("GET", f"/v1/tasks/{created['taskId']}")[1]["status"] == "processing-in-progress"
    done = server.call("GET", f"/v1/tasks/{created['taskId']}")[1]
    assert done["status"] == "processing-completed"
    assert server.call("GET", "/v1/tasks")[1]["tasks"][0]["taskId"] == created["taskId"]


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_stops_it_cleanly(served, sig):
    returncode, out, err = served().stop(sig)
    assert returncode == 0
    assert "mock_api stopped" in out
    assert "Traceback" not in err


def test_profile_and_link_options(served):
    server = served("--profile", "instant", "--links", "v1", "--quiet")
    created = server.call("POST", "/v1/subscriptions", SUBSCRIPTION)[1]
    assert created["links"] == [{"rel": "task", "type": "GET", "href": f"{server.url}/v1/tasks/{created['taskId']}"}]
    assert server.call("GET", f"/v1/tasks/{created['taskId']}")[1]["status"] == "processing-completed"


def test_runs_from_any_folder(served, tmp_path):
    server = served(cwd=tmp_path)
    assert server.call("GET", "/tasks")[0] == 200


def test_invalid_scenarios_refuse_to_start_with_the_location(tmp_path):
    result = subprocess.run([sys.executable, "-m", "mock_api.cli", "serve", "--port", "0",
                             "--scenarios", str(BAD / "10_status_goes_back.yaml")],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 2
    assert result.stdout == ""
    assert f"{BAD / '10_status_goes_back.yaml'}:5:" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_taken_port_is_reported_clearly():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "mock_api.cli", "serve", "--port", str(port)],
                                capture_output=True, text=True, timeout=30)
    assert result.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "Traceback" not in result.stderr


def test_accounts_file_option(served, tmp_path):
    accounts = tmp_path / "accounts.json"
    accounts.write_text(json.dumps({"accounts": [{"key": "k1", "secret": "s1", "accountId": 7}]}))
    server = served("--accounts", str(accounts))
    assert server.call("GET", "/subscriptions")[0] == 401
    assert server.call("GET", "/subscriptions", headers={"x-api-key": "k1", "x-api-secret-key": "s1"}) == (
        200, {"accountId": 7, "subscriptions": [], "_links": {"self": {"href": f"{server.url}/subscriptions",
                                                                        "type": "GET"}}})


@pytest.mark.parametrize("args, message", [
    (["--profile", "nope"], "unknown profile; choose one of default, instant, realistic"),
    (["--accounts", "/no/such/accounts.yaml"], "/no/such/accounts.yaml:1:1: cannot read"),
    (["--journal-size", "0"], "journal_size must be a whole number from 1 to 1,000,000, not 0"),
])
def test_bad_options_refuse_to_start_clearly(args, message):
    result = subprocess.run([sys.executable, "-m", "mock_api.cli", "serve", "--port", "0", *args],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def _cli(*args: str, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mock_api.cli", *args], capture_output=True, text=True, timeout=30,
                          env=env)


def test_the_help_lists_every_command_and_each_command_has_its_own():
    listed = _cli("--help")
    assert listed.returncode == 0
    for command in ("serve", "validate", "schema", "record"):
        assert command in listed.stdout.split("{", 1)[1].split("}", 1)[0]
    serve = _cli("serve", "--help")
    assert serve.stdout.startswith("usage: mock-api serve [-h] [--host HOST] [--port PORT]")
    assert "MOCK_API_<OPTION>" in serve.stdout and "exit codes:" in serve.stdout
    assert _cli("validate", "--help").stdout.startswith("usage: mock-api validate [-h] [--profile NAME|FILE]")
    assert "--upstream URL" in _cli("record", "--help").stdout
    assert _cli("--version").stdout.startswith("mock_api ")


@pytest.mark.parametrize("args, message", [
    ([], "mock-api: error: the following arguments are required: command"),
    (["serv"], "mock-api: error: argument command: invalid choice: 'serv'"),
    (["serve", "--bogus"], "mock-api serve: error: unrecognized arguments: --bogus"),
    (["validate", "--bogus"], "mock-api validate: error: unrecognized arguments: --bogus"),
])
def test_a_bad_command_line_is_a_usage_error(args, message):
    result = _cli(*args)
    assert result.returncode == 2
    assert message in result.stderr and "usage: mock-api" in result.stderr


def test_a_bad_environment_variable_stops_serve_only():
    bad = {**os.environ, "MOCK_API_PORT": "x"}
    served = _cli("serve", env=bad)
    assert served.returncode == 2 and "MOCK_API_PORT='x': not a valid port" in served.stderr
    schema = _cli("schema", env=bad)
    assert schema.returncode == 0 and json.loads(schema.stdout)


def test_the_command_leaves_the_garbage_collector_as_it_found_it():
    """`serve` pauses the collector while it starts; a caller of main() in its own process (as
    these tests are) gets it back on whichever way the command ends."""
    from mock_api.cli import main

    assert gc.isenabled()
    assert main(["serve", "--port", "0", "--profile", "nope"]) == 2
    assert gc.isenabled()
    assert main(["serve", "--port", "0"], environ={"MOCK_API_QUIET": "maybe"}) == 2
    assert gc.isenabled()
    gc.disable()
    try:
        assert main(["serve", "--port", "0", "--profile", "nope"]) == 2
        assert not gc.isenabled()  # off before, off after
    finally:
        gc.enable()
