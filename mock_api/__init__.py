"""mock_api: a local emulator of the Redis Cloud REST API's asynchronous task layer, for tests."""
from __future__ import annotations

__version__ = "0.1.0"

from .app import create_app  # noqa: E402
from .config import Config  # noqa: E402
from .yamlsource import SourceError  # noqa: E402

__all__ = ["create_app", "Config", "SourceError", "__version__"]
