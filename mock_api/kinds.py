"""Resource kinds: where each lives, how it is named in links and errors, how it is listed, and
which functions build and change its body. One entry per kind; the operation table refers to them
by name.
"""

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, NamedTuple

from . import connectivity as net
from . import families as fam
from . import pro

Builder = Callable[[Mapping[str, int], Mapping[str, Any], datetime, Mapping[str, Any] | None], dict[str, Any]]
Updater = Callable[[dict[str, Any], Mapping[str, Any], datetime], None]
# (the resource's data after its change, the timeline it follows) → (the status it shows meanwhile, or
# None for the profile's own; the status it comes to rest in)
Settler = Callable[[Mapping[str, Any], str], tuple[str | None, str]]
# A new parent's companions: (kind, ids beside the parent's, request body for the kind's builder)
Companions = Callable[[Mapping[str, int], Mapping[str, Any]], list[tuple[str, dict[str, int], dict[str, Any]]]]


def _no_update(data: dict[str, Any], body: Mapping[str, Any], now: datetime) -> None:
    pass


def _no_build(ids: Mapping[str, int], body: Mapping[str, Any], now: datetime,
              parent: Mapping[str, Any] | None = None) -> dict[str, Any]:
    raise NotImplementedError("no operation of the official spec creates this kind")


class ResourceKind(NamedTuple):
    name: str
    item_path: str  # e.g. /subscriptions/{subscriptionId}
    id_param: str  # the path parameter holding this kind's id
    id_field: str  # the body field holding it
    link_title: str  # `title` of the hal `resource` link
    not_found: tuple[str, str, str]  # the task error (type, status, description) when it does not exist
    build: Builder
    update: Updater = _no_update
    parent: str | None = None
    first_id: int = 1
    list_key: str = ""  # the list's key in a collection answer ({"accountId", list_key: [...]})
    collection: str = "account"  # account | paged-array (Pro databases) | paged-object (Essentials databases)
    needs_active_parent: bool = False  # creating one in a parent that is not active fails
    counted_children: str | None = None  # kind whose items make `numberOfDatabases`
    plan: Callable[[Mapping[str, Any]], list[Mapping[str, Any]]] | None = None  # children created with it
    plan_kind: str | None = None
    # Where links to one resource point when the spec has no GET of the item itself (a peering, an
    # ACL role): a route that answers GET, never a 405. None: the item path.
    link_path: str | None = None
    linked: bool = True  # False: tasks on it carry no `resource` link (as captured for PSC and TGW)
    # One per parent (per region, for Active-Active): a path that names only the parent (…/private-link)
    # acts on it, and creating a second one fails with `conflict`.
    singleton: bool = False
    conflict: tuple[str, str, str] | None = None
    reports_parent: bool = True  # a task on it answers the parent's id as `additionalResourceId`
    settles: Settler | None = None  # None: it shows the profile's statuses and rests `active`
    companions: Companions | None = None  # resources created with it, at rest at once

    def path_for(self, ids: Mapping[str, int]) -> str:
        """The path of the resource's `self` and `resource` links: it always answers GET ("" when the
        kind has none: no link)."""
        if not self.linked:
            return ""
        return (self.link_path or self.item_path).format(**ids)

    @property
    def collection_path(self) -> str:
        return self.item_path.rsplit("/", 1)[0]


SUB = "/subscriptions/{subscriptionId}"
FIXED = "/fixed/subscriptions/{subscriptionId}"
PSC = SUB + "/private-service-connect"
TGW = SUB + "/transitGateways"


def _not_found(kind: str, description: str) -> tuple[str, str, str]:
    return (f"{kind}_NOT_FOUND", "404 NOT_FOUND", description)


