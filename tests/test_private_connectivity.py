"""Private Service Connect (GCP) and PrivateLink (AWS) over HTTP, in both link profiles, single-region
and Active-Active: create, read, update, delete and wait; the captured shapes and commandTypes; a
missing service or link answers a task error whose status starts with 404 (the Go SDK's NotFound),
never "No such route"."""
from __future__ import annotations

import pytest

from conftest import SUBSCRIPTION
from family_support import (AA_SUBSCRIPTION, GCP_AA_SUBSCRIPTION, GCP_SUBSCRIPTION, REGION_IDS as IDS, api, completed,
                            error_of, finished, links_of, new_subscription)

GCP, GCP_AA = GCP_SUBSCRIPTION, GCP_AA_SUBSCRIPTION
__all__ = ["api"]  # the fixture, in both link profiles
ENDPOINT = {"gcpProjectId": "my-gcp-project", "gcpVpcName": "my-vpc", "gcpVpcSubnetName": "my-vpc-subnet",
            "endpointConnectionName": "my-endpoint-connection"}
LINK = {"shareName": "my-share", "principal": "123456789012", "type": "aws_account", "alias": "prod"}


def resource(api, path):
    return completed(api, api.get(path), 202)["response"]["resource"]


def wait_for(api, path, field, wanted, max_reads=10):
    for _ in range(max_reads):
        found = resource(api, path)
        if found[field] == wanted:
            return found
    raise AssertionError(f"{path} {field} still {found[field]}")


# ---------------------------------------------------------------- Private Service Connect


@pytest.mark.parametrize("region", [None, "us-central1"], ids=["single-region", "active-active"])
def test_psc_service_and_endpoint_lifecycle(api, region):
    sub = new_subscription(api, GCP if region is None else GCP_AA)
    psc = f"/subscriptions/{sub}" + ("" if region is None else f"/regions/{IDS[region]}") + "/private-service-connect"
    prefix = "" if region is None else "activeActive"

    def named(command_type):
        return f"{prefix}{command_type[0].upper()}{command_type[1:]}" if prefix else command_type

    missing = finished(api, api.get(psc), 202)
    assert missing["commandType"] == named("pscServiceGetRequest")
    assert missing["response"]["error"] == {"type": "PSC_SERVICE_NOT_FOUND", "status": "404 NOT_FOUND",
                                            "description": "Private Service Connect service not found"}  # captured
    created = completed(api, api.post(psc), 202)
    assert created["commandType"] == named("pscServiceCreateRequest") and links_of(created) == ["self"]
    service_id = created["response"]["resourceId"]
    assert created["response"] == {"resourceId": service_id}  # as captured
    assert error_of(api, api.post(psc), 202) == ("PSC_SERVICE_ALREADY_EXISTS", "409 CONFLICT")
    got = completed(api, api.get(psc), 202)
    assert got["response"]["resourceId"] == sub  # as captured: the subscription's id
    assert got["response"]["resource"]["status"] == "initialized"  # provisioning (the default profile: one read)
    service = wait_for(api, psc, "status", "active")
    assert set(service) == {"id", "connectionHostName", "serviceAttachmentName", "status"}
    assert service["id"] == service_id and service["connectionHostName"].startswith("psc.")

    endpoint = completed(api, api.post(f"{psc}/{service_id}", json=ENDPOINT), 202)
    assert endpoint["commandType"] == named("pscEndpointCreateRequest")
    endpoint_id = endpoint["response"]["resourceId"]
    endpoints = f"{psc}/{service_id}"
    listed = completed(api, api.get(endpoints), 202)
    assert (listed["commandType"], listed["response"]["resourceId"]) == (named("pscServiceEndpointsGetRequest"), sub)
    [seen] = listed["response"]["resource"]["endpoints"]
    assert (seen["id"], seen["status"], seen["gcpVpcName"]) == (endpoint_id, "initialized", "my-vpc")
    one = f"{endpoints}/endpoints/{endpoint_id}"
    assert error_of(api, api.put(one, json={"action": "accept"}), 202) == \
        ("PSC_UPDATE_ENDPOINT_REQUEST_CANNOT_UPDATE_INITIALIZED_ENDPOINT", "400 BAD_REQUEST")
    assert wait_for(api, endpoints, "endpoints", [dict(seen, status="pending")])  # the script ran: pending

    script = completed(api, api.get(f"{one}/creationScripts?includeTerraformGcpScript=true"), 202)
    assert script["commandType"] == named("pscServiceEndpointScriptGetRequest")
    attachments = script["response"]["resource"]["script"]["terraformGcp"]["serviceAttachments"]
    assert attachments[0]["dnsRecord"] == service["connectionHostName"] + "."
    assert "terraformGcp" not in resource(api, f"{one}/creationScripts?includeTerraformGcpScript=false")["script"]
    assert set(resource(api, f"{one}/deletionScripts")["script"]) == {"bash", "powershell"}

    assert error_of(api, api.put(one, json={"action": "accept", "gcpVpcName": "x"}), 202)[0] == \
        "PSC_UPDATE_ENDPOINT_REQUEST_CANNOT_HAVE_BOTH_ACTION_AND_OTHER_FIELDS"
    accepted = completed(api, api.put(one, json={"action": "accept"}), 202)
    assert accepted["commandType"] == named("pscEndpointUpdateRequest")
    assert resource(api, endpoints)["endpoints"][0]["status"] == "accept-pending"  # Terraform waits through it
    assert wait_for(api, endpoints, "endpoints", [dict(seen, status="active")])
    assert error_of(api, api.delete(psc), 202)[0] == "PSC_SERVICE_CANNOT_DELETE_SERVICE_WITH_ACTIVE_ENDPOINTS"
    gone = completed(api, api.delete(one), 202)
    assert (gone["commandType"], gone["response"]) == (named("pscEndpointDeleteRequest"), {"resourceId": sub})
    wait_for(api, endpoints, "endpoints", [])
    deleted = completed(api, api.delete(psc), 202)
    assert (deleted["commandType"], deleted["response"]) == (named("pscServiceDeleteRequest"), {"resourceId": sub})
    assert resource(api, psc)["status"] == "delete-pending"
    assert resource(api, psc)["status"] == "deleted"  # the read that ends it
    assert finished(api, api.get(psc), 202)["response"]["error"]["type"] == "PSC_SERVICE_NOT_FOUND"
    assert error_of(api, api.get(f"{psc}/{service_id}"), 202) == ("PSC_SERVICE_NOT_FOUND", "404 NOT_FOUND")


