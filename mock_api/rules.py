"""Business rules of the real service, checked when a task finishes. Each returns the failed
outcome (the real error triple of facts §2.5, with the captured `additionalInfo` where there is one)
or None; a rule never fails a request synchronously."""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from . import active_active, lookups, privatelink, psc, transit_gateway
from .deployments import deployment_error
from .acts import gathered_rules
from .catalog_data import PLANS_BY_ID
from .families import owner_user_id
from .kinds import KINDS
from .lookups import key_of
from .operations import Action, Operation
from .records import Account, Resource, ResourceKey
from .scenario_model import ErrorTriple, Outcome

Resources = Mapping[ResourceKey, Resource]  # resource_view.VisibleResources: also .of_kind(kind), .children(key, kind)

SUBSCRIPTION_NOT_ACTIVE = ErrorTriple(
    "SUBSCRIPTION_NOT_ACTIVE", "403 FORBIDDEN",
    "Cannot preform any actions for subscription that is not in an active state")  # sic, as served
# Triples marked "inferred" are listed, with the reason, in inferences.py (docs/operations.md).
SUBSCRIPTION_IN_USE = ErrorTriple(  # inferred
    "SUBSCRIPTION_IN_USE", "400 BAD_REQUEST",
    "Subscription is in use: delete its databases before deleting the subscription")
ACL_ROLE_DOES_NOT_EXISTS = ErrorTriple("ACL_ROLE_DOES_NOT_EXISTS", "400 BAD_REQUEST",
                                       "ACL role associated with a user has to exist.")
ACL_USER_PASSWORD_NOT_VALID = ErrorTriple("ACL_USER_PASSWORD_NOT_VALID", "400 BAD_REQUEST",
                                          "ACL user password is not valid.")
ACL_REDIS_RULE_PATTERN_NOT_VALID = ErrorTriple(
    "ACL_REDIS_RULE_PATTERN_NOT_VALID", "400 BAD_REQUEST",
    "Invalid ACL redis rule: commands must start with a + or - sign, categories must start with +@ or -@ "
    "characters and keys must start with the ~ symbol")
ACL_REDIS_RULE_NOT_FOUND = ErrorTriple("ACL_REDIS_RULE_NOT_FOUND", "404 NOT_FOUND", "ACL redis rule not found")
ACL_REDIS_RULE_CANNOT_DELETE_DEFAULT = ErrorTriple(  # inferred
    "ACL_REDIS_RULE_CANNOT_DELETE_DEFAULT", "400 BAD_REQUEST", "A default ACL redis rule cannot be deleted")
DATABASE_BACKUP_DISABLED = ErrorTriple("DATABASE_BACKUP_DISABLED", "400 BAD_REQUEST", "Database backup is disabled")
FIXED_PLAN_NOT_FOUND = ErrorTriple(  # inferred
    "FIXED_SUBSCRIPTION_CREATE_PLAN_NOT_FOUND", "404 NOT_FOUND", "Plan was not found")
USER_CANNOT_DELETE_OWN_USER = ErrorTriple(  # inferred
    "USER_CANNOT_DELETE_OWN_USER", "400 BAD_REQUEST", "A user cannot delete its own user")
USER_CANNOT_UPDATE_OWN_ROLE = ErrorTriple(  # inferred
    "USER_CANNOT_UPDATE_IT_IS_OWN_ROLE", "400 BAD_REQUEST", "A user cannot update its own role")
FREE_PLAN_TAKEN = ErrorTriple("FIXED_SUBSCRIPTION_ACCOUNT_ALREADY_HAS_A_FREE_PLAN", "400 BAD_REQUEST",
                              "The account already has a free plan Essentials subscription.")
# `additionalInfo` beside the error, as the SDK's captures show (users, Redis rules).
ADDITIONAL_INFO = {"ACL_USER_PASSWORD_NOT_VALID": "cluster-user-password-wrong-pattern",
                   "ACL_REDIS_RULE_PATTERN_NOT_VALID": "redis-acl-wrong-acl-rule-pattern"}