KINDS: dict[str, ResourceKind] = {kind.name: kind for kind in (
    ResourceKind("subscription", SUB, "subscriptionId", "id", "getSubscriptionInformation",
                 _not_found("SUBSCRIPTION", "Subscription was not found"), pro.new_subscription,
                 pro.update_subscription, first_id=100001, list_key="subscriptions",
                 counted_children="database", plan=pro.creation_plan, plan_kind="database",
                 companions=net.tgw_invitations),
    ResourceKind("database", SUB + "/databases/{databaseId}", "databaseId", "databaseId", "getDatabaseInformation",
                 _not_found("DATABASE", "Database was not found"), pro.new_database, pro.update_database,
                 parent="subscription", first_id=51000001, list_key="databases", collection="paged-array",
                 needs_active_parent=True),
    ResourceKind("fixed-subscription", FIXED, "subscriptionId", "id", "getFixedSubscriptionInformation",
                 _not_found("SUBSCRIPTION", "Subscription was not found"), fam.new_fixed_subscription,
                 fam.update_fixed_subscription, first_id=200001, list_key="subscriptions"),
    ResourceKind("fixed-database", FIXED + "/databases/{databaseId}", "databaseId", "databaseId",
                 "getFixedDatabaseInformation", _not_found("DATABASE", "Database was not found"),
                 fam.new_fixed_database, fam.update_fixed_database, parent="fixed-subscription",
                 first_id=52000001, list_key="databases", collection="paged-object", needs_active_parent=True),
    ResourceKind("cloud-account", "/cloud-accounts/{cloudAccountId}", "cloudAccountId", "id",
                 "getCloudAccountInformation", _not_found("CLOUD_ACCOUNT", "Cloud account was not found"),
                 fam.new_cloud_account, fam.update_cloud_account, first_id=1001, list_key="cloudAccounts"),
    ResourceKind("acl-user", "/acl/users/{aclUserId}", "aclUserId", "id", "getACLUserInformation",
                 _not_found("ACL_USER", "ACL user not found"), fam.new_acl_user, fam.update_acl_user,
                 first_id=20001, list_key="users"),
    ResourceKind("acl-role", "/acl/roles/{aclRoleId}", "aclRoleId", "id", "getACLRolesInformation",
                 _not_found("ACL_ROLE", "ACL role not found"), fam.new_acl_role, fam.update_acl_role,
                 first_id=1001, list_key="roles", link_path="/acl/roles"),
    ResourceKind("acl-redis-rule", "/acl/redisRules/{aclRedisRuleId}", "aclRedisRuleId", "id",
                 "getACLRedisRulesInformation", _not_found("ACL_REDIS_RULE", "ACL redis rule not found"),
                 fam.new_acl_redis_rule, fam.update_acl_redis_rule, first_id=1001, list_key="redisRules",
                 link_path="/acl/redisRules"),
    ResourceKind("peering", SUB + "/peerings/{peeringId}", "peeringId", "vpcPeeringId", "getVpcPeeringInformation",
                 _not_found("VPC_PEERING", "VPC peering was not found"), fam.new_peering, fam.update_peering,
                 parent="subscription", first_id=10001, list_key="peerings", link_path=SUB + "/peerings"),
    ResourceKind("aa-peering", SUB + "/regions/peerings/{peeringId}", "peeringId", "id", "getVpcPeeringInformation",
                 _not_found("ACTIVE_ACTIVE_VPC_PEERING", "Active-Active VPC peering was not found"),
                 net.new_aa_peering, net.update_aa_peering, parent="subscription", first_id=30001,
                 link_path=SUB + "/regions/peerings"),
    # Account users (the console's users, not ACL users): every account has its owner and a member.
    ResourceKind("account-user", "/users/{userId}", "userId", "id", "getUserById",
                 _not_found("USER", "User was not found"), _no_build, fam.update_account_user, list_key="users"),
    # Private Service Connect (GCP): a service per subscription (or region), its endpoints.
    ResourceKind("psc-service", PSC + "/{pscServiceId}", "pscServiceId", "id", "getPscService",
                 _not_found("PSC_SERVICE", "Private Service Connect service not found"), net.new_psc_service,
                 parent="subscription", first_id=40, linked=False, singleton=True, reports_parent=False,
                 conflict=("PSC_SERVICE_ALREADY_EXISTS", "409 CONFLICT",
                           "Private Service Connect service already exists")),
    ResourceKind("psc-endpoint", PSC + "/{pscServiceId}/endpoints/{endpointId}", "endpointId", "id",
                 "getPscServiceEndpoint", _not_found("PSC_ENDPOINT", "Private Service Connect endpoint not found"),
                 net.new_psc_endpoint, net.update_psc_endpoint, parent="psc-service", first_id=50, linked=False,
                 reports_parent=False, settles=net.psc_endpoint_settles),
    # PrivateLink (AWS): one per subscription (or region); its principals and connections are parts of it.
    ResourceKind("private-link", SUB + "/private-link", "privateLinkId", "subscriptionId", "getPrivateLink",
                 _not_found("PRIVATE_LINK", "Private link was not found"), net.new_private_link,
                 parent="subscription", linked=False, singleton=True, reports_parent=False,
                 conflict=("PRIVATE_LINK_ALREADY_EXISTS", "409 CONFLICT", "Private link already exists")),
    # Transit Gateways (AWS): the invitations AWS RAM shares with a subscription (or region), and the
    # gateways of the accepted ones, which the subscription attaches to.
    ResourceKind("tgw-invitation", TGW + "/invitations/{tgwInvitationId}", "tgwInvitationId", "id",
                 "getTgwSharedInvitations",
                 ("TGW_RESOURCE_SHARE_DOES_NOT_EXIST", "404 NOT_FOUND",
                  "Transit Gateway resource share does not exist"),
                 net.new_tgw_invitation, parent="subscription", first_id=1, linked=False, reports_parent=False),
    ResourceKind("tgw", TGW + "/{TgwId}", "TgwId", "id", "getTgws",
                 ("TGW_DOES_NOT_EXIST", "404 NOT_FOUND", "Transit Gateway does not exist"), net.new_tgw,
                 parent="subscription", first_id=35, linked=False, reports_parent=False),
)}


def seed_resources(account_id: int) -> list[tuple[str, dict[str, int], dict[str, Any]]]:
    """What every new account starts with: the default ACL Redis rules, Redis's own cloud account
    and the account's users."""
    seeded = [("acl-redis-rule", {"aclRedisRuleId": rule_id}, fam.default_redis_rule(rule_id, name, acl))
              for rule_id, name, acl in fam.DEFAULT_REDIS_RULES]
    seeded.append(("cloud-account", {"cloudAccountId": 1},
                   {"id": 1, "name": "Redis Internal Resources", "provider": "AWS", "status": "active"}))
    seeded.extend(("account-user", {"userId": user["id"]}, user) for user in fam.account_users(account_id))
    return seeded
