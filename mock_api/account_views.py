"""Account-level reads made of the account's own history and people: the system log (one entry per
finished task), the session log, the account's users and the download of a generated cost report."""
from __future__ import annotations

from typing import Any

from . import lookups
from .calls import Answer, Call, Download, Refusal, int_query, page, time_query
from .kinds import KINDS
from .operations import Action
from .timefmt import resource_time

FIRST_LOG_ID = 2900001  # the example's ids are in this range
LOG_TYPES = {"subscription": "Subscription", "database": "Database", "fixed-subscription": "Subscription",
             "fixed-database": "Database", "cloud-account": "Cloud account", "acl-user": "ACL",
             "acl-role": "ACL", "acl-redis-rule": "ACL", "peering": "VPC peering", "account-user": "Account"}
VERBS = {Action.CREATE: "created", Action.UPDATE: "updated", Action.DELETE: "deleted"}
# The columns of a FOCUS (FinOps Open Cost and Usage Specification) report, the format the spec names.
FOCUS_COLUMNS = ("BilledCost", "BillingAccountId", "BillingCurrency", "BillingPeriodStart", "BillingPeriodEnd",
                 "ChargeCategory", "ChargeDescription", "ChargePeriodStart", "ChargePeriodEnd", "EffectiveCost",
                 "ProviderName", "RegionId", "ResourceId", "ResourceName", "ServiceName")


def _log_entry(number: int, task: Any, account_key: str) -> dict[str, Any]:
    operation = task.operation
    kind = KINDS.get(operation.kind) if operation.kind else None
    resource_id = (task.response or {}).get("resourceId")
    what = LOG_TYPES.get(kind.name, "Account") if kind else "Account"
    if task.outcome.error is not None:
        description = f"{operation.command_type} failed: {task.outcome.error.description}"
    elif operation.action in VERBS and resource_id is not None:
        description = f"{what} {resource_id} was {VERBS[operation.action]}"
    else:
        description = f"{operation.command_type} completed"
    entry = {"id": FIRST_LOG_ID + number, "time": resource_time(task.progress.entered_at), "originator": "mock_api owner",
             "apiKeyName": account_key, "type": what, "description": description}
    if resource_id is not None:
        entry["resourceId"] = resource_id
    return entry


def _system_log(call: Call) -> dict[str, Any]:
    """Newest first. Filters: startTime, endTime (inclusive), resourceId; then offset and limit (≤ 1000)."""
    offset, limit = page(call, 1000)
    start, end = time_query(call, "startTime"), time_query(call, "endTime")
    resource_id = int_query(call, "resourceId", None, 1)
    entries = []
    for number, task in enumerate(lookups.finished_tasks(call.account)):
        at = task.progress.entered_at
        if (start and at < start) or (end and at > end):
            continue
        entry = _log_entry(number, task, call.account.key)
        if resource_id is None or entry.get("resourceId") == resource_id:
            entries.append(entry)
    entries.reverse()
    return {"entries": entries[offset:offset + limit]}


def _session_log(call: Call) -> dict[str, Any]:
    # Session logs record people signing in to the console: nobody does, against mock_api.
    page(call, 100)  # the filters are checked, and filter nothing
    time_query(call, "startTime")
    time_query(call, "endTime")
    return {"entries": []}


def _user_body(user: Any) -> dict[str, Any]:
    return {key: value for key, value in user.data.items() if key != "status"}  # AccountUser has no status


def _users(call: Call) -> dict[str, Any]:
    # `account`, not `accountId`: the official example of AccountUsers.
    return {"account": call.account.id, "users": [_user_body(user) for user in lookups.of_kind(call.resources,
                                                                                                "account-user")]}


def _user(call: Call) -> dict[str, Any]:
    return _user_body(call.resource)


def _cost_report(call: Call) -> Answer:
    """The file a completed cost report task named: FOCUS, CSV or JSON as the report asked. mock_api
    bills nothing, so the report has its columns and no charge."""
    report_id = call.keys["costReportId"]
    if not any(result.get("costReportId") == report_id
               for result in lookups.finished_results(call.account, "costReportCreateRequest")):
        raise Refusal(404)
    content = (",".join(FOCUS_COLUMNS) + "\n").encode() if report_id.endswith(".csv") else b"[]\n"
    return Answer(download=Download(content, "application/octet-stream", report_id))  # as the spec says


HANDLERS = {"system-log": _system_log, "session-log": _session_log, "account-users": _users, "account-user": _user,
            "cost-report-file": _cost_report}
