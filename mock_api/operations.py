"""The operation table: the one place that lists the emulated paths, methods and commandTypes.

Each entry is declarative. ``api/operations.py`` registers one Flask route per entry and hands every
request to the generic handler of its ``action``; adding a task-backed operation is one entry here
(its action and kind pick its timelines), and a synchronous one is an entry plus its handler
(sync.py). The official operations that are not here are listed, each with its reason, in coverage.py.
"""

import enum
import re
from typing import NamedTuple

# The bounds of every operation's path and query parameters.
MAX_ID = 2**31 - 1  # ids are int32 in the official spec
MAX_TEXT = 256  # the longest text query or path parameter accepted (tag keys, region names…)


class Action(enum.Enum):
    CREATE = "create"  # answers with a task; on completion a new resource exists
    UPDATE = "update"  # answers with a task; on completion the resource has the new fields
    DELETE = "delete"  # answers with a task; on completion the resource is deprovisioned
    PERFORM = "perform"  # answers with a task; on completion `effect` has acted on the resource
    QUERY = "query"  # a GET answering with a task; `effect` computes its response.resource
    GET = "get"  # synchronous read of one resource
    LIST = "list"  # synchronous read of a collection
    VIEW = "view"  # synchronous, on one resource named by the path (404 if absent): `effect` names the
    #                handler (sync.py) that reads or changes a part of it (tags, pricing, traffic…)
    CATALOG = "catalog"  # synchronous, account-level: `effect` names the handler (sync.py)

    @property
    def is_task(self) -> bool:
        return self in (Action.CREATE, Action.UPDATE, Action.DELETE, Action.PERFORM, Action.QUERY)


class Operation(NamedTuple):
    name: str  # the official spec's operationId
    method: str
    path: str  # relative to the API root (served at / and at /v1), {param} for path parameters
    action: Action
    kind: str | None  # resource kind, see kinds.KINDS (None: account-level)
    status_code: int = 200  # the official spec's success code
    command_type: str | None = None  # for task-backed operations
    request_schema: str | None = None  # name in schemas/requests.json (from the official spec)
    effect: str | None = None  # PERFORM / QUERY (and an UPDATE that is not the kind's updater): a name in
    #                              actions.py; VIEW / CATALOG: in sync.py
    inferred: str = ""  # why this commandType was chosen, when no capture or fixture shows it
    resource_id: str | None = None  # the path parameter a completed task answers as `resourceId`, when
    #                                    not the kind's own id (as captured)
    query: tuple[str, ...] = ()  # query parameters a task-backed operation reads (given to it with the body)
    # Other paths that reach this operation; their {parameters} are read as query parameters. For
    # the Go SDK, whose GetRedisVersions escapes the `?` (…/redis-versions%3FsubscriptionId=N).
    aliases: tuple[str, ...] = ()

    @property
    def params(self) -> tuple[str, ...]:
        """Integer path parameters (ids)."""
        return tuple(name for name in _parameters(self.path) if name not in TEXT_PARAMS)

    @property
    def text_params(self) -> tuple[str, ...]:
        """Text path parameters (a tag's key, a redirection's uuid, a cost report's file name)."""
        return tuple(name for name in _parameters(self.path) if name in TEXT_PARAMS)


TEXT_PARAMS = frozenset({"tagKey", "redirectionId", "costReportId"})


