"""The named timelines a profile times, which ones each action follows, and what a resource shows
while it follows one.

A profile gives each name its steps (polls and/or seconds); an operation's action picks the names:
create → task + provision, update → task + change, delete → task + deprovision, perform → task,
query → query. A resource timeline's steps need not name a status: the resource then shows its
kind's own status for that timeline (a VPC peering is `pending-acceptance` while it is provisioned,
a database `active-change-pending` while it changes).
"""

from collections.abc import Iterable
from typing import NamedTuple

from .operations import Action, Operation
from .scenario_model import GONE


class TimelineName(NamedTuple):
    name: str
    resource: bool  # a resource's timeline (else a task's)
    final: str | None  # a resource timeline's final status
    fallback: str | None  # the timeline a profile without this one uses instead
    meaning: str


TIMELINES: dict[str, TimelineName] = {t.name: t for t in (
    TimelineName("task", False, None, None,
                 "a task, from the creating answer to its outcome (create, update, delete, perform)"),
    TimelineName("query", False, None, "task", "a task that answers a query (a GET answering with a task)"),
    TimelineName("provision", True, "active", None, "a new resource, from its task's completion to active"),
    TimelineName("change", True, "active", None, "a changed resource, from its task's completion to active"),
    TimelineName("deprovision", True, GONE, None, "a deleted resource, from its task's completion to gone (404)"),
)}
TASK_TIMELINES = tuple(t.name for t in TIMELINES.values() if not t.resource)
RESOURCE_TIMELINES = tuple(t.name for t in TIMELINES.values() if t.resource)
REQUIRED_TIMELINES = tuple(t.name for t in TIMELINES.values() if t.fallback is None)

# Which timelines an action follows: (task timeline, resource timeline or None).
ACTION_TIMELINES: dict[Action, tuple[str, str | None]] = {
    Action.CREATE: ("task", "provision"),
    Action.UPDATE: ("task", "change"),
    Action.DELETE: ("task", "deprovision"),
    Action.PERFORM: ("task", None),
    Action.QUERY: ("query", None),
}


def default_timelines(operation: Operation) -> tuple[str, str | None]:
    task, resource = ACTION_TIMELINES[operation.action]
    return task, resource if operation.kind is not None else None


# ---------------------------------------------------------------- what a resource shows

# The statuses each kind's resources take (facts §7.1, from the docs, the Go SDK and Terraform; the
# peering's are AWS's peering states, an inference listed in docs/operations.md). "deleting" is what
# every kind shows while it is deprovisioned here.
GENERIC_STATUSES = ("pending", "active", "deleting", "error")
_DATABASE = ("active", "draft", "pending", "rcp-change-pending", "rcp-draft", "rcp-active-change-draft",
             "active-change-draft", "active-change-pending", "dynamic-endpoints-creation-pending",
             "active-upgrade-pending", "proxy-policy-change-pending", "proxy-policy-change-draft",
             "bdb-update-pending", "error", "deleting")
_PEERING = ("initiating-request", "pending-acceptance", "pending", "active", "rejected", "failed", "expired",
            "deleting")
KIND_STATUSES: dict[str, tuple[str, ...]] = {
    "subscription": ("active", "pending", "encryption_key_pending", "error", "deleting"),
    "fixed-subscription": ("active", "pending", "error", "deleting"),
    "database": _DATABASE,
    "fixed-database": _DATABASE,
    "cloud-account": ("draft", "pending", "active", "change-draft", "change-pending", "delete-draft", "deleted",
                      "active-error", "deleting"),
    "peering": _PEERING,
    "aa-peering": _PEERING,
    # The Go SDK's status constants of PSC services and endpoints, PrivateLink, and AWS's own states of
    # a Transit Gateway and of a resource share invitation.
    "psc-service": ("create-queued", "delete-queued", "initialized", "create-pending", "active", "delete-pending",
                    "deleted", "provision-failed", "failed"),
    "psc-endpoint": ("initialized", "processing", "pending", "accept-pending", "active", "deleted", "rejected",
                     "reject-pending", "failed"),
    "private-link": ("initializing", "active", "deleting"),
    "tgw": ("pending", "available", "modifying", "deleting", "deleted"),
    "tgw-invitation": ("pending", "accepted", "rejected"),
}