PASSWORD = re.compile(r"^(?=.*[a-z])(?=.*[A-Z])(?=.*\d)(?=.*[^A-Za-z0-9]).{8,128}$")
RULE_TOKEN = re.compile(r"^([+-]@?[\w|:.-]+|~\S*|%[RW]{1,2}~\S*|&\S*|allkeys|allchannels|allcommands|resetkeys)$")


def generic_error(operation: Operation, ids: Mapping[str, int], resources: Resources) -> ErrorTriple | None:
    """Ancestors and targets must exist; the subscription must be of the operation's deployment type
    (single-region or Active-Active, with the path's region); some children need an active parent; a
    resource with one per parent exists once; an in-use parent stays."""
    if operation.kind is None:
        return None
    kind = KINDS[operation.kind]
    error = _missing_ancestor(kind, ids, resources) or deployment_error(operation, ids, resources)
    if error is not None:
        return error
    creating = operation.action is Action.CREATE
    if creating and kind.parent is not None:
        parent = lookups.find(resources, kind.parent, ids)
        if kind.needs_active_parent and not _active(parent, resources):
            return SUBSCRIPTION_NOT_ACTIVE
        if kind.singleton and lookups.in_region(resources, parent, kind.name, ids.get("regionId")):
            return ErrorTriple(*kind.conflict)
    own = None if creating else lookups.target(resources, kind.name, ids)
    if not creating and own is None:
        return ErrorTriple(*kind.not_found)
    if operation.action is Action.DELETE and lookups.children(resources, own, *lookups.dependent_kinds(kind.name)):
        return SUBSCRIPTION_IN_USE
    return None


def _missing_ancestor(kind, ids: Mapping[str, int], resources: Resources) -> ErrorTriple | None:
    """The not-found triple of the first ancestor (from the top) the path names and that is absent."""
    ancestors = []
    while kind.parent is not None:
        kind = KINDS[kind.parent]
        ancestors.append(kind)
    for ancestor in reversed(ancestors):
        if lookups.find(resources, ancestor.name, ids) is None:
            return ErrorTriple(*ancestor.not_found)
    return None


def _active(parent: Resource, resources: Resources) -> bool:
    """A subscription is not active while one of its databases is being created or changed."""
    return parent.status() == "active" and not lookups.busy(
        lookups.children(resources, parent, *lookups.dependent_kinds(parent.kind.name)))


def _acl_user(body, ids, resources, account) -> ErrorTriple | None:
    if body.get("role") is not None and lookups.named(resources, "acl-role", body["role"]) is None:
        return ACL_ROLE_DOES_NOT_EXISTS
    if body.get("password") is not None and not PASSWORD.match(str(body["password"])):
        return ACL_USER_PASSWORD_NOT_VALID
    return None


def _acl_rule(body, ids, resources, account) -> ErrorTriple | None:
    pattern = body.get("redisRule")
    if pattern is not None and not all(RULE_TOKEN.match(token) for token in str(pattern).split()):
        return ACL_REDIS_RULE_PATTERN_NOT_VALID
    return None


def _acl_role(body, ids, resources, account) -> ErrorTriple | None:
    for rule in body.get("redisRules") or []:
        if lookups.named(resources, "acl-redis-rule", rule.get("ruleName")) is None:
            return ACL_REDIS_RULE_NOT_FOUND
        for db in rule.get("databases") or []:
            error = _role_database_error(db, resources)
            if error is not None:
                return error
    return None


