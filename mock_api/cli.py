"""The ``mock-api`` command: ``serve`` and ``validate``."""
from __future__ import annotations

import argparse
import signal
import sys
from typing import List, Optional

from . import __version__
from .config import Config, load_accounts
from .representation import LINK_PROFILES
from .scenario_report import validate_command
from .scenario_schema import document_text
from .scenarios import builtin_profiles
from .server import DEFAULT_HOST, DEFAULT_PORT, build_server
from .yamlsource import SourceError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mock-api", description="Emulate the Redis Cloud API's task layer.")
    parser.add_argument("--version", action="version", version=f"mock_api {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="serve the emulated API over HTTP")
    serve.add_argument("--host", default=DEFAULT_HOST, help=f"address to bind (default {DEFAULT_HOST})")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT}; 0 picks a free one)")
    serve.add_argument("--profile", default="default", metavar="NAME|FILE",
                       help=f"timings: a built-in profile ({', '.join(builtin_profiles())}; default: default) "
                            "or a profile file")
    serve.add_argument("--scenarios", action="append", default=[], metavar="PATH",
                       help="scenario file or folder, matched before the profile's (repeatable)")
    serve.add_argument("--links", choices=LINK_PROFILES, default="hal",
                       help="link profile: hal (documented `_links`) or v1 (production `links` array)")
    serve.add_argument("--accounts", metavar="FILE", help="only these key pairs are accepted (YAML/JSON)")
    serve.add_argument("--seed", type=int, help="make task ids and fault draws repeatable")
    serve.add_argument("--journal-size", type=int, default=1000, metavar="N",
                       help="requests kept in the journal, oldest dropped (default 1000)")
    serve.add_argument("--admin-token", metavar="TOKEN",
                       help="require `Authorization: Bearer TOKEN` on the control API (/_mock/)")
    serve.add_argument("--quiet", action="store_true", help="no access log")

    validate = commands.add_parser(
        "validate", help="check scenario and profile files without serving",
        description="Check scenario and profile files (each PATH as `serve --scenarios PATH` loads it), then "
                    "show which scenario and timelines each operation they change gets under the profile. "
                    "Exit status: 0 valid, 1 a problem (each printed as FILE:LINE:COLUMN), 2 a bad option.")
    validate.add_argument("paths", nargs="*", metavar="PATH", help="scenario or profile files, or folders of them")
    validate.add_argument("--profile", metavar="NAME|FILE",
                          help="explain under this profile (default: a profile file among PATHs, else default)")
    validate.add_argument("--all", action="store_true", help="show every task-backed operation, not only the "
                                                             "ones these files change")
    commands.add_parser("schema", help="print the JSON Schema of scenario and profile files (for editors)")
    return parser


def _serve(args: argparse.Namespace) -> int:
    from .app import create_app

    try:
        accounts = load_accounts(args.accounts) if args.accounts else None
        app = create_app(Config(profile=args.profile, scenarios=tuple(args.scenarios), links=args.links,
                                accounts=accounts, seed=args.seed, journal_size=args.journal_size,
                                admin_token=args.admin_token))
    except SourceError as error:
        print(f"mock_api: not started: invalid configuration:\n{error}", file=sys.stderr)
        return 2
    except ValueError as error:
        print(f"mock_api: not started: {error}", file=sys.stderr)
        return 2
    try:
        server = build_server(app, args.host, args.port, quiet=args.quiet)
    except (OSError, OverflowError) as error:
        print(f"mock_api: cannot listen on {args.host}:{args.port}: {error}", file=sys.stderr)
        return 1
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:  # a signal may come as soon as the line is out: be ready to stop cleanly before printing it
        print(f"mock_api listening on {server.url}", flush=True)
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
        print("mock_api stopped", flush=True)
    return 0


def _validate(args: argparse.Namespace) -> int:
    return validate_command(args.paths, args.profile, args.all, sys.stdout, sys.stderr)


def _schema(args: argparse.Namespace) -> int:
    sys.stdout.write(document_text())
    return 0


def main(argv: Optional[List[str]] = None) -> int:
    args = _parser().parse_args(argv)
    return {"serve": _serve, "validate": _validate, "schema": _schema}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
