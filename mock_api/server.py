"""Serving the app over HTTP: in the foreground (the CLI) or in a background thread (the pytest
plugin), on waitress, bound to 127.0.0.1 unless told otherwise.

Waitress was chosen by measurement (docs/performance.md): it keeps connections alive and serves
about twice the polls per second of Werkzeug's development server on the same machine. On top of
it, this module adds what a test server needs:

* each request carries its socket (``mock_api.socket``: a fault rule can drop the connection) and a
  way to hold its answer back (``mock_api.hold``: a delay fault delays the answer without keeping a
  worker thread asleep — the answer waits in the connection until a single timer thread says go);
* the server's own refusals (a malformed request, a body over the limit, refused before it is
  read) use the API's JSON error body instead of waitress's plain text;
* a request without a ``Host`` header gets links to the address it reached, not a placeholder;
* a clean stop: the listener closes, requests in flight finish (bounded by ``drain_seconds``), then
  the server exits.

Limits set on purpose (documented in the README): THREADS workers plus one per allowed long poll,
CONNECTION_LIMIT open connections, CHANNEL_TIMEOUT seconds for an idle connection.
"""
from __future__ import annotations

import heapq
import json
import socket
import threading
import time
from datetime import datetime, timezone

from waitress import wasyncore
from waitress.channel import HTTPChannel
from waitress.server import TcpWSGIServer
from waitress.task import ErrorTask, WSGITask

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
THREADS = 8
CONNECTION_LIMIT = 512
CHANNEL_TIMEOUT = 120  # seconds an idle keep-alive connection stays open (longer than any delay fault)
DRAIN_SECONDS = 10.0


class _Task(WSGITask):
    def get_environment(self):
        environ = super().get_environment()
        environ["mock_api.socket"] = self.channel.socket
        environ["mock_api.hold"] = self.channel.hold
        if not environ.get("HTTP_HOST"):  # HTTP/1.0 without Host: links name the address reached
            try:
                host, port = self.channel.socket.getsockname()[:2]
                environ["SERVER_NAME"], environ["SERVER_PORT"] = host, str(port)
            except OSError:
                pass
        return environ


class _JsonErrorTask(ErrorTask):
    """Waitress's own refusals (malformed request line or headers, 413 before the body is read)
    in the API's error body."""

    def execute(self):
        from .representation import error_body  # only for a malformed request: kept off start-up

        error = self.request.error
        path = getattr(self.request, "path", None) or "/"
        body = json.dumps(error_body(error.code, path, datetime.now(timezone.utc),
                                     _server_message(error.code, str(error.body)))).encode()
        self.status = f"{error.code} {error.reason}"
        self.response_headers.append(("Content-Type", "application/json"))
        self.set_close_on_finish()
        self.content_length = len(body)
        self.write(body)


def _server_message(code: int, detail: str) -> str:
    if code == 413:
        return f"Request body is larger than the server accepts ({detail})"
    return f"Malformed HTTP request: {detail}"


class _Channel(HTTPChannel):
    task_class = _Task
    error_task_class = _JsonErrorTask
    hold_until = 0.0

    def hold(self, seconds: float) -> None:
        """Keep this connection's next answer unsent for ``seconds`` (the worker thread is free)."""
        self.hold_until = time.monotonic() + seconds
        self.server.wake_at(self.hold_until)

    def _held(self) -> bool:
        if self.hold_until:
            if time.monotonic() < self.hold_until:
                return True
            self.hold_until = 0.0
        return False

    def writable(self):  # the loop does not even try to write a held answer
        return not self._held() and super().writable()

    def _flush_some(self, do_close=True):  # nor does a worker thread, which flushes as it writes
        return False if self._held() else super()._flush_some(do_close)

    @property
    def idle(self) -> bool:
        return not self.requests and not self.total_outbufs_len