def _parameters(path: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\{(\w+)\}", path))


SUB = "/subscriptions/{subscriptionId}"
DB = SUB + "/databases/{databaseId}"
FIXED = "/fixed/subscriptions/{subscriptionId}"
FIXED_DB = FIXED + "/databases/{databaseId}"
REGION = SUB + "/regions/{regionId}"  # an Active-Active subscription's region (the catalog's region id)
PSC, AA_PSC = SUB + "/private-service-connect", REGION + "/private-service-connect"
ENDPOINT = "/{pscServiceId}/endpoints/{endpointId}"
PSC_ENDPOINT, AA_PSC_ENDPOINT = PSC + ENDPOINT, AA_PSC + ENDPOINT
LINK, AA_LINK = SUB + "/private-link", REGION + "/private-link"
TGWS, AA_TGWS = SUB + "/transitGateways", REGION + "/transitGateways"
LINK_SCRIPT_ALIAS = "/endpoint-script%3FincludeTerraformAwsScript={includeTerraformAwsScript}"
A = Action
O = Operation
SCHEMA_NAMED = ("no capture; the official request schema's name in lower camel case, as the captured "
                "pscEndpointCreateRequest and tgwUpdateCidrsRequest are theirs")
AA_NAMED = ("no capture; the single-region commandType with the `activeActive` prefix, as the SDK's fixtures name "
            "the other Active-Active PSC and PrivateLink tasks")
AA_PEERING_NAMED = ("no capture; `activeActiveVpcPeering` and the verb, as the official request schemas "
                    "(ActiveActiveVpcPeeringCreateBaseRequest, …UpdateAwsRequest) name the family")
ESSENTIALS_SHARES_PRO_NAMES = ("no capture for Essentials; the Pro name, as Essentials' backup and import status "
                               "queries are captured with the Pro names (databaseBackupStatusRequest…)")

OPERATIONS: tuple[Operation, ...] = (
    # account-level, synchronous
    O("getCurrentAccount", "GET", "/", A.CATALOG, None, effect="account"),
    O("getAccountPaymentMethods", "GET", "/payment-methods", A.CATALOG, None, effect="payment-methods"),
    O("getSupportedRegions", "GET", "/regions", A.CATALOG, None, effect="regions"),
    O("getDataPersistenceOptions", "GET", "/data-persistence", A.CATALOG, None, effect="data-persistence"),
    O("getSupportedDatabaseModules", "GET", "/database-modules", A.CATALOG, None, effect="database-modules"),
    O("getSupportedSearchScalingFactors", "GET", "/query-performance-factors", A.CATALOG, None,
      effect="query-performance-factors"),
    O("getAccountSystemLogs", "GET", "/logs", A.CATALOG, None, effect="system-log"),
    O("getAccountSessionLogs", "GET", "/session-logs", A.CATALOG, None, effect="session-log"),
    O("getAllUsers", "GET", "/users", A.CATALOG, None, effect="account-users"),
    O("getUserById", "GET", "/users/{userId}", A.VIEW, "account-user", effect="account-user"),
    O("getRedisVersions", "GET", "/subscriptions/redis-versions", A.CATALOG, None, effect="redis-versions",
      aliases=("/subscriptions/redis-versions%3FsubscriptionId={subscriptionId}",)),
    # Pro subscriptions
    O("getAllSubscriptions", "GET", "/subscriptions", A.LIST, "subscription"),
    O("createSubscription", "POST", "/subscriptions", A.CREATE, "subscription", 202,
      "subscriptionCreateRequest", "SubscriptionCreateRequest"),
    O("getSubscriptionById", "GET", SUB, A.GET, "subscription"),
    O("updateSubscription", "PUT", SUB, A.UPDATE, "subscription", 200,
      "subscriptionUpdateRequest", "SubscriptionUpdateRequest"),
    O("deleteSubscriptionById", "DELETE", SUB, A.DELETE, "subscription", 200, "subscriptionDeleteRequest"),
    # subscription sub-resources
    O("getSubscriptionPricing", "GET", SUB + "/pricing", A.VIEW, "subscription", effect="pricing"),
    O("getRegionsFromActiveActiveSubscription", "GET", SUB + "/regions", A.VIEW, "subscription",
      effect="subscription-regions"),
    O("getCidrWhiteList", "GET", SUB + "/cidr", A.QUERY, "subscription", 202, "cidrGetRequest", effect="cidr",
      inferred="the SDK's only fixture shows peeringListRequest, copied from the peerings test; cidrGetRequest "
               "follows the family's cidrUpdateRequest"),
    O("updateSubscriptionCidrWhiteList", "PUT", SUB + "/cidr", A.PERFORM, "subscription", 202,
      "cidrUpdateRequest", "CidrWhiteListUpdateRequest", effect="cidr-update"),
    O("getSubscriptionMaintenanceWindows", "GET", SUB + "/maintenance-windows", A.VIEW, "subscription",
      effect="maintenance-windows"),
    O("updateSubscriptionMaintenanceWindows", "PUT", SUB + "/maintenance-windows", A.PERFORM, "subscription", 200,
      "subscriptionMaintenanceWindowsUpdateRequest", "SubscriptionMaintenanceWindowsSpec",
      effect="maintenance-windows"),
    O("updateSubscriptionResourceTags", "PUT", SUB + "/resource-tags", A.PERFORM, "subscription", 202,
      "subscriptionResourceTagsUpdateRequest", "SubscriptionResourceTagsUpdateRequest", effect="resource-tags",
      inferred="no capture; named like subscriptionMaintenanceWindowsUpdateRequest, the other update of a part "
               "of a subscription"),
    O("getVpcPeering", "GET", SUB + "/peerings", A.QUERY, "subscription", 202, "peeringListRequest",
      effect="peerings"),
    O("createVpcPeering", "POST", SUB + "/peerings", A.CREATE, "peering", 202, "peeringCreateRequest",
      "VpcPeeringCreateBaseRequest"),
    O("updateVpcPeering", "PUT", SUB + "/peerings/{peeringId}", A.UPDATE, "peering", 202, "peeringUpdateRequest",
      "VpcPeeringUpdateAwsRequest", inferred="no capture; named like peeringCreateRequest and peeringDeleteRequest"),
    O("deleteVpcPeering", "DELETE", SUB + "/peerings/{peeringId}", A.DELETE, "peering", 202, "peeringDeleteRequest"),
    # Pro databases
    O("getSubscriptionDatabases", "GET", SUB + "/databases", A.LIST, "database"),
    O("createDatabase", "POST", SUB + "/databases", A.CREATE, "database", 202,
      "databaseCreateRequest", "DatabaseCreateRequest"),
    O("getSubscriptionDatabaseByID", "GET", DB, A.GET, "database"),
    O("updateDatabase", "PUT", DB, A.UPDATE, "database", 200, "databaseUpdateRequest", "DatabaseUpdateRequest"),
    O("deleteDatabaseById", "DELETE", DB, A.DELETE, "database", 200, "databaseDeleteRequest"),
    O("backupDatabase", "POST", DB + "/backup", A.PERFORM, "database", 200, "databaseBackupRequest",
      "DatabaseBackupRequest", effect="backup"),
    O("getDatabaseBackupStatus", "GET", DB + "/backup", A.QUERY, "database", 200, "databaseBackupStatusRequest",
      effect="backup-status", query=("regionName",)),
    O("importDatabase", "POST", DB + "/import", A.PERFORM, "database", 200, "databaseImportRequest",
      "DatabaseImportRequest", effect="import"),
    O("getDatabaseImportStatus", "GET", DB + "/import", A.QUERY, "database", 200, "databaseImportStatusRequest",
      effect="import-status"),
    O("upgradeDatabaseRedisVersion", "POST", DB + "/upgrade", A.PERFORM, "database", 200, "databaseUpgradeRequest",
      "DatabaseUpgradeRedisVersionRequest", effect="upgrade"),
    O("getDatabaseRedisVersionUpgradeStatus", "GET", DB + "/upgrade", A.VIEW, "database", effect="upgrade-status"),
    O("getDatabaseAvailableVersions", "GET", DB + "/available-target-versions", A.VIEW, "database",
      effect="available-target-versions"),
    O("getSubscriptionDatabaseCertificate", "GET", DB + "/certificate", A.VIEW, "database", effect="certificate"),
    O("getSlowLog", "GET", DB + "/slow-log", A.VIEW, "database", effect="slow-log"),
    O("getDatabaseTraffic", "GET", DB + "/traffic", A.VIEW, "database", effect="traffic"),
    O("resumeBdbTraffic", "POST", DB + "/traffic/resume", A.VIEW, "database", 204, effect="traffic-resume"),
    O("getTags", "GET", DB + "/tags", A.VIEW, "database", effect="tags"),
    O("updateTags", "PUT", DB + "/tags", A.VIEW, "database", request_schema="DatabaseTagsUpdateRequest",
      effect="tags-replace"),
    O("createTag", "POST", DB + "/tags", A.VIEW, "database", request_schema="DatabaseTagCreateRequest",
      effect="tag-create"),
    O("updateTag", "PUT", DB + "/tags/{tagKey}", A.VIEW, "database", request_schema="DatabaseTagUpdateRequest",
      effect="tag-update"),
    O("deleteTag", "DELETE", DB + "/tags/{tagKey}", A.VIEW, "database", effect="tag-delete"),
    # Essentials (fixed) subscriptions and databases
    O("getAllFixedSubscriptionsPlans", "GET", "/fixed/plans", A.CATALOG, None, effect="fixed-plans"),
    O("getFixedSubscriptionsPlanById", "GET", "/fixed/plans/{planId}", A.CATALOG, None, effect="fixed-plan"),
    O("getFixedSubscriptionsPlansBySubscriptionId", "GET", "/fixed/plans/subscriptions/{subscriptionId}", A.VIEW,
      "fixed-subscription", effect="fixed-plans-of-subscription"),
    O("getRedisVersions_1", "GET", "/fixed/redis-versions", A.CATALOG, None, effect="fixed-redis-versions"),
    O("getAllSubscriptions_1", "GET", "/fixed/subscriptions", A.LIST, "fixed-subscription"),
    O("createSubscription_1", "POST", "/fixed/subscriptions", A.CREATE, "fixed-subscription", 202,
      "fixedSubscriptionCreateRequest", "FixedSubscriptionCreateRequest"),
    O("getSubscriptionById_1", "GET", FIXED, A.GET, "fixed-subscription"),
    O("updateSubscription_1", "PUT", FIXED, A.UPDATE, "fixed-subscription", 202,
      "fixedSubscriptionUpdateRequest", "FixedSubscriptionUpdateRequest"),
    O("deleteSubscriptionById_1", "DELETE", FIXED, A.DELETE, "fixed-subscription", 200,
      "fixedSubscriptionDeleteRequest"),
    O("getFixedSubscriptionDatabases", "GET", FIXED + "/databases", A.LIST, "fixed-database"),
    O("createFixedDatabase", "POST", FIXED + "/databases", A.CREATE, "fixed-database", 200,
      "fixedDatabaseCreateRequest", "FixedDatabaseCreateRequest"),
    O("getSubscriptionDatabaseByID_1", "GET", FIXED_DB, A.GET, "fixed-database"),
    O("deleteFixedDatabaseByID", "PUT", FIXED_DB, A.UPDATE, "fixed-database", 200,  # sic: the spec's operationId
      "fixedDatabaseUpdateRequest", "FixedDatabaseUpdateRequest"),
    O("deleteFixedDatabaseByID_1", "DELETE", FIXED_DB, A.DELETE, "fixed-database", 200, "fixedDatabaseDeleteRequest"),
    O("upgradeEssentialsDatabaseRedisVersion", "POST", FIXED_DB + "/upgrade", A.PERFORM, "fixed-database", 200,
      "fixedDatabaseUpgradeRedisVersionRequest", "FixedDatabaseUpgradeRedisVersionRequest", effect="upgrade"),
    O("backupDatabase_1", "POST", FIXED_DB + "/backup", A.PERFORM, "fixed-database", 200, "databaseBackupRequest",
      "FixedDatabaseBackupRequest", effect="backup", inferred=ESSENTIALS_SHARES_PRO_NAMES),
    O("getDatabaseBackupStatus_1", "GET", FIXED_DB + "/backup", A.QUERY, "fixed-database", 200,
      "databaseBackupStatusRequest", effect="backup-status"),
    O("importDatabase_1", "POST", FIXED_DB + "/import", A.PERFORM, "fixed-database", 200, "databaseImportRequest",
      "FixedDatabaseImportRequest", effect="import", inferred=ESSENTIALS_SHARES_PRO_NAMES),
    O("getDatabaseImportStatus_1", "GET", FIXED_DB + "/import", A.QUERY, "fixed-database", 200,
      "databaseImportStatusRequest", effect="import-status"),
    O("getEssentialsDatabaseRedisVersionUpgradeStatus", "GET", FIXED_DB + "/upgrade", A.VIEW, "fixed-database",
      effect="upgrade-status"),
    O("getEssentialsDatabaseAvailableVersions", "GET", FIXED_DB + "/available-target-versions", A.VIEW,
      "fixed-database", effect="available-target-versions"),
    O("getSlowLog_1", "GET", FIXED_DB + "/slow-log", A.VIEW, "fixed-database", effect="slow-log"),
    O("getDatabaseTraffic_1", "GET", FIXED_DB + "/traffic", A.VIEW, "fixed-database", effect="traffic"),
    O("resumeBdbTraffic_1", "POST", FIXED_DB + "/traffic/resume", A.VIEW, "fixed-database", 204,
      effect="traffic-resume"),
    O("getTags_1", "GET", FIXED_DB + "/tags", A.VIEW, "fixed-database", effect="tags"),
    O("updateTags_1", "PUT", FIXED_DB + "/tags", A.VIEW, "fixed-database", request_schema="DatabaseTagsUpdateRequest",
      effect="tags-replace"),
    O("createTag_1", "POST", FIXED_DB + "/tags", A.VIEW, "fixed-database", request_schema="DatabaseTagCreateRequest",
      effect="tag-create"),
    O("updateTag_1", "PUT", FIXED_DB + "/tags/{tagKey}", A.VIEW, "fixed-database",
      request_schema="DatabaseTagUpdateRequest", effect="tag-update"),
    O("deleteTag_1", "DELETE", FIXED_DB + "/tags/{tagKey}", A.VIEW, "fixed-database", effect="tag-delete"),
    # cloud accounts
    O("getCloudAccounts", "GET", "/cloud-accounts", A.LIST, "cloud-account"),
    O("createCloudAccount", "POST", "/cloud-accounts", A.CREATE, "cloud-account", 202, "cloudAccountCreateRequest",
      "CloudAccountCreateRequest"),
    O("getCloudAccountById", "GET", "/cloud-accounts/{cloudAccountId}", A.GET, "cloud-account"),
    O("updateCloudAccount", "PUT", "/cloud-accounts/{cloudAccountId}", A.UPDATE, "cloud-account", 202,
      "cloudAccountUpdateRequest", "CloudAccountUpdateRequest"),
    O("deleteCloudAccount", "DELETE", "/cloud-accounts/{cloudAccountId}", A.DELETE, "cloud-account", 200,
      "cloudAccountDeleteRequest"),
    # ACL
    O("getAllUsers_1", "GET", "/acl/users", A.LIST, "acl-user"),
    O("createUser", "POST", "/acl/users", A.CREATE, "acl-user", 202, "aclUserCreateRequest", "AclUserCreateRequest"),
    O("getUserByID", "GET", "/acl/users/{aclUserId}", A.GET, "acl-user"),
    O("updateUser_1", "PUT", "/acl/users/{aclUserId}", A.UPDATE, "acl-user", 200, "aclUserUpdateRequest",
      "AclUserUpdateRequest"),
    O("deleteUser", "DELETE", "/acl/users/{aclUserId}", A.DELETE, "acl-user", 200, "aclUserDeleteRequest"),
    O("getRoles", "GET", "/acl/roles", A.LIST, "acl-role"),
    O("createRole", "POST", "/acl/roles", A.CREATE, "acl-role", 202, "aclRoleCreateRequest", "AclRoleCreateRequest"),
    O("updateRole", "PUT", "/acl/roles/{aclRoleId}", A.UPDATE, "acl-role", 202, "aclRoleUpdateRequest",
      "AclRoleUpdateRequest"),
    O("deleteAclRole", "DELETE", "/acl/roles/{aclRoleId}", A.DELETE, "acl-role", 200, "aclRoleDeleteRequest"),
    O("getAllRedisRules", "GET", "/acl/redisRules", A.LIST, "acl-redis-rule"),
    O("createRedisRule", "POST", "/acl/redisRules", A.CREATE, "acl-redis-rule", 202, "aclRedisRuleCreateRequest",
      "AclRedisRuleCreateRequest"),
    O("updateRedisRule", "PUT", "/acl/redisRules/{aclRedisRuleId}", A.UPDATE, "acl-redis-rule", 202,
      "aclRedisRuleUpdateRequest", "AclRedisRuleUpdateRequest"),
    O("deleteRedisRule", "DELETE", "/acl/redisRules/{aclRedisRuleId}", A.DELETE, "acl-redis-rule", 202,
      "aclRedisRuleDeleteRequest"),
    # cost report
    O("createCostReport", "POST", "/cost-report", A.PERFORM, None, 202, "costReportCreateRequest",
      "CostReportCreateRequest", effect="cost-report"),
    O("getCostReport", "GET", "/cost-report/{costReportId}", A.CATALOG, None, effect="cost-report-file"),
    # dynamic endpoint redirections (private preview)
    O("createEndpointsRedirection", "POST", "/endpoint-redirections", A.CATALOG, None,
      request_schema="CreateEndpointsRedirectionRequest", effect="redirection-create"),
    O("getEndpointsRedirectionStatus", "GET", "/endpoint-redirections/{redirectionId}", A.CATALOG, None,
      effect="redirection-status"),
    O("revertEndpointsRedirection", "POST", "/endpoint-redirections/{redirectionId}/revert", A.CATALOG, None,
      effect="redirection-revert"),
    # Active-Active: a CRDB's local properties, flush; the subscription's regions; VPC peerings per region
    O("updateCrdbLocalProperties", "PUT", DB + "/regions", A.UPDATE, "database", 200, "databaseUpdateRequest",
      "CrdbUpdatePropertiesRequest", effect="crdb-update"),
    O("flushCrdb", "PUT", DB + "/flush", A.PERFORM, "database", 200, "crdbFlushRequest", "CrdbFlushRequest",
      effect="flush", inferred=SCHEMA_NAMED),
    O("addNewRegionToActiveActiveSubscription", "POST", SUB + "/regions", A.UPDATE, "subscription", 200,
      "activeActiveRegionCreateRequest", "ActiveActiveRegionCreateRequest", effect="region-add", inferred=SCHEMA_NAMED),
    O("deleteRegionsFromActiveActiveSubscription", "DELETE", SUB + "/regions", A.UPDATE, "subscription", 200,
      "activeActiveRegionDeleteRequest", "ActiveActiveRegionDeleteRequest", effect="region-delete",
      inferred=SCHEMA_NAMED),
    O("getActiveActiveVpcPeerings", "GET", SUB + "/regions/peerings", A.QUERY, "subscription", 200,
      "activeActiveVpcPeeringGetRequest", effect="aa-peerings", inferred=AA_PEERING_NAMED),
    O("createActiveActiveVpcPeering", "POST", SUB + "/regions/peerings", A.CREATE, "aa-peering", 200,
      "activeActiveVpcPeeringCreateRequest", "ActiveActiveVpcPeeringCreateBaseRequest", inferred=AA_PEERING_NAMED),
    O("updateActiveActiveVpcPeering", "PUT", SUB + "/regions/peerings/{peeringId}", A.UPDATE, "aa-peering", 200,
      "activeActiveVpcPeeringUpdateRequest", "ActiveActiveVpcPeeringUpdateAwsRequest", inferred=AA_PEERING_NAMED),
    O("deleteActiveActiveVpcPeering", "DELETE", SUB + "/regions/peerings/{peeringId}", A.DELETE, "aa-peering", 200,
      "activeActiveVpcPeeringDeleteRequest", inferred=AA_PEERING_NAMED),
    # Transit Gateways: gateways shared with a subscription (or a region), invitations, attachments
    *(op for prefix, region in ((TGWS, ""), (AA_TGWS, "ActiveActive")) for op in (
        O(f"get{region}Tgws", "GET", prefix, A.QUERY, "subscription", 200, "tgwGetRequest", effect="tgws"),
        O(f"get{region}TgwSharedInvitations", "GET", prefix + "/invitations", A.QUERY, "subscription", 200,
          "tgwInvitationsGetRequest", effect="tgw-invitations"),
        O(f"accept{region}TgwResourceShare", "PUT", prefix + "/invitations/{tgwInvitationId}/accept", A.PERFORM,
          "tgw-invitation", 202, "tgwAcceptInvitationRequest", effect="tgw-accept"),
        O(f"reject{region}TgwResourceShare", "PUT", prefix + "/invitations/{tgwInvitationId}/reject", A.PERFORM,
          "tgw-invitation", 202, "tgwRejectInvitationRequest", effect="tgw-reject"),
        O(f"create{region}TgwAttachment", "POST", prefix + "/{TgwId}/attachment", A.PERFORM, "tgw", 202,
          "tgwAttachmentCreateRequest", effect="tgw-attach"),
        O(f"update{region}TgwAttachmentCidrs", "PUT", prefix + "/{TgwId}/attachment", A.PERFORM, "tgw", 202,
          "tgwUpdateCidrsRequest", f"{region}TgwUpdateCidrsRequest", effect="tgw-cidrs"),
        O(f"delete{region}TgwAttachment", "DELETE", prefix + "/{TgwId}/attachment", A.PERFORM, "tgw", 202,
          "tgwAttachmentDeleteRequest", effect="tgw-detach"))),
    # Private Service Connect (GCP): a service, its endpoints, the scripts that connect them
    O("getPscService", "GET", PSC, A.QUERY, "psc-service", 202, "pscServiceGetRequest", effect="psc-service"),
    O("createPscService", "POST", PSC, A.CREATE, "psc-service", 202, "pscServiceCreateRequest"),
    O("deletePscService", "DELETE", PSC, A.DELETE, "psc-service", 202, "pscServiceDeleteRequest"),
    O("getPscServiceEndpoints", "GET", PSC + "/{pscServiceId}", A.QUERY, "psc-service", 202,
      "pscServiceEndpointsGetRequest", effect="psc-endpoints", resource_id="subscriptionId"),
    O("createPscServiceEndpoint", "POST", PSC + "/{pscServiceId}", A.CREATE, "psc-endpoint", 202,
      "pscEndpointCreateRequest", "PscEndpointCreateRequest"),
    O("updatePscServiceEndpoint", "PUT", PSC_ENDPOINT, A.UPDATE, "psc-endpoint", 202, "pscEndpointUpdateRequest",
      "PscEndpointUpdateRequest"),
    O("deletePscServiceEndpoint", "DELETE", PSC_ENDPOINT, A.DELETE, "psc-endpoint", 202, "pscEndpointDeleteRequest",
      resource_id="subscriptionId"),
    O("getPscServiceEndpointCreationScript", "GET", PSC_ENDPOINT + "/creationScripts", A.QUERY, "psc-endpoint", 202,
      "pscServiceEndpointScriptGetRequest", effect="psc-creation-script", query=("includeTerraformGcpScript",)),
    O("getPscServiceEndpointDeletionScript", "GET", PSC_ENDPOINT + "/deletionScripts", A.QUERY, "psc-endpoint", 202,
      "pscServiceEndpointScriptGetRequest", effect="psc-deletion-script"),
    O("getActiveActivePscService", "GET", AA_PSC, A.QUERY, "psc-service", 202, "activeActivePscServiceGetRequest",
      effect="psc-service"),
    O("createActiveActivePscService", "POST", AA_PSC, A.CREATE, "psc-service", 202,
      "activeActivePscServiceCreateRequest"),
    O("deleteActiveActivePscService", "DELETE", AA_PSC, A.DELETE, "psc-service", 202,
      "activeActivePscServiceDeleteRequest"),
    O("getActiveActivePscServiceEndpoints", "GET", AA_PSC + "/{pscServiceId}", A.QUERY, "psc-service", 202,
      "activeActivePscServiceEndpointsGetRequest", effect="psc-endpoints", resource_id="subscriptionId"),
    O("createActiveActivePscServiceEndpoint", "POST", AA_PSC + "/{pscServiceId}", A.CREATE, "psc-endpoint", 202,
      "activeActivePscEndpointCreateRequest", "ActiveActivePscEndpointCreateRequest"),
    O("updateActiveActivePscServiceEndpoint", "PUT", AA_PSC_ENDPOINT, A.UPDATE, "psc-endpoint", 202,
      "activeActivePscEndpointUpdateRequest", "ActiveActivePscEndpointUpdateRequest"),
    O("deleteActiveActivePscServiceEndpoint", "DELETE", AA_PSC_ENDPOINT, A.DELETE, "psc-endpoint", 202,
      "activeActivePscEndpointDeleteRequest", resource_id="subscriptionId"),
    O("getActiveActivPscServiceEndpointCreationScript", "GET", AA_PSC_ENDPOINT + "/creationScripts", A.QUERY,  # sic
      "psc-endpoint", 202, "activeActivePscServiceEndpointScriptGetRequest", effect="psc-creation-script",
      query=("includeTerraformGcpScript",)),
    O("getActiveActivPscServiceEndpointDeletionScript", "GET", AA_PSC_ENDPOINT + "/deletionScripts", A.QUERY,  # sic
      "psc-endpoint", 202, "activeActivePscServiceEndpointScriptGetRequest", effect="psc-deletion-script"),
    # PrivateLink (AWS): the link, its principals and connections, the endpoint script. The spec's 204 with a
    # task body is impossible (a 204 has no body): these answer 202, see coverage.DEVIATIONS.
    O("getPrivateLink", "GET", LINK, A.QUERY, "private-link", 202, "privateLinkGetRequest", effect="private-link",
      resource_id="subscriptionId"),
    O("createPrivateLink", "POST", LINK, A.CREATE, "private-link", 202, "privateLinkCreateRequest",
      "PrivateLinkCreateRequest", resource_id="subscriptionId"),
    O("deletePrivateLink", "DELETE", LINK, A.DELETE, "private-link", 202, "privateLinkDeleteRequest",
      resource_id="subscriptionId"),
    O("createPrivateLinkPrincipal", "POST", LINK + "/principals", A.PERFORM, "private-link", 202,
      "privateLinkPrincipalsCreateRequest", "PrivateLinkPrincipalsCreateRequest", effect="principal-add",
      resource_id="subscriptionId", inferred=SCHEMA_NAMED),
    O("deletePrivateLinkPrincipals", "DELETE", LINK + "/principals", A.PERFORM, "private-link", 202,
      "privateLinkPrincipalsDeleteRequest", "PrivateLinkPrincipalsDeleteRequest", effect="principal-remove",
      resource_id="subscriptionId", inferred=SCHEMA_NAMED),
    O("disassociatePrivateLinkConnections", "POST", LINK + "/connections/disassociate", A.PERFORM, "private-link",
      202, "privateLinkConnectionsDisassociateRequest", "PrivateLinkConnectionsDisassociateRequest",
      effect="connections-disassociate", resource_id="subscriptionId", inferred=SCHEMA_NAMED),
    O("getPrivateLinkEndpointScript", "GET", LINK + "/endpoint-script", A.QUERY, "private-link", 202,
      "privateLinkEndpointScriptGetRequest", effect="private-link-script", resource_id="subscriptionId",
      query=("includeTerraformAwsScript",), aliases=(LINK + LINK_SCRIPT_ALIAS,)),
    O("getActiveActivePrivateLink", "GET", AA_LINK, A.QUERY, "private-link", 202, "activeActivePrivateLinkGetRequest",
      effect="private-link", resource_id="subscriptionId"),
    O("createActiveActivePrivateLink", "POST", AA_LINK, A.CREATE, "private-link", 202,
      "activeActivePrivateLinkCreateRequest", "PrivateLinkActiveActiveCreateRequest", resource_id="subscriptionId",
      inferred=AA_NAMED),
    O("deleteActiveActivePrivateLink", "DELETE", AA_LINK, A.DELETE, "private-link", 202,
      "activeActivePrivateLinkDeleteRequest", resource_id="subscriptionId"),
    O("createActiveActivePrivateLinkPrincipal", "POST", AA_LINK + "/principals", A.PERFORM, "private-link", 202,
      "activeActivePrivateLinkPrincipalsCreateRequest", "PrivateLinkActiveActivePrincipalsCreateRequest",
      effect="principal-add", resource_id="subscriptionId", inferred=AA_NAMED),
    O("deleteActiveActivePrivateLinkPrincipals", "DELETE", AA_LINK + "/principals", A.PERFORM, "private-link", 202,
      "activeActivePrivateLinkPrincipalsDeleteRequest", "PrivateLinkActiveActivePrincipalsDeleteRequest",
      effect="principal-remove", resource_id="subscriptionId", inferred=AA_NAMED),
    O("disassociateActiveActivePrivateLinkConnections", "POST", AA_LINK + "/connections/disassociate", A.PERFORM,
      "private-link", 202, "activeActivePrivateLinkConnectionsDisassociateRequest",
      "PrivateLinkActiveActiveConnectionsDisassociateRequest", effect="connections-disassociate",
      resource_id="subscriptionId", inferred=AA_NAMED),
    O("getActiveActivePrivateLinkEndpointScript", "GET", AA_LINK + "/endpoint-script", A.QUERY, "private-link", 202,
      "activeActivePrivateLinkEndpointScriptGetRequest", effect="private-link-script", resource_id="subscriptionId",
      query=("includeTerraformAwsScript",), aliases=(AA_LINK + LINK_SCRIPT_ALIAS,)),
    # account users: updated and deleted as tasks
    O("updateUser", "PUT", "/users/{userId}", A.UPDATE, "account-user", 200, "accountUserUpdateRequest",
      "AccountUserUpdateRequest", inferred=SCHEMA_NAMED),
    O("deleteUserById", "DELETE", "/users/{userId}", A.DELETE, "account-user", 200, "accountUserDeleteRequest",
      inferred="no capture; named like accountUserUpdateRequest, its request schema's name"),
)

BY_NAME: dict[str, Operation] = {op.name: op for op in OPERATIONS}
COMMAND_TYPES: tuple[str, ...] = tuple(dict.fromkeys(op.command_type for op in OPERATIONS if op.command_type))
