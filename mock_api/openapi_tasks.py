"""The task-backed operations' part of the OpenAPI document beyond `TaskStateUpdate`: the query
parameters a task reads, and what a query task carries in `response.resource` once completed (the
operation's `x-task-resource`: the official spec types it as any object).

Written after the official Go SDK's models and captures (`PrivateServiceConnectService`,
`GetAttachmentsTask`, `PrivateLink`, `listActiveActiveVpcPeering`…), with their JSON types.
"""
from __future__ import annotations

from typing import Any

from .openapi_parts import BOOLEAN, ID, INTEGER, NUMBER, STRING, STRINGS, array, obj, ref

_TRUE_FALSE = {"type": "string", "enum": ["true", "false"]}
# Query parameters of task-backed operations (Operation.query), by name.
PARAMETERS: dict[str, dict[str, Any]] = {
    "regionName": {"name": "regionName", "in": "query", "schema": {"type": "string", "maxLength": 256},
                   "description": "An Active-Active database's region (required for one, refused for another)"},
    "includeTerraformGcpScript": {"name": "includeTerraformGcpScript", "in": "query", "schema": _TRUE_FALSE,
                                  "description": "Add the Terraform GCP service attachments to the script"},
    "includeTerraformAwsScript": {"name": "includeTerraformAwsScript", "in": "query", "schema": _TRUE_FALSE,
                                  "description": "Add the Terraform AWS script"},
}


def query_parameters(names) -> list[dict[str, Any]]:
    return [PARAMETERS[name] for name in names]


_CIDR = obj({"vpcCidr": STRING, "status": STRING}, ["vpcCidr"])
_PEERING = obj({"vpcPeeringId": ID, "status": STRING}, ["vpcPeeringId", "status"])
_AA_PEERING = obj({
    "id": ID, "status": STRING, "sourceRegion": STRING, "destinationRegion": STRING, "regionId": INTEGER,
    "regionName": STRING, "awsAccountId": STRING, "awsPeeringUid": STRING, "vpcUid": STRING,
    "vpcCidr": {"type": "string", "nullable": True}, "vpcCidrs": array(_CIDR), "vpcProjectUid": STRING,
    "vpcNetworkName": STRING, "redisProjectUid": STRING, "redisNetworkName": STRING, "cloudPeeringId": STRING,
}, ["id", "status"])
_ENDPOINT = obj({"id": ID, "gcpProjectId": STRING, "gcpVpcName": STRING, "gcpVpcSubnetName": STRING,
                 "endpointConnectionName": STRING, "status": STRING}, ["id", "status"], additional=False)
_GATEWAY = obj({"id": ID, "awsTgwUid": STRING, "attachmentUid": STRING, "status": STRING, "attachmentStatus": STRING,
                "awsAccountId": STRING, "cidrs": array(obj({"cidrAddress": STRING, "status": STRING},
                                                           ["cidrAddress"]))},
               ["id", "awsTgwUid", "status", "cidrs"], additional=False)
_INVITATION = obj({"id": ID, "name": STRING, "resourceShareUid": STRING, "awsAccountId": STRING,
                   "status": {"enum": ["pending", "accepted", "rejected"]}, "sharedDate": STRING},
                  ["id", "name", "resourceShareUid", "awsAccountId", "status"], additional=False)
_SCRIPT = {"bash": STRING, "powershell": STRING}
_PRINCIPAL = obj({"principal": STRING, "type": STRING, "alias": STRING, "status": STRING}, ["principal", "status"])
_CONNECTION = obj({"associationId": STRING, "connectionId": STRING, "type": STRING, "ownerId": STRING,
                   "associationDate": STRING}, ["associationId"])

