"""The ``mock-api`` command: ``serve``, ``validate`` and ``record``."""
from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Mapping
from typing import Any

from . import __version__
from .accesslog import FORMATS
from .accesslog import configure as configure_access_log
from .config import Config, load_accounts
from .operations import OPERATIONS
from .representation import LINK_PROFILES
from .shipped import builtin_profiles
from .server import DEFAULT_HOST, DEFAULT_PORT, build_server
from .problems import SourceError


ENV_PREFIX = "MOCK_API_"
EXIT_CODES = "exit codes: 0 stopped cleanly (Ctrl-C or SIGTERM); 1 cannot listen; 2 invalid configuration"


def _serve_options(serve: argparse.ArgumentParser) -> None:
    serve.add_argument("--host", default=DEFAULT_HOST, help=f"address to bind (default {DEFAULT_HOST})")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT}; 0 picks a free one)")
    serve.add_argument("--profile", default="default", metavar="NAME|FILE",
                       help=f"timings: a built-in profile ({', '.join(builtin_profiles())}; default: default) "
                            "or a profile file")
    serve.add_argument("--scenarios", action="append", default=[], metavar="PATH",
                       help="scenario file or folder, matched before the profile's (repeatable; "
                            f"{ENV_PREFIX}SCENARIOS takes several, separated by '{os.pathsep}')")
    serve.add_argument("--links", choices=LINK_PROFILES, default="hal",
                       help="link profile: hal (documented `_links`) or v1 (production `links` array)")
    serve.add_argument("--accounts", metavar="FILE", help="only these key pairs are accepted (YAML/JSON)")
    serve.add_argument("--seed", type=int, help="make task ids and fault draws repeatable")
    serve.add_argument("--journal-size", type=int, default=1000, metavar="N",
                       help="requests kept in the journal, oldest dropped (default 1000)")
    serve.add_argument("--journal-bytes", type=int, default=64 << 20, metavar="BYTES",
                       help="bytes of request bodies and headers kept in the journal (default 64 MiB)")
    serve.add_argument("--max-tasks", type=int, default=10_000, metavar="N",
                       help="finished tasks kept per account, oldest dropped; also the most tasks an account "
                            "may have in progress (default 10000)")
    serve.add_argument("--max-accounts", type=int, default=10_000, metavar="N",
                       help="accounts made by unknown key pairs, least recently used dropped (default 10000)")
    serve.add_argument("--max-body-bytes", type=int, default=1 << 20, metavar="BYTES",
                       help="larger request bodies are refused with 413 before being read (default 1 MiB)")
    serve.add_argument("--max-waiters", type=int, default=16, metavar="N",
                       help="long polls (/_mock/requests/wait) allowed at once; more answer 429 (default 16)")
    serve.add_argument("--admin-token", metavar="TOKEN",
                       help="require `Authorization: Bearer TOKEN` on the control API (/_mock/)")
    serve.add_argument("--log-format", choices=FORMATS, default="text", help="access log format (default text)")
    serve.add_argument("--quiet", action="store_true", help="no access log")


def _validate_options(validate: argparse.ArgumentParser) -> None:
    validate.add_argument("paths", nargs="*", metavar="PATH", help="scenario or profile files, or folders of them")
    validate.add_argument("--profile", metavar="NAME|FILE",
                          help="explain under this profile (default: a profile file among PATHs, else default)")
    validate.add_argument("--all", action="store_true", help="show every task-backed operation, not only the "
                                                             "ones these files change")


def _record_options(record: argparse.ArgumentParser) -> None:
    from .record.command import add_arguments  # the proxy's module: only for `record` and the full help

    add_arguments(record)


# name → (one line for `mock-api --help`, the command's own help texts, what adds its options)
COMMANDS: dict[str, tuple[str, dict[str, str], Callable[[argparse.ArgumentParser], None] | None]] = {
    "serve": ("serve the emulated API over HTTP", {
        "epilog": f"Every option can also come from an environment variable, {ENV_PREFIX}<OPTION> (e.g. "
                  f"{ENV_PREFIX}PORT=9000, {ENV_PREFIX}QUIET=1); a flag wins over its variable. {EXIT_CODES}."},
        _serve_options),
    "validate": ("check scenario and profile files without serving", {
        "description": "Check scenario and profile files (each PATH as `serve --scenarios PATH` loads it), then "
                       "show which scenario and timelines each operation they change gets under the profile. "
                       "Exit status: 0 valid, 1 a problem (each printed as FILE:LINE:COLUMN), 2 a bad option."},
        _validate_options),
    "schema": ("print the JSON Schema of scenario and profile files (for editors)", {}, None),
    "record": ("proxy a real API and write what its tasks did as scenarios", {}, _record_options),
}


def _parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line: every command, or with ``command`` that command's parser alone (as
    ``mock-api COMMAND``). `mock-api serve` builds only its own: each parser argparse builds costs
    start-up time (docs/performance.md, "Start-up")."""
    if command is not None:
        _, texts, add_options = COMMANDS[command]
        parser = argparse.ArgumentParser(prog=f"mock-api {command}", **texts)
        parser.set_defaults(command=command)
        if add_options:
            add_options(parser)
        return parser
    parser = argparse.ArgumentParser(prog="mock-api", description="Emulate the Redis Cloud API's task layer.")
    parser.add_argument("--version", action="version", version=f"mock_api {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, (summary, texts, add_options) in COMMANDS.items():
        sub = commands.add_parser(name, help=summary, **texts)
        if add_options:
            add_options(sub)
    return parser


class EnvError(ValueError):
    pass


def _env_defaults(serve: argparse.ArgumentParser, environ: Mapping[str, str]) -> None:
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


def _serve(args: argparse.Namespace) -> int:
    from .app import create_app

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
    print(f"mock_api listening on {server.url}", flush=True)
    print(_banner(server, app, args), flush=True)
    server.run()
    print("mock_api stopped", flush=True)
    return 0


def _signals() -> Any:
    """The signal functions. `signal` wraps its C module `_signal` in enums that cost 0.7 ms to build,
    the slowest import left before the first answer; CPython's `_signal` has the same functions."""
    try:
        import _signal as signals
    except ImportError:  # another Python
        import signal as signals
    return signals


def _validate(args: argparse.Namespace) -> int:
    from .scenario_report import validate_command  # not imported to serve: start-up reads what serving needs

    return validate_command(args.paths, args.profile, args.all, sys.stdout, sys.stderr)


def _schema(args: argparse.Namespace) -> int:
    from .scenario_schema import document_text

    sys.stdout.write(document_text())
    return 0


def _record(args: argparse.Namespace) -> int:
    from .record.command import run

    return run(args)


def main(argv: list[str] | None = None, environ: Mapping[str, str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    command = argv[0] if argv and argv[0] in COMMANDS else None
    parser = _parser(command)
    if command == "serve":
        try:
            _env_defaults(parser, os.environ if environ is None else environ)
        except EnvError as error:
            print(f"mock_api: not started: {error}", file=sys.stderr)
            return 2
    # Without a command first, argparse prints the help, the version or the usage error, and exits.
    args = parser.parse_args(argv[1:] if command else argv)
    return {"serve": _serve, "validate": _validate, "schema": _schema, "record": _record}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
