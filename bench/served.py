"""Figures of `mock-api serve` over HTTP: polls against the bare app, start-up, memory, waitress's
warnings under `--quiet`, long-poll waiters, and memory after 100,000 finished tasks."""
from __future__ import annotations

import http.client
import json
import statistics
import tempfile
import threading
from pathlib import Path
from typing import List

from load import interleaved, median_load, paired_ratio, send, wrk
from report import figure, section
from servers import Process, baseline_command, mock_api_command, rss_mib

# A profile whose task steps end at the first poll or after 1 ms of the clock: each request settles
# the tasks before it, so a stream of requests finishes its tasks without polls (growth.py and the
# retention figure); resources are final at once.
FAST_PROFILE = """version: 1
description: bench - a task step ends at the first poll or after 1 ms, resources are final at once
timelines:
  task: &task [{status: received, polls: 1, seconds: 0.001}]
  query: *task
  provision: []
  change: []
  deprovision: []
"""


def fast_profile() -> str:
    path = Path(tempfile.mkdtemp(prefix="mock_api_bench_")) / "fast.yaml"
    path.write_text(FAST_PROFILE)
    return str(path)


def throughput(seconds: float, rounds: int) -> None:
    section(f"Polls of a completed task (GET /v1/tasks/{{id}}), wrk, {rounds} interleaved rounds of {seconds:g} s")
    from mock_api.config import Config  # the measured tree's (run.py puts it first on the path)

    # `mock-api serve` runs as many extra threads as its default --max-waiters (server.py): the
    # baseline gets as many.
    bare = Process(baseline_command(str(Config._field_defaults["max_waiters"])))
    ours = Process(mock_api_command())
    try:
        targets = {"bare Flask app on waitress": (bare, "/v1/tasks/x"),
                   "mock-api serve": (ours, f"/v1/tasks/{ours.create_finished_task()}")}
        interleaved(targets, 8, 1, 1)  # warm-up: first requests, threads, caches
        for clients in (1, 8):
            runs = interleaved(targets, clients, seconds, rounds)
            mine, theirs = runs["mock-api serve"], runs["bare Flask app on waitress"]
            ratio = paired_ratio(mine, theirs)
            figure(f"polls/s, {clients} keep-alive client(s)", str(median_load(mine)), str(median_load(theirs)),
                   f"{ratio:.2f}x", ">= 0.9x", ratio >= 0.9)
    finally:
        bare.stop()
        ours.stop()


def quiet_under_load(seconds: float) -> None:
    """waitress warns "Task queue depth is N" when requests wait for a thread; `--quiet` must not
    print it. The same load against a server without --quiet shows the load did queue requests."""
    section(f"waitress's warnings under load ({seconds:g} s of 128 connections)")
    counts = {}
    for label, command in (("quiet", mock_api_command()), ("loud", mock_api_command(quiet=False))):
        server = Process(command)
        try:
            wrk(server, "/v1/tasks", 128, seconds)
        finally:
            server.stop()
        counts[label] = server.stderr_text().count("Task queue depth")
    figure("waitress 'Task queue depth' lines, serve --quiet, 128 connections", str(counts["quiet"]),
           f"{counts['loud']} without --quiet", "-", "0 (and > 0 without --quiet)",
           counts["quiet"] == 0 and counts["loud"] > 0)


def launch(runs: int = 15) -> None:
    section(f"Start-up: process start to the first 200 (median of {runs}, alternating)")
    ours, base = [], []
    for _ in range(runs):
        for samples, command, path in ((ours, mock_api_command(), "/v1/tasks"),
                                       (base, baseline_command(), "/v1/tasks/x")):
            server = Process(command)
            try:
                samples.append(server.first_answer_seconds(path))
            finally:
                server.stop()
    value, reference = statistics.median(ours), statistics.median(base)
    figure("launch to first 200", f"{value:.3f} s", f"{reference:.3f} s (bare Flask app on waitress)",
           f"{value / reference:.2f}x", "<= 1.15x", value / reference <= 1.15)


