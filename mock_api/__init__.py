"""mock_api: a local emulator of the Redis Cloud REST API's asynchronous task layer, for tests.

Importing the package costs nothing: Flask, waitress, PyYAML and jsonschema load only when an app
is built (the pytest plugin is loaded into every pytest run of an environment that has mock_api).
"""
from __future__ import annotations

from typing import Any

__version__ = "0.2.0"
__all__ = ["create_app", "Config", "SourceError", "__version__"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from .app import create_app

        return create_app
    if name == "Config":
        from .config import Config

        return Config
    if name == "SourceError":
        from .problems import SourceError

        return SourceError
    raise AttributeError(f"module 'mock_api' has no attribute {name!r}")