def _role_database_error(db: Mapping[str, Any], resources: Resources) -> ErrorTriple | None:
    """A role's database: its subscription first (Pro or Essentials), then the database in it."""
    sub_ids = {"subscriptionId": db.get("subscriptionId")}
    for sub_kind, db_kind in (("subscription", "database"), ("fixed-subscription", "fixed-database")):
        if resources.get(key_of(sub_kind, sub_ids)) is not None:
            if lookups.find(resources, db_kind, {**sub_ids, "databaseId": db.get("databaseId")}) is None:
                return ErrorTriple(*KINDS[db_kind].not_found)
            return None
    return ErrorTriple(*KINDS["subscription"].not_found)


def _rule_delete(body, ids, resources, account) -> ErrorTriple | None:
    rule = resources.get(key_of("acl-redis-rule", ids))
    return ACL_REDIS_RULE_CANNOT_DELETE_DEFAULT if rule is not None and rule.data.get("isDefault") else None


def _fixed_subscription(body, ids, resources, account) -> ErrorTriple | None:
    plan = PLANS_BY_ID.get(body.get("planId"))
    if plan is None:
        return FIXED_PLAN_NOT_FOUND if "planId" in body else None
    own = key_of("fixed-subscription", ids) if "subscriptionId" in ids else None
    if plan["price"] == 0 and lookups.first(resources, "fixed-subscription",
                                            lambda r: r.data.get("price") == 0 and r.key != own):
        return FREE_PLAN_TAKEN
    return None


def _backup(body, ids, resources, account) -> ErrorTriple | None:
    database = resources.get(key_of("database", ids)) or resources.get(key_of("fixed-database", ids))
    backup = database.data.get("backup", {}) if database is not None else {}
    if database is not None and database.data.get("activeActiveRedis"):  # the region's own backup
        backup = next((entry.get("backup", {}) for entry in database.data.get("crdbDatabases") or []
                       if entry.get("region") == body.get("regionName")), {})
    enabled = backup.get("enableRemoteBackup") or backup.get("remoteBackupEnabled")  # Pro / Essentials
    return None if enabled or body.get("adhocBackupPath") else DATABASE_BACKUP_DISABLED


# The API key is the owner's: it cannot change its own role, nor delete itself.
def _own_role(body, ids, resources, account) -> ErrorTriple | None:
    own = ids.get("userId") == owner_user_id(account.id)
    changed = body.get("role") not in (None, lookups.find(resources, "account-user", ids).data.get("role"))
    return USER_CANNOT_UPDATE_OWN_ROLE if own and changed else None


def _own_user(body, ids, resources, account) -> ErrorTriple | None:
    return USER_CANNOT_DELETE_OWN_USER if ids.get("userId") == owner_user_id(account.id) else None


Rule = Callable[[Mapping[str, Any], Mapping[str, int], Resources, Account], ErrorTriple | None]
# By operationId: the rules of one operation beyond the generic ones, checked in order; the families'
# own (Active-Active, PSC, PrivateLink, Transit Gateway) are gathered from their modules.
RULES: dict[str, tuple[Rule, ...]] = gathered_rules({
    "createUser": _acl_user, "updateUser_1": _acl_user,
    "createRedisRule": _acl_rule, "updateRedisRule": _acl_rule, "deleteRedisRule": _rule_delete,
    "createRole": _acl_role, "updateRole": _acl_role,
    "createSubscription_1": _fixed_subscription, "updateSubscription_1": _fixed_subscription,
    "backupDatabase": _backup, "backupDatabase_1": _backup,
    "updateUser": _own_role, "deleteUserById": _own_user,
}, active_active.RULES, psc.RULES, privatelink.RULES, transit_gateway.RULES)


def business_error(operation: Operation, ids: Mapping[str, int], body: Mapping[str, Any], resources: Resources,
                   account: Account) -> Outcome | None:
    """The failed outcome a finishing task meets, if a rule of the real service refuses it."""
    error = generic_error(operation, ids, resources)
    for rule in RULES.get(operation.name, ()) if error is None else ():
        error = rule(body, ids, resources, account)
        if error is not None:
            break
    if error is None:
        return None
    return Outcome(error=error, additional_info=ADDITIONAL_INFO.get(error.type))
