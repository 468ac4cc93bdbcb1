"""Private connectivity of a Pro subscription, as bodies: Private Service Connect services and
endpoints (GCP), PrivateLink (AWS), Transit Gateway invitations and gateways (AWS), and
Active-Active VPC peerings. Single-region and Active-Active alike: an Active-Active one carries the
`regionId` of its region in its ids.

Shapes are the official Go SDK's models (`psc`, `privatelink`, `transit_gateway/attachments`,
`subscriptions.ActiveActiveVPCPeering`) with the values of its captures where there are some (a PSC
service, a TGW list). Plain functions of bodies: no lookups (kinds.py builds with them).
"""
from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from .crdb import is_active_active, region_by_id, region_id, regions_of
from .timefmt import error_time, resource_time

Body = Mapping[str, Any]
REDIS_AWS_ACCOUNT = "620187402834"  # the account that shares Transit Gateways in the SDK's capture


def stable_token(*parts: Any, length: int = 17) -> str:
    """A stable hexadecimal token for generated uids (the same ids give the same uid)."""
    return hashlib.sha256("/".join(map(str, parts)).encode()).hexdigest()[:length]


def region_of(ids: Mapping[str, int], subscription: Body | None) -> str:
    """The region a resource lives in: its Active-Active region, else the subscription's one."""
    subscription = subscription or {}
    if "regionId" in ids:
        return region_by_id(subscription, ids["regionId"]) or "us-east-1"
    return next((name for _, name in regions_of(subscription)), None) or "us-east-1"


def _short(sub_id: int) -> int:
    return sub_id % 100000


# ---------------------------------------------------------------- Private Service Connect (GCP)


def new_psc_service(ids: Mapping[str, int], body: Body, now: datetime, parent: Body | None = None) -> dict[str, Any]:
    region, sub = region_of(ids, parent), _short(ids["subscriptionId"])
    return {"id": ids["pscServiceId"], "connectionHostName": f"psc.mc{sub}-0.{region}-mz.gcp.cloud.rlrcp.com",
            "serviceAttachmentName": f"service-attachment-mc{sub}-0-{region}-mz-rlrcp", "status": "create-queued"}


ENDPOINT_FIELDS = ("gcpProjectId", "gcpVpcName", "gcpVpcSubnetName", "endpointConnectionName")


def new_psc_endpoint(ids: Mapping[str, int], body: Body, now: datetime,
                     parent: Body | None = None) -> dict[str, Any]:
    return {"id": ids["endpointId"], **{field: body.get(field) for field in ENDPOINT_FIELDS}, "status": "initialized"}


def update_psc_endpoint(data: dict[str, Any], body: Body, now: datetime) -> None:
    """New GCP names, or an `action`: accept makes the endpoint active, reject rejects it."""
    for field in ENDPOINT_FIELDS:
        if body.get(field) is not None:
            data[field] = body[field]
    if body.get("action") is not None:
        data["status"] = "active" if body["action"] == "accept" else "rejected"


def psc_endpoint_settles(data: Mapping[str, Any], timeline: str):
    """What an endpoint shows while it changes, and where it comes to rest (see kinds.ResourceKind)."""
    if timeline == "provision":
        return None, "pending"  # mock_api plays the consumer who runs the creation script
    if timeline == "change" and data["status"] in ("active", "rejected"):
        return ("accept-pending" if data["status"] == "active" else "reject-pending"), data["status"]
    return None, data["status"]


def endpoint_scripts(service: Body, endpoint: Body, region: str, creation: bool) -> dict[str, Any]:
    """The gcloud scripts that create (or delete) the consumer's endpoint; mock_api runs none."""
    name = f"{endpoint.get('endpointConnectionName')}-{endpoint['id']}"
    verb = "create" if creation else "delete"
    script: dict[str, Any] = {
        "bash": f"gcloud compute forwarding-rules {verb} {name} --region={region} "
                f"--project={endpoint.get('gcpProjectId')}",
        "powershell": f"gcloud compute forwarding-rules {verb} {name} --region={region} "
                      f"--project={endpoint.get('gcpProjectId')}",
    }
    if creation:
        script["terraformGcp"] = {"serviceAttachments": [{
            "name": f"projects/s{stable_token(service['id'])}/regions/{region}/serviceAttachments/"
                    f"{service['serviceAttachmentName']}",
            "dnsRecord": service["connectionHostName"] + ".", "ipAddressName": f"{name}-ip",
            "forwardingRuleName": name}]}
    return {"script": script}


# ---------------------------------------------------------------- PrivateLink (AWS)


def new_private_link(ids: Mapping[str, int], body: Body, now: datetime,
                     parent: Body | None = None) -> dict[str, Any]:
    region, link = region_of(ids, parent), stable_token("private-link", sorted(ids.items()))
    data: dict[str, Any] = {
        "status": "initializing", "principals": [principal(body)],
        "resourceConfigurationId": f"rcfg-{link}",
        "resourceConfigurationArn": f"arn:aws:vpc-lattice:{region}:{REDIS_AWS_ACCOUNT}:"
                                    f"resourceconfiguration/rcfg-{link}",
        "shareArn": f"arn:aws:ram:{region}:{REDIS_AWS_ACCOUNT}:resource-share/{stable_token('share', link, length=32)}",
        "shareName": body.get("shareName"), "connections": [connection(body, now)],
        "subscriptionId": ids["subscriptionId"],
    }
    if "regionId" in ids:
        data["regionId"] = ids["regionId"]
    return data


