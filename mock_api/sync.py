"""Synchronous operations (VIEW and CATALOG in the table): the handlers by name, and running one.

A VIEW acts on one resource named by the path (404 when it does not exist, as for any read); a
CATALOG on the account. Both read or change state and answer at once, with no task. Handlers live
with their family (catalogs, tags, database / subscription / account views, redirections); this
module only gathers them, so adding one is a function there and a line in the operation table.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from . import account_views, catalogs, database_views, lookups, redirections, subscription_views, tags
from .calls import Answer, Call, Handler, Refusal
from .operations import Action, Operation
from .records import Account, Resource, ResourceKey
from .registry import gathered


HANDLERS: dict[str, Handler] = gathered(catalogs.HANDLERS, tags.HANDLERS, database_views.HANDLERS,
                                         subscription_views.HANDLERS, account_views.HANDLERS, redirections.HANDLERS)


def answer(operation: Operation, account: Account, now: datetime, ids: Mapping[str, int], keys: Mapping[str, str],
           query: Mapping[str, str], body: Mapping[str, Any]) -> Callable[[Mapping[ResourceKey, Resource]], Answer]:
    """The synchronous operation as a function of the account's resources (the store runs it under
    its lock). Raises Refusal, having changed nothing, when the request cannot be served."""

    def run(resources: Mapping[ResourceKey, Resource]) -> Answer:
        resource = None
        if operation.action is Action.VIEW:
            resource = lookups.find(resources, operation.kind, ids)
            if resource is None:
                raise Refusal(404)
        call = Call(account, resources, now, resource, ids, keys, query, body)
        result = HANDLERS[operation.effect](call)
        return result if isinstance(result, Answer) else Answer(body=result)

    return run
