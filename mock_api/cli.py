"""The ``mock-api`` command: ``serve``, ``validate``, ``schema`` and ``record``.

Each command is a module with ``run(args)`` (and ``add_arguments(parser)`` when it has options),
imported only when it runs: this module itself imports argparse and nothing of mock_api's, so that
`mock-api serve` loads everything it serves with under one pause of the garbage collector (main).
"""
from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Mapping
from importlib import import_module

from . import __version__

# name → (one line for `mock-api --help`, the module that runs it)
COMMANDS: dict[str, tuple[str, str]] = {
    "serve": ("serve the emulated API over HTTP", "mock_api.serve_command"),
    "validate": ("check scenario and profile files without serving", "mock_api.scenario_report"),
    "schema": ("print the JSON Schema of scenario and profile files (for editors)", "mock_api.scenario_schema"),
    "record": ("proxy a real API and write what its tasks did as scenarios", "mock_api.record.command"),
}


def _parser() -> argparse.ArgumentParser:
    """The command line as `mock-api --help` shows it: the commands, not their options (each
    command's parser is built alone, when it runs: `mock-api COMMAND --help`)."""
    parser = argparse.ArgumentParser(prog="mock-api", description="Emulate the Redis Cloud API's task layer.")
    parser.add_argument("--version", action="version", version=f"mock_api {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, (summary, _) in COMMANDS.items():
        commands.add_parser(name, help=summary)
    return parser


def main(argv: list[str] | None = None, environ: Mapping[str, str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] not in COMMANDS:
        # No command first: argparse prints the help, the version or the usage error, and exits.
        parser = _parser()
        parser.error(f"put the command first: mock-api {parser.parse_args(argv).command} …")
    command = argv[0]
    collecting = gc.isenabled()
    if command == "serve":
        gc.disable()  # serve_command.run resumes it when start-up is over (why: there)
    try:
        module = import_module(COMMANDS[command][1])
        parser = argparse.ArgumentParser(prog=f"mock-api {command}")
        if hasattr(module, "add_arguments"):
            module.add_arguments(parser)
        if command == "serve":
            try:
                module.env_defaults(parser, os.environ if environ is None else environ)
            except module.EnvError as error:
                print(f"mock_api: not started: {error}", file=sys.stderr)
                return 2
        return module.run(parser.parse_args(argv[1:]))
    finally:
        (gc.enable if collecting else gc.disable)()  # as the caller had it, however the command ended


if __name__ == "__main__":
    sys.exit(main())
