"""Transit Gateway (AWS) behaviours, single-region and Active-Active alike: invitations accepted or
rejected, attachments created, given CIDRs and deleted, and the queries that list gateways and
invitations.

AWS RAM shares a gateway with a subscription (kinds: `tgw-invitation`, seeded with each AWS
subscription and region); accepting the invitation makes the gateway (`tgw`) appear in the
subscription's list, `available` and unattached, as captured; attaching it gives it an attachment.
"""
from __future__ import annotations

from typing import Any

from . import lookups
from .acts import Act, Performer, Query, Rule, error, mismatch, shown
from .connectivity import cidr_addresses, cidr_list, stable_token
from .scenario_model import ErrorTriple

ATTACHMENT_DOES_NOT_EXIST = error("TGW_ATTACHMENT_DOES_NOT_EXIST", "404 NOT_FOUND",
                                  "Transit Gateway attachment does not exist")


def _gateway(resources, ids) -> Any:
    return lookups.find(resources, "tgw", ids)


def _attached(body, ids, resources, account) -> ErrorTriple | None:
    return None if "attachmentUid" in _gateway(resources, ids).data else ATTACHMENT_DOES_NOT_EXIST


def _new_cidrs(body, ids, resources, account) -> ErrorTriple | None:
    wanted = cidr_addresses(body.get("cidrs"))
    if len(set(wanted)) != len(wanted):
        return mismatch("TGW_ATTACHMENT_CIDRS_REQUEST_CONTAINS_DUPLICATES")
    if sorted(map(str, wanted)) == sorted(map(str, cidr_addresses(_gateway(resources, ids).data.get("cidrs")))):
        return mismatch("TGW_ATTACHMENT_CIDRS_ARE_THE_SAME_AS_EXISTING_ONES")
    return None


def _cidrs_update(body, ids, resources, account) -> ErrorTriple | None:
    return _attached(body, ids, resources, account) or _new_cidrs(body, ids, resources, account)


RULES: dict[str, Rule] = {
    **{f"update{region}TgwAttachmentCidrs": _cidrs_update for region in ("", "ActiveActive")},
    **{f"delete{region}TgwAttachment": _attached for region in ("", "ActiveActive")},
}


def _accept(act: Act) -> None:
    """The invitation is accepted: its gateway joins the subscription's (region's) gateways. An
    invitation already answered stays as it is (accepting twice brings no second gateway)."""
    invitation = act.resource
    if invitation.data["status"] != "pending":
        return
    invitation.data["status"] = "accepted"
    subscription = lookups.find(act.resources, "subscription", act.ids)
    region = {"regionId": invitation.ids["regionId"]} if "regionId" in invitation.ids else {}
    act.create("tgw", subscription, region, {"awsAccountId": invitation.data.get("awsAccountId")})


def _reject(act: Act) -> None:
    if act.resource.data["status"] == "pending":
        act.resource.data["status"] = "rejected"


def _attach(act: Act) -> None:
    gateway = act.resource.data
    gateway["attachmentUid"] = f"tgw-attach-{stable_token('attachment', act.resource.key, act.ids['subscriptionId'])}"
    gateway["attachmentStatus"] = "available"


def _update_cidrs(act: Act) -> None:
    act.resource.data["cidrs"] = cidr_list(act.body.get("cidrs"))


def _detach(act: Act) -> None:
    gateway = act.resource.data
    for field in ("attachmentUid", "attachmentStatus"):
        gateway.pop(field, None)
    gateway["cidrs"] = []


PERFORMERS: dict[str, Performer] = {"tgw-accept": _accept, "tgw-reject": _reject, "tgw-attach": _attach,
                                    "tgw-cidrs": _update_cidrs, "tgw-detach": _detach}


def _in_region(act: Act, kind: str) -> list:
    return [shown(r) for r in lookups.in_region(act.resources, act.resource, kind, act.ids.get("regionId")) if act.read(r)]


def _gateways(act: Act) -> dict[str, Any]:
    return {"tgws": _in_region(act, "tgw")}


def _invitations(act: Act) -> dict[str, Any]:
    return {"resources": _in_region(act, "tgw-invitation")}


QUERIES: dict[str, Query] = {"tgws": _gateways, "tgw-invitations": _invitations}
