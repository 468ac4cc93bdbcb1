"""Gathering named handlers from their families' tables: each name stands for one handler (sync.py
gathers the synchronous handlers, actions.py the performers and queries of task-backed operations)."""
from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

Handler = TypeVar("Handler")


def gathered(*tables: Mapping[str, Handler]) -> dict[str, Handler]:
    handlers: dict[str, Handler] = {}
    for table in tables:
        for name, handler in table.items():
            if name in handlers:
                raise ValueError(f"two handlers are named {name!r}")
            handlers[name] = handler
    return handlers