# The status shown during a resource timeline whose steps name none: by timeline, unless the kind
# has its own (as captured or documented for it).
TIMELINE_STATUS = {"provision": "pending", "change": "pending", "deprovision": "deleting"}
KIND_TIMELINE_STATUS: dict[tuple[str, str], str] = {
    ("database", "change"): "active-change-pending",
    ("fixed-database", "change"): "active-change-pending",
    ("cloud-account", "change"): "change-pending",
    ("peering", "provision"): "pending-acceptance",
    ("aa-peering", "provision"): "pending-acceptance",
    ("psc-service", "provision"): "initialized",
    ("psc-service", "deprovision"): "delete-pending",
    ("psc-endpoint", "provision"): "initialized",  # the consumer has not run the creation script yet
    ("psc-endpoint", "change"): "processing",  # an accept or reject shows accept- / reject-pending (kinds.py)
    ("psc-endpoint", "deprovision"): "processing",
    ("private-link", "provision"): "initializing",
}


def statuses_of(kinds: Iterable[str | None]) -> frozenset[str]:
    """Every status a resource of one of these kinds may show."""
    known = set()
    for kind in kinds:
        if kind is not None:
            known.update(KIND_STATUSES.get(kind, GENERIC_STATUSES))
    return frozenset(known)


def shown_status(kind: str | None, timeline: str) -> str:
    return KIND_TIMELINE_STATUS.get((kind or "", timeline), TIMELINE_STATUS[timeline])


# Listed in docs/operations.md (docgen): what the shipped timelines and statuses infer, and why.
INFERENCES = (
    ("A resource's status during each timeline",
     "`pending` while provisioned and `deleting` while deprovisioned, for every kind (the documented lifecycle "
     "of subscriptions, databases and cloud accounts; the delete-time statuses of the other kinds are not "
     "captured). While it changes: a database `active-change-pending` (the Go SDK's and Terraform's wait lists), "
     "a cloud account `change-pending` (its documented statuses), every other kind `pending` (their documented "
     "statuses have no change-specific one)."),
    ("VPC peering statuses",
     f"{', '.join(f'`{s}`' for s in KIND_STATUSES['peering'])}: AWS's peering states plus `pending`, since no "
     "capture lists a Redis Cloud peering's statuses; a new peering waits for the AWS side to accept it, so it "
     "shows `pending-acceptance` while provisioned."),
    ("Statuses of PSC, PrivateLink and Active-Active peerings",
     "a PSC service shows `initialized` while provisioned and `delete-pending` while deprovisioned; a PSC endpoint "
     "`initialized`, `processing` while it changes or goes (an accept or reject: `accept-pending` / "
     "`reject-pending`); a private link `initializing`; an Active-Active peering `pending-acceptance`: the Go SDK's "
     "status constants and Terraform's waits, no captured timing."),
    ("Redis version upgrade",
     "the database shows `active-upgrade-pending` (in the Go SDK's status list and Terraform's waits) for as long "
     "as the profile's `change` timeline takes (scenarios/upgrades.yaml)."),
    ("Timings of the realistic profile",
     "the durations in scenarios/profiles/realistic.yaml (seconds for a task, minutes for a resource, longer for "
     "Pro subscriptions and databases) are orders of magnitude from the documentation and from Terraform's waits "
     "(first check after 10 s, then every 30 s), not captured durations."),
    ("Query tasks",
     "tasks that answer a GET (CIDR list, peerings, backup and import status) follow the same timing as other "
     "tasks in the shipped profiles (their own `query` timeline): no capture shows them faster."),
)
