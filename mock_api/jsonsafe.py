"""JSON from outside, with the same bounds everywhere: request and control bodies, fault bodies,
snapshots, the journal's copies of bodies.

Python's ``json`` accepts ``NaN`` and ``Infinity``, turns ``1e400`` into ``inf``, and raises
RecursionError on deep nesting; any of them would later break an answer (strict clients cannot
read ``NaN``) or the server itself. Here they are refused up front, with a message for a 400.
"""
from __future__ import annotations

import json
import math
from typing import Any

MAX_DEPTH = 64  # nesting levels of arrays and objects


class JsonError(ValueError):
    """Refused JSON; the message says why (for the error body)."""


def _refuse_constant(name: str) -> Any:
    raise JsonError(f"{name} is not a JSON number")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise JsonError(f"number {text[:40]} is out of range")
    return value


def loads(raw: bytes | str, max_depth: int = MAX_DEPTH) -> Any:
    """Parse, refusing non-finite numbers and nesting deeper than ``max_depth``. Raises JsonError."""
    try:
        value = json.loads(raw, parse_constant=_refuse_constant, parse_float=_finite_float)
    except JsonError:
        raise
    except RecursionError:
        raise JsonError(f"JSON nested deeper than {max_depth} levels") from None
    except (ValueError, UnicodeDecodeError) as error:
        raise JsonError(f"not valid JSON: {error}") from None
    check_depth(value, max_depth)
    return value


def check_depth(value: Any, max_depth: int = MAX_DEPTH) -> None:
    """Raise JsonError if ``value`` nests arrays / objects deeper than ``max_depth`` (no recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            if depth > max_depth:
                raise JsonError(f"JSON nested deeper than {max_depth} levels")
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))


def check_finite(value: Any) -> None:
    """Raise JsonError for NaN or infinite numbers anywhere in ``value`` (data not parsed here)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, float) and not math.isfinite(item):
            raise JsonError(f"{item!r} is not a JSON number")
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def dumps_compact(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":"), allow_nan=False).encode()
