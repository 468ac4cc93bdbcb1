"""In-process figures, in a fresh interpreter; prints one JSON line of results."""
from __future__ import annotations

import gc
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from baseline import make_app  # noqa: E402
from served import fast_profile  # noqa: E402
from servers import AUTH, SUBSCRIPTION, rss_mib  # noqa: E402

from mock_api import create_app  # noqa: E402

HELD = b"scenarios:\n  - {name: held, match: none, steps: [{status: received, polls: 1000000}], outcome: completed}\n"


def per_call_ms(function, count: int, warm: int = 200) -> float:
    for _ in range(min(warm, count)):
        function()
    started = time.perf_counter()
    for _ in range(count):
        function()
    return (time.perf_counter() - started) / count * 1000


def main() -> None:
    # Each phase has its own app, gone before the next one starts: an app holds reference cycles,
    # so only a full collection frees it, and until then every collection during the next phase
    # walks the last one's state (100,000 tasks after live_tasks).
    figures = create_to_completed()
    for phase in (live_tasks, listing):
        gc.collect()
        figures.update(phase())
    gc.collect()
    figures["growth"] = growth()
    print(json.dumps(figures))


def create_to_completed() -> dict:
    figures = {}
    app = create_app(profile="instant")
    client = app.test_client()
    figures["rss_empty_mib"] = rss_mib(os.getpid())

    def create_to_completed():
        task_id = client.post("/v1/subscriptions", json=SUBSCRIPTION, headers=AUTH).get_json()["taskId"]
        assert client.get(f"/v1/tasks/{task_id}", headers=AUTH).get_json()["status"] == "processing-completed"

    figures["create_to_completed_ms"] = per_call_ms(create_to_completed, 3000)
    bare = make_app().test_client()
    figures["bare_round_trips_ms"] = per_call_ms(lambda: (bare.get("/v1/tasks/x"), bare.get("/v1/tasks/x")), 3000)
    return figures


def live_tasks() -> dict:
    """100,000 tasks held in `received`: resident memory, and polls of random ones vs of 10 (the
    limit of tasks in progress per account, --max-tasks, raised to hold them). The two stores are
    two apps of this process, polled in alternating rounds, so that a drift of the machine's speed
    over the run weighs on both figures alike."""
    figures = {}
    rng = random.Random(7)

    def held_app():
        app = create_app(profile="instant", journal_size=100, max_tasks=100_000)
        client = app.test_client()
        client.post("/_mock/scenarios", data=HELD, content_type="application/yaml")
        return client

    def create_held(client, count: int):
        held = {**AUTH, "X-Mock-Scenario": "held"}
        return [client.post("/v1/subscriptions", json=SUBSCRIPTION, headers=held).get_json()["taskId"]
                for _ in range(count)]

    def poll_seconds(client, task_ids) -> float:  # 1000 polls: seconds per 1000 = ms per poll
        started = time.perf_counter()
        for _ in range(1000):
            client.get(f"/v1/tasks/{rng.choice(task_ids)}", headers=AUTH)
        return time.perf_counter() - started

    small, big = held_app(), held_app()
    small_ids, big_ids = create_held(small, 10), create_held(big, 100_000)
    figures["rss_100k_mib"] = rss_mib(os.getpid())
    for client, ids in ((small, small_ids), (big, big_ids)):  # warm-up
        poll_seconds(client, ids)
    rounds = [(poll_seconds(small, small_ids), poll_seconds(big, big_ids)) for _ in range(7)]
    figures["poll_10_ms"] = statistics.median(pair[0] for pair in rounds)
    figures["poll_100k_ms"] = statistics.median(pair[1] for pair in rounds)
    return figures


def listing() -> dict:
    """GET /tasks of an account with 10,000 tasks in the window, in an app of its own: the time to
    answer (the client's own JSON parsing is not counted), first call and median of the next five."""
    app = create_app(profile="instant", journal_size=100)
    client = app.test_client()
    client.post("/_mock/scenarios", data=HELD, content_type="application/yaml")
    for _ in range(10_000):
        client.post("/v1/subscriptions", json=SUBSCRIPTION, headers={**AUTH, "X-Mock-Scenario": "held"})
    timings = []
    for _ in range(6):
        started = time.perf_counter()
        response = client.get("/v1/tasks", headers=AUTH)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    assert len(response.get_json()["tasks"]) == 10_000
    return {"list_10k_first_ms": timings[0], "list_10k_ms": statistics.median(timings[1:])}


GROWTH_SIZES = (100, 300, 1_000, 3_000, 10_000)
LISTED_UP_TO = 3_000  # the listing of every subscription is measured up to this size


def growth(rounds: int = 9) -> dict:
    """One app per size, its account holding that many subscriptions (each with a database),
    measured in alternation round after round: ms per call of a read of one subscription, a
    listing of one subscription's databases, a delete a business rule refuses
    (SUBSCRIPTION_IN_USE), and the listing of every subscription."""
    profile = fast_profile()
    clients = {}
    for size in GROWTH_SIZES:
        client = create_app(profile=profile, journal_size=100).test_client()
        for _ in range(size):
            assert client.post("/v1/subscriptions", json=SUBSCRIPTION, headers=AUTH).status_code == 202
        clients[size] = client
    calls = {size: _growth_calls(client, 100_000 + size // 2, size <= LISTED_UP_TO)  # ids count from 100,001
             for size, client in clients.items()}
    samples = {size: {name: [] for name in calls[size]} for size in GROWTH_SIZES}
    for _ in range(rounds):
        for size, by_name in calls.items():
            for name, (call, count) in by_name.items():
                samples[size][name].append(per_call_ms(call, count, warm=1))
    return {size: {name: statistics.median(values) for name, values in by_name.items()}
            for size, by_name in samples.items()}


def _growth_calls(client, subscription: int, listed: bool) -> dict:
    assert client.get(f"/v1/subscriptions/{subscription}", headers=AUTH).status_code == 200

    def refused_delete():  # the rule runs when the task finishes: at its first poll
        task = client.delete(f"/v1/subscriptions/{subscription}", headers=AUTH).get_json()["taskId"]
        polled = client.get(f"/v1/tasks/{task}", headers=AUTH).get_json()
        assert polled["response"]["error"]["type"] == "SUBSCRIPTION_IN_USE", polled

    calls = {"get-one": (lambda: client.get(f"/v1/subscriptions/{subscription}", headers=AUTH), 100),
             "list-databases": (lambda: client.get(f"/v1/subscriptions/{subscription}/databases", headers=AUTH),
                                100),
             "in-use-delete": (refused_delete, 20)}
    if listed:
        calls["list"] = (lambda: client.get("/v1/subscriptions", headers=AUTH), 3)
    return calls


if __name__ == "__main__":
    main()
