"""Private Service Connect (GCP) behaviours, single-region and Active-Active alike: the rules of
services and endpoints, and the queries that read them and their scripts.

A service is one per subscription (or region); the generic rules refuse a second one
(`PSC_SERVICE_ALREADY_EXISTS`) and answer a missing one with the captured `PSC_SERVICE_NOT_FOUND`,
`404 NOT_FOUND`, which the Go SDK turns into `NotFound`.
"""
from __future__ import annotations

from typing import Any

from . import lookups
from .acts import Act, Query, Rule, mismatch, shown
from .connectivity import ENDPOINT_FIELDS, endpoint_scripts, region_of
from .scenario_model import ErrorTriple

ENDPOINT_STATUSES_AFTER_SCRIPT = ("pending", "accept-pending", "active", "reject-pending", "rejected")


def _service(resources, ids) -> Any:
    return lookups.find(resources, "psc-service", ids)


def _delete_service(body, ids, resources, account) -> ErrorTriple | None:
    service = lookups.target(resources, "psc-service", ids)
    if lookups.children(resources, service, "psc-endpoint"):
        return mismatch("PSC_SERVICE_CANNOT_DELETE_SERVICE_WITH_ACTIVE_ENDPOINTS")
    return None


def _new_endpoint(body, ids, resources, account) -> ErrorTriple | None:
    service = _service(resources, ids)
    if service.status() != "active":
        return mismatch("PSC_SERVICE_NOT_ACTIVE")
    wanted = tuple(body.get(field) for field in ENDPOINT_FIELDS)
    if any(tuple(e.data.get(field) for field in ENDPOINT_FIELDS) == wanted
           for e in lookups.children(resources, service, "psc-endpoint")):
        return mismatch("PSC_ENDPOINT_ALREADY_EXISTS")
    return None


def _update_endpoint(body, ids, resources, account) -> ErrorTriple | None:
    """An accept or reject stands alone, and needs the consumer's endpoint (created by the creation
    script: past `initialized`)."""
    if body.get("action") is None:
        return None
    if any(body.get(field) is not None for field in ENDPOINT_FIELDS):
        return mismatch("PSC_UPDATE_ENDPOINT_REQUEST_CANNOT_HAVE_BOTH_ACTION_AND_OTHER_FIELDS")
    if lookups.find(resources, "psc-endpoint", ids).status() not in ENDPOINT_STATUSES_AFTER_SCRIPT:
        return mismatch("PSC_UPDATE_ENDPOINT_REQUEST_CANNOT_UPDATE_INITIALIZED_ENDPOINT")
    return None


RULES: dict[str, Rule] = {
    **{name: _delete_service for name in ("deletePscService", "deleteActiveActivePscService")},
    **{name: _new_endpoint for name in ("createPscServiceEndpoint", "createActiveActivePscServiceEndpoint")},
    **{name: _update_endpoint for name in ("updatePscServiceEndpoint", "updateActiveActivePscServiceEndpoint")},
}
PERFORMERS: dict[str, Any] = {}


def _service_query(act: Act) -> dict[str, Any]:
    """The service; the read that ends its deprovisioning shows it `deleted` (an SDK status), the
    next query finds none (PSC_SERVICE_NOT_FOUND)."""
    if not act.read(act.resource):
        return dict(act.resource.data, status="deleted")
    return shown(act.resource)


def _endpoints(act: Act) -> dict[str, Any]:
    """The service's endpoints; listing them reads each."""
    endpoints = [e for e in lookups.children(act.resources, act.resource, "psc-endpoint") if act.read(e)]
    return {"pscServiceId": act.resource.ids["pscServiceId"], "endpoints": [shown(e) for e in endpoints]}


def _scripts(creation: bool) -> Query:
    def query(act: Act) -> dict[str, Any]:
        service = _service(act.resources, act.ids)
        subscription = lookups.find(act.resources, "subscription", act.ids)
        scripts = endpoint_scripts(service.data, act.resource.data, region_of(act.ids, subscription.data), creation)
        if str(act.body.get("includeTerraformGcpScript", "")).lower() != "true":
            scripts["script"].pop("terraformGcp", None)
        return scripts
    return query


QUERIES: dict[str, Query] = {"psc-service": _service_query, "psc-endpoints": _endpoints,
                             "psc-creation-script": _scripts(True), "psc-deletion-script": _scripts(False)}
