"""mock_api's routes, matched by a tree of path segments instead of one Werkzeug rule each.

Werkzeug parses every rule's path when an app adds it and builds its state machine on the app's
first request: for the operation table's 160 operations, their aliases and the control API, that
was most of ``create_app`` and of a server's first answer (docs/performance.md, "Start-up"). Here a
blueprint's routes are split into segments once per process, when its module is imported
(``TreeBlueprint``); an app's URL map only points at the blueprints' trees (``TreeMap``), and keeps
Werkzeug's matching for any rule added to the app itself (none today: the app has no static folder).

It matches as Werkzeug's matcher does, which clients rely on: literal segments before parameters
(``/subscriptions/redis-versions`` is not a subscription id) and, among the paths that fit, the
first that takes the method; a trailing slash is ignored (strict_slashes off); HEAD is served by
GET; a path that fits with no route for the method is a 405 listing the methods it has, sorted.
Parameters are whole segments (``<name>``: any non-empty text; ``<int:name>``: ASCII digits, at
most 18; ``<any(a, b):name>``: one of the words), or parts of one (an alias's escaped query).
Routes cannot be built back into URLs (``url_for``): mock_api never does.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from flask import Blueprint
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import Map, MapAdapter, Rule

_PARAMETER = re.compile(r"<(?:(int|any\(([^)]*)\)):)?([A-Za-z_][A-Za-z0-9_]*)>")
_VALUE = "[^/]+"  # Werkzeug's default converter: one non-empty segment
MAX_INT_DIGITS = 18  # an <int:…> segment: more digits is no id (and no 64-bit integer)
Converter = Callable[[str], Any]  # a segment → its value, or None when the segment does not fit


def _text(segment: str) -> str | None:
    return segment or None


def _integer(segment: str) -> int | None:
    return int(segment) if segment.isascii() and segment.isdigit() and len(segment) <= MAX_INT_DIGITS else None


def _one_of(words: str) -> Converter:
    allowed = frozenset(word.strip() for word in words.split(","))
    return lambda segment: segment if segment in allowed else None


# Tried in this order at one node, as Werkzeug weighs converters: any(…) (the rest: 0), int, text.
_CONVERTER_ORDER = {_integer: 1, _text: 2}


class _Node:
    __slots__ = ("literals", "patterns", "parameters", "rules")

    def __init__(self) -> None:
        self.literals: dict[str, _Node] = {}
        # Segments that mix text and parameters (an alias's escaped query): tried after literals.
        self.patterns: list[tuple[re.Pattern[str], _Node]] = []
        # Whole-segment parameters, tried last: (the rule's spelling, name, converter, node), the most
        # constrained converter first (any, then int, then text), as Werkzeug weighs them.
        self.parameters: list[tuple[str, str, Converter, _Node]] = []
        # method → the route of the path that ends here: (path, endpoint) until a request or a
        # listing needs its Werkzeug Rule (built then, once: 160 Rules cost a start-up 0.5 ms).
        self.rules: dict[str, Rule | tuple[str, str]] = {}


class RouteTree:
    """Routes added once per process (``add``), matched for every app (``match``)."""

    def __init__(self) -> None:
        self.views: dict[str, Callable] = {}  # endpoint → view function, installed in each app
        self._root = _Node()

    def add(self, path: str, method: str, endpoint: str, view: Callable) -> None:
        """``path`` in Flask's form (``/subscriptions/<subscriptionId>``)."""
        node = self._root
        for segment in path.strip("/").split("/"):
            node = self._child(node, segment)
        if method in node.rules:
            raise ValueError(f"two routes for {method} {path}")
        if self.views.get(endpoint, view) is not view:
            raise ValueError(f"endpoint {endpoint} names two views")
        node.rules[method] = (path, endpoint)
        self.views[endpoint] = view

    @staticmethod
    def _rule(rules: dict[str, Rule | tuple[str, str]], method: str) -> Rule:
        """The Werkzeug Rule of ``method``'s route, made on first use. An unbound Rule: never
        compiled, only read (by Flask: endpoint and methods; by tooling: its path)."""
        rule = rules[method]
        if isinstance(rule, tuple):
            path, endpoint = rule
            rule = rules[method] = Rule(path, endpoint=endpoint, methods=[method])
        return rule

    @staticmethod
    def _child(node: _Node, segment: str) -> _Node:
        if "<" not in segment:
            child = node.literals.get(segment)
            if child is None:
                child = node.literals[segment] = _Node()
            return child
        whole = _PARAMETER.fullmatch(segment)
        if whole:
            kind, words, name = whole.groups()
            for spelling, _, _, child in node.parameters:
                if spelling == segment:
                    return child
            convert = _one_of(words) if words is not None else _integer if kind == "int" else _text
            child = _Node()
            node.parameters.append((segment, name, convert, child))
            node.parameters.sort(key=lambda entry: _CONVERTER_ORDER.get(entry[2], 0))
            return child
        if any(match.group(1) for match in _PARAMETER.finditer(segment)):
            raise ValueError(f"a converter inside a segment is not supported: {segment}")
        pattern = re.compile("".join(f"(?P<{part}>{_VALUE})" if index % 2 else re.escape(part)
                                     for index, part in enumerate(re.split(r"<([A-Za-z_]\w*)>", segment))) + "$")
        for known, child in node.patterns:
            if known.pattern == pattern.pattern:
                return child
        child = _Node()
        node.patterns.append((pattern, child))
        node.patterns.sort(key=lambda entry: -len(entry[0].pattern))  # the most literal first
        return child

    def match(self, path: str, method: str) -> tuple[Rule, dict[str, Any]] | None:
        """The rule and parameters for ``method`` at ``path``; None if no route has this path;
        MethodNotAllowed if some do, but none with this method."""
        allowed: set[str] = set()
        for rules, values in self._walk(self._root, path.strip("/").split("/"), 0, {}):
            found = method if method in rules else "GET" if method == "HEAD" and "GET" in rules else None
            if found is not None:
                return self._rule(rules, found), values
            allowed.update(rules)
            if "GET" in rules:
                allowed.add("HEAD")  # as Werkzeug adds it to a GET rule's methods
        if allowed:
            raise MethodNotAllowed(valid_methods=sorted(allowed))
        return None

    def _walk(self, node: _Node, segments: list[str], index: int,
              values: dict[str, Any]) -> Iterator[tuple[dict[str, Rule | tuple[str, str]], dict[str, Any]]]:
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
        for _, name, convert, child in node.parameters:
            value = convert(segment)
            if value is not None:
                yield from self._walk(child, segments, index + 1, {**values, name: value})

    def rules(self) -> Iterator[Rule]:
        stack = [self._root]
        while stack:
            node = stack.pop()
            yield from (self._rule(node.rules, method) for method in list(node.rules))
            stack.extend(node.literals.values())
            stack.extend(child for _, child in node.patterns)
            stack.extend(entry[3] for entry in node.parameters)


