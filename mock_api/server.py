"""Serving the app over HTTP: in the foreground (the CLI) or in a background thread (the pytest
plugin), on waitress, bound to 127.0.0.1 unless told otherwise.

Waitress was chosen by measurement (docs/performance.md): it keeps connections alive and serves
about twice the polls per second of Werkzeug's development server on the same machine. Each request
carries its socket in ``environ["mock_api.socket"]`` so a fault rule can drop the connection.
"""
from __future__ import annotations

import socket
import sys
import threading
import time
from typing import Optional

from waitress.channel import HTTPChannel
from waitress.server import TcpWSGIServer
from waitress.task import WSGITask

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
THREADS = 8


class _Task(WSGITask):
    def get_environment(self):
        environ = super().get_environment()
        environ["mock_api.socket"] = self.channel.socket
        return environ


class _Channel(HTTPChannel):
    task_class = _Task


class Server(TcpWSGIServer):
    channel_class = _Channel

    @property
    def url(self) -> str:
        host, port = self.socket.getsockname()[:2]
        return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"

    def stop(self) -> None:
        """Close the listener and every open connection; ``run`` then returns."""
        self.task_dispatcher.shutdown(timeout=5)
        for channel in list(self._map.values()):
            channel.close()


class AccessLog:
    """WSGI middleware writing one line per request to stderr (the CLI's default)."""

    def __init__(self, app, stream=None):
        self.app, self.stream = app, stream or sys.stderr

    def __call__(self, environ, start_response):
        started = time.perf_counter()

        def logging_start_response(status, headers, exc_info=None):
            elapsed = (time.perf_counter() - started) * 1000
            path = environ.get("PATH_INFO", "") + ("?" + environ["QUERY_STRING"] if environ.get("QUERY_STRING") else "")
            self.stream.write(f"{environ.get('REMOTE_ADDR', '-')} {environ['REQUEST_METHOD']} "
                              f"{environ.get('SCRIPT_NAME', '')}{path} {status.split(' ', 1)[0]} {elapsed:.1f}ms\n")
            self.stream.flush()
            return start_response(status, headers, exc_info)

        return self.app(environ, logging_start_response)


def build_server(app, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, quiet: bool = False) -> Server:
    """Bind now (port 0 picks a free port); raises OSError if the address cannot be bound.

    The socket is bound here, so a taken port is a clear OSError rather than a server's own exit.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((host, port))
    except BaseException:
        listener.close()
        raise
    return Server(app if quiet else AccessLog(app), _sock=listener, bind_socket=False, threads=THREADS,
                  host=host, port=listener.getsockname()[1], ident="mock_api")


class ServerThread:
    """A live server in a daemon thread; ``start`` returns once it accepts connections."""

    def __init__(self, app, host: str = DEFAULT_HOST, port: int = 0):
        self.app = app
        self.server = build_server(app, host, port, quiet=True)
        self._thread: Optional[threading.Thread] = None

    @property
    def url(self) -> str:
        return self.server.url

    def start(self) -> "ServerThread":
        # The socket already listens (bound in __init__): requests queue until the loop runs,
        # so no readiness polling and no sleep are needed.
        self._thread = threading.Thread(target=self.server.run, name=f"mock_api {self.url}", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.stop()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> "ServerThread":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