# What a completed query task carries in `response.resource`, by the query's name (Operation.effect).
RESULTS: dict[str, dict[str, Any]] = {
    "cidr": obj({"cidr_ips": STRINGS, "security_group_ids": STRINGS, "errors": {"type": "array"}},
                ["cidr_ips", "security_group_ids"]),
    "peerings": obj({"peerings": array(_PEERING)}, ["peerings"]),
    "backup-status": {"type": "object"},  # {} until a backup ran (captured), then its status
    "import-status": {"type": "object"},
    "aa-peerings": obj({"subscriptionId": ID, "regions": array(obj({
        "id": INTEGER, "region": STRING, "vpcPeerings": array(_AA_PEERING)}, ["id", "region", "vpcPeerings"]))},
        ["subscriptionId", "regions"]),
    "tgws": obj({"tgws": array(_GATEWAY)}, ["tgws"], additional=False),
    "tgw-invitations": obj({"resources": array(_INVITATION)}, ["resources"], additional=False),
    "psc-service": obj({"id": ID, "connectionHostName": STRING, "serviceAttachmentName": STRING, "status": STRING},
                       ["id", "connectionHostName", "serviceAttachmentName", "status"], additional=False),
    "psc-endpoints": obj({"pscServiceId": ID, "endpoints": array(_ENDPOINT)}, ["pscServiceId", "endpoints"],
                         additional=False),
    "psc-creation-script": obj({"script": obj({**_SCRIPT, "terraformGcp": obj({"serviceAttachments": array(obj(
        {"name": STRING, "dnsRecord": STRING, "ipAddressName": STRING, "forwardingRuleName": STRING},
        ["name", "dnsRecord", "ipAddressName", "forwardingRuleName"]))}, ["serviceAttachments"])},
        ["bash", "powershell"], additional=False)}, ["script"], additional=False),
    "psc-deletion-script": obj({"script": obj(_SCRIPT, ["bash", "powershell"], additional=False)}, ["script"],
                               additional=False),
    "private-link": {"anyOf": [{"type": "object", "maxProperties": 0}, obj({
        "status": STRING, "principals": array(_PRINCIPAL), "resourceConfigurationId": STRING,
        "resourceConfigurationArn": STRING, "shareArn": STRING, "shareName": STRING, "connections": array(_CONNECTION),
        "databases": array(obj({"databaseId": ID, "port": INTEGER, "rlEndpoint": STRING}, ["databaseId", "port"])),
        "subscriptionId": ID, "regionId": INTEGER, "errorMessage": STRING},
        ["status", "principals", "shareName", "connections", "databases", "subscriptionId"], additional=False)]},
    "private-link-script": obj({"resourceEndpointScript": STRING, "terraformAwsScript": STRING},
                               ["resourceEndpointScript"], additional=False),
}
# A CRDB's entry for one region (the SDK's `CrdbDatabase`), for the `Database` schema.
CRDB_REGION = obj({
    "provider": STRING, "region": STRING, "redisVersionCompliance": STRING, "publicEndpoint": STRING,
    "privateEndpoint": STRING, "memoryLimitInGb": NUMBER, "datasetSizeInGb": NUMBER, "memoryUsedInMb": NUMBER,
    "readOperationsPerSecond": INTEGER, "writeOperationsPerSecond": INTEGER, "dataPersistence": STRING,
    "queryPerformanceFactor": STRING, "alerts": array(obj({"name": STRING, "value": INTEGER})),
    "security": obj({"enableDefaultUser": BOOLEAN, "sslClientAuthentication": BOOLEAN,
                     "tlsClientAuthentication": BOOLEAN, "enableTls": BOOLEAN, "sourceIps": STRINGS}),
    "backup": obj({"enableRemoteBackup": BOOLEAN, "timeUTC": STRING, "interval": STRING, "destination": STRING},
                  ["enableRemoteBackup"]),
}, ["provider", "region", "publicEndpoint", "datasetSizeInGb", "readOperationsPerSecond", "writeOperationsPerSecond"])


def component_name(effect: str) -> str:
    return "TaskResult" + "".join(part.capitalize() for part in effect.split("-"))


def components() -> dict[str, Any]:
    return {**{component_name(effect): schema for effect, schema in RESULTS.items()}, "CrdbDatabase": CRDB_REGION}


def result_ref(effect: str) -> dict[str, str]:
    return ref(component_name(effect))
