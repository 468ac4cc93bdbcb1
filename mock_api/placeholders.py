"""``${name}`` placeholders in scenario response values: substitution only, nothing is evaluated.

A string that is exactly one placeholder takes the value's own type (so ``${resourceId}`` stays an
integer); inside a longer string the value is written as text. Names are checked when a scenario
is loaded (scenario_files.PLACEHOLDER_NAME); here an unknown value renders as an empty string.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .scenario_model import PLACEHOLDER_PATTERN

PLACEHOLDER = re.compile(PLACEHOLDER_PATTERN)


def _lookup(name: str, context: Mapping[str, Any]) -> Any:
    head, _, rest = name.partition(".")
    value = context.get(head)
    for part in rest.split(".") if rest else ():
        value = value.get(part) if isinstance(value, Mapping) else None
    return value


def render(value: Any, context: Mapping[str, Any]) -> Any:
    if isinstance(value, str):
        whole = PLACEHOLDER.fullmatch(value)
        if whole:
            return _lookup(whole.group(1), context)
        return PLACEHOLDER.sub(lambda m: "" if _lookup(m.group(1), context) is None
                               else str(_lookup(m.group(1), context)), value)
    if isinstance(value, Mapping):
        return {key: render(item, context) for key, item in value.items()}
    if isinstance(value, list):
        return [render(item, context) for item in value]
    return value
