"""Database passwords: the one the client chose, or one generated as the real service does (a
captured Essentials database shows 32 letters and digits) — here derived from the database's ids,
so the same scenario gives the same password (determinism)."""
from __future__ import annotations

import hashlib
import string
from collections.abc import Mapping
from typing import Any

ALPHABET = string.ascii_letters + string.digits
LENGTH = 32


def database_password(ids: Mapping[str, int], body: Mapping[str, Any]) -> str:
    if isinstance(body.get("password"), str) and body["password"]:
        return body["password"]
    digest = hashlib.sha256(f"mock_api database {sorted(ids.items())}".encode()).digest()
    return "".join(ALPHABET[byte % len(ALPHABET)] for byte in digest[:LENGTH])