class _Waker:
    """One thread for every held answer: it wakes the server's loop when a hold runs out."""

    def __init__(self, server: Server):
        self._server = server
        self._deadlines: list[float] = []
        self._changed = threading.Condition()
        self._thread: threading.Thread | None = None

    def wake_at(self, deadline: float) -> None:
        with self._changed:
            heapq.heappush(self._deadlines, deadline)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="mock_api waker", daemon=True)
                self._thread.start()
            self._changed.notify()

    def _run(self) -> None:
        with self._changed:
            while True:
                if not self._deadlines:
                    self._changed.wait()
                    continue
                delay = self._deadlines[0] - time.monotonic()
                if delay > 0:
                    self._changed.wait(delay)
                    continue
                heapq.heappop(self._deadlines)
                self._server.pull_trigger()


class Server(TcpWSGIServer):
    channel_class = _Channel

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._waker = _Waker(self)
        self._stopping = False
        self.stopped = threading.Event()

    @property
    def url(self) -> str:
        host, port = self.socket.getsockname()[:2]
        return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"

    def wake_at(self, deadline: float) -> None:
        self._waker.wake_at(deadline)

    def run(self) -> None:
        """Serve until ``request_stop``; then stop accepting, let requests in flight finish (at most
        ``drain_seconds``), close every connection and return."""
        try:
            while not self._stopping:
                wasyncore.loop(timeout=self.adj.asyncore_loop_timeout, map=self._map, use_poll=True, count=1)
            self._drain()
        finally:
            self._close_all()
            self.stopped.set()

    drain_seconds = DRAIN_SECONDS

    def request_stop(self) -> None:
        """Ask ``run`` to finish (safe from a signal handler or another thread)."""
        self._stopping = True
        try:
            self.pull_trigger()
        except OSError:
            pass

    def _channels(self) -> list[_Channel]:
        return [c for c in list(self._map.values()) if isinstance(c, _Channel)]

    def _drain(self) -> None:
        self.accepting = False
        self.del_channel()
        self.socket.close()
        deadline = time.monotonic() + self.drain_seconds
        while time.monotonic() < deadline and not all(c.idle for c in self._channels()):
            wasyncore.loop(timeout=0.05, map=self._map, use_poll=True, count=1)

    def _close_all(self) -> None:
        for channel in self._channels():
            channel.close()
        self.task_dispatcher.shutdown(timeout=5)

    def stop(self) -> None:
        """Stop from another thread and wait until done (the pytest live server's teardown)."""
        self.request_stop()
        self.stopped.wait(self.drain_seconds + 10)


def build_server(app, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, quiet: bool = False,
                 max_body_bytes: int = 1 << 20, extra_threads: int = 0) -> Server:
    """Bind now (port 0 picks a free port); raises OSError if the address cannot be bound.

    The socket is bound here, so a taken port is a clear OSError rather than a server's own exit.
    ``extra_threads``: workers beyond THREADS, one per long poll allowed to wait at once, so that
    waiting tests never take the threads the API needs.
    """
    from .accesslog import AccessLog

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((host, port))
    except BaseException:
        listener.close()
        raise
    return Server(app if quiet else AccessLog(app), _sock=listener, bind_socket=False,
                  threads=THREADS + extra_threads, host=host, port=listener.getsockname()[1], ident="mock_api",
                  max_request_body_size=max_body_bytes, connection_limit=CONNECTION_LIMIT,
                  channel_timeout=CHANNEL_TIMEOUT, expose_tracebacks=False)


class ServerThread:
    """A live server in a daemon thread; ``start`` returns once it accepts connections."""

    def __init__(self, app, host: str = DEFAULT_HOST, port: int = 0, **options):
        self.app = app
        self.server = build_server(app, host, port, quiet=True, **options)
        self.server.drain_seconds = 1.0
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return self.server.url

    def start(self) -> ServerThread:
        # The socket already listens (bound in __init__): requests queue until the loop runs,
        # so no readiness polling and no sleep are needed.
        self._thread = threading.Thread(target=self.server.run, name=f"mock_api {self.url}", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is not None:
            self.server.stop()
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> ServerThread:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