def test_psc_rules(api):
    aws = new_subscription(api, SUBSCRIPTION)
    assert error_of(api, api.post(f"/subscriptions/{aws}/private-service-connect"), 202) == \
        ("PSC_CLOUD_PROVIDER_IS_NOT_SUPPORTED", "400 BAD_REQUEST")
    gcp = new_subscription(api, GCP)
    psc = f"/subscriptions/{gcp}/private-service-connect"
    service_id = completed(api, api.post(psc), 202)["response"]["resourceId"]
    assert error_of(api, api.post(f"{psc}/{service_id}", json=ENDPOINT), 202)[0] == "PSC_SERVICE_NOT_ACTIVE"
    wait_for(api, psc, "status", "active")
    completed(api, api.post(f"{psc}/{service_id}", json=ENDPOINT), 202)
    assert error_of(api, api.post(f"{psc}/{service_id}", json=ENDPOINT), 202)[0] == "PSC_ENDPOINT_ALREADY_EXISTS"
    assert error_of(api, api.put(f"{psc}/{service_id}/endpoints/4242", json={"gcpVpcName": "v"}), 202) == \
        ("PSC_ENDPOINT_NOT_FOUND", "404 NOT_FOUND")
    assert error_of(api, api.post(f"/subscriptions/{gcp}/regions/27/private-service-connect"), 202)[0] == \
        "PSC_CREATING_AN_ACTIVE_ACTIVE_SUBSCRIPTION_PRIVATE_SERVICE_CONNECT_IS_NOT_ALLOWED_WITH_A_FLEXIBLE_SUBSCRIPTION"
    aa = new_subscription(api, GCP_AA)
    assert error_of(api, api.get(f"/subscriptions/{aa}/regions/4/private-service-connect"), 202) == \
        ("SUBSCRIPTION_INVALID_REGION_ID", "404 NOT_FOUND")
    assert error_of(api, api.delete(f"/subscriptions/{aa}/private-service-connect"), 202)[0] == \
        "PSC_DELETING_A_FLEXIBLE_SUBSCRIPTION_PRIVATE_SERVICE_CONNECT_IS_NOT_ALLOWED_WITH_AN_ACTIVE_ACTIVE_SUBSCRIPTION"
    assert api.post(f"{psc}/{service_id}", json={"gcpProjectId": "p"}).status_code == 400  # the schema's required


# ---------------------------------------------------------------- PrivateLink


