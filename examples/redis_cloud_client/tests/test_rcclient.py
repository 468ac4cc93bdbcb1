"""The example client's tests: in-process, against the live server, forced failures, time."""
import time

import pytest
from freezegun import freeze_time

from mock_api.testing import assert_task_completed, assert_task_failed
from rcclient import RedisCloudClient, TaskFailed, requests_transport


def test_subscription_and_database_in_process(in_process, mock_api):
    sub_id = in_process.create_subscription("example")
    db_id = in_process.create_database(sub_id, "cache")
    [sub] = mock_api.resources("subscription")
    assert (sub["id"], sub["status"], sub["numberOfDatabases"]) == (sub_id, "active", 2)
    assert db_id in [db["databaseId"] for db in mock_api.resources("database")]
    assert_task_completed(mock_api.tasks()[0], "databaseCreateRequest")


def test_subscription_and_database_over_http(live, mock_api_live):
    sub_id = live.create_subscription("example-live")
    live.create_database(sub_id, "cache")
    assert [t["commandType"] for t in mock_api_live.tasks()] == ["databaseCreateRequest",
                                                                  "subscriptionCreateRequest"]


def test_each_test_starts_clean(mock_api_live, mock_api):
    assert mock_api_live.tasks() == [] and mock_api.tasks() == []


def test_forced_failure_surfaces_the_error_triple(live, mock_api_live):
    task_id = live.start("POST", "/subscriptions", {"cloudProviders": [{"regions": [{"region": "eu-west-1"}]}],
                                                    "databases": [{"name": "d", "protocol": "redis"}]})
    mock_api_live.fail(task_id, "PAYMENT_INFO_NOT_PROVIDED", "400 BAD_REQUEST", "Payment info is not provided")
    with pytest.raises(TaskFailed, match="400 BAD_REQUEST - PAYMENT_INFO_NOT_PROVIDED"):
        live.wait_for_task(task_id)
    assert_task_failed(mock_api_live.task(task_id), "PAYMENT_INFO_NOT_PROVIDED")


def test_held_task_waits_for_release(live, mock_api_live):
    task_id = live.start("POST", "/subscriptions", {"cloudProviders": [{"regions": [{"region": "us-east-1"}]}],
                                                    "databases": [{"name": "d", "protocol": "redis"}]})
    mock_api_live.hold(task_id)
    polls = []
    live.sleep = lambda seconds: polls.append(seconds) if len(polls) < 3 else mock_api_live.release(task_id)
    assert live.wait_for_task(task_id)["status"] == "processing-completed"
    assert polls == [1.0, 2.0, 4.0]  # the Go SDK's backoff, answered `received` while held


@pytest.mark.mock_api(profile="realistic")
def test_realistic_timing_with_freezegun(mock_api_live):
    with freeze_time("2026-06-01T00:00:00Z") as frozen:
        client = RedisCloudClient(requests_transport(mock_api_live.v1_url, mock_api_live.key,
                                                     mock_api_live.secret), sleep=frozen.tick)
        started, virtual_start = time.monotonic(), mock_api_live.now()
        client.create_subscription("slow")
        virtual = (mock_api_live.now() - virtual_start).total_seconds()
    assert virtual >= 2 + 15 + 300  # task and provisioning times of the realistic profile
    assert time.monotonic() - started < 5  # and no real waiting


@pytest.mark.mock_api(profile="realistic")
def test_realistic_timing_with_the_handle_clock(in_process, mock_api):
    before = mock_api.now()
    in_process.create_subscription("slow-in-process")
    assert (mock_api.now() - before).total_seconds() >= 317


def test_scenario_file_matches_on_the_request_body(live):
    with pytest.raises(TaskFailed, match="PAYMENT_INFO_NOT_PROVIDED"):
        live.create_subscription("declined-card")
    assert live.create_subscription("accepted-card") > 0


@pytest.mark.mock_api(scenario="payment-declined")
def test_marker_chooses_the_scenario_of_every_request(in_process):
    with pytest.raises(TaskFailed, match="PAYMENT_INFO_NOT_PROVIDED"):
        in_process.create_subscription("any-name")
