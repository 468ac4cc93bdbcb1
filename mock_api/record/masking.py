"""Secrets never reach a recording: fields and headers that hold one are masked by name, and every
secret value the proxy saw is redacted from the written text as a last safety net.

Header names follow the official spec's security schemes (``x-api-key``, ``x-api-secret-key``,
``x-auth-token``) plus the usual carriers (``Authorization``, cookies, the mock's admin token).
Body field names: anything that looks like a password, secret, token, API / access / private key
or credential (``password``, ``accessSecretKey``, ``consolePassword``, ``awsSecretKey``…).
"""
from __future__ import annotations

import base64
import re
from collections.abc import Iterable, Mapping
from typing import Any

MASK = "***"
SECRET_HEADERS = frozenset({"x-api-key", "x-api-secret-key", "x-auth-token", "authorization", "proxy-authorization",
                            "cookie", "set-cookie", "x-mock-admin-token"})
_SECRET_NAME = re.compile(r"pass(word|wd|phrase)?$|passw|secret|token|api_?key|access_?key|private_?key|credential"
                          r"|^auth|signature|cert(ificate)?_?key|sessionid", re.IGNORECASE)
MIN_REDACTED_LENGTH = 4  # shorter values would redact ordinary words and numbers everywhere


def is_secret_name(name: str) -> bool:
    """A JSON field (or query parameter) whose value must not be written."""
    return bool(_SECRET_NAME.search(name.replace("-", "_")))


def mask_secrets(value: Any) -> Any:
    """A copy of a JSON value with every secret-named field's value replaced by ``***``."""
    if isinstance(value, Mapping):
        return {key: MASK if is_secret_name(str(key)) and item is not None else mask_secrets(item)
                for key, item in value.items()}
    if isinstance(value, list):
        return [mask_secrets(item) for item in value]
    return value


def secret_values_in_headers(headers: Mapping[str, str]) -> set[str]:
    """The credentials a request carries; a Basic ``Authorization`` also yields its user and password."""
    found: set[str] = set()
    for name, value in headers.items():
        if name.lower() not in SECRET_HEADERS or not value:
            continue
        found.add(value)
        scheme, _, credentials = value.partition(" ")
        if credentials:
            found.add(credentials.strip())
        if scheme.lower() == "basic" and credentials:
            try:
                decoded = base64.b64decode(credentials.strip(), validate=True).decode("utf-8")
            except (ValueError, UnicodeDecodeError):
                continue
            found.update(part for part in decoded.split(":", 1) if part)
    return found


def secret_values_in_body(value: Any, found: set[str], depth: int = 0) -> None:
    """Adds the values of secret-named fields of a JSON value to ``found`` (bounded depth)."""
    if depth > 64:
        return
    if isinstance(value, Mapping):
        for key, item in value.items():
            if is_secret_name(str(key)) and isinstance(item, (str, int)) and not isinstance(item, bool):
                found.add(str(item))
            else:
                secret_values_in_body(item, found, depth + 1)
    elif isinstance(value, list):
        for item in value:
            secret_values_in_body(item, found, depth + 1)


def redact(text: str, secrets: Iterable[str]) -> str:
    """Every occurrence of every (long enough) secret replaced by ``***``; longest first, so a secret
    that contains another is removed whole."""
    for secret in sorted({s for s in secrets if len(s) >= MIN_REDACTED_LENGTH}, key=len, reverse=True):
        text = text.replace(secret, MASK)
    return text


def redact_value(value: Any, secrets: Iterable[str]) -> Any:
    """``redact`` applied to every string (and key) of a JSON value, so a redacted document is still
    well-formed once written."""
    secrets = list(secrets)
    if isinstance(value, Mapping):
        return {redact(str(key), secrets): redact_value(item, secrets) for key, item in value.items()}
    if isinstance(value, list):
        return [redact_value(item, secrets) for item in value]
    return redact(value, secrets) if isinstance(value, str) else value
