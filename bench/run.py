"""`make bench`: mock_api measured against baselines in the same run, on this machine.

Every figure is printed with its target and PASS / FAIL, then all in one table; the exit status is
1 when a target is missed. Throughput and latency come from wrk (a C load generator: the figures are
the server's cost, not a Python client's), only ever against 127.0.0.1; mock_api and its baseline are
measured in alternation, round after round, and medians are kept. Nothing here is part of
`make test` (a timed assertion in a test suite is a flaky test).

    python bench/run.py [--seconds 2] [--rounds 5] [--only NAME ...] [--source DIR]

``--source DIR`` measures the mock_api package in DIR (e.g. an older checkout) instead of this one,
for before / after comparisons on the same machine.
"""
from __future__ import annotations

import argparse
import compileall
import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import growth  # noqa: E402
import imports  # noqa: E402
import served  # noqa: E402
from load import wrk_path  # noqa: E402
from report import figure, section, skipped, summary  # noqa: E402

SECTIONS = ("throughput", "launch", "memory", "quiet", "waiters", "growth", "retention", "in-process", "imports",
            "dashboard")


def prepare(source: Path) -> None:
    """Measure the package in ``source`` as an installed one runs: with its bytecode compiled (a
    user's pip install writes it; this machine may set PYTHONDONTWRITEBYTECODE)."""
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(source), os.environ.get("PYTHONPATH")]))
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    compileall.compile_dir(str(source / "mock_api"), quiet=1)
    sys.path.insert(0, str(source))
    os.chdir(source)  # `python -m mock_api.cli` imports from the working directory before PYTHONPATH


def in_process() -> None:
    """Figures measured inside one interpreter (a fresh one, so that they do not mix with ours)."""
    section("In-process (Flask's test client, no HTTP)")
    result = subprocess.run([sys.executable, str(HERE / "inprocess.py")], capture_output=True, text=True, timeout=1800)
    if result.returncode != 0:
        raise RuntimeError(result.stderr)
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    per_task, base = figures["create_to_completed_ms"], figures["bare_round_trips_ms"]
    figure("create -> completed, per task (instant profile)", f"{per_task:.3f} ms", f"{base:.3f} ms (2 bare calls)",
           f"{per_task / base:.2f}x", "<= 1 ms", per_task <= 1.0)
    rss, empty = figures["rss_100k_mib"], figures["rss_empty_mib"]
    figure("resident memory with 100,000 live tasks", f"{rss:.1f} MiB", f"{empty:.1f} MiB (no task)",
           f"{rss / empty:.2f}x", "<= 150 MiB", rss <= 150)
    ratio = figures["poll_100k_ms"] / figures["poll_10_ms"]
    figure("poll latency at 100,000 vs at 10 tasks", f"{figures['poll_100k_ms']:.3f} ms",
           f"{figures['poll_10_ms']:.3f} ms", f"{ratio:.2f}x", "<= 1.1x", ratio <= 1.1)
    figure("GET /tasks over 10,000 tasks (median of 5)", f"{figures['list_10k_ms']:.1f} ms",
           f"first call {figures['list_10k_first_ms']:.1f} ms", "-", "<= 100 ms", figures["list_10k_ms"] <= 100)
    by_size = {int(size): values for size, values in figures["growth"].items()}
    first = by_size[min(by_size)]
    flat, linear = growth.FLAT, growth.linear
    for name, limits in (("get-one", {1_000: flat, 10_000: flat}), ("list-databases", {10_000: flat}),
                         ("in-use-delete", {10_000: flat}),
                         ("list", {300: linear(300), 1_000: linear(1_000), 3_000: linear(3_000)})):
        for size, limit in limits.items():
            value = by_size[size][name]
            figure(f"in-process {name} at {size:,} subscriptions", f"{value:.3f} ms", f"{first[name]:.3f} ms at 100",
                   f"{value / first[name]:.2f}x", f"<= {limit:g}x", value / first[name] <= limit)


def dashboard() -> None:
    """The dashboard's first render with 1,000 tasks in headless Chromium, from bench/dashboard.py
    (``measure() -> dict`` in milliseconds, or ``skipped`` and why when there is no browser)."""
    section("Dashboard")
    name, target = "dashboard render with 1,000 tasks (headless Chromium)", "< 1 s"
    import dashboard as module

    try:
        result = module.measure()
    except (ImportError, OSError) as error:  # no browser, or no driver for one, on this machine
        skipped(name, f"no headless browser here ({error})", target)
        return
    if result.get("skipped"):
        skipped(name, str(result["skipped"]), target)
        return
    painted, limit = float(result["first_render_ms"]), float(result["target_first_render_ms"])
    figure(name, f"{painted:.0f} ms", f"tasks fetched in {result['tasks_fetch_ms']:.0f} ms, drawn in "
           f"{result['tasks_drawn_ms']:.0f} ms; a refresh redraws in {result['refresh_draw_ms_median']:.0f} ms",
           "-", f"< {limit:.0f} ms", painted < limit)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="duration of each wrk run (default 2)")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds per comparison (default 5)")
    parser.add_argument("--only", choices=SECTIONS, action="append", help="measure only these (repeatable)")
    parser.add_argument("--source", type=Path, default=HERE.parent, help="the tree whose mock_api is measured")
    args = parser.parse_args()
    prepare(args.source.resolve())
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}, Python {sys.version.split()[0]}; "
          f"measuring {args.source.resolve()}; load from {wrk_path()}", flush=True)
    chosen = set(args.only or SECTIONS)
    runs = {"throughput": lambda: served.throughput(args.seconds, args.rounds),
            "quiet": lambda: served.quiet_under_load(args.seconds),
            "waiters": lambda: served.waiters(args.seconds, args.rounds),
            "launch": served.launch, "memory": served.idle_memory, "retention": served.retention,
            "growth": lambda: growth.growth(args.seconds, max(3, args.rounds - 2)),
            "in-process": in_process, "imports": imports.plugin, "dashboard": dashboard}
    for name in SECTIONS:
        if name in chosen:
            runs[name]()
    return summary()


if __name__ == "__main__":
    sys.exit(main())
