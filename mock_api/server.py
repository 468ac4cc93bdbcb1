"""Serving the app over HTTP: in the foreground (the CLI) or in a background thread (the pytest
plugin). Werkzeug's threaded server, bound to 127.0.0.1 unless told otherwise."""
from __future__ import annotations

import socket
import threading
from typing import Optional

from flask import Flask
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


class QuietHandler(WSGIRequestHandler):
    """No access log (a test suite's output stays readable; the CLI keeps the default handler)."""

    def log_request(self, *args, **kwargs) -> None:
        pass


def build_server(app: Flask, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
                 quiet: bool = False) -> BaseWSGIServer:
    """Bind now (port 0 picks a free port); raises OSError if the address is taken.

    The socket is bound here rather than by Werkzeug, which prints and exits on a taken port.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((host, port))
        listener.listen(128)
        return make_server(host, listener.getsockname()[1], app, threaded=True,
                           request_handler=QuietHandler if quiet else None, fd=listener.fileno())
    finally:
        listener.close()  # Werkzeug works on its own duplicate of the descriptor


def url_of(server: BaseWSGIServer) -> str:
    host, port = server.socket.getsockname()[:2]
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}"


class ServerThread:
    """A live server in a daemon thread; ``start`` returns once it accepts connections."""

    def __init__(self, app: Flask, host: str = DEFAULT_HOST, port: int = 0):
        self.app = app
        self.server: BaseWSGIServer = build_server(app, host, port, quiet=True)
        self._thread: Optional[threading.Thread] = None

    @property
    def url(self) -> str:
        return url_of(self.server)

    def start(self) -> "ServerThread":
        # The socket is already listening (bound in __init__), so requests queue until the
        # loop runs: no readiness polling, no sleep.
        self._thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name=f"mock_api {self.url}", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is not None:
            self.server.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self.server.server_close()

    def __enter__(self) -> "ServerThread":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
