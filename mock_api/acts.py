"""What a named behaviour of a task-backed operation receives when its task completes (``Act``), and
the shapes of those behaviours: performers (what an action does to the account), queries (the
``response.resource`` of a GET answering with a task) and rules (the real service's refusals).

The behaviours live with their family (actions.py, active_active.py, psc.py, privatelink.py,
transit_gateway.py); actions.py and rules.py gather them by name.
"""

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, NamedTuple

from .kinds import KINDS
from .lookups import Reader  # counts one read of a resource; False once it is gone
from .records import Account, Resource, ResourceKey
from .scenario_model import ErrorTriple

Body = Mapping[str, Any]


class Act(NamedTuple):
    account: Account
    resources: Mapping[ResourceKey, Resource]  # the account's resources (lookups' questions work on it)
    resource: Resource | None  # the one the path names (None: account-level, or a create)
    body: Body  # the request body (and the query parameters the operation reads)
    ids: Mapping[str, int]  # the path's ids
    now: datetime
    new_id: Callable[[str], int] | None = None  # performers: ids for the resources they create
    read: Reader = lambda resource: True  # queries: a read of each resource listed

    def create(self, kind_name: str, parent: Resource, extra_ids: Mapping[str, int],
               body: Body) -> Resource:
        """A new resource under ``parent``, at rest at once in the status its builder gives (an
        invitation shared with a subscription, the gateway of an accepted one)."""
        kind = KINDS[kind_name]
        ids = {**parent.ids, **extra_ids, kind.id_param: self.new_id(kind_name)}
        resource = Resource(kind, ids, kind.build(ids, body, self.now, parent.data))
        self.account.resources[resource.key] = resource
        return resource

    def forget(self, resource: Resource) -> None:
        """A resource that goes with what removed it (a region's services, a subscription's peering)."""
        self.account.resources.pop(resource.key, None)


Performer = Callable[[Act], dict[str, Any] | None]  # may give the completed task's response.resource
Query = Callable[[Act], dict[str, Any]]
# (request body, the path's ids, the account's resources, the account) → the refusal, or None
Rule = Callable[[Body, Mapping[str, int], Mapping[ResourceKey, Resource], Account], ErrorTriple | None]


def error(type_: str, status: str, description: str) -> ErrorTriple:
    return ErrorTriple(type_, status, description)


def bad_request(type_: str, description: str) -> ErrorTriple:
    return ErrorTriple(type_, "400 BAD_REQUEST", description)


def sentence(type_: str) -> str:
    """An error type's words as the description mock_api gives when no capture records one
    (TGW_REGION_DOES_NOT_EXIST → "Region does not exist"): the family prefix goes, acronyms stay."""
    for prefix in ("TGW_", "PSC_", "PRIVATE_LINK_"):
        type_ = type_.removeprefix(prefix)
    words = type_.lower().replace("active_active", "Active-Active").split("_")
    acronyms = {"tgw": "TGW", "vpc": "VPC", "cidr": "CIDR", "psc": "PSC", "crdb": "CRDB", "id": "id"}
    text = " ".join(acronyms.get(word, word) for word in words)
    return text[:1].upper() + text[1:]


def mismatch(type_: str) -> ErrorTriple:
    """A 400 whose description is the error type's own words (no capture records one)."""
    return bad_request(type_, sentence(type_))


def shown(resource: Resource) -> dict[str, Any]:
    """A resource's body as a query's result shows it: its data, with its status as of now."""
    return dict(resource.data, status=resource.status())


def gathered_rules(*tables: Mapping[str, Rule]) -> dict[str, tuple]:
    """operationId → its rules, in order: the families' own first (they name the region or deployment
    a later rule relies on), then the base table's (the first table)."""
    gathered: dict[str, tuple] = {}
    for table in tables[1:] + tables[:1]:
        for name, rule in table.items():
            gathered[name] = gathered.get(name, ()) + (rule,)
    return gathered
