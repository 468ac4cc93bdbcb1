"""What a synchronous operation's handler receives (``Call``) and gives back (a body, ``Answer``,
or a ``Refusal``), and the bounded parsing of query parameters they share.

Handlers run under the store's lock with the account's resources as they stand, so a handler that
changes state (tags, endpoint redirections) does it atomically, and one that refuses has changed
nothing: every check comes before the first change.
"""

from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from typing import Any, NamedTuple

from .operations import MAX_ID, MAX_TEXT
from .records import Account, Resource, ResourceKey



class Refusal(Exception):
    """A synchronous error: the API's own error body with this status (404 without a message, as
    captured; 400 with the real message's opening and the detail)."""

    def __init__(self, status: int, message: str | None = None):
        super().__init__(message or "")
        self.status, self.message = status, message


class Download(NamedTuple):
    content: bytes
    media_type: str
    filename: str


class Answer(NamedTuple):
    """A synchronous answer other than a plain JSON body with the profile's self link."""

    body: dict[str, Any] | None = None  # None: no body at all (a 204)
    linked: bool = True  # the body carries the self link (`links` / `_links`) of the link profile
    download: Download | None = None  # a file instead of JSON


Result = dict[str, Any] | Answer


class Call(NamedTuple):
    account: Account
    resources: Mapping[ResourceKey, Resource]  # the account's resources as they stand now
    now: datetime
    resource: Resource | None  # a VIEW's resource, named by the path (None: account-level)
    ids: Mapping[str, int]  # integer path parameters
    keys: Mapping[str, str]  # text path parameters (tagKey, redirectionId…)
    query: Mapping[str, str]  # first value of each query parameter
    body: Mapping[str, Any]  # validated against the official request schema


Handler = Callable[[Call], Result]


def bad_request(detail: str) -> Refusal:
    return Refusal(400, detail)


def int_query(call: Call, name: str, default: int | None = None, low: int = 0,
              high: int = MAX_ID) -> int | None:
    text = call.query.get(name)
    if text is None or text == "":
        return default
    if not (text.isdigit() and low <= int(text) <= high):
        raise bad_request(f"{name} must be a whole number from {low} to {high}, not {text[:MAX_TEXT]!r}")
    return int(text)


def choice_query(call: Call, name: str, choices: tuple) -> str | None:
    text = call.query.get(name)
    if text is None or text == "":
        return None
    if text not in choices:
        raise bad_request(f"{name} must be one of {', '.join(choices)}, not {text[:MAX_TEXT]!r}")
    return text


def bool_query(call: Call, name: str) -> bool | None:
    value = choice_query(call, name, ("true", "false"))
    return None if value is None else value == "true"


def text_query(call: Call, name: str) -> str | None:
    text = call.query.get(name)
    if text is not None and len(text) > MAX_TEXT:
        raise bad_request(f"{name} is longer than {MAX_TEXT} characters")
    return text or None


def time_query(call: Call, name: str) -> datetime | None:
    """An ISO-8601 instant (the spec's examples: 2025-01-01T00:00:00Z); a time without a zone is UTC."""
    text = text_query(call, name)
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise bad_request(f"{name} must be an ISO-8601 time such as 2025-01-01T00:00:00Z, not {text!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def page(call: Call, max_limit: int) -> tuple:
    """(offset, limit) of a listing whose spec documents offset and limit (1..max_limit, default 100)."""
    return int_query(call, "offset", 0), int_query(call, "limit", min(100, max_limit), 1, max_limit)
