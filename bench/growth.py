"""Growth figures: what a read of one subscription and a listing of all cost as the account grows
from 100 to 1,000 and 10,000 subscriptions, served, each as a ratio to its 100-subscription value.

One server per size, built through the API (subscription creates, finished by a profile whose steps
end after 1 ms), then measured in alternation, round after round, with wrk (one keep-alive client).
"""
from __future__ import annotations

import json
import statistics
from typing import Dict, List, Tuple

from load import send, wrk
from report import figure, section
from served import fast_profile
from servers import SUBSCRIPTION, Process, mock_api_command

SIZES = (100, 1_000, 10_000)
# Issue 18's targets, for these figures and the in-process ones (run.py), as ratios to the value at
# 100 subscriptions: a read of one resource, or a business rule's check, costs the same whatever
# the account holds (<= FLAT); a listing grows with what it lists, linearly with slack (<= LINEAR
# times the sizes' ratio: listing 1,000 <= 12x listing 100).
FLAT = 1.3
LINEAR = 1.2


def linear(size: int, slack: float = LINEAR) -> float:
    return slack * size / SIZES[0]


# Served, at 10,000 the slack is wider: full garbage collections walk the whole state, and a
# listing's 10,000 bodies trigger them.
TARGETS = {"get-one": {1_000: FLAT, 10_000: FLAT}, "list": {1_000: linear(1_000), 10_000: linear(10_000, 1.5)}}


def build(size: int, profile: str) -> Tuple[Process, int]:
    """A server whose account holds ``size`` subscriptions, and the id of the one in the middle."""
    server = Process(mock_api_command("--profile", profile))
    send(server, "POST", "/v1/subscriptions", json.dumps(SUBSCRIPTION), size)
    status, listed = server.call("GET", "/v1/subscriptions")
    found = len(listed["subscriptions"])
    if status != 200 or found < size:
        server.stop()
        raise RuntimeError(f"built {found} subscriptions, not {size}")
    return server, listed["subscriptions"][found // 2]["id"]


def growth(seconds: float, rounds: int) -> None:
    section(f"Growth: one account with {' / '.join(f'{n:,}' for n in SIZES)} subscriptions, "
            f"served, {rounds} interleaved rounds")
    profile = fast_profile()
    servers: Dict[int, Process] = {}
    paths: Dict[int, Dict[str, str]] = {}
    try:
        for size in SIZES:
            servers[size], middle = build(size, profile)
            paths[size] = {"get-one": f"/v1/subscriptions/{middle}", "list": "/v1/subscriptions"}
        latencies: Dict[str, Dict[int, List[float]]] = {what: {size: [] for size in SIZES} for what in TARGETS}
        for _ in range(rounds):
            for size, server in servers.items():
                for what, path in paths[size].items():
                    latencies[what][size].append(wrk(server, path, 1, seconds).p50_ms)
    finally:
        for server in servers.values():
            server.stop()
    for what, by_size in latencies.items():
        first = statistics.median(by_size[SIZES[0]])
        for size in SIZES[1:]:
            value = statistics.median(by_size[size])
            limit = TARGETS[what][size]
            figure(f"{what} at {size:,} subscriptions (p50)", f"{value:.2f} ms", f"{first:.2f} ms at {SIZES[0]}",
                   f"{value / first:.2f}x", f"<= {limit:g}x", value / first <= limit)
