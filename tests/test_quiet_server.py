"""`--quiet` also silences waitress's "Task queue depth" warning, which it logs whenever a request
has to wait for a worker thread. Shown in a subprocess (logging is process-wide): every worker is
held inside the app, one more request is queued, and the process's stderr is read."""
from __future__ import annotations

import subprocess
import sys

import pytest

SCRIPT = r"""
import socket, sys, threading
from mock_api.accesslog import configure
from mock_api.server import THREADS, ServerThread

configure(quiet=sys.argv[1] == "quiet")  # what `mock-api serve [--quiet]` sets up
inside, release, queued = threading.Semaphore(0), threading.Event(), threading.Event()
added = []

def app(environ, start_response):  # holds its worker until released
    inside.release()
    release.wait(30)
    start_response("200 OK", [("Content-Length", "0")])
    return [b""]

live = ServerThread(app)
dispatcher = live.server.task_dispatcher
add_task = dispatcher.add_task

def adding(task):  # waitress warns in here when the task has to wait for a thread
    add_task(task)
    added.append(task)
    if len(added) > THREADS:
        queued.set()

dispatcher.add_task = adding
live.start()
host, port = live.server.socket.getsockname()[:2]
clients = []

def send():
    client = socket.create_connection((host, port), timeout=30)
    client.sendall(b"GET / HTTP/1.1\r\nHost: test\r\n\r\n")
    clients.append(client)

for _ in range(THREADS):
    send()
    assert inside.acquire(timeout=30), "a worker never took its request"
send()  # every worker is busy: this one waits in the queue
assert queued.wait(30), "the last request was never queued"
release.set()
for client in clients:
    assert client.recv(1024).startswith(b"HTTP/1.1 200")
    client.close()
live.stop()
print("queued one request")
"""


@pytest.mark.parametrize("mode", ["quiet", "loud"])
def test_quiet_silences_waitresss_queue_warnings(mode):
    done = subprocess.run([sys.executable, "-c", SCRIPT, mode], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "queued one request"
    warned = "Task queue depth is 1" in done.stderr
    assert warned == (mode == "loud"), done.stderr