def principal(body: Body) -> dict[str, Any]:
    alias = {"alias": body["alias"]} if body.get("alias") is not None else {}  # absent, not null, when not given
    return {"principal": body.get("principal"), "type": body.get("type", "aws_account"), **alias,
            "status": "associated"}


def connection(body: Body, now: datetime) -> dict[str, Any]:
    """The endpoint a principal's account connects to the share (mock_api plays that consumer)."""
    owner = str(body.get("principal"))
    return {"associationId": f"rsa-{stable_token('association', owner, length=8)}",
            "connectionId": f"vpce-con-{stable_token('connection', owner, length=8)}", "type": "vpc_endpoint",
            "ownerId": owner, "associationDate": resource_time(now)}


def endpoint_script(link: Body, region: str) -> dict[str, Any]:
    arn = link["resourceConfigurationArn"]
    return {"resourceEndpointScript": f"aws ec2 create-vpc-endpoint --vpc-endpoint-type Resource --region {region} "
                                      f"--resource-configuration-arn {arn}",
            "terraformAwsScript": f'resource "aws_vpc_endpoint" "redis" {{\n  vpc_endpoint_type = "Resource"\n'
                                  f'  resource_configuration_arn = "{arn}"\n}}\n'}


# ---------------------------------------------------------------- Transit Gateway (AWS)


def new_tgw_invitation(ids: Mapping[str, int], body: Body, now: datetime,
                       parent: Body | None = None) -> dict[str, Any]:
    """A gateway shared with the subscription by AWS RAM, waiting to be accepted or rejected."""
    invitation, region = ids["tgwInvitationId"], region_of(ids, parent)
    return {"id": invitation, "name": f"tgw-share-{invitation}",
            "resourceShareUid": f"arn:aws:ram:{region}:{REDIS_AWS_ACCOUNT}:resource-share/"
                                f"{stable_token('tgw-share', invitation, length=32)}",
            "awsAccountId": REDIS_AWS_ACCOUNT, "status": "pending", "sharedDate": error_time(now)}


def tgw_invitations(ids: Mapping[str, int], subscription: Body) -> list[tuple]:
    """What a new AWS subscription starts with: one Transit Gateway shared with it (with each region of an
    Active-Active one), pending acceptance. mock_api cannot be shared a gateway through AWS RAM, so it
    plays the customer who shares one."""
    return [("tgw-invitation", {"regionId": region_id(provider, name)} if is_active_active(subscription) else {}, {})
            for provider, name in regions_of(subscription)[:None if is_active_active(subscription) else 1]
            if provider == "AWS"]


def new_tgw(ids: Mapping[str, int], body: Body, now: datetime, parent: Body | None = None) -> dict[str, Any]:
    """The gateway of an accepted invitation; no attachment yet (captured: status available, no
    attachment fields, no CIDRs)."""
    return {"id": ids["TgwId"], "awsTgwUid": f"tgw-{stable_token('tgw', ids['TgwId'])}", "status": "available",
            "awsAccountId": body.get("awsAccountId", REDIS_AWS_ACCOUNT), "cidrs": []}


def cidr_addresses(cidrs: list[Any] | None) -> list[Any]:
    """Attachment CIDRs: the spec's schema has objects {cidrAddress}, its example and the SDK strings."""
    return [cidr.get("cidrAddress") if isinstance(cidr, Mapping) else cidr for cidr in cidrs or []]


def cidr_list(cidrs: list[Any] | None) -> list[dict[str, Any]]:
    return [{"cidrAddress": address, "status": "active"} for address in cidr_addresses(cidrs)]


# ---------------------------------------------------------------- Active-Active VPC peerings


def _cidrs(body: Body) -> list[str]:
    return list(body.get("vpcCidrs") or ([body["vpcCidr"]] if body.get("vpcCidr") else []))


def new_aa_peering(ids: Mapping[str, int], body: Body, now: datetime, parent: Body | None = None) -> dict[str, Any]:
    """From one region of the subscription (`sourceRegion`) to an AWS VPC (in `destinationRegion`) or a
    GCP network; the SDK's `ActiveActiveVPCPeering` fields."""
    peering_id, source = ids["peeringId"], body.get("sourceRegion")
    provider = next((p for p, name in regions_of(parent or {}) if name == source), "AWS")
    if str(body.get("provider", "")).upper() == "GCP" or body.get("vpcProjectUid"):
        return {"id": peering_id, "status": "pending-acceptance", "sourceRegion": source,
                "vpcProjectUid": body.get("vpcProjectUid"), "vpcNetworkName": body.get("vpcNetworkName"),
                "redisProjectUid": f"redis-prod-{ids['subscriptionId']}",
                "redisNetworkName": f"c{ids['subscriptionId']}-{source}-network",
                "cloudPeeringId": f"redis-peering-{peering_id}"}
    cidrs = _cidrs(body)
    destination = body.get("destinationRegion")
    return {"id": peering_id, "status": "pending-acceptance", "sourceRegion": source,
            "destinationRegion": destination, "regionId": region_id(provider, destination), "regionName": destination,
            "awsAccountId": body.get("awsAccountId"), "awsPeeringUid": f"pcx-{peering_id:017x}",
            "vpcUid": body.get("vpcId"), "vpcCidr": cidrs[0] if cidrs else None,
            "vpcCidrs": [{"vpcCidr": cidr, "status": "active"} for cidr in cidrs]}


def update_aa_peering(data: dict[str, Any], body: Body, now: datetime) -> None:
    cidrs = _cidrs(body)
    if cidrs and "awsPeeringUid" in data:
        data["vpcCidr"] = cidrs[0]
        data["vpcCidrs"] = [{"vpcCidr": cidr, "status": "active"} for cidr in cidrs]
