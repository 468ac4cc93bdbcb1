"""`make bench`: mock_api measured against a baseline in the same run, on this machine.

Every figure is printed with its target and whether it is met. Load comes from a small bounded
client (keep-alive HTTP/1.1 connections, one process each), only ever to 127.0.0.1; every run stops
by itself. Nothing here is part of `make test`.

    python bench/run.py [--seconds 3] [--quick]
"""
from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing as mp
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Dict, List, Tuple

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


AUTH = {"x-api-key": "bench", "x-api-secret-key": "bench-secret", "Accept": "application/json"}
SUBSCRIPTION = {"name": "bench", "cloudProviders": [{"provider": "AWS", "regions": [{"region": "us-east-1"}]}],
                "databases": [{"name": "db", "protocol": "redis", "datasetSizeInGb": 1}]}
ROWS: List[Tuple[str, str, str, str, str, bool]] = []


def rss_mib(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def row(name: str, value: str, baseline: str, ratio: str, target: str, met: bool) -> None:
    ROWS.append((name, value, baseline, ratio, target, met))
    print(f"  measured: {name}: {value} (baseline {baseline}, ratio {ratio}; target {target}: "
          f"{'met' if met else 'NOT met'})", flush=True)


# ---------------------------------------------------------------- servers as subprocesses


class Process:
    """A server started with `command`, whose first stdout line is `... listening on URL`."""

    def __init__(self, command: List[str]):
        self.started = time.perf_counter()
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.process.stdout.readline().strip()
        if "listening on http://" not in line:
            self.process.kill()
            raise RuntimeError(f"server did not start: {line!r}")
        self.url = line.rsplit(" ", 1)[1]
        host_port = self.url.split("//", 1)[1]
        self.host, self.port = host_port.rsplit(":", 1)[0], int(host_port.rsplit(":", 1)[1])
        assert self.host == "127.0.0.1", "the benchmark only talks to 127.0.0.1"

    def first_answer_seconds(self, path: str) -> float:
        """Launch to the first 200 (the socket is bound before the line is printed)."""
        while True:
            try:
                connection = http.client.HTTPConnection(self.host, self.port, timeout=5)
                connection.request("GET", path, headers=AUTH)
                if connection.getresponse().status == 200:
                    return time.perf_counter() - self.started
            except OSError:
                pass
            if time.perf_counter() - self.started > 10:
                raise RuntimeError("no answer within 10 s")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def mock_api_command(*args: str) -> List[str]:
    return [sys.executable, "-m", "mock_api.cli", "serve", "--port", "0", "--quiet", *args]


def baseline_command(stack: str) -> List[str]:
    return [sys.executable, str(HERE / "baseline.py"), stack]


# ---------------------------------------------------------------- load


def _client(host: str, port: int, path: str, seconds: float, results) -> None:
    connection = http.client.HTTPConnection(host, port, timeout=10)
    latencies = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        connection.request("GET", path, headers=AUTH)
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            raise RuntimeError(f"status {response.status}")
        if response.will_close:
            connection.close()
            connection = http.client.HTTPConnection(host, port, timeout=10)
        latencies.append(time.perf_counter() - started)
    results.put(latencies)


def load(host: str, port: int, path: str, clients: int, seconds: float) -> Tuple[float, float, float]:
    """Polls per second, p50 and p99 latency (ms) with `clients` concurrent keep-alive clients."""
    results = mp.Queue()
    workers = [mp.Process(target=_client, args=(host, port, path, seconds, results)) for _ in range(clients)]
    for worker in workers:
        worker.start()
    latencies = sorted(sum((results.get(timeout=seconds + 30) for _ in workers), []))
    for worker in workers:
        worker.join(timeout=10)
    return (len(latencies) / seconds, latencies[len(latencies) // 2] * 1000,
            latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000)


def create_task(server: Process) -> str:
    connection = http.client.HTTPConnection(server.host, server.port, timeout=10)
    connection.request("POST", "/v1/subscriptions", body=json.dumps(SUBSCRIPTION),
                       headers={**AUTH, "Content-Type": "application/json"})
    task_id = json.loads(connection.getresponse().read())["taskId"]
    for _ in range(3):  # to its final state: every later poll is the same answer
        connection.request("GET", f"/v1/tasks/{task_id}", headers=AUTH)
        connection.getresponse().read()
    return task_id


# ---------------------------------------------------------------- figures


def throughput(seconds: float, rounds: int = 5) -> None:
    """mock_api and the baseline are measured in alternation, `rounds` times each, and the median
    round counts: a machine that slows down for a while then weighs on both alike."""
    print("polls of GET /tasks/{id}: mock_api serve vs the bare Flask app returning the same JSON", flush=True)
    servers = {"bare Flask on werkzeug": Process(baseline_command("werkzeug")),
               "bare Flask on waitress": Process(baseline_command("waitress")),
               "mock_api serve": Process(mock_api_command())}
    paths = {label: "/v1/tasks/x" for label in servers}
    paths["mock_api serve"] = f"/v1/tasks/{create_task(servers['mock_api serve'])}"
    measured: Dict[str, Dict[int, List[Tuple[float, float, float]]]] = {label: {1: [], 8: []} for label in servers}
    try:
        for label, server in servers.items():  # warm up: first requests, caches, threads
            load(server.host, server.port, paths[label], 8, 0.5)
        for clients in (1, 8):
            server = servers["bare Flask on werkzeug"]  # for the record: the other stack we measured
            measured["bare Flask on werkzeug"][clients].append(load(server.host, server.port, paths[
                "bare Flask on werkzeug"], clients, seconds))
            for _ in range(rounds):
                for label in ("bare Flask on waitress", "mock_api serve"):
                    server = servers[label]
                    measured[label][clients].append(load(server.host, server.port, paths[label], clients, seconds))
    finally:
        for server in servers.values():
            server.stop()
    median = {label: {clients: sorted(runs, key=lambda r: r[0])[len(runs) // 2] for clients, runs in by.items()}
              for label, by in measured.items()}
    for label, by in median.items():
        for clients, (rate, p50, p99) in by.items():
            print(f"  {label:24} {clients} client(s): {rate:7.0f}/s  p50 {p50:.2f} ms  p99 {p99:.2f} ms", flush=True)
    for clients in (1, 8):
        ours, base = median["mock_api serve"][clients], median["bare Flask on waitress"][clients]
        ratio = ours[0] / base[0]
        row(f"polls/s, {clients} keep-alive client(s), median of {rounds}",
            f"{ours[0]:.0f}/s (p50 {ours[1]:.2f}, p99 {ours[2]:.2f} ms)",
            f"{base[0]:.0f}/s (p50 {base[1]:.2f}, p99 {base[2]:.2f} ms)", f"{ratio:.2f}x", ">= 0.9x", ratio >= 0.9)


def launch(runs: int = 5) -> None:
    ours, base = [], []
    for _ in range(runs):
        for samples, command, path in ((ours, mock_api_command(), "/v1/tasks"),
                                       (base, baseline_command("waitress"), "/v1/tasks/x")):
            server = Process(command)
            samples.append(server.first_answer_seconds(path))
            server.stop()
    value, reference = statistics.median(ours), statistics.median(base)
    row("launch to first 200 (median of 5)", f"{value:.3f} s", f"{reference:.3f} s", f"{value / reference:.2f}x",
        "<= 0.2 s", value <= 0.2)


def idle_memory() -> None:
    server, base = Process(mock_api_command()), Process(baseline_command("waitress"))
    server.first_answer_seconds("/v1/tasks")
    base.first_answer_seconds("/v1/tasks/x")
    ours, reference = rss_mib(server.process.pid), rss_mib(base.process.pid)
    server.stop()
    base.stop()
    row("idle resident memory", f"{ours:.1f} MiB", f"{reference:.1f} MiB", f"{ours / reference:.2f}x", "<= 40 MiB",
        ours <= 40)


def in_process() -> None:
    """The same measurement in a fresh interpreter each, so figures do not mix."""
    result = subprocess.run([sys.executable, str(HERE / "inprocess.py")], capture_output=True, text=True, timeout=900)
    if result.returncode != 0:
        raise RuntimeError(result.stderr)
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    per_task, base = figures["create_to_completed_ms"], figures["bare_round_trips_ms"]
    row("in-process create -> completed, per task (instant)", f"{per_task:.3f} ms", f"{base:.3f} ms (2 bare calls)",
        f"{per_task / base:.2f}x", "<= 1 ms", per_task <= 1.0)
    row("resident memory with 100,000 live tasks", f"{figures['rss_100k_mib']:.1f} MiB",
        f"{figures['rss_empty_mib']:.1f} MiB (no task)", f"{figures['rss_100k_mib'] / figures['rss_empty_mib']:.2f}x",
        "<= 150 MiB", figures["rss_100k_mib"] <= 150)
    ratio = figures["poll_100k_ms"] / figures["poll_10_ms"]
    row("poll latency at 100,000 vs at 10 tasks", f"{figures['poll_100k_ms']:.3f} ms",
        f"{figures['poll_10_ms']:.3f} ms", f"{ratio:.2f}x", "<= 1.1x", ratio <= 1.1)
    row("GET /tasks over 10,000 tasks in the window (median of 5)", f"{figures['list_10k_ms']:.1f} ms",
        f"first call {figures['list_10k_first_ms']:.1f} ms", "-", "<= 100 ms", figures["list_10k_ms"] <= 100)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="load duration per measurement")
    parser.add_argument("--only", choices=("throughput", "launch", "memory", "in-process"), action="append",
                        help="measure only these (repeatable); default: everything")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}", flush=True)
    chosen = set(args.only or ("throughput", "launch", "memory", "in-process"))
    if "throughput" in chosen:
        throughput(args.seconds)
    if "launch" in chosen:
        launch()
    if "memory" in chosen:
        idle_memory()
    if "in-process" in chosen:
        in_process()
    print()
    header = ("figure", "mock_api", "baseline", "ratio", "target", "met")
    widths = [max(len(str(r[i])) for r in ROWS + [header]) for i in range(5)]
    print("  ".join(h.ljust(w) for h, w in zip(header, widths)) + "  met")
    for name, value, baseline, ratio, target, met in ROWS:
        print("  ".join(str(c).ljust(w) for c, w in zip((name, value, baseline, ratio, target), widths))
              + ("  yes" if met else "  NO"))
    missed = [r[0] for r in ROWS if not r[5]]
    print(f"\n{len(ROWS) - len(missed)} of {len(ROWS)} targets met" + (f"; missed: {', '.join(missed)}" if missed else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
