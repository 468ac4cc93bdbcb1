"""The clock: the server's (global), or one account's own (it moves nothing else)."""
from __future__ import annotations

from datetime import datetime

from flask import jsonify

from ...app import emulator
from ...clock import Clock
from ...records import Account
from . import Refused, account_scope, body_object, control


def _clock(account: Account | None) -> Clock:
    return account.clock if account is not None and account.clock is not None else emulator().clock


def _answer(account: Account | None):
    clock = _clock(account)
    return jsonify({"now": clock.now().isoformat(timespec="microseconds").replace("+00:00", "Z"),
                    "frozen": clock.frozen, "accountId": account.id if account else None})


@control.get("/clock")
def clock_read():
    return _answer(account_scope())


@control.post("/clock/advance")
def clock_advance():
    account = account_scope(body_schema="MockClockAdvance")
    seconds = body_object("MockClockAdvance")["seconds"]
    try:
        _clock(account).advance(float(seconds))
    except ValueError as error:
        raise Refused(400, str(error)) from None
    return _answer(account)


@control.post("/clock/set")
def clock_set():
    account = account_scope(body_schema="MockClockSet")
    raw = body_object("MockClockSet")["now"]
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise Refused(400, f"now must be an ISO-8601 time, not {raw[:64]!r}") from None
    try:
        _clock(account).set(moment)
    except ValueError as error:
        raise Refused(400, str(error)) from None
    return _answer(account)


@control.post("/clock/freeze")
def clock_freeze():
    account = account_scope()
    _clock(account).freeze()
    return _answer(account)


@control.post("/clock/resume")
def clock_resume():
    account = account_scope()
    _clock(account).resume()
    return _answer(account)
