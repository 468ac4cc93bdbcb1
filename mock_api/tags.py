"""Database tags (`CloudTags`), Pro and Essentials alike: synchronous, stored with the database.

Shapes follow the SDK's captures: a database never tagged answers only its links; once tags were
set, `{"tags": [...], "accountId"}` with each tag `{links: [], key, value, createdAt, updatedAt}`
(milliseconds and Z). Terraform reads them on every read of a database and writes them all with one
PUT after each create or update.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .calls import Answer, Call, Refusal, bad_request
from .timefmt import task_time_hal

MAX_TAGS = 100
MAX_KEY, MAX_VALUE = 128, 256


def _stored(call: Call) -> list[dict[str, Any]]:
    return call.resource.extra.get("tags", [])


def _shown(tag: Mapping[str, Any]) -> dict[str, Any]:
    """A tag as an answer of its own (the self link is added to it)."""
    return {"key": tag["key"], "value": tag["value"], "createdAt": tag["createdAt"], "updatedAt": tag["updatedAt"]}


def _listed(tag: Mapping[str, Any]) -> dict[str, Any]:
    return {"links": [], **_shown(tag)}  # as captured: each listed tag has empty links


def _checked(key: Any, value: Any) -> None:
    if not isinstance(key, str) or not key.strip():
        raise bad_request("tag key must not be empty")
    if len(key) > MAX_KEY or len(str(value)) > MAX_VALUE:
        raise bad_request(f"tag keys are at most {MAX_KEY} characters and values at most {MAX_VALUE}")


def _all(call: Call) -> dict[str, Any]:
    if "tags" not in call.resource.extra:  # never tagged: the capture shows the links alone
        return {}
    return {"tags": [_listed(tag) for tag in _stored(call)], "accountId": call.account.id}


def _replace(call: Call) -> dict[str, Any]:
    wanted = call.body.get("tags") or []
    keys = [tag.get("key") for tag in wanted]
    for tag in wanted:
        _checked(tag.get("key"), tag.get("value"))
    if len(set(keys)) != len(keys) or len(keys) > MAX_TAGS:
        raise bad_request(f"tag keys must be unique, and at most {MAX_TAGS}")
    now = task_time_hal(call.now)
    before = {tag["key"]: tag for tag in _stored(call)}
    tags = []
    for tag in wanted:
        old = before.get(tag["key"])
        unchanged = old is not None and old["value"] == tag["value"]
        tags.append({"key": tag["key"], "value": tag["value"], "createdAt": old["createdAt"] if old else now,
                     "updatedAt": old["updatedAt"] if unchanged else now})
    call.resource.extra["tags"] = tags
    return _all(call)


def _create(call: Call) -> dict[str, Any]:
    key, value = call.body["key"], call.body["value"]
    _checked(key, value)
    tags = _stored(call)
    if any(tag["key"] == key for tag in tags):
        raise Refusal(409, f"tag {key!r} already exists")
    if len(tags) >= MAX_TAGS:
        raise bad_request(f"a database has at most {MAX_TAGS} tags")
    now = task_time_hal(call.now)
    tag = {"key": key, "value": value, "createdAt": now, "updatedAt": now}
    call.resource.extra["tags"] = tags + [tag]
    return _shown(tag)


def _named(call: Call) -> dict[str, Any]:
    tag = next((tag for tag in _stored(call) if tag["key"] == call.keys["tagKey"]), None)
    if tag is None:
        raise Refusal(404)
    return tag


def _update(call: Call) -> dict[str, Any]:
    _checked(call.keys["tagKey"], call.body["value"])
    tag = _named(call)
    if tag["value"] != call.body["value"]:
        tag.update(value=call.body["value"], updatedAt=task_time_hal(call.now))
    return _shown(tag)


def _delete(call: Call) -> Answer:
    tag = _named(call)
    call.resource.extra["tags"] = [other for other in _stored(call) if other is not tag]
    return Answer(body={}, linked=False)  # the spec's answer is a bare object


HANDLERS = {"tags": _all, "tags-replace": _replace, "tag-create": _create, "tag-update": _update,
            "tag-delete": _delete}
