"""Which routes need which deployment: Active-Active routes (…/regions/{regionId}/…, a CRDB's local
properties, regions, peerings per region) refuse a single-region subscription and the single-region
routes an Active-Active one, each with its own error type of the official enum; a path's region must
be one of the subscription's; PSC needs GCP, PrivateLink and Transit Gateways AWS.

No capture records these refusals' status or wording: each is `400 BAD_REQUEST` with its type's words
as the description, and a missing region `404 NOT_FOUND`, like the other not-found triples
(inferences.py).
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import lookups
from .acts import error, mismatch
from .crdb import is_active_active, region_by_id, regions_of
from .operations import Operation
from .scenario_model import ErrorTriple

# operationId → the error of an Active-Active route used on a single-region ("flexible") subscription.
ACTIVE_ACTIVE_ONLY = {
    "updateCrdbLocalProperties":
        "UPDATING_LOCAL_PROPERTIES_NOT_ALLOWED_WITH_SINGLE_REGION_SUBSCRIPTION",
    "flushCrdb":
        "CRDB_FLUSH_ACTION_NOT_ALLOWED_WITH_SINGLE_REGION_SUBSCRIPTION",
    "addNewRegionToActiveActiveSubscription":
        "ADDING_REGION_IS_NOT_ALLOWED_WITH_SINGLE_REGION_SUBSCRIPTION",
    "deleteRegionsFromActiveActiveSubscription":
        "DELETING_REGION_IS_NOT_ALLOWED_WITH_SINGLE_REGION_SUBSCRIPTION",
    "getActiveActiveVpcPeerings":
        "GETTING_ACTIVE_ACTIVE_SUBSCRIPTION_VPC_PEERINGS_IS_NOT_ALLOWED_WITH_SINGLE_REGION_SUBSCRIPTION",
    "createActiveActiveVpcPeering":
        "CREATING_AN_ACTIVE_ACTIVE_VPC_PEERING_IS_NOT_ALLOWED_WITH_SINGLE_REGION_SUBSCRIPTION",
    "updateActiveActiveVpcPeering":
        "UPDATING_AN_ACTIVE_ACTIVE_VPC_PEERING_IS_NOT_ALLOWED_WITH_SINGLE_REGION_SUBSCRIPTION",
    "deleteActiveActiveVpcPeering":
        "DELETING_AN_ACTIVE_ACTIVE_VPC_PEERING_IS_NOT_ALLOWED_WITH_SINGLE_REGION_SUBSCRIPTION",
    "getActiveActiveTgws":
        "TGW_GETTING_ACTIVE_ACTIVE_SUBSCRIPTION_TGW_IS_NOT_ALLOWED_WITH_SINGLE_REGION_SUBSCRIPTION",
    "getActiveActiveTgwSharedInvitations":
        "TGW_GETTING_ACTIVE_ACTIVE_SUBSCRIPTION_TGW_INVITATIONS_IS_NOT_ALLOWED_WITH_SINGLE_REGION_SUBSCRIPTION",
    "acceptActiveActiveTgwResourceShare":
        "TGW_ACCEPTING_AN_ACTIVE_ACTIVE_TGW_RESOURCE_SHARE_IS_NOT_ALLOWED_WITH_A_FLEXIBLE_SUBSCRIPTION",
    "rejectActiveActiveTgwResourceShare":
        "TGW_REJECTING_AN_ACTIVE_ACTIVE_TGW_RESOURCE_SHARE_IS_NOT_ALLOWED_WITH_A_FLEXIBLE_SUBSCRIPTION",
    "createActiveActiveTgwAttachment":
        "TGW_CREATING_AN_ACTIVE_ACTIVE_SUBSCRIPTION_TGW_ATTACHMENT_IS_NOT_ALLOWED_WITH_A_FLEXIBLE_SUBSCRIPTION",
    "updateActiveActiveTgwAttachmentCidrs":
        "TGW_UPDATING_AN_ACTIVE_ACTIVE_TGW_ATTACHMENT_IS_NOT_ALLOWED_WITH_A_FLEXIBLE_SUBSCRIPTION",
    "deleteActiveActiveTgwAttachment":
        "TGW_DELETING_AN_ACTIVE_ACTIVE_SUBSCRIPTION_TGW_ATTACHMENT_IS_NOT_ALLOWED_WITH_A_FLEXIBLE_SUBSCRIPTION",
    "getActiveActivePscServiceEndpoints":
        "PSC_GET_AN_ACTIVE_ACTIVE_SUBSCRIPTION_PRIVATE_SERVICE_CONNECT_ENDPOINTS_IS_NOT_ALLOWED_WITH_A_"
        "FLEXIBLE_SUBSCRIPTION",
    "createActiveActivePscService":
        "PSC_CREATING_AN_ACTIVE_ACTIVE_SUBSCRIPTION_PRIVATE_SERVICE_CONNECT_IS_NOT_ALLOWED_WITH_A_FLEXIBLE_"
        "SUBSCRIPTION",
    "deleteActiveActivePscService":
        "PSC_DELETING_AN_ACTIVE_ACTIVE_SUBSCRIPTION_PRIVATE_SERVICE_CONNECT_IS_NOT_ALLOWED_WITH_A_FLEXIBLE_"
        "SUBSCRIPTION",
    "createActiveActivePscServiceEndpoint":
        "PSC_CREATING_AN_ACTIVE_ACTIVE_SUBSCRIPTION_PRIVATE_SERVICE_CONNECT_ENDPOINT_IS_NOT_ALLOWED_WITH_A_"
        "FLEXIBLE_SUBSCRIPTION",
    "updateActiveActivePscServiceEndpoint":
        "PSC_UPDATING_AN_ACTIVE_ACTIVE_SUBSCRIPTION_PRIVATE_SERVICE_CONNECT_ENDPOINT_IS_NOT_ALLOWED_WITH_A_"
        "FLEXIBLE_SUBSCRIPTION",
    "deleteActiveActivePscServiceEndpoint":
        "PSC_DELETING_AN_ACTIVE_ACTIVE_SUBSCRIPTION_PRIVATE_SERVICE_CONNECT_ENDPOINT_IS_NOT_ALLOWED_WITH_A_"
        "FLEXIBLE_SUBSCRIPTION",
    "getActiveActivePrivateLink":
        "PRIVATE_LINK_GET_AN_ACTIVE_ACTIVE_SUBSCRIPTION_PRIVATE_LINK_IS_NOT_ALLOWED_WITH_A_SINGLE_REGION_"
        "SUBSCRIPTION",
    "createActiveActivePrivateLink":
        "PRIVATE_LINK_CREATE_AN_ACTIVE_ACTIVE_SUBSCRIPTION_PRIVATE_LINK_IS_NOT_ALLOWED_WITH_A_SINGLE_REGION_"
        "SUBSCRIPTION",
    "deleteActiveActivePrivateLink":
        "PRIVATE_LINK_DELETING_AN_ACTIVE_ACTIVE_SUBSCRIPTION_PRIVATE_LINK_IS_NOT_ALLOWED_WITH_A_SINGLE_"
        "REGION_SUBSCRIPTION",
    "createActiveActivePrivateLinkPrincipal":
        "PRIVATE_LINK_CREATING_PRINCIPLES_IS_NOT_ALLOWED_WITH_A_SINGLE_REGION_SUBSCRIPTION",
    "deleteActiveActivePrivateLinkPrincipals":
        "PRIVATE_LINK_DELETING_AN_ACTIVE_ACTIVE_SUBSCRIPTION_PRINCIPALS_IS_NOT_ALLOWED_WITH_A_SINGLE_REGION_"
        "SUBSCRIPTION",
    "disassociateActiveActivePrivateLinkConnections":
        "PRIVATE_LINK_DISASSOCIATE_CONNECTIONS_AN_ACTIVE_ACTIVE_SUBSCRIPTION_PRIVATE_LINK_IS_NOT_ALLOWED_"
        "WITH_A_SINGLE_REGION_SUBSCRIPTION",
}
# operationId → the error of a single-region route used on an Active-Active subscription.
SINGLE_REGION_ONLY = {
    "updateDatabase":
        "UPDATING_SINGLE_REGION_DATABASE_NOT_ALLOWED_WITH_ACTIVE_ACTIVE_SUBSCRIPTION",
    "getCidrWhiteList":
        "GETTING_SINGLE_REGION_CIDR_WHITE_LIST_IS_NOT_ALLOWED_WITH_ACTIVE_ACTIVE_SUBSCRIPTION",
    "updateSubscriptionCidrWhiteList":
        "UPDATING_SINGLE_REGION_CIDR_WHITE_LIST_IS_NOT_ALLOWED_WITH_ACTIVE_ACTIVE_SUBSCRIPTION",
    "getVpcPeering":
        "GETTING_SINGLE_REGION_VPC_PEERINGS_IS_NOT_ALLOWED_WITH_ACTIVE_ACTIVE_SUBSCRIPTION",
    "createVpcPeering":
        "CREATING_A_SINGLE_REGION_VPC_PEERING_IS_NOT_ALLOWED_WITH_ACTIVE_ACTIVE_SUBSCRIPTION",
    "updateVpcPeering":
        "UPDATING_A_SINGLE_REGION_VPC_PEERING_IS_NOT_ALLOWED_WITH_ACTIVE_ACTIVE_SUBSCRIPTION",
    "deleteVpcPeering":
        "DELETING_SINGLE_REGION_VPC_PEERING_IS_NOT_ALLOWED_WITH_ACTIVE_ACTIVE_SUBSCRIPTION",
    "getTgws":
        "TGW_GETTING_SINGLE_REGION_TGWS_IS_NOT_ALLOWED_WITH_ACTIVE_ACTIVE_SUBSCRIPTION",
    "getTgwSharedInvitations":
        "TGW_GETTING_SINGLE_REGION_TGW_INVITATIONS_IS_NOT_ALLOWED_WITH_ACTIVE_ACTIVE_SUBSCRIPTION",
    "acceptTgwResourceShare":
        "TGW_ACCEPTING_A_FLEXIBLE_SUBSCRIPTION_TGW_RESOURCE_SHARE_IS_NOT_ALLOWED_WITH_AN_ACTIVE_ACTIVE_SUBSCRIPTION",
    "rejectTgwResourceShare":
        "TGW_REJECTING_A_FLEXIBLE_SUBSCRIPTION_TGW_RESOURCE_SHARE_IS_NOT_ALLOWED_WITH_AN_ACTIVE_ACTIVE_SUBSCRIPTION",
    "createTgwAttachment":
        "TGW_CREATING_A_FLEXIBLE_SUBSCRIPTION_TGW_ATTACHMENT_IS_NOT_ALLOWED_WITH_AN_ACTIVE_ACTIVE_SUBSCRIPTION",
    "updateTgwAttachmentCidrs":
        "TGW_UPDATING_A_FLEXIBLE_SUBSCRIPTION_TGW_ATTACHMENT_IS_NOT_ALLOWED_WITH_AN_ACTIVE_ACTIVE_SUBSCRIPTION",
    "deleteTgwAttachment":
        "TGW_DELETING_A_FLEXIBLE_SUBSCRIPTION_TGW_ATTACHMENT_IS_NOT_ALLOWED_WITH_AN_ACTIVE_ACTIVE_SUBSCRIPTION",
    "getPscServiceEndpoints":
        "PSC_GET_A_FLEXIBLE_SUBSCRIPTION_PRIVATE_SERVICE_CONNECT_ENDPOINT_IS_NOT_ALLOWED_WITH_AN_ACTIVE_"
        "ACTIVE_SUBSCRIPTION",
    "createPscService":
        "PSC_CREATING_A_FLEXIBLE_SUBSCRIPTION_PRIVATE_SERVICE_CONNECT_IS_NOT_ALLOWED_WITH_AN_ACTIVE_ACTIVE_"
        "SUBSCRIPTION",
    "deletePscService":
        "PSC_DELETING_A_FLEXIBLE_SUBSCRIPTION_PRIVATE_SERVICE_CONNECT_IS_NOT_ALLOWED_WITH_AN_ACTIVE_ACTIVE_"
        "SUBSCRIPTION",
    "createPscServiceEndpoint":
        "PSC_CREATING_A_FLEXIBLE_SUBSCRIPTION_PRIVATE_SERVICE_CONNECT_ENDPOINT_IS_NOT_ALLOWED_WITH_AN_ACTIVE_"
        "ACTIVE_SUBSCRIPTION",
    "updatePscServiceEndpoint":
        "PSC_UPDATING_A_FLEXIBLE_SUBSCRIPTION_PRIVATE_SERVICE_CONNECT_ENDPOINT_IS_NOT_ALLOWED_WITH_AN_ACTIVE_"
        "ACTIVE_SUBSCRIPTION",
    "deletePscServiceEndpoint":
        "PSC_DELETING_A_FLEXIBLE_SUBSCRIPTION_PRIVATE_SERVICE_CONNECT_ENDPOINT_IS_NOT_ALLOWED_WITH_AN_ACTIVE_"
        "ACTIVE_SUBSCRIPTION",
    "getPrivateLink":
        "PRIVATE_LINK_GET_A_FLEXIBLE_SUBSCRIPTION_PRIVATE_LINK_IS_NOT_ALLOWED_WITH_AN_ACTIVE_ACTIVE_SUBSCRIPTION",
    "createPrivateLink":
        "PRIVATE_LINK_CREATE_A_FLEXIBLE_SUBSCRIPTION_PRIVATE_LINK_IS_NOT_ALLOWED_WITH_AN_ACTIVE_ACTIVE_SUBSCRIPTION",
    "deletePrivateLink":
        "PRIVATE_LINK_DELETING_A_FLEXIBLE_SUBSCRIPTION_PRIVATE_LINK_IS_NOT_ALLOWED_WITH_AN_ACTIVE_ACTIVE_"
        "SUBSCRIPTION",
    "createPrivateLinkPrincipal":
        "PRIVATE_LINK_CREATING_PRINCIPLES_IS_NOT_ALLOWED_WITH_AN_ACTIVE_ACTIVE_SUBSCRIPTION",
    "deletePrivateLinkPrincipals":
        "PRIVATE_LINK_DELETING_A_FLEXIBLE_SUBSCRIPTION_PRINCIPALS_IS_NOT_ALLOWED_WITH_AN_ACTIVE_ACTIVE_SUBSCRIPTION",
    "disassociatePrivateLinkConnections":
        "PRIVATE_LINK_DISASSOCIATE_CONNECTIONS_A_FLEXIBLE_SUBSCRIPTION_PRIVATE_LINK_IS_NOT_ALLOWED_WITH_AN_"
        "ACTIVE_ACTIVE_SUBSCRIPTION",
}
# The cloud a family of routes needs (by a word of its path), and the error on another cloud.
PROVIDERS = {"/private-service-connect": ("GCP", "PSC_CLOUD_PROVIDER_IS_NOT_SUPPORTED"),
             "/private-link": ("AWS", "PRIVATE_LINK_CLOUD_PROVIDER_NOT_SUPPORTED"),
             "/transitGateways": ("AWS", "TGW_CLOUD_PROVIDER_IS_NOT_SUPPORTED")}


def region_not_found(operation: Operation) -> ErrorTriple:
    """A region the path names that the subscription is not deployed in."""
    if "/transitGateways" in operation.path:
        return error("TGW_REGION_DOES_NOT_EXIST", "404 NOT_FOUND", "Region does not exist")
    return error("SUBSCRIPTION_INVALID_REGION_ID", "404 NOT_FOUND", "Region id was not found in the subscription")


def deployment_error(operation: Operation, ids: Mapping[str, int], resources) -> ErrorTriple | None:
    """The subscription must be of the route's deployment type, deployed in the path's region, on the
    family's cloud (checked once the subscription is known to exist)."""
    if "subscriptionId" not in ids or operation.path.startswith("/fixed/"):
        return None
    subscription = lookups.find(resources, "subscription", ids)
    if subscription is None:
        return None
    active_active = is_active_active(subscription.data)
    if not active_active and operation.name in ACTIVE_ACTIVE_ONLY:
        return mismatch(ACTIVE_ACTIVE_ONLY[operation.name])
    if active_active and operation.name in SINGLE_REGION_ONLY:
        return mismatch(SINGLE_REGION_ONLY[operation.name])
    if "regionId" in ids and (not active_active or region_by_id(subscription.data, ids["regionId"]) is None):
        return region_not_found(operation)
    for word, (cloud, refusal) in PROVIDERS.items():
        if word in operation.path and provider_of(subscription.data) != cloud:
            return mismatch(refusal)
    return None


def provider_of(subscription: Mapping[str, Any]) -> str:
    return next((provider for provider, _ in regions_of(subscription)), "AWS")
