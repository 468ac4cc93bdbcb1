"""Load from wrk: a C load generator, so the figures are the server's cost and not the client's.

A Python client spends about 2 ms of CPU per request on this machine, more than the server it
measures; wrk spends a few microseconds. Each measurement is one wrk run of fixed duration over
keep-alive connections; its rate, latency percentiles and the server's own CPU time per request
(read from /proc) are kept. ``interleaved`` alternates the servers compared, round after round, so a
machine that slows down for a while weighs on both alike.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import statistics
import subprocess
import tempfile
from dataclasses import dataclass
from typing import Dict, List, Mapping, Optional, Sequence, Tuple

from servers import AUTH, Process, cpu_seconds

# wrk calls done() once at the end: one JSON line with what the bench needs (latencies in µs).
SUMMARY_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('\\n{"requests": %d, "duration_us": %d, "errors": %d, "status_errors": %d, '
    .. '"p50_us": %d, "p99_us": %d, "mean_us": %.1f}\\n', summary.requests, summary.duration,
    e.connect + e.read + e.write + e.timeout, e.status, latency:percentile(50), latency:percentile(99),
    latency.mean))
end
"""


@dataclass(frozen=True)
class Load:
    rate: float  # requests per second
    p50_ms: float
    p99_ms: float
    requests: int
    cpu_us: float  # the server's CPU time per request, µs

    def __str__(self) -> str:
        return f"{self.rate:.0f}/s (p50 {self.p50_ms:.2f} ms, p99 {self.p99_ms:.2f} ms, {self.cpu_us:.0f} µs CPU)"


def wrk_path() -> str:
    """wrk, installed from Debian's packages when missing and we are root; else a clear stop."""
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("installing wrk (apt-get install -y wrk)…", flush=True)
        install = ["apt-get", "install", "-y", "-q", "wrk"]
        if subprocess.run(install, capture_output=True).returncode != 0:
            subprocess.run(["apt-get", "update", "-q"], capture_output=True)
            subprocess.run(install, capture_output=True)
        found = shutil.which("wrk")
        if found:
            return found
    raise SystemExit("make bench needs wrk, a C load generator: install it (Debian/Ubuntu: apt-get install wrk; "
                     "macOS: brew install wrk) and run again")


_SCRIPTS: Dict[str, str] = {}


def _script(extra: str) -> str:
    """A file holding the summary script plus ``extra`` (written once per content)."""
    if extra not in _SCRIPTS:
        handle, _SCRIPTS[extra] = tempfile.mkstemp(prefix="mock_api_bench_", suffix=".lua")
        with os.fdopen(handle, "w") as script:
            script.write(SUMMARY_SCRIPT + extra)
    return _SCRIPTS[extra]


def _lua_string(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def wrk(server: Process, path: str, connections: int, seconds: float, headers: Mapping[str, str] = AUTH,
        method: str = "GET", body: Optional[str] = None) -> Load:
    """One wrk run of ``seconds`` (one thread, ``connections`` keep-alive connections); every answer
    must be 2xx."""
    command = _command(connections, seconds, headers, method, body) + [server.url + path]
    cpu_before = cpu_seconds(server.pid)
    result = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    return _summary(path, result.stdout, result.stderr, result.returncode, cpu_seconds(server.pid) - cpu_before)


def _command(connections: int, seconds: float, headers: Mapping[str, str], method: str, body: Optional[str],
             extra_script: str = "") -> List[str]:
    settings = f"wrk.method = {_lua_string(method)}\n"
    if body is not None:
        settings += f"wrk.body = {_lua_string(body)}\nwrk.headers['Content-Type'] = 'application/json'\n"
    command = [wrk_path(), "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--timeout", "30s",
               "-s", _script(settings + extra_script)]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    return command


def _summary(path: str, output: str, errors: str, returncode: int, cpu: float) -> Load:
    summary = next((json.loads(line) for line in reversed(output.splitlines()) if line.startswith("{")), None)
    if returncode != 0 or summary is None:
        raise RuntimeError(f"wrk failed: {output} {errors}")
    if summary["errors"] or summary["status_errors"] or not summary["requests"]:
        raise RuntimeError(f"{path}: {summary['status_errors']} non-2xx answers, {summary['errors']} socket errors "
                           f"in {summary['requests']} requests")
    return Load(summary["requests"] / (summary["duration_us"] / 1e6), summary["p50_us"] / 1000,
                summary["p99_us"] / 1000, summary["requests"], cpu / summary["requests"] * 1e6)


# wrk runs for a duration; this stops it after a count: the thread stops sending, says so on
# stdout, and the bench interrupts wrk (which then prints its summary and exits).
COUNTED = """
local answered, limit = 0, 0
init = function(args) limit = tonumber(args[1]) end
response = function(status, headers, body)
  answered = answered + 1
  if answered == limit then
    io.write("\\ncounted\\n")
    io.stdout:flush()
    wrk.thread:stop()
  end
end
"""


def send(server: Process, method: str, path: str, body: str, count: int, connections: int = 1) -> Load:
    """``count`` identical requests (at least: each further connection may add one in flight);
    every answer must be 2xx."""
    command = _command(connections, 3600, AUTH, method, body, COUNTED) + [server.url + path, "--", str(count)]
    cpu_before = cpu_seconds(server.pid)
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as running:
        for line in running.stdout:
            if line.strip() == "counted":
                running.send_signal(signal.SIGINT)
                break
        output, errors = running.communicate(timeout=120)
    return _summary(path, output, errors, running.returncode, cpu_seconds(server.pid) - cpu_before)


def interleaved(targets: Mapping[str, Tuple[Process, str]], connections: int, seconds: float,
                rounds: int) -> Dict[str, List[Load]]:
    """Each target (label → server, path) measured once per round, in turn, ``rounds`` times."""
    measured: Dict[str, List[Load]] = {label: [] for label in targets}
    for _ in range(rounds):
        for label, (server, path) in targets.items():
            measured[label].append(wrk(server, path, connections, seconds))
    return measured


def median_load(runs: Sequence[Load]) -> Load:
    """The run of median rate (its own latencies and CPU come with it)."""
    return sorted(runs, key=lambda run: run.rate)[len(runs) // 2]


def paired_ratio(ours: Sequence[Load], theirs: Sequence[Load]) -> float:
    """The median of round-by-round rate ratios: each pair ran back to back on the same machine."""
    return statistics.median(a.rate / b.rate for a, b in zip(ours, theirs))
