"""`mock-api validate`: check scenario and profile files, then show what each operation they change
gets: which scenario, and which timelines with which steps, under a profile."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import IO

from .profiles import Profile, UnknownProfile, builtin_profile, is_profile_document, load_profile, \
    load_profile_text, shipped_specs
from .scenario_files import path_sources
from .scenario_model import ScenarioSpec
from .scenarios import Choice, compose, load_specs
from .timelines import default_timelines
from .problems import Problem, SourceError
from .yamlsource import parse

OK, INVALID, BAD_OPTION = 0, 1, 2


def _split(sources: Sequence[tuple[str, bytes]]) -> tuple[list[tuple[str, bytes]], list[tuple[str, bytes]]]:
    """(scenario sources, profile sources): a profile file is one with top-level `timelines`."""
    scenario_files, profile_files = [], []
    for name, text in sources:
        try:
            is_profile = is_profile_document(parse(text, name))
        except SourceError:
            is_profile = False  # reported when it is loaded as a scenario file
        (profile_files if is_profile else scenario_files).append((name, text))
    return scenario_files, profile_files


def _check_path(path: str, out: IO[str], err: IO[str]) -> tuple[bool, list[ScenarioSpec], list[Profile]]:
    """Check one PATH as `serve --scenarios PATH` loads it (names unique within it)."""
    try:
        scenario_files, profile_files = _split(path_sources([path]))
    except SourceError as error:
        print(error, file=err)
        return False, [], []
    problems: list[Problem] = []
    specs: list[ScenarioSpec] = []
    profiles = []
    if scenario_files:
        try:
            specs = load_specs(scenario_files)
        except SourceError as error:
            problems += error.problems
    for name, text in profile_files:
        try:
            profiles.append(load_profile_text(name, text, name))
        except SourceError as error:
            problems += error.problems
    if problems:
        print(SourceError(problems), file=err)
        return False, [], []
    for name, _ in scenario_files:
        count = sum(1 for s in specs if s.origin.rsplit(":", 1)[0] == name)
        print(f"{name}: ok ({count} scenario{'s' if count != 1 else ''})", file=out)
    for profile in profiles:
        print(f"{profile.origin}: ok (profile: {', '.join(profile.timelines)})", file=out)
    return True, specs, profiles


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = ("Check scenario and profile files (each PATH as `serve --scenarios PATH` loads it), then "
                          "show which scenario and timelines each operation they change gets under the profile. "
                          "Exit status: 0 valid, 1 a problem (each printed as FILE:LINE:COLUMN), 2 a bad option.")
    parser.add_argument("paths", nargs="*", metavar="PATH", help="scenario or profile files, or folders of them")
    parser.add_argument("--profile", metavar="NAME|FILE",
                        help="explain under this profile (default: a profile file among PATHs, else default)")
    parser.add_argument("--all", action="store_true", help="show every task-backed operation, not only the "
                                                           "ones these files change")


def run(args: argparse.Namespace) -> int:
    return validate_command(args.paths, args.profile, args.all, sys.stdout, sys.stderr)


def validate_command(paths: Sequence[str], profile_name: str | None, show_all: bool, out: IO[str],
                     err: IO[str]) -> int:
    if not paths and not profile_name:
        print("mock-api validate: give scenario or profile files (PATH…), or --profile NAME|FILE", file=err)
        return BAD_OPTION
    valid, specs, profiles = True, [], []
    for path in paths:
        ok, found_specs, found_profiles = _check_path(path, out, err)
        valid, specs, profiles = valid and ok, specs + found_specs, profiles + found_profiles
    try:
        profile = load_profile(profile_name) if profile_name else (profiles[0] if profiles else
                                                                   builtin_profile("default"))
    except UnknownProfile as error:
        print(f"mock-api validate: {error}", file=err)
        return BAD_OPTION
    except SourceError as error:
        print(error, file=err)
        return INVALID
    if not valid:
        return INVALID
    if profile_name and not paths:
        print(f"{profile.origin}: ok (profile: {', '.join(profile.timelines)})", file=out)
    changes_all = bool(profiles) or (profile_name is not None and not paths)
    choices = compose(profile, [specs, shipped_specs()]).explain()
    mine = {spec.name for spec in specs}
    shown = [c for c in choices if show_all or changes_all or c.scenario.name in mine or mine & set(c.conditional)]
    print(f"under profile {profile.name} ({profile.origin}): {len(shown)} of {len(choices)} operations "
          f"{'shown' if show_all or changes_all else 'changed by these files'}", file=out)
    for choice in shown:
        print(describe(choice), file=out)
    return OK


def _steps_text(steps, final: str) -> str:
    parts = []
    for step in steps:
        lasts = [f"{step.polls} poll{'s' if step.polls != 1 else ''}" if step.polls is not None else None,
                 f"{step.seconds:g} s" if step.seconds is not None else None]
        parts.append(f"{step.status} {' or '.join(x for x in lasts if x)}")
    return f"{', '.join(parts)} → {final}" if parts else f"{final} at once"


def describe(choice: Choice) -> str:
    scenario, operation = choice.scenario, choice.operation
    lines = [f"  {operation.name} ({operation.command_type}): {scenario.name} [{scenario.origin}]",
             f"    task{_entry(choice, 'steps')}: {_steps_text(scenario.steps, scenario.outcome.final_status)}"]
    if scenario.resource is not None:
        lines.append(f"    resource{_entry(choice, 'resource')}: "
                     f"{_steps_text(scenario.resource.steps, scenario.resource.final)}")
    elif default_timelines(operation)[1] is not None:
        lines.append("    resource: final at once")
    if choice.conditional:
        lines.append(f"    for some requests instead: {', '.join(choice.conditional)}")
    return "\n".join(lines)


def _entry(choice: Choice, role: str) -> str:
    return f" ({choice.entries[role]})" if role in choice.entries else ""
