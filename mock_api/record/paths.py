"""Request paths: the API path a client meant, and path templates (``/subscriptions/{subscriptionId}``)
matched against it. Used for the operation table (path params of a recorded task) and for the
official spec (which operation an upstream answer belongs to)."""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")
_PARAM = re.compile(r"^\{([^{}/]+)\}$")


def api_path(raw_path: str) -> str:
    """The path relative to the API root, as the mock routes it: ``//`` folded, a ``/v1`` prefix
    and a trailing slash dropped, no query string."""
    path = raw_path.split("?", 1)[0] or "/"
    while "//" in path:
        path = path.replace("//", "/")
    if path.startswith("/v1") and (len(path) == 3 or path[3] == "/"):
        path = path[3:] or "/"
    if len(path) > 1 and path.endswith("/"):
        path = path[:-1]
    return path


@dataclass(frozen=True)
class PathTemplate:
    template: str
    pattern: re.Pattern[str]
    names: tuple[str, ...]
    # One 0 per literal segment, 1 per parameter: the smallest rank is the most literal template,
    # so /subscriptions/redis-versions wins over /subscriptions/{subscriptionId}.
    rank: tuple[int, ...]

    @staticmethod
    def compile(template: str) -> PathTemplate:
        parts, names, rank = [], [], []
        for segment in template.strip("/").split("/") if template.strip("/") else []:
            param = _PARAM.match(segment)
            if segment == "**":  # the spec's catch-all segment
                parts.append("(?:/.*)?")
                rank.append(2)
                continue
            if param:
                names.append(param.group(1))
                parts.append(f"/(?P<p{len(names) - 1}>[^/]+)")
                rank.append(1)
            else:
                parts.append("/" + re.escape(segment))
                rank.append(0)
        return PathTemplate(template, re.compile("^" + ("".join(parts) or "/") + "$"), tuple(names), tuple(rank))

    def match(self, path: str) -> dict[str, str] | None:
        found = self.pattern.match(path)
        if found is None:
            return None
        return {name: found.group(f"p{index}") for index, name in enumerate(self.names)}


class TemplateIndex(Generic[T]):
    """(method, template) → value; ``find`` picks the most literal template matching a request."""

    def __init__(self, entries: Iterable[tuple[str, str, T]]):
        self._entries: list[tuple[str, PathTemplate, T]] = [
            (method.upper(), PathTemplate.compile(template), value) for method, template, value in entries]
        self._entries.sort(key=lambda entry: entry[1].rank)

    def find(self, method: str, path: str) -> tuple[T, PathTemplate, dict[str, str]] | None:
        method = method.upper()
        for entry_method, template, value in self._entries:
            if entry_method != method:
                continue
            params = template.match(path)
            if params is not None:
                return value, template, params
        return None
