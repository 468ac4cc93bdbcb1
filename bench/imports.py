"""Import costs, read from ``python -X importtime`` (cumulative microseconds per module)."""
from __future__ import annotations

import statistics
import subprocess
import sys
from typing import Dict

from report import figure, section


def import_times(code: str) -> Dict[str, int]:
    """Cumulative import time (µs) of each module ``code`` imports, in a fresh interpreter; a module
    imported twice (never, in practice) keeps its last figure."""
    result = subprocess.run([sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True,
                            timeout=120)
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-2000:])
    times = {}
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            _, cumulative, name = line[len("import time:"):].split("|")
            if cumulative.strip().isdigit():
                times[name.strip()] = int(cumulative)
    return times


def plugin(runs: int = 7) -> None:
    """What loading the pytest plugin adds to a pytest run that uses none of its fixtures: its
    import, with pytest already imported (pytest loads it by entry point)."""
    section(f"The pytest plugin's import cost (python -X importtime, median of {runs})")
    samples = [import_times("import pytest; import mock_api.pytest_plugin")["mock_api.pytest_plugin"] / 1000
               for _ in range(runs)]
    value = statistics.median(samples)
    pytest_alone = statistics.median(import_times("import pytest")["pytest"] / 1000 for _ in range(3))
    figure("import of mock_api.pytest_plugin, pytest loaded", f"{value:.1f} ms",
           f"{pytest_alone:.0f} ms (pytest's own import)", f"{value / pytest_alone:.2f}x", "<= 20 ms", value <= 20)
