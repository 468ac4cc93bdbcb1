"""The operation table's routes, matched by a tree of path segments instead of one Werkzeug rule each.

Werkzeug parses every rule's path when it is added and builds its state machine on the first
request: for the table's 160 operations and their aliases that was most of ``create_app`` and of a
server's first answer (docs/performance.md, "Start-up"). Here each path is split once per process;
an app only points its URL map at the shared tree (``OperationMap``), and Flask keeps its own rules
(tasks, control API, dashboard) for every other path.

It matches as Werkzeug's matcher does, which the routes rely on: literal segments before parameters
(``/subscriptions/redis-versions`` is not a subscription id) and, among the paths that fit, the
first that takes the method; a trailing slash is ignored (strict_slashes off); HEAD is served by
GET; a path that fits with no route for the method is a 405 listing the methods it has.
"""
from __future__ import annotations

import re
from typing import Callable, Dict, Iterator, List, Mapping, Optional, Pattern, Tuple

from werkzeug.exceptions import MethodNotAllowed
from werkzeug.routing import Map, MapAdapter, Rule

_PARAMETER = re.compile(r"<([A-Za-z_][A-Za-z0-9_]*)>")
_VALUE = "[^/]+"  # Werkzeug's default converter: one non-empty segment


class _Node:
    __slots__ = ("literals", "patterns", "parameter", "rules")

    def __init__(self) -> None:
        self.literals: Dict[str, _Node] = {}
        # Segments that mix text and parameters (an alias's escaped query): tried after literals.
        self.patterns: List[Tuple[Pattern[str], _Node]] = []
        self.parameter: Optional[Tuple[str, _Node]] = None  # a whole-segment parameter: tried last
        self.rules: Dict[str, Rule] = {}  # method → rule of the path that ends here


class OperationRoutes:
    """Routes added once per process (``add``), matched for every app (``match``)."""

    def __init__(self, blueprint: str) -> None:
        self.blueprint = blueprint
        self.views: Dict[str, Callable] = {}  # endpoint → view function, installed in each app
        self._root = _Node()

    def add(self, path: str, method: str, name: str, view: Callable) -> None:
        """``path`` in Flask's form (``/subscriptions/<subscriptionId>``); the endpoint is
        ``<blueprint>.<name>``, as if the blueprint had added the rule."""
        endpoint = f"{self.blueprint}.{name}"
        node = self._root
        for segment in path.strip("/").split("/"):
            node = self._child(node, segment)
        if method in node.rules:
            raise ValueError(f"two routes for {method} {path}")
        # An unbound Rule: never compiled, only read (endpoint, methods, and its path for tooling).
        node.rules[method] = Rule(path, endpoint=endpoint, methods=[method])
        self.views[endpoint] = view

    @staticmethod
    def _child(node: _Node, segment: str) -> _Node:
        names = _PARAMETER.findall(segment)
        if not names:
            return node.literals.setdefault(segment, _Node())
        if segment == f"<{names[0]}>":
            if node.parameter is None:
                node.parameter = (names[0], _Node())
            elif node.parameter[0] != names[0]:
                raise ValueError(f"one segment, two parameter names: {node.parameter[0]} and {names[0]}")
            return node.parameter[1]
        pattern = re.compile("".join(f"(?P<{part}>{_VALUE})" if index % 2 else re.escape(part)
                                     for index, part in enumerate(_PARAMETER.split(segment))) + "$")
        for known, child in node.patterns:
            if known.pattern == pattern.pattern:
                return child
        child = _Node()
        node.patterns.append((pattern, child))
        node.patterns.sort(key=lambda entry: -len(entry[0].pattern))  # the most literal first
        return child

    def match(self, path: str, method: str) -> Optional[Tuple[Rule, Dict[str, str]]]:
        """The rule and parameters for ``method`` at ``path``; None if no route has this path;
        MethodNotAllowed if some do, but none with this method."""
        segments = path.strip("/").split("/")
        allowed: set = set()
        for rules, values in self._walk(self._root, segments, 0, {}):
            rule = rules.get(method) or (rules.get("GET") if method == "HEAD" else None)
            if rule is not None:
                return rule, values
            for rule in rules.values():
                allowed |= rule.methods or set()
        if allowed:
            raise MethodNotAllowed(valid_methods=sorted(allowed))
        return None

    def _walk(self, node: _Node, segments: List[str], index: int,
              values: Dict[str, str]) -> Iterator[Tuple[Dict[str, Rule], Dict[str, str]]]:
        if index == len(segments):
            if node.rules:
                yield node.rules, values
            return
        segment = segments[index]
        literal = node.literals.get(segment)
        if literal is not None:
            yield from self._walk(literal, segments, index + 1, values)
        for pattern, child in node.patterns:
            found = pattern.match(segment)
            if found:
                yield from self._walk(child, segments, index + 1, {**values, **found.groupdict()})
        if node.parameter is not None and segment:
            name, child = node.parameter
            yield from self._walk(child, segments, index + 1, {**values, name: segment})


class OperationMap(Map):
    """Flask's URL map, asked first of ``operation_routes`` (when a blueprint installed some)."""

    operation_routes: Optional[OperationRoutes] = None

    def bind(self, *args, **kwargs) -> MapAdapter:  # type: ignore[override]
        return self._adapter(super().bind(*args, **kwargs))

    def bind_to_environ(self, *args, **kwargs) -> MapAdapter:  # type: ignore[override]
        return self._adapter(super().bind_to_environ(*args, **kwargs))  # Werkzeug calls Map.bind itself here

    def _adapter(self, plain: MapAdapter) -> MapAdapter:
        if isinstance(plain, _OperationAdapter):
            return plain
        return _OperationAdapter(self, plain.server_name, plain.script_name, plain.subdomain, plain.url_scheme,
                                 plain.path_info, plain.default_method, plain.query_args)


class _OperationAdapter(MapAdapter):
    map: OperationMap

    def match(self, path_info: Optional[str] = None, method: Optional[str] = None, return_rule: bool = False,
              query_args: Optional[Mapping[str, object]] = None, websocket: Optional[bool] = None):
        routes = self.map.operation_routes
        if routes is not None:
            found = routes.match(self.path_info if path_info is None else path_info,
                                 (method or self.default_method).upper())
            if found is not None:
                rule, values = found
                return (rule if return_rule else rule.endpoint), values
        return super().match(path_info, method, return_rule, query_args, websocket)


def install(routes: OperationRoutes) -> Callable:
    """A blueprint's deferred setup (``blueprint.record(install(routes))``): the app's map consults
    ``routes``, and the app knows their view functions under their endpoints."""

    def on_register(state) -> None:
        url_map = state.app.url_map
        if not isinstance(url_map, OperationMap):
            raise TypeError("the app's url_map_class must be OperationMap to serve the operation table")
        url_map.operation_routes = routes
        state.app.view_functions.update(routes.views)

    return on_register