@pytest.mark.parametrize("region", [None, "us-east-2"], ids=["single-region", "active-active"])
def test_private_link_lifecycle(api, region):
    sub = new_subscription(api, SUBSCRIPTION if region is None else AA_SUBSCRIPTION)
    link = f"/subscriptions/{sub}" + ("" if region is None else f"/regions/{IDS[region]}") + "/private-link"
    prefix = "privateLink" if region is None else "activeActivePrivateLink"

    missing = finished(api, api.get(link), 202)
    assert missing["commandType"] == f"{prefix}GetRequest"
    assert missing["response"]["error"]["status"].startswith("404")  # the Go SDK's NotFound
    created = completed(api, api.post(link, json=LINK), 202)  # 202: the spec's 204 can carry no task
    assert (created["commandType"], created["response"]) == (f"{prefix}CreateRequest", {"resourceId": sub})
    assert error_of(api, api.post(link, json=LINK), 202) == ("PRIVATE_LINK_ALREADY_EXISTS", "409 CONFLICT")
    assert resource(api, link)["status"] == "initializing"
    found = wait_for(api, link, "status", "active")
    assert (found["shareName"], found["subscriptionId"]) == ("my-share", sub)
    assert found["principals"] == [{"principal": "123456789012", "type": "aws_account", "alias": "prod",
                                    "status": "associated"}]
    assert [db["port"] for db in found["databases"]] and found.get("regionId") == (IDS.get(region))

    added = completed(api, api.post(f"{link}/principals", json={"principal": "210987654321", "type": "aws_account"}), 202)
    assert added["commandType"] == f"{prefix}PrincipalsCreateRequest"
    assert error_of(api, api.post(f"{link}/principals", json={"principal": "210987654321"}), 202)[0] == \
        "PRIVATE_LINK_PRINCIPAL_ALREADY_EXISTS"
    found = resource(api, link)
    assert [p["principal"] for p in found["principals"]] == ["123456789012", "210987654321"]
    association = next(c for c in found["connections"] if c["ownerId"] == "123456789012")["associationId"]
    disassociated = completed(api, api.post(f"{link}/connections/disassociate", json={"connections": [
        {"associationId": association, "type": "vpc_endpoint", "principalId": "123456789012"}]}), 202)
    assert disassociated["commandType"] == f"{prefix}ConnectionsDisassociateRequest"
    assert [c["ownerId"] for c in resource(api, link)["connections"]] == ["210987654321"]
    removed = completed(api, api.delete(f"{link}/principals", json={"principal": "210987654321"}), 202)
    assert removed["commandType"] == f"{prefix}PrincipalsDeleteRequest"
    assert [p["principal"] for p in resource(api, link)["principals"]] == ["123456789012"]
    assert error_of(api, api.delete(f"{link}/principals", json={"principal": "210987654321"}), 202) == \
        ("PRIVATE_LINK_PRINCIPAL_NOT_FOUND", "404 NOT_FOUND")

    script = completed(api, api.get(f"{link}/endpoint-script?includeTerraformAwsScript=true"), 202)
    assert script["commandType"] == f"{prefix}EndpointScriptGetRequest"
    assert found["resourceConfigurationArn"] in script["response"]["resource"]["terraformAwsScript"]
    # the Go SDK writes the query into the path, and its `?` is escaped
    escaped = completed(api, api.get(f"{link}/endpoint-script%3FincludeTerraformAwsScript=true"), 202)
    assert escaped["response"]["resource"] == script["response"]["resource"]
    assert set(resource(api, f"{link}/endpoint-script")) == {"resourceEndpointScript"}

    deleted = completed(api, api.delete(link), 202)
    assert deleted["commandType"] == f"{prefix}DeleteRequest"
    assert resource(api, link)["status"] == "deleting"
    assert resource(api, link) == {}  # the read that ends it: empty, as the real API answers (the SDK: NotFound)
    assert error_of(api, api.get(link), 202) == ("PRIVATE_LINK_NOT_FOUND", "404 NOT_FOUND")


def test_private_link_rules(api):
    gcp = new_subscription(api, GCP)
    assert error_of(api, api.post(f"/subscriptions/{gcp}/private-link", json=LINK), 202) == \
        ("PRIVATE_LINK_CLOUD_PROVIDER_NOT_SUPPORTED", "400 BAD_REQUEST")
    single = new_subscription(api, SUBSCRIPTION)
    assert error_of(api, api.post(f"/subscriptions/{single}/regions/1/private-link/principals",
                                  json={"principal": "1"}), 202)[0] == \
        "PRIVATE_LINK_CREATING_PRINCIPLES_IS_NOT_ALLOWED_WITH_A_SINGLE_REGION_SUBSCRIPTION"
    assert error_of(api, api.post(f"/subscriptions/{single}/private-link/principals", json={"principal": "1"}), 202) == \
        ("PRIVATE_LINK_NOT_FOUND", "404 NOT_FOUND")
    assert error_of(api, api.get("/subscriptions/4242/private-link"), 202) == ("SUBSCRIPTION_NOT_FOUND", "404 NOT_FOUND")
    assert api.post(f"/subscriptions/{single}/private-link", json={"shareName": "s"}).status_code == 400
