"""A forwarding WSGI app: every request goes to the upstream with the caller's own headers
(credentials included), and the upstream's answer comes back unchanged — status, headers except the
hop-by-hop ones, body — while a callback sees both.

The proxy answers by itself only when the upstream cannot: unreachable (502), too slow (504), a
body over the limit (413 for a request, 502 for an answer); then with the API's own error body.
"""
from __future__ import annotations

import http.client
import json
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import quote, urlsplit

from ..representation import error_body
from . import DEFAULT_TIMEOUT

# RFC 9110 §7.6.1: meaningful for one connection only, never forwarded.
HOP_BY_HOP = frozenset({"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
                        "trailers", "transfer-encoding", "upgrade", "proxy-connection"})
MAX_REQUEST_BYTES = 16 << 20
MAX_ANSWER_BYTES = 64 << 20
_IDEMPOTENT = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})
_PRINTABLE = "".join(chr(code) for code in range(33, 127))
_NO_BODY_STATUSES = frozenset({204, 304})


@dataclass(frozen=True)
class Upstream:
    scheme: str
    host: str
    port: int
    base_path: str  # prefixed to every forwarded path ("" for an origin)

    @staticmethod
    def parse(url: str) -> Upstream:
        parts = urlsplit(url.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"{url!r} is not an http:// or https:// URL")
        if parts.query or parts.fragment:
            raise ValueError(f"{url!r}: the upstream URL takes no query or fragment")
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError as error:
            raise ValueError(f"{url!r}: {error}") from None
        return Upstream(parts.scheme, parts.hostname, port, parts.path.rstrip("/"))

    @property
    def url(self) -> str:
        """Where it points, without any user:password@ part."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        default = (self.scheme == "https" and self.port == 443) or (self.scheme == "http" and self.port == 80)
        return f"{self.scheme}://{host}{'' if default else f':{self.port}'}{self.base_path}"


@dataclass(frozen=True)
class Proxied:
    """One request and the upstream's answer, as they passed through."""

    method: str
    target: str  # the client's path and query, below the upstream's base path
    request_headers: dict[str, str]
    request_body: bytes
    status: int
    answer_headers: list[tuple[str, str]]
    answer_body: bytes
    wall: float  # epoch seconds when the answer arrived


