"""``mock-api record``: the proxy on waitress until Ctrl-C or SIGTERM, then the files."""
from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

from ..server import DEFAULT_HOST, DEFAULT_PORT, build_server
from . import DEFAULT_TIMEOUT


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--upstream", required=True, metavar="URL",
                        help="the API to forward to, e.g. https://api.redislabs.com (a path in it prefixes every request)")
    parser.add_argument("--out", required=True, metavar="DIR", help="folder for the scenario file and the report")
    parser.add_argument("--host", default=DEFAULT_HOST, help=f"address to bind (default {DEFAULT_HOST})")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT,
                        help=f"port (default {DEFAULT_PORT}; 0 picks a free one)")
    parser.add_argument("--anonymize", action="store_true",
                        help="replace account ids, resource ids and names by fake ones, consistently")
    parser.add_argument("--validate", action="store_true",
                        help="check every upstream answer against the official OpenAPI document; log each violation")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                        help=f"how long to wait for the upstream's answer (default {DEFAULT_TIMEOUT:g})")
    parser.add_argument("--quiet", action="store_true", help="no line per request")


def _say(line: str, stream=None) -> None:
    """One line out, whatever the console's encoding: a path or an upstream's text may hold any
    character, and a log line must never fail the request it describes."""
    stream = stream or sys.stdout
    try:
        try:
            print(line, file=stream, flush=True)
        except UnicodeEncodeError:
            print(line.encode("ascii", "backslashreplace").decode("ascii"), file=stream, flush=True)
    except OSError:  # the console is gone (a closed pipe): nothing to tell it
        pass


def _log(line: str) -> None:
    _say(line, sys.stderr)


def _stop(*_) -> None:
    raise KeyboardInterrupt()


def run(args: argparse.Namespace) -> int:
    # Here, not at the top: `mock-api serve` imports this module for `add_arguments`, and a
    # recording's modules (the spec checker's jsonschema above all) cost 75 ms of its start-up.
    from .proxy import Proxy, Upstream
    from .session import Recording
    from .writer import check_writable

    try:
        upstream = Upstream.parse(args.upstream)
        if not 0 < args.timeout <= 3600:
            raise ValueError("--timeout must be more than 0 and at most 3600 seconds")
    except ValueError as error:
        print(f"mock_api: not started: {error}", file=sys.stderr)
        return 2
    out = Path(args.out)
    try:
        check_writable(out)
    except OSError as error:
        print(f"mock_api: not started: cannot write to {out}: {error.strerror or error}", file=sys.stderr)
        return 2
    recording = Recording(upstream, out, anonymize_ids=args.anonymize, validate=args.validate, log=_log)
    proxy = Proxy(upstream, recording.on_exchange, timeout=args.timeout, log=None if args.quiet else _log)
    try:
        server = build_server(proxy, args.host, args.port, quiet=True)
    except (OSError, OverflowError) as error:
        print(f"mock_api: cannot listen on {args.host}:{args.port}: {error}", file=sys.stderr)
        return 1
    signal.signal(signal.SIGTERM, _stop)
    try:  # a signal may come as soon as the line is out: be ready to stop cleanly before printing it
        print(f"mock_api recording on {server.url} -> {upstream.url}", flush=True)
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    # Writing takes a moment; a second Ctrl-C or SIGTERM must not leave a traceback instead of files.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    try:
        result = recording.finish()
    except OSError as error:
        print(f"mock_api: recording not written to {out}: {error.strerror or error}", file=sys.stderr)
        return 1
    for path in result.written:
        _say(f"wrote {path}")
    _say(f"{result.scenarios} scenario{'s' if result.scenarios != 1 else ''} from {result.tasks} finished "
         f"task{'s' if result.tasks != 1 else ''}")
    for note in result.notes:
        _say(f"  note: {note}")
    for line in result.spec_summary:
        _say(line)
    _say("mock_api stopped")
    return 0
