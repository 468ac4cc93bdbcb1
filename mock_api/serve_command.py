"""``mock-api serve``: its options (flags and MOCK_API_* variables), the checked configuration, the
banner, and the server on waitress until Ctrl-C or SIGTERM.

cli.main imports this module, and everything serving needs, with the cyclic garbage collector
paused; ``run`` resumes it once start-up is over (``_start_up_over`` says why).
"""
from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Mapping
from typing import Any

from .accesslog import FORMATS
from .accesslog import configure as configure_access_log
from .app import create_app
from .config import Config, load_accounts
from .operations import OPERATIONS
from .problems import SourceError
from .representation import LINK_PROFILES
from .server import DEFAULT_HOST, DEFAULT_PORT, build_server
from .shipped import builtin_profiles

ENV_PREFIX = "MOCK_API_"
EXIT_CODES = "exit codes: 0 stopped cleanly (Ctrl-C or SIGTERM); 1 cannot listen; 2 invalid configuration"


# The limits a user may raise or lower (Config checks their ranges): (Config's field, which is also
# the flag's name, the flag's metavar, what it bounds).
_LIMITS = (
    ("journal_size", "N", "requests kept in the journal, oldest dropped"),
    ("journal_bytes", "BYTES", "bytes of request bodies and headers kept in the journal"),
    ("max_tasks", "N", "finished tasks kept per account, oldest dropped; also the most tasks an account may have "
                       "in progress"),
    ("max_accounts", "N", "accounts made by unknown key pairs, least recently used dropped"),
    ("max_body_bytes", "BYTES", "larger request bodies are refused with 413 before being read"),
    ("max_waiters", "N", "long polls (/_mock/requests/wait) allowed at once; more answer 429"),
)


def add_arguments(serve: argparse.ArgumentParser) -> None:
    default = Config._field_defaults  # one source for the defaults: Config's
    serve.epilog = (f"Every option can also come from an environment variable, {ENV_PREFIX}<OPTION> (e.g. "
                    f"{ENV_PREFIX}PORT=9000, {ENV_PREFIX}QUIET=1); a flag wins over its variable. {EXIT_CODES}.")
    serve.add_argument("--host", default=DEFAULT_HOST, help=f"address to bind (default {DEFAULT_HOST})")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT}; 0 picks a free one)")
    serve.add_argument("--profile", default=default["profile"], metavar="NAME|FILE",
                       help=f"timings: a built-in profile ({', '.join(builtin_profiles())}; default: "
                            f"{default['profile']}) or a profile file")
    serve.add_argument("--scenarios", action="append", default=[], metavar="PATH",
                       help="scenario file or folder, matched before the profile's (repeatable; "
                            f"{ENV_PREFIX}SCENARIOS takes several, separated by '{os.pathsep}')")
    serve.add_argument("--links", choices=LINK_PROFILES, default=default["links"],
                       help="link profile: hal (documented `_links`) or v1 (production `links` array)")
    serve.add_argument("--accounts", metavar="FILE", help="only these key pairs are accepted (YAML/JSON)")
    serve.add_argument("--seed", type=int, help="make task ids and fault draws repeatable")
    for field, metavar, what in _LIMITS:
        shown = _mib(default[field]) if metavar == "BYTES" else default[field]
        serve.add_argument("--" + field.replace("_", "-"), type=int, default=default[field], metavar=metavar,
                           help=f"{what} (default {shown})")
    serve.add_argument("--admin-token", metavar="TOKEN",
                       help="require `Authorization: Bearer TOKEN` on the control API (/_mock/)")
    serve.add_argument("--log-format", choices=FORMATS, default="text", help="access log format (default text)")
    serve.add_argument("--quiet", action="store_true", help="no access log")


def _mib(size: int) -> str:
    return f"{size >> 20} MiB" if size % (1 << 20) == 0 else f"{size} bytes"


class EnvError(ValueError):
    pass


def env_defaults(serve: argparse.ArgumentParser, environ: Mapping[str, str]) -> None:
    """Defaults from MOCK_API_* variables, converted and checked as the flags are (flags still win)."""
    defaults: dict[str, Any] = {}
    for action in serve._actions:
        if not action.option_strings or action.dest == "help":
            continue
        name = ENV_PREFIX + action.dest.upper()
        if name not in environ:
            continue
        raw = environ[name]
        if isinstance(action, argparse._StoreTrueAction):
            if raw.lower() not in ("1", "true", "yes", "on", "0", "false", "no", "off", ""):
                raise EnvError(f"{name}={raw!r}: use 1 or 0")
            defaults[action.dest] = raw.lower() in ("1", "true", "yes", "on")
        elif isinstance(action, argparse._AppendAction):
            defaults[action.dest] = [part for part in raw.split(os.pathsep) if part]
        else:
            try:
                value = action.type(raw) if action.type else raw
            except ValueError:
                raise EnvError(f"{name}={raw!r}: not a valid {action.dest.replace('_', ' ')}") from None
            if action.choices and value not in action.choices:
                raise EnvError(f"{name}={raw!r}: choose one of {', '.join(action.choices)}")
            defaults[action.dest] = value
    serve.set_defaults(**defaults)


