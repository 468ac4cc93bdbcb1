"""The operation table: the one place that lists the emulated paths, methods and commandTypes.

Each entry is declarative. ``api/routes.py`` registers one Flask route per entry and hands every
request to the generic handler of its ``action``; adding a task-backed operation is one entry here
(plus a default scenario for its commandType in every profile under scenarios/).
"""
from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Dict, Optional, Tuple


class Action(enum.Enum):
    CREATE = "create"  # answers with a task; on completion a new resource exists
    UPDATE = "update"  # answers with a task; on completion the resource has the new fields
    DELETE = "delete"  # answers with a task; on completion the resource is deprovisioned
    PERFORM = "perform"  # answers with a task; on completion `effect` has acted on the resource
    QUERY = "query"  # a GET answering with a task; `effect` computes its response.resource
    GET = "get"  # synchronous read of one resource
    LIST = "list"  # synchronous read of a collection
    VIEW = "view"  # synchronous read of a part of one resource (`effect` names the view)
    CATALOG = "catalog"  # synchronous account-level listing (`effect` names it)

    @property
    def is_task(self) -> bool:
        return self in (Action.CREATE, Action.UPDATE, Action.DELETE, Action.PERFORM, Action.QUERY)


@dataclass(frozen=True)
class Operation:
    name: str  # the official spec's operationId
    method: str
    path: str  # relative to the API root (served at / and at /v1), {param} for path parameters
    action: Action
    kind: Optional[str]  # resource kind, see kinds.KINDS (None: account-level)
    status_code: int = 200  # the official spec's success code
    command_type: Optional[str] = None  # for task-backed operations
    request_schema: Optional[str] = None  # name in schemas/requests.json (from the official spec)
    effect: Optional[str] = None  # PERFORM / QUERY / VIEW / CATALOG: a name in actions.py

    @property
    def params(self) -> Tuple[str, ...]:
        return tuple(part[1:-1] for part in self.path.split("/") if part.startswith("{"))


SUB = "/subscriptions/{subscriptionId}"
DB = SUB + "/databases/{databaseId}"
FIXED = "/fixed/subscriptions/{subscriptionId}"
FIXED_DB = FIXED + "/databases/{databaseId}"
A = Action
O = Operation

OPERATIONS: Tuple[Operation, ...] = (
    # account-level, synchronous
    O("getCurrentAccount", "GET", "/", A.CATALOG, None, effect="account"),
    O("getAccountPaymentMethods", "GET", "/payment-methods", A.CATALOG, None, effect="payment-methods"),
    O("getSupportedRegions", "GET", "/regions", A.CATALOG, None, effect="regions"),
    # Pro subscriptions
    O("getAllSubscriptions", "GET", "/subscriptions", A.LIST, "subscription"),
    O("createSubscription", "POST", "/subscriptions", A.CREATE, "subscription", 202,
      "subscriptionCreateRequest", "SubscriptionCreateRequest"),
    O("getSubscriptionById", "GET", SUB, A.GET, "subscription"),
    O("updateSubscription", "PUT", SUB, A.UPDATE, "subscription", 200,
      "subscriptionUpdateRequest", "SubscriptionUpdateRequest"),
    O("deleteSubscriptionById", "DELETE", SUB, A.DELETE, "subscription", 200, "subscriptionDeleteRequest"),
    # subscription sub-resources
    O("getCidrWhiteList", "GET", SUB + "/cidr", A.QUERY, "subscription", 202, "cidrGetRequest", effect="cidr"),
    O("updateSubscriptionCidrWhiteList", "PUT", SUB + "/cidr", A.PERFORM, "subscription", 202,
      "cidrUpdateRequest", "CidrWhiteListUpdateRequest", effect="cidr-update"),
    O("getSubscriptionMaintenanceWindows", "GET", SUB + "/maintenance-windows", A.VIEW, "subscription",
      effect="maintenance-windows"),
    O("updateSubscriptionMaintenanceWindows", "PUT", SUB + "/maintenance-windows", A.PERFORM, "subscription", 200,
      "subscriptionMaintenanceWindowsUpdateRequest", "SubscriptionMaintenanceWindowsSpec",
      effect="maintenance-windows"),
    O("updateSubscriptionResourceTags", "PUT", SUB + "/resource-tags", A.PERFORM, "subscription", 202,
      "subscriptionResourceTagsUpdateRequest", "SubscriptionResourceTagsUpdateRequest", effect="resource-tags"),
    O("getVpcPeering", "GET", SUB + "/peerings", A.QUERY, "subscription", 202, "peeringListRequest",
      effect="peerings"),
    O("createVpcPeering", "POST", SUB + "/peerings", A.CREATE, "peering", 202, "peeringCreateRequest",
      "VpcPeeringCreateBaseRequest"),
    O("updateVpcPeering", "PUT", SUB + "/peerings/{peeringId}", A.UPDATE, "peering", 202, "peeringUpdateRequest",
      "VpcPeeringUpdateAwsRequest"),
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
      effect="backup-status"),
    O("importDatabase", "POST", DB + "/import", A.PERFORM, "database", 200, "databaseImportRequest",
      "DatabaseImportRequest", effect="import"),
    O("getDatabaseImportStatus", "GET", DB + "/import", A.QUERY, "database", 200, "databaseImportStatusRequest",
      effect="import-status"),
    O("upgradeDatabaseRedisVersion", "POST", DB + "/upgrade", A.PERFORM, "database", 200, "databaseUpgradeRequest",
      "DatabaseUpgradeRedisVersionRequest", effect="upgrade"),
    # Essentials (fixed) subscriptions and databases
    O("getAllFixedSubscriptionsPlans", "GET", "/fixed/plans", A.CATALOG, None, effect="fixed-plans"),
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
      "FixedDatabaseBackupRequest", effect="backup"),
    O("getDatabaseBackupStatus_1", "GET", FIXED_DB + "/backup", A.QUERY, "fixed-database", 200,
      "databaseBackupStatusRequest", effect="backup-status"),
    O("importDatabase_1", "POST", FIXED_DB + "/import", A.PERFORM, "fixed-database", 200, "databaseImportRequest",
      "FixedDatabaseImportRequest", effect="import"),
    O("getDatabaseImportStatus_1", "GET", FIXED_DB + "/import", A.QUERY, "fixed-database", 200,
      "databaseImportStatusRequest", effect="import-status"),
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
)

BY_NAME: Dict[str, Operation] = {op.name: op for op in OPERATIONS}
COMMAND_TYPES: Tuple[str, ...] = tuple(dict.fromkeys(op.command_type for op in OPERATIONS if op.command_type))