class Proxy:
    def __init__(self, upstream: Upstream, on_exchange: Callable[[Proxied], None],
                 timeout: float = DEFAULT_TIMEOUT, log: Callable[[str], None] | None = None):
        self.upstream, self.on_exchange, self.timeout, self.log = upstream, on_exchange, timeout, log
        self._local = threading.local()

    # ------------------------------------------------------------ WSGI

    def __call__(self, environ, start_response):
        started = time.perf_counter()
        method = environ["REQUEST_METHOD"]
        target = _target(environ)
        headers = _forwarded_headers(environ)
        length = environ.get("CONTENT_LENGTH") or ""
        if length.isdigit() and int(length) > MAX_REQUEST_BYTES:
            return self._refuse(start_response, 413, method, target,
                                f"Request body is larger than {MAX_REQUEST_BYTES} bytes")
        body = environ["wsgi.input"].read(MAX_REQUEST_BYTES + 1) if length != "0" else b""
        if len(body) > MAX_REQUEST_BYTES:
            return self._refuse(start_response, 413, method, target,
                                f"Request body is larger than {MAX_REQUEST_BYTES} bytes")
        try:
            status, reason, answer_headers, answer = self._forward(method, target, headers, body)
        except (ValueError, http.client.InvalidURL):
            # http.client refuses a header or path that is not valid HTTP; its message would quote
            # the value, which may be a credential: not echoed.
            return self._refuse(start_response, 400, method, target,
                                "Request not forwarded: a header or the path is not valid HTTP")
        except (OSError, http.client.HTTPException) as error:
            timed_out = isinstance(error, TimeoutError)
            return self._refuse(start_response, 504 if timed_out else 502, method, target,
                                f"Upstream {self.upstream.url} {'did not answer in time' if timed_out else 'unreachable'}"
                                f": {error or type(error).__name__}")
        except _TooLarge:
            return self._refuse(start_response, 502, method, target,
                                f"Upstream answer larger than {MAX_ANSWER_BYTES} bytes")
        try:
            self.on_exchange(Proxied(method, target, headers, body, status, answer_headers, answer, time.time()))
        except Exception as error:  # recording must never cost the client its answer
            if self.log is not None:  # the type only: a message could quote a body's secret
                self.log(f"recorder error on {method} {target.split('?', 1)[0]}: {type(error).__name__} "
                         "(a bug in mock_api: please report it)")
        if self.log is not None:
            self.log(f"{method} {target.split('?', 1)[0]} -> {status} ({(time.perf_counter() - started) * 1000:.1f} ms)")
        sends_body = method != "HEAD" and status not in _NO_BODY_STATUSES and status >= 200
        dropped = _dropped(answer_headers) | ({"content-length"} if sends_body else set())
        kept = [(name, value) for name, value in answer_headers if name.lower() not in dropped]
        if sends_body:  # the body is whole here: its length, whatever framing the upstream used
            kept.append(("Content-Length", str(len(answer))))
        start_response(f"{status} {reason or 'Unknown'}", kept)
        return [answer] if sends_body else []

    def _refuse(self, start_response, status: int, method: str, target: str, message: str):
        path = self.upstream.base_path + target.split("?", 1)[0]
        body = error_body(status, path, datetime.now(timezone.utc), message)
        if body["error"] == "Error":  # the shared table lacks the gateway statuses (502, 504)
            body["error"] = http.client.responses.get(status, "Error")
        body = json.dumps(body).encode()
        if self.log is not None:
            self.log(f"{method} {target.split('?', 1)[0]} -> {status}: {message}")
        start_response(f"{status} {http.client.responses.get(status, 'Error')}",
                       [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
        return [body]

    # ------------------------------------------------------------ upstream

    def _connection(self, fresh: bool) -> tuple[http.client.HTTPConnection, bool]:
        """This thread's kept-alive connection (``reused`` True), or a new one."""
        current = getattr(self._local, "connection", None)
        if current is not None and not fresh:
            return current, True
        if current is not None:
            current.close()
        if self.upstream.scheme == "https":
            connection = http.client.HTTPSConnection(self.upstream.host, self.upstream.port, timeout=self.timeout,
                                                     context=ssl.create_default_context())
        else:
            connection = http.client.HTTPConnection(self.upstream.host, self.upstream.port, timeout=self.timeout)
        self._local.connection = connection
        return connection, False

    def _forward(self, method: str, target: str, headers: dict[str, str], body: bytes):
        # A request that is not idempotent never goes on a kept-alive connection the upstream may
        # have closed meanwhile: a retry there could create a resource twice.
        connection, reused = self._connection(fresh=method not in _IDEMPOTENT)
        try:
            return self._exchange(connection, method, target, headers, body)
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            self._discard(connection)
            if not reused:
                raise
        except BaseException:
            self._discard(connection)
            raise
        connection, _ = self._connection(fresh=True)  # the kept-alive one had been closed: once more
        try:
            return self._exchange(connection, method, target, headers, body)
        except BaseException:
            self._discard(connection)
            raise

    def _discard(self, connection) -> None:
        connection.close()
        if getattr(self._local, "connection", None) is connection:
            self._local.connection = None

    def _exchange(self, connection, method: str, target: str, headers: dict[str, str], body: bytes):
        # Bytes outside printable ASCII (which http.client refuses) are percent-encoded as they came.
        path = quote((self.upstream.base_path + target).encode("latin-1", "replace"), safe=_PRINTABLE)
        connection.request(method, path, body=body if body or method in ("POST", "PUT", "PATCH") else None,
                           headers=headers)
        answer = connection.getresponse()
        data = answer.read(MAX_ANSWER_BYTES + 1)
        if len(data) > MAX_ANSWER_BYTES:
            self._discard(connection)
            raise _TooLarge()
        if answer.will_close:
            self._discard(connection)
        return answer.status, answer.reason, answer.getheaders(), data


class _TooLarge(Exception):
    pass


def _target(environ) -> str:
    """The request target as the client wrote it (path and query), in origin form."""
    raw = environ.get("REQUEST_URI")
    if raw:
        if "://" in raw.split("?", 1)[0]:  # absolute form: keep its path and query
            parts = urlsplit(raw)
            raw = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        return raw if raw.startswith("/") else "/" + raw
    path = quote(environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", ""), safe="/:@!$&'()*+,;=-._~%")
    query = environ.get("QUERY_STRING")
    return path + (f"?{query}" if query else "")


def _forwarded_headers(environ) -> dict[str, str]:
    """The client's headers, minus those that belong to its connection with the proxy."""
    headers = {}
    for key, value in environ.items():
        if key.startswith("HTTP_"):
            headers[key[5:].replace("_", "-").title()] = value
    if environ.get("CONTENT_TYPE"):
        headers["Content-Type"] = environ["CONTENT_TYPE"]
    dropped = HOP_BY_HOP | {"host", "expect", "content-length"} | {
        token.strip().lower() for token in headers.get("Connection", "").split(",")}
    return {name: value for name, value in headers.items() if name.lower() not in dropped}


def _dropped(answer_headers: list[tuple[str, str]]) -> frozenset:
    named = {token.strip().lower() for name, value in answer_headers if name.lower() == "connection"
             for token in value.split(",")}
    return HOP_BY_HOP | named