def _config(args: argparse.Namespace) -> Config:
    accounts = load_accounts(args.accounts) if args.accounts else None
    return Config(profile=args.profile, scenarios=tuple(args.scenarios), links=args.links, accounts=accounts,
                  seed=args.seed, journal_size=args.journal_size, journal_bytes=args.journal_bytes,
                  max_tasks=args.max_tasks, max_accounts=args.max_accounts, max_body_bytes=args.max_body_bytes,
                  max_waiters=args.max_waiters, admin_token=args.admin_token)


def _banner(server, app, args: argparse.Namespace) -> str:
    """The lines after the first (which is always `mock_api listening on URL`)."""
    mock = app.extensions["mock_api"]
    url = server.url
    return "\n".join([
        f"  profile {args.profile} · links {args.links}"
        # The files' own scenarios only: counting the shipped ones would read them before the first
        # request (they are read when first needed, docs/performance.md).
        + (f" · {len(mock.file_scenarios)} scenarios from --scenarios" if args.scenarios else "")
        + f" · {len(OPERATIONS)} operations"
        f" · seed {args.seed if args.seed is not None else 'random'}"
        + (" · admin token required" if args.admin_token else ""),
        f"  API          {url}/v1  (and {url}/; any x-api-key / x-api-secret-key pair is an account)"
        if args.accounts is None else f"  API          {url}/v1  (accounts from {args.accounts})",
        f"  control API  {url}/_mock/  (OpenAPI: {url}/_mock/openapi.json, health: {url}/_mock/health)",
        f"  dashboard    {url}/_mock/ui" + ("  (asks for the admin token)" if args.admin_token else ""),
        "  docs         README.md and docs/ of the mock_api project",
        "  stop with Ctrl-C (or SIGTERM): requests in flight finish first",
    ])


def run(args: argparse.Namespace) -> int:
    try:
        app = create_app(_config(args))
    except SourceError as error:
        print(f"mock_api: not started: invalid configuration:\n{error}", file=sys.stderr)
        return 2
    except ValueError as error:
        print(f"mock_api: not started: {error}", file=sys.stderr)
        return 2
    configure_access_log(args.log_format, quiet=args.quiet)
    try:
        server = build_server(app, args.host, args.port, quiet=args.quiet, max_body_bytes=args.max_body_bytes,
                              extra_threads=args.max_waiters)
    except (OSError, OverflowError) as error:
        print(f"mock_api: cannot listen on {args.host}:{args.port}: {error}", file=sys.stderr)
        return 1
    # A signal asks the loop to stop; it then lets requests in flight finish before returning.
    signals = _signals()
    for sig in (signals.SIGINT, signals.SIGTERM):
        signals.signal(sig, lambda *_: server.request_stop())
    _start_up_over()
    print(f"mock_api listening on {server.url}", flush=True)
    print(_banner(server, app, args), flush=True)
    server.run()
    print("mock_api stopped", flush=True)
    return 0


def _start_up_over() -> None:
    """Start-up makes ~60,000 objects that live as long as the server (modules, classes, routes) and
    almost no garbage (~600 objects in cycles). The cyclic collector, left on, walked them again and
    again as they piled up: 14-19 ms, ~8 % of start-up (docs/performance.md, "Start-up"), so
    cli.main pauses it. Here they all go to the oldest generation without a pass (gc.freeze, then
    gc.unfreeze; a young-generation pass over them measured 20-46 ms, a middle-generation one as
    much again, both on the first requests), and the collector resumes: they are walked again only
    by full collections, which they keep as rare as in any app (frozen, they would not count in the
    size that paces full collections, and one would come every few listings of a large account)."""
    gc.freeze()
    gc.unfreeze()
    gc.enable()


def _signals() -> Any:
    """The signal functions. `signal` wraps its C module `_signal` in enums that cost 0.7 ms to build,
    the slowest import left before the first answer; CPython's `_signal` has the same functions."""
    try:
        import _signal as signals
    except ImportError:  # another Python
        import signal as signals
    return signals
