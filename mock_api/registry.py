"""Gathering named handlers from their families' tables: each name stands for one handler (sync.py
gathers the synchronous handlers, actions.py the performers and queries of task-backed operations)."""
from __future__ import annotations

from typing import Dict, Mapping, TypeVar

Handler = TypeVar("Handler")


def gathered(*tables: Mapping[str, Handler]) -> Dict[str, Handler]:
    handlers: Dict[str, Handler] = {}
    for table in tables:
        for name, handler in table.items():
            if name in handlers:
                raise ValueError(f"two handlers are named {name!r}")
            handlers[name] = handler
    return handlers
