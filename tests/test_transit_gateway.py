"""Transit Gateway over HTTP, in both link profiles, single-region and Active-Active: the invitation
AWS RAM shares with a subscription, accepted or rejected; the gateway it brings, attached, given
CIDRs and detached; the captured shapes; the rules of regions, clouds and deployment types."""
from __future__ import annotations

from conftest import SUBSCRIPTION
from family_support import (AA_SUBSCRIPTION, GCP_SUBSCRIPTION, REGION_IDS as IDS, api, completed, error_of,
                            finished, links_of, new_subscription)

TGW_FIELDS = {"id", "awsTgwUid", "status", "awsAccountId", "cidrs"}
__all__ = ["api"]  # the fixture, in both link profiles


def result(api, path):
    return completed(api, api.get(path), 200)


def test_an_invitation_accepted_brings_a_gateway_to_attach_give_cidrs_and_detach(api):
    sub = new_subscription(api, SUBSCRIPTION)
    tgws = f"/subscriptions/{sub}/transitGateways"
    listed = result(api, f"{tgws}/invitations")
    assert listed["commandType"] == "tgwInvitationsGetRequest" and listed["response"]["resourceId"] == sub
    [invitation] = listed["response"]["resource"]["resources"]
    assert invitation["status"] == "pending" and invitation["resourceShareUid"].startswith("arn:aws:ram:us-east-1:")
    assert result(api, tgws)["response"]["resource"] == {"tgws": []}  # nothing shared is accepted yet

    accepted = finished(api, api.put(f"{tgws}/invitations/{invitation['id']}/accept"), 202)
    assert (accepted["commandType"], accepted["response"]) == ("tgwAcceptInvitationRequest",
                                                               {"resourceId": invitation["id"]})
    assert result(api, f"{tgws}/invitations")["response"]["resource"]["resources"][0]["status"] == "accepted"
    found = result(api, tgws)
    assert found["commandType"] == "tgwGetRequest" and found["response"]["resourceId"] == sub
    [gateway] = found["response"]["resource"]["tgws"]
    assert set(gateway) == TGW_FIELDS and (gateway["status"], gateway["cidrs"]) == ("available", [])  # as captured

    attachment = f"{tgws}/{gateway['id']}/attachment"
    attached = finished(api, api.post(attachment), 202)
    assert (attached["commandType"], attached["response"]) == ("tgwAttachmentCreateRequest",
                                                               {"resourceId": gateway["id"]})
    assert links_of(attached) == ["self"]  # as captured: no resource link
    [gateway] = result(api, tgws)["response"]["resource"]["tgws"]
    assert gateway["attachmentStatus"] == "available" and gateway["attachmentUid"].startswith("tgw-attach-")

    cidrs = ["10.0.24.0/24", "10.0.25.0/24"]  # strings, as the Go SDK and the spec's example send them
    updated = finished(api, api.put(attachment, json={"cidrs": cidrs}), 202)
    assert (updated["commandType"], updated["status"]) == ("tgwUpdateCidrsRequest", "processing-completed")
    [gateway] = result(api, tgws)["response"]["resource"]["tgws"]
    assert [c["cidrAddress"] for c in gateway["cidrs"]] == cidrs
    assert error_of(api, api.put(attachment, json={"cidrs": cidrs}), 202)[0] == \
        "TGW_ATTACHMENT_CIDRS_ARE_THE_SAME_AS_EXISTING_ONES"
    assert error_of(api, api.put(attachment, json={"cidrs": [{"cidrAddress": "10.1.0.0/24"}] * 2}), 202)[0] == \
        "TGW_ATTACHMENT_CIDRS_REQUEST_CONTAINS_DUPLICATES"

    detached = finished(api, api.delete(attachment), 202)
    assert (detached["commandType"], detached["status"]) == ("tgwAttachmentDeleteRequest", "processing-completed")
    [gateway] = result(api, tgws)["response"]["resource"]["tgws"]
    assert set(gateway) == TGW_FIELDS and gateway["cidrs"] == []
    assert error_of(api, api.delete(attachment), 202) == ("TGW_ATTACHMENT_DOES_NOT_EXIST", "404 NOT_FOUND")
    assert error_of(api, api.post(f"{tgws}/4242/attachment"), 202) == ("TGW_DOES_NOT_EXIST", "404 NOT_FOUND")
    assert error_of(api, api.put(f"{tgws}/invitations/4242/accept"), 202) == \
        ("TGW_RESOURCE_SHARE_DOES_NOT_EXIST", "404 NOT_FOUND")


