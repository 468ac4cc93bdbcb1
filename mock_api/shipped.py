"""Where the shipped profiles and scenarios are, and which profiles ship: read without importing the
scenario machinery (the command line lists the profiles in its help; a server reads them when its
first task needs them)."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources as importlib_resources
from pathlib import Path

PROFILES_FOLDER = "profiles"


def builtin_root():
    """The shipped profiles and scenarios: package data when installed, the repo's scenarios/ in a
    source tree (an editable install maps the package to the source folder, not the data folder)."""
    try:
        return importlib_resources.files("mock_api.default_scenarios")
    except ModuleNotFoundError:
        return Path(__file__).resolve().parent.parent / "scenarios"


def builtin_profiles() -> list[str]:
    return list(_shipped_profile_names())


@lru_cache(maxsize=1)
def _shipped_profile_names() -> tuple[str, ...]:  # package data: read once per process
    folder = builtin_root() / PROFILES_FOLDER
    return tuple(sorted(p.name.rsplit(".", 1)[0] for p in folder.iterdir() if p.name.endswith(".yaml")))
