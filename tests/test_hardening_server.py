"""The served stack under hostile or careless clients: threads that cannot be starved, bodies refused
before they are read, requests without Host, malformed requests, and a clean stop that lets requests
in flight finish."""
from __future__ import annotations

import json
import signal
import socket
import threading
import urllib.request

import pytest

from mock_api import create_app
from mock_api.testing import LiveServer

KEY = {"x-api-key": "k", "x-api-secret-key": "s"}


def http(url, method="GET", body=None, headers=None, timeout=30):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method,
                                     headers={**(headers or {}), "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def raw_exchange(server, payload: bytes) -> bytes:
    host, port = server.url.rsplit("//", 1)[1].split(":")
    with socket.create_connection((host, int(port)), timeout=10) as conn:
        conn.sendall(payload)
        chunks = []
        while True:
            data = conn.recv(65536)
            if not data:
                break
            chunks.append(data)
    return b"".join(chunks)


@pytest.fixture
def live():
    server = LiveServer(create_app(max_waiters=4, max_body_bytes=4096)).start()
    yield server
    server.stop()


def test_long_polls_are_bounded_and_never_take_the_apis_threads(live):
    """Four waiters (the limit) wait; a fifth is told 429 at once; the API answers meanwhile."""
    results = []
    waiters = [threading.Thread(target=lambda: results.append(http(
        live.url + "/_mock/requests/wait?path=/never", "POST", {"count": 1, "timeout": 20})[0])) for _ in range(4)]
    for waiter in waiters:
        waiter.start()
    for _ in range(10_000):  # until all four are registered (a round trip each, no sleep)
        if http(live.url + "/_mock/health")[1]["waiters"] == 4:
            break
    assert http(live.url + "/_mock/requests/wait?path=/never", "POST", {"count": 1, "timeout": 20})[0] == 429
    # whatever the waiters do, polls and control calls are served (each within the client timeout)
    for _ in range(20):
        assert http(live.v1_url + "/tasks", headers=KEY, timeout=10)[0] == 200
    assert http(live.url + "/_mock/health", timeout=10)[0] == 200
    http(live.v1_url + "/never", headers=KEY)  # what they wait for
    for waiter in waiters:
        waiter.join(timeout=30)
    assert results == [200, 200, 200, 200]


def test_delay_faults_hold_no_worker_thread(live):
    """More delayed requests than worker threads: the control API and other accounts still answer
    while every delayed answer is still pending."""
    http(live.url + "/_mock/faults", "POST", {"action": "delay", "seconds": 3, "method": "GET"}, headers=KEY)
    finished = []
    delayed = [threading.Thread(target=lambda: finished.append(http(live.v1_url + "/tasks", headers=KEY)[0]))
               for _ in range(12)]
    for thread in delayed:
        thread.start()
    other = {"x-api-key": "other", "x-api-secret-key": "s"}
    assert http(live.v1_url + "/tasks", headers=other, timeout=10)[0] == 200  # another account: no fault
    assert http(live.url + "/_mock/health", timeout=10)[0] == 200
    assert finished == []  # answered while all twelve delayed answers were still held
    for thread in delayed:
        thread.join(timeout=30)
    assert finished == [200] * 12


def test_an_oversize_body_is_refused_before_it_is_sent(live):
    answer = raw_exchange(live, b"POST /v1/subscriptions HTTP/1.1\r\nHost: x\r\nx-api-key: k\r\n"
                                b"x-api-secret-key: s\r\nContent-Type: application/json\r\n"
                                b"Content-Length: 100000000\r\n\r\n")  # headers only: the body never comes
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413")
    assert json.loads(body)["status"] == 413


def test_a_malformed_request_gets_the_apis_json_error(live):
    head, _, body = raw_exchange(live, b"GET /v1/tasks HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n").partition(b"\r\n\r\n")
    assert head.split(b" ", 2)[1] == b"400"
    assert b"application/json" in head and json.loads(body)["error"] == "Bad Request"


def test_a_request_without_host_links_to_the_address_it_reached(live):
    answer = raw_exchange(live, b"GET /v1/subscriptions HTTP/1.0\r\nx-api-key: k\r\nx-api-secret-key: s\r\n\r\n")
    listing = json.loads(answer.partition(b"\r\n\r\n")[2])
    assert listing["_links"]["self"]["href"] == live.url + "/v1/subscriptions"


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_lets_requests_in_flight_finish(serve, sig):
    server = serve()
    server.call("POST", "/_mock/faults", {"action": "delay", "seconds": 1.5, "method": "GET"})
    answers = []
    client = threading.Thread(target=lambda: answers.append(server.call("GET", "/v1/tasks")[0]))
    client.start()
    waited = server.call("POST", "/_mock/requests/wait", {"count": 1, "timeout": 10}, headers=None)
    assert waited[1]["count"] == 1 or answers  # the delayed request reached the server
    returncode, out, err = server.stop(sig)
    client.join(timeout=10)
    assert answers == [200] and returncode == 0 and "mock_api stopped" in out and "Traceback" not in err
