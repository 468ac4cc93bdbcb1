"""What counts as a secret, and how it is masked wherever requests are shown (the journal, the
snapshot, failure reports): header values and body fields."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

MASK = "***"
SECRET_HEADERS = frozenset({"x-api-secret-key", "authorization", "x-mock-admin-token", "cookie",
                            "proxy-authorization", "x-auth-token"})
# Body fields of the official request schemas that hold credentials (cloud accounts, ACL users,
# databases, GCP keys), plus any field whose name says it is one.
SECRET_FIELDS = frozenset({"password", "accesssecretkey", "consolepassword", "accesskeyid", "secretkey",
                           "apikey", "privatekey", "serviceaccountkey", "token", "secret"})
SECRET_WORDS = ("password", "secret", "token", "privatekey")


def is_secret_field(name: str) -> bool:
    lowered = name.lower()
    return lowered in SECRET_FIELDS or any(word in lowered for word in SECRET_WORDS)


def mask_value(value: str) -> str:
    """'***' plus, for long values, their last two characters (enough to tell two keys apart)."""
    return MASK + (value[-2:] if len(value) > 8 else "")


def mask_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """Lower-cased names; secret values masked."""
    return {name.lower(): mask_value(value) if name.lower() in SECRET_HEADERS else value
            for name, value in headers.items()}


def mask_body(value: Any) -> Any:
    """A copy of a JSON value with every secret field's value masked (at any depth)."""
    if isinstance(value, dict):
        return {key: (None if item is None else MASK) if isinstance(key, str) and is_secret_field(key)
                else mask_body(item) for key, item in value.items()}
    if isinstance(value, list):
        return [mask_body(item) for item in value]
    return value