class TreeBlueprint(Blueprint):
    """A blueprint whose routes go into its own RouteTree, once per process, instead of into each
    app's Werkzeug map; registering it points the app's ``TreeMap`` at the tree. Everything else
    (hooks, error handlers, endpoints named ``blueprint.view``) is Flask's."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.routes = RouteTree()
        self.record(self._install)

    def add_url_rule(self, rule: str, endpoint: str | None = None, view_func: Callable | None = None,
                     provide_automatic_options: bool | None = None, **options: Any) -> None:
        methods = options.pop("methods", None) or getattr(view_func, "methods", None) or ("GET",)
        if options or view_func is None:
            raise TypeError(f"{rule}: a view and its methods only (not {', '.join(options) or 'no view'})")
        endpoint = endpoint or view_func.__name__
        if "." in endpoint:
            raise ValueError(f"endpoint {endpoint!r} may not contain a dot")
        if self.url_prefix:  # joined as Flask joins a blueprint's prefix and a rule
            rule = "/".join((self.url_prefix.rstrip("/"), rule.lstrip("/"))) if rule else self.url_prefix
        for method in methods:
            self.routes.add(rule, method.upper(), f"{self.name}.{endpoint}", view_func)

    def _install(self, state: Any) -> None:
        url_map = state.app.url_map
        if not isinstance(url_map, TreeMap):
            raise TypeError("the app's url_map_class must be TreeMap to serve a TreeBlueprint's routes")
        if state.url_prefix != self.url_prefix:
            raise ValueError(f"blueprint {self.name}: its routes were made under {self.url_prefix!r}")
        url_map.trees.append(self.routes)
        state.app.view_functions.update(self.routes.views)


class TreeMap(Map):
    """Flask's URL map, which asks the registered blueprints' trees first."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.trees: list[RouteTree] = []

    def iter_rules(self, endpoint: str | None = None) -> Iterator[Rule]:
        yield from super().iter_rules(endpoint)
        for tree in self.trees:
            yield from (rule for rule in tree.rules() if endpoint is None or rule.endpoint == endpoint)

    def bind(self, *args: Any, **kwargs: Any) -> MapAdapter:  # type: ignore[override]
        return self._adapter(super().bind(*args, **kwargs))

    def bind_to_environ(self, *args: Any, **kwargs: Any) -> MapAdapter:  # type: ignore[override]
        return self._adapter(super().bind_to_environ(*args, **kwargs))  # Werkzeug calls Map.bind itself here

    @staticmethod
    def _adapter(adapter: MapAdapter) -> MapAdapter:
        # The adapter Werkzeug made, given our match: _TreeAdapter adds no state, so no second
        # adapter is built per request.
        adapter.__class__ = _TreeAdapter
        return adapter


class _TreeAdapter(MapAdapter):
    map: TreeMap

    def match(self, path_info: str | None = None, method: str | None = None, return_rule: bool = False,
              query_args: Mapping[str, Any] | None = None, websocket: bool | None = None) -> Any:
        path = self.path_info if path_info is None else path_info
        verb = (method or self.default_method).upper()
        allowed: set[str] = set()
        for tree in self.map.trees:
            try:
                found = tree.match(path, verb)
            except MethodNotAllowed as refused:
                allowed.update(refused.valid_methods or ())
                continue
            if found is not None:
                rule, values = found
                return (rule if return_rule else rule.endpoint), values
        try:
            return super().match(path_info, method, return_rule, query_args, websocket)
        except NotFound:
            if allowed:
                raise MethodNotAllowed(valid_methods=sorted(allowed)) from None
            raise
