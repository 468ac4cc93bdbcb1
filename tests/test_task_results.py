"""Every query operation (a GET answering with a task) carries in `response.resource` what the
OpenAPI document says (its `x-task-resource`): each one is run once, single-region and Active-Active,
on a state where it has something to show, and its result validated against the document."""
from __future__ import annotations

import jsonschema
import pytest

from conftest import SUBSCRIPTION, Api
from family_support import (AA_SUBSCRIPTION, GCP_AA_SUBSCRIPTION, GCP_SUBSCRIPTION, REGION_IDS, completed,
                            new_subscription)
from mock_api import create_app
from mock_api.openapi import document
from mock_api.operations import OPERATIONS, Action
from mock_api.schemacheck import to_json_schema

DOCUMENT = to_json_schema(document())
QUERIES = [op for op in OPERATIONS if op.action is Action.QUERY]
ENDPOINT = {"gcpProjectId": "p", "gcpVpcName": "v", "gcpVpcSubnetName": "s", "endpointConnectionName": "e"}
LINK = {"shareName": "share", "principal": "123456789012", "type": "aws_account"}
# query parameters some queries take (the endpoint scripts' Terraform variants)
QUERY_STRINGS = {"getPscServiceEndpointCreationScript":
                 "?includeTerraformGcpScript=true", "getActiveActivPscServiceEndpointCreationScript":
                 "?includeTerraformGcpScript=true", "getPrivateLinkEndpointScript": "?includeTerraformAwsScript=true",
                 "getActiveActivePrivateLinkEndpointScript": "?includeTerraformAwsScript=true"}


def _connect(api, sub, region=None):
    """The families' resources of one subscription (or one of its regions)."""
    prefix = f"/subscriptions/{sub}" + (f"/regions/{region}" if region else "")
    ids = {"subscriptionId": sub, **({"regionId": region} if region else {})}
    gcp = "gcp" in api.get(f"/subscriptions/{sub}").get_json()["cloudDetails"][0]["provider"].lower()
    if gcp:
        service = completed(api, api.post(f"{prefix}/private-service-connect"), 202)["response"]["resourceId"]
        for _ in range(3):
            completed(api, api.get(f"{prefix}/private-service-connect"), 202)  # each read moves it on
        endpoint = completed(api, api.post(f"{prefix}/private-service-connect/{service}", json=ENDPOINT), 202)
        return {**ids, "pscServiceId": service, "endpointId": endpoint["response"]["resourceId"]}
    completed(api, api.post(f"{prefix}/private-link", json=LINK), 202)
    invitations = completed(api, api.get(f"{prefix}/transitGateways/invitations"), 200)
    invitation = invitations["response"]["resource"]["resources"][0]["id"]
    completed(api, api.put(f"{prefix}/transitGateways/invitations/{invitation}/accept"), 202)
    gateway = completed(api, api.get(f"{prefix}/transitGateways"), 200)["response"]["resource"]["tgws"][0]["id"]
    completed(api, api.post(f"{prefix}/transitGateways/{gateway}/attachment"), 202)
    return ids


@pytest.fixture(scope="module")
def states():
    """(api, ids) of an AWS and a GCP subscription, single-region and Active-Active, each with its families."""
    api = Api(create_app(profile="instant").test_client())
    found = {}
    for name, body in (("aws", SUBSCRIPTION), ("gcp", GCP_SUBSCRIPTION), ("aws-aa", AA_SUBSCRIPTION),
                       ("gcp-aa", GCP_AA_SUBSCRIPTION)):
        sub = new_subscription(api, body)
        region = REGION_IDS[body["cloudProviders"][0]["regions"][0]["region"]] if name.endswith("-aa") else None
        ids = _connect(api, sub, region)
        db = api.get(f"/subscriptions/{sub}/databases").get_json()["subscription"][0]["databases"][0]["databaseId"]
        found[name] = {**ids, "databaseId": db}
    peering = {"sourceRegion": "us-east-1", "destinationRegion": "us-east-1", "awsAccountId": "1", "vpcId": "vpc-1",
               "vpcCidr": "10.9.0.0/16"}
    completed(api, api.post(f"/subscriptions/{found['aws-aa']['subscriptionId']}/regions/peerings", json=peering), 200)
    completed(api, api.post(f"/subscriptions/{found['aws']['subscriptionId']}/peerings", json={
        "region": "us-east-1", "awsAccountId": "1", "vpcId": "vpc-1", "vpcCidr": "10.9.0.0/16"}), 202)
    fixed = completed(api, api.post("/fixed/subscriptions", json={"name": "f", "planId": 34858}), 202)
    fixed_db = completed(api, api.post(f"/fixed/subscriptions/{fixed['response']['resourceId']}/databases",
                                       json={"name": "fd"}), 200)
    found["fixed"] = {"subscriptionId": fixed["response"]["resourceId"],
                      "databaseId": fixed_db["response"]["resourceId"]}
    return api, found


def _state_for(op):
    if op.path.startswith("/fixed/"):
        return "fixed"
    cloud = "gcp" if "private-service-connect" in op.path else "aws"
    active_active = "{regionId}" in op.path or "/regions/peerings" in op.path
    return cloud + ("-aa" if active_active else "")


@pytest.mark.parametrize("op", [pytest.param(op, id=op.name) for op in QUERIES])
def test_every_query_result_is_as_documented(states, op):
    api, found = states
    ids = found[_state_for(op)]
    suffix = QUERY_STRINGS.get(op.name, "")
    done = completed(api, api.get(op.path.format(**ids) + suffix), op.status_code)
    documented = DOCUMENT["paths"][op.path]["get"]["x-task-resource"]
    jsonschema.validate(done["response"]["resource"], {**documented, "components": DOCUMENT["components"]})
    assert done["response"]["resource"] or op.effect in ("backup-status", "import-status")  # something to show