def test_active_active_gateways_are_per_region(api):
    sub = new_subscription(api, AA_SUBSCRIPTION)
    east, east2 = (f"/subscriptions/{sub}/regions/{IDS[name]}/transitGateways" for name in ("us-east-1", "us-east-2"))
    [first] = result(api, f"{east}/invitations")["response"]["resource"]["resources"]
    [second] = result(api, f"{east2}/invitations")["response"]["resource"]["resources"]
    assert first["id"] != second["id"]
    finished(api, api.put(f"{east}/invitations/{first['id']}/accept"), 202)
    rejected = finished(api, api.put(f"{east2}/invitations/{second['id']}/reject"), 202)
    assert (rejected["commandType"], rejected["status"]) == ("tgwRejectInvitationRequest", "processing-completed")
    assert result(api, f"{east2}/invitations")["response"]["resource"]["resources"][0]["status"] == "rejected"
    [gateway] = result(api, east)["response"]["resource"]["tgws"]
    assert result(api, east2)["response"]["resource"]["tgws"] == []
    finished(api, api.post(f"{east}/{gateway['id']}/attachment"), 202)
    assert finished(api, api.put(f"{east}/{gateway['id']}/attachment", json={"cidrs": ["10.2.0.0/24"]}), 202)["status"] \
        == "processing-completed"
    assert error_of(api, api.post(f"{east2}/{gateway['id']}/attachment"), 202) == ("TGW_DOES_NOT_EXIST", "404 NOT_FOUND")
    assert error_of(api, api.get(f"/subscriptions/{sub}/regions/4/transitGateways"), 200) == \
        ("TGW_REGION_DOES_NOT_EXIST", "404 NOT_FOUND")
    assert error_of(api, api.get(f"/subscriptions/{sub}/transitGateways"), 200)[0] == \
        "TGW_GETTING_SINGLE_REGION_TGWS_IS_NOT_ALLOWED_WITH_ACTIVE_ACTIVE_SUBSCRIPTION"


def test_deployment_and_cloud_rules(api):
    single = new_subscription(api, SUBSCRIPTION)
    assert error_of(api, api.get(f"/subscriptions/{single}/regions/1/transitGateways/invitations"), 200)[0] == \
        "TGW_GETTING_ACTIVE_ACTIVE_SUBSCRIPTION_TGW_INVITATIONS_IS_NOT_ALLOWED_WITH_SINGLE_REGION_SUBSCRIPTION"
    assert error_of(api, api.post(f"/subscriptions/{single}/regions/1/transitGateways/35/attachment"), 202)[0] == \
        "TGW_CREATING_AN_ACTIVE_ACTIVE_SUBSCRIPTION_TGW_ATTACHMENT_IS_NOT_ALLOWED_WITH_A_FLEXIBLE_SUBSCRIPTION"
    gcp = new_subscription(api, GCP_SUBSCRIPTION)
    assert error_of(api, api.get(f"/subscriptions/{gcp}/transitGateways"), 200) == \
        ("TGW_CLOUD_PROVIDER_IS_NOT_SUPPORTED", "400 BAD_REQUEST")
    assert error_of(api, api.get("/subscriptions/4242/transitGateways"), 200) == \
        ("SUBSCRIPTION_NOT_FOUND", "404 NOT_FOUND")


def test_accepting_twice_brings_one_gateway_and_mixed_cidrs_never_break_a_task(api):
    sub = new_subscription(api, SUBSCRIPTION)
    tgws = f"/subscriptions/{sub}/transitGateways"
    [invitation] = result(api, f"{tgws}/invitations")["response"]["resource"]["resources"]
    for _ in range(2):
        finished(api, api.put(f"{tgws}/invitations/{invitation['id']}/accept"), 202)
    finished(api, api.put(f"{tgws}/invitations/{invitation['id']}/reject"), 202)  # answered already: no change
    [gateway] = result(api, tgws)["response"]["resource"]["tgws"]
    assert result(api, f"{tgws}/invitations")["response"]["resource"]["resources"][0]["status"] == "accepted"
    attachment = f"{tgws}/{gateway['id']}/attachment"
    finished(api, api.post(attachment), 202)
    mixed = {"cidrs": ["10.3.0.0/24", {"cidrAddress": "10.4.0.0/24"}, {}]}
    assert finished(api, api.put(attachment, json=mixed), 202)["status"] == "processing-completed"
    assert finished(api, api.put(attachment, json=mixed), 202)["response"]["error"]["type"] == \
        "TGW_ATTACHMENT_CIDRS_ARE_THE_SAME_AS_EXISTING_ONES"


def test_a_deleted_subscription_takes_its_gateways_and_invitations_with_it(api):
    sub = new_subscription(api, SUBSCRIPTION)
    tgws = f"/subscriptions/{sub}/transitGateways"
    [invitation] = result(api, f"{tgws}/invitations")["response"]["resource"]["resources"]
    finished(api, api.put(f"{tgws}/invitations/{invitation['id']}/accept"), 202)
    db = api.get(f"/subscriptions/{sub}/databases").get_json()["subscription"][0]["databases"][0]["databaseId"]
    completed(api, api.delete(f"/subscriptions/{sub}/databases/{db}"), 200)
    reads = [api.get(f"/subscriptions/{sub}/databases/{db}").status_code for _ in range(20)]  # each moves it on
    assert 404 in reads, reads  # bounded: a database that never goes fails here instead of hanging the suite
    completed(api, api.delete(f"/subscriptions/{sub}"), 200)
    state = api.client.get("/_mock/state").get_json()
    left = [r["kind"] for account in state["accounts"] for r in account["resources"]
            if r["ids"].get("subscriptionId") == sub]
    assert left == ["subscription"]  # deprovisioning; nothing of it is left behind
    assert result(api, tgws)["response"]["resource"] == {"tgws": []}  # while it is deleted