def idle_memory() -> None:
    section("Memory")
    server, base = Process(mock_api_command()), Process(baseline_command())
    try:
        server.first_answer_seconds("/v1/tasks")
        base.first_answer_seconds("/v1/tasks/x")
        ours, reference = rss_mib(server.pid), rss_mib(base.pid)
    finally:
        server.stop()
        base.stop()
    figure("idle resident memory", f"{ours:.1f} MiB", f"{reference:.1f} MiB", f"{ours / reference:.2f}x",
           "<= 40 MiB", ours <= 40)


def retention(tasks: int = 100_000) -> None:
    """Finished tasks beyond --max-tasks (10,000 per account) are dropped: memory stays bounded.
    Updates of one subscription finish tasks and leave no resource behind."""
    server = Process(mock_api_command("--profile", fast_profile()))
    try:
        server.create_finished_task()
        status, listed = server.call("GET", "/v1/subscriptions")
        subscription = listed["subscriptions"][0]["id"]
        idle = rss_mib(server.pid)
        send(server, "PUT", f"/v1/subscriptions/{subscription}", json.dumps({"name": "renamed"}), tasks, connections=2)
        status, kept = server.call("GET", "/v1/tasks")  # also settles the last ones
        rss = rss_mib(server.pid)
    finally:
        server.stop()
    figure(f"resident memory after {tasks:,} finished tasks ({len(kept['tasks']):,} kept)", f"{rss:.1f} MiB",
           f"{idle:.1f} MiB before", f"{rss / idle:.2f}x", "<= 80 MiB", rss <= 80)


def _wait_for(server: Process, release: str) -> None:
    """One long poll (at most 60 s, the API's limit), answered when a request to ``release`` arrives."""
    connection = http.client.HTTPConnection(server.host, server.port, timeout=120)
    connection.request("POST", f"/_mock/requests/wait?path={release}", body=json.dumps({"count": 1, "timeout": 60}),
                       headers={"Content-Type": "application/json"})
    response = connection.getresponse()
    response.read()
    if response.status != 200:
        raise RuntimeError(f"long poll answered {response.status}")
    connection.close()


def waiters(seconds: float, rounds: int, count: int = 8) -> None:
    """Poll latency (1 client) with ``count`` long polls open on /_mock/requests/wait, against none,
    alternating round by round."""
    section(f"Polls with {count} long-poll waiters open vs none ({rounds} interleaved rounds)")
    server = Process(mock_api_command())
    try:
        path = f"/v1/tasks/{server.create_finished_task()}"
        wrk(server, path, 1, 1)
        without: List[float] = []
        with_waiters: List[float] = []
        for round_number in range(rounds):
            # ABBA: which of the two goes first alternates, so a drift within a round weighs on both
            if round_number % 2 == 0:
                without.append(wrk(server, path, 1, seconds).p50_ms)
            release = f"/release-{round_number}"
            threads = [threading.Thread(target=_wait_for, args=(server, release)) for _ in range(count)]
            for thread in threads:
                thread.start()
            _until_waiting(server, count)
            with_waiters.append(wrk(server, path, 1, seconds).p50_ms)
            server.call("GET", release)  # a request the waiters match: they all answer
            for thread in threads:
                thread.join(timeout=30)
            if round_number % 2 == 1:
                without.append(wrk(server, path, 1, seconds).p50_ms)
    finally:
        server.stop()
    value, reference = statistics.median(with_waiters), statistics.median(without)
    figure(f"poll latency (p50) with {count} long-poll waiters", f"{value:.3f} ms", f"{reference:.3f} ms without",
           f"{value / reference:.2f}x", "<= 1.2x", value / reference <= 1.2)


def _until_waiting(server: Process, count: int) -> None:
    for _ in range(10_000):
        status, health = server.call("GET", "/_mock/health")
        if health["waiters"] >= count:
            return
    raise RuntimeError(f"the {count} long polls never all waited")
