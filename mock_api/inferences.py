"""What mock_api infers where neither the official spec nor a real capture says it: (topic, what
mock_api does, why). Printed into docs/operations.md; inferred commandTypes are in the operation
table itself (Operation.inferred)."""
from __future__ import annotations

INFERENCES = [
    # error triples and rules
    ("SUBSCRIPTION_IN_USE", "`400 BAD_REQUEST`, \"Subscription is in use: delete its databases before deleting "
     "the subscription\"", "the enum has the type; no capture shows its status or wording"),
    ("ACL_REDIS_RULE_CANNOT_DELETE_DEFAULT", "`400 BAD_REQUEST`, \"A default ACL redis rule cannot be deleted\"",
     "the enum has the type; status and wording are not recorded"),
    ("FIXED_SUBSCRIPTION_CREATE_PLAN_NOT_FOUND", "`404 NOT_FOUND`, \"Plan was not found\"",
     "the enum has the type; the other *_NOT_FOUND triples are 404"),
    ("a subscription while its databases change", "not `active` (shown `pending`, and a database create fails "
     "with SUBSCRIPTION_NOT_ACTIVE) while one of its databases is being created, changed or deleted; reading the "
     "subscription reads those databases, so in the default profile it follows their provisioning",
     "the docs: creating a database moves the subscription to pending, clients wait for it between creates; "
     "Terraform waits for the subscription after each database change"),
    # links and shapes
    ("`resource` and `self` links of peerings and ACL roles / Redis rules", "point at the list "
     "(`/subscriptions/{id}/peerings`, `/acl/roles`, `/acl/redisRules`)",
     "the spec has no GET of one peering, role or rule; a link must answer GET, not 405"),
    ("404 past the last page of databases", "answered like any 404", "old SDKs stop listing on a 404"),
    ("unknown routes", "Spring's 404 body with a `message` (\"No such route\")",
     "the capture has no message, but naming the cause helps who hits a route mock_api lacks"),
    ("database passwords", "the client's, or 32 letters and digits derived from the ids; served by GET of one "
     "database, not in listings", "an Essentials capture shows a generated 32-character password in GET and "
     "none in the list; Pro is taken to do the same"),
    ("Essentials `backup` with a backup path", "`{remoteBackupEnabled: true, status: idle, interval: "
     "every-24-hours, destination: <path>}`", "the capture without a path shows `{remoteBackupEnabled: false, "
     "status: idle}`; the SDK's model has interval and destination"),
    ("GCP peerings", "`redisProjectUid` redis-prod-<subscription>, `redisNetworkName` c<subscription>-network, "
     "`cloudPeeringId` redis-peering-<id>", "the SDK's model names the fields; no capture gives values"),
    # catalogs
    ("Redis versions", "6.2, 7.2, 7.4 (default) and 8.0, without `eolDate`",
     "the SDK's captured list has the first three; Terraform's tests upgrade to 8.0"),
    ("query performance factors", "Standard, 2x, 4x, 6x, 8x", "Terraform accepts even factors from 2x to 8x"),
    ("`?subscriptionId=` of redis-versions naming no subscription", "404", "the SDK maps a 404 to NotFound"),
    ("Essentials plans of a subscription", "the plans of the same provider, region and flavour (Redis Flex or not)",
     "the spec: \"all compatible Essentials plans\""),
    # resource views
    ("subscription pricing", "the subscription's `subscriptionPricing` lines (its plan, priced at creation), each "
     "with the subscription's region", "the SDK's capture shows one Shards line; the spec's model has `region`"),
    ("regions of a single-region subscription", "its one region, with its databases; read and write operations per "
     "second both the database's throughput", "the spec's example is Active-Active"),
    ("upgrade status", "`in-progress` (progress 50) while the database shows `active-upgrade-pending`, then "
     "`done` (100); a database never upgraded reports its own version, done", "no capture"),
    ("available target versions", "the catalog's versions newer than the database's", "no capture"),
    ("database certificate", "one self-signed X.509 certificate for every database", "a parseable certificate; "
     "databases of one account share Redis Cloud's CA"),
    ("slow log", "always empty; `regionName` checked, filters nothing", "mock_api runs no Redis"),
    ("database tags", "POST of an existing key: 409; duplicate or empty keys, keys over 128 or values over 256 "
     "characters, more than 100 tags: 400; DELETE answers `{}`; the `self` link's type is GET",
     "the spec lists 409 for name conflicts and gives DELETE a bare object; the SDK's capture of a PUT shows a "
     "self link typed PUT (clients ignore it)"),
    # account views
    ("system log (`/logs`)", "one entry per finished task, newest first, ids from 2900001: \"<Type> <id> was "
     "created / updated / deleted\" or \"<commandType> failed: <description>\"",
     "the spec's example shows the fields and descending ids; the wording is mock_api's"),
    ("session log", "always empty", "it records people signing in to the console"),
    ("account users", "the owner (id 60000 + account id, role Owner, the API key's user) and a member (the "
     "owner's id + 1,000,000, role Member)", "users join by invitation in the console; the API reads, updates and "
     "deletes them, so a member is there to update and delete"),
    ("USER_CANNOT_DELETE_OWN_USER, USER_CANNOT_UPDATE_IT_IS_OWN_ROLE", "`400 BAD_REQUEST`; deleting the owner, or "
     "changing its role", "the enum has the types; the API key is the owner's"),
    ("a deleted account user", "gone once its deprovisioning ends by the clock (10 s in the default profile)",
     "users are read at once, never by a poll, so only time moves them"),
    ("cost report file", "`application/octet-stream`: the FOCUS columns and no charge (CSV), or `[]` (JSON), as "
     "the report asked; 404 for an id no completed report gave", "mock_api bills nothing"),
    # Active-Active
    ("refusals of deployment type and cloud (deployments.py)", "`400 BAD_REQUEST`, the type's words as the "
     "description (\"Adding region is not allowed with single region subscription\"): an Active-Active route on a "
     "single-region subscription and the reverse, each with the enum's own type; PSC off GCP, PrivateLink and "
     "Transit Gateways off AWS (`*_CLOUD_PROVIDER_*`)", "the enum names a type for each; no capture gives a status "
     "or wording"),
    ("a region the path names and the subscription lacks", "`TGW_REGION_DOES_NOT_EXIST` (Transit Gateways), else "
     "`SUBSCRIPTION_INVALID_REGION_ID`; `404 NOT_FOUND`", "the other not-found triples are 404, and the SDK's "
     "Active-Active services turn a 404 into NotFoundActiveActive"),
    ("region rules", "adding an unknown region: `ACTIVE_ACTIVE_INVALID_CREATE_REGION_NAME`; one the subscription "
     "has: `ACTIVE_ACTIVE_REGIONS_MUST_BE_DEFINED_ONCE`; without a spec for each CRDB: "
     "`ACTIVE_ACTIVE_CREATE_A_REGION_MUST_CONTAIN_DATABASE_SPEC_TO_ALL_CRDBS_IN_SUBSCRIPTION`; deleting an absent "
     "one: `ACTIVE_ACTIVE_INVALID_DELETE_REGION_NAME`, twice: `ACTIVE_ACTIVE_DELETE_REGIONS_MUST_BE_DEFINED_ONCE`, "
     "all: `ACTIVE_ACTIVE_DELETE_SUBSCRIPTION_MUST_BE_DEPLOYED_IN_AT_LEAST_ONE_REGION`; a new Active-Active "
     "subscription's region twice or unknown: `ACTIVE_ACTIVE_REGIONS_MUST_BE_DEFINED_ONCE`, "
     "`SUBSCRIPTION_INVALID_REGION_NAME`; a CRDB's throughput for another region or twice: "
     "`MISSING_REGIONS_BETWEEN_LOCAL_THROUGHPUT_MEASUREMENTS_AND_SUBSCRIPTION_REGIONS`, "
     "`CRDB_ACTIVE_ACTIVE_REGIONS_MUST_BE_DEFINED_ONCE`; local properties of another region: "
     "`ACTIVE_ACTIVE_MISMATCH_BETWEEN_REQUEST_REGIONS_AND_SUBSCRIPTION_REGIONS` (all 400)",
     "the enum's types whose names say these cases; no capture"),
    ("Active-Active backups", "an Active-Active database's backup and its status need `regionName` (a region of "
     "the subscription; its own backup settings decide DATABASE_BACKUP_DISABLED); a single-region one's refuse it",
     "the enum's ACTIVE_ACTIVE_BACKUP_* and BACKUP_*_REGION_NAME_IS_NOT_ALLOWED_* types; the SDK sends "
     "`?regionName=` to the status"),
    ("a CRDB's body", "the SDK's `ActiveActiveDatabase`: global properties and `crdbDatabases`, one per region "
     "(endpoints `redis-<port>.mc<sub>-<n>.<region>-mz…`, throughput 1000/1000 unless given); `globalPassword` "
     "served alone, not in listings, like a Pro password; a region's own password is not kept",
     "the SDK's model and fixture; the fixture masks the password, captures of Pro databases show it"),
    ("regions added and deleted", "a task that moves the subscription (`pending` for the profile's `change`); an "
     "added region gives each CRDB an entry (the request's throughput for it) and, on AWS, a Transit Gateway "
     "invitation; a deleted one takes its CRDB entries, PSC services, private links, gateways, invitations and "
     "peerings with it", "Terraform waits for the subscription after each; the regions' resources cannot outlive "
     "them"),
    ("flush", "every region's `memoryUsedInMb` becomes 0", "mock_api stores no data"),
    ("Active-Active VPC peerings", "listed per region of the subscription (`{id, region, vpcPeerings}`), each "
     "with the SDK's `ActiveActiveVPCPeering` fields; `pending-acceptance`, then `active`", "the SDK's model; "
     "Terraform waits for one of active / inactive / pending-acceptance"),
    # private connectivity
    ("not-found and conflict triples of PSC, PrivateLink and Transit Gateways", "PSC_ENDPOINT_NOT_FOUND, "
     "PRIVATE_LINK_NOT_FOUND, PRIVATE_LINK_PRINCIPAL_NOT_FOUND, TGW_DOES_NOT_EXIST, "
     "TGW_RESOURCE_SHARE_DOES_NOT_EXIST, TGW_ATTACHMENT_DOES_NOT_EXIST: `404 NOT_FOUND`; PSC_SERVICE_ALREADY_EXISTS, "
     "PRIVATE_LINK_ALREADY_EXISTS: `409 CONFLICT`; each with its words", "the captured PSC_SERVICE_NOT_FOUND is "
     "404; the spec lists 409 for conflicts. The SDK's PrivateLink fixture says PRIVATELINK_SERVICE_NOT_FOUND, "
     "a type the enum lacks (PRIVATE_LINK_NOT_FOUND is the enum's)"),
    ("resourceId of connectivity tasks", "the subscription's for a PSC service's get, delete and endpoints and an "
     "endpoint's delete (as captured) and for every PrivateLink task; a gateway's or an invitation's own id for "
     "theirs (as captured); no additionalResourceId", "the SDK's captures; a private link has no id of its own "
     "in the API"),
    ("a deleted PSC service or private link", "the read that ends its deprovisioning shows the service `deleted` "
     "and the link empty (`{}`); the next query fails with its not-found triple", "the SDK's statuses have "
     "`deleted`; the SDK reads an empty link as NotFound (\"the API returns an empty resource\")"),
    ("PSC endpoints", "`initialized` while provisioned, then `pending`: mock_api plays the consumer who runs the "
     "creation script; accept → `accept-pending` → `active`, reject → `reject-pending` → `rejected`; an "
     "accept or reject of an `initialized` one: PSC_UPDATE_ENDPOINT_REQUEST_CANNOT_UPDATE_INITIALIZED_ENDPOINT; "
     "deleted in any status (`processing`)", "the SDK's statuses and Terraform's waits (pending before an accept, "
     "accept-pending before active)"),
    ("PSC rules", "an endpoint before its service is active: PSC_SERVICE_NOT_ACTIVE; the same one twice: "
     "PSC_ENDPOINT_ALREADY_EXISTS; an action with other fields: "
     "PSC_UPDATE_ENDPOINT_REQUEST_CANNOT_HAVE_BOTH_ACTION_AND_OTHER_FIELDS; deleting a service that has endpoints: "
     "PSC_SERVICE_CANNOT_DELETE_SERVICE_WITH_ACTIVE_ENDPOINTS (400)", "the enum's types"),
    ("PSC scripts", "gcloud forwarding-rule commands (bash and PowerShell), one Terraform service attachment per "
     "service when `includeTerraformGcpScript=true`", "the SDK's model; no capture of a script"),
    ("PrivateLink", "`initializing`, then `active`; principals `associated` at once; each principal's account "
     "connects one endpoint (a connection mock_api makes, so one can be disassociated); `databases` the "
     "subscription's, with their port and a resource-link endpoint; deleting the link keeps no principal rule",
     "the SDK's model and statuses; Terraform deletes a link with its principals"),
    ("Transit Gateway invitations", "every AWS subscription (each region of an Active-Active one) starts with one, "
     "`pending`, from account 620187402834; accepting it makes its gateway `available` and unattached",
     "mock_api cannot receive an AWS RAM share; the account is the SDK capture's"),
    ("Transit Gateway attachments", "`attachmentStatus` available and an `attachmentUid` once the task completes; "
     "CIDRs `{cidrAddress, status: active}`; same CIDRs again: TGW_ATTACHMENT_CIDRS_ARE_THE_SAME_AS_EXISTING_ONES, "
     "a CIDR twice: TGW_ATTACHMENT_CIDRS_REQUEST_CONTAINS_DUPLICATES (400)", "the SDK's model; Terraform waits "
     "for the gateway's status `available`"),
    ("TGW CIDRs in requests", "strings or `{cidrAddress}` objects", "the spec's schema says objects, its example "
     "and the SDK send strings"),
    # endpoint redirections (private preview)
    ("endpoint redirections", "done at once (the creating answer shows `in-progress`, as the spec's example); the "
     "source database's traffic is then stopped (`stopReason` endpoint-redirection, `canResume`) until resumed "
     "(204) or the redirection is reverted (the same redirection becomes `reverted`); migrationProtection false "
     "or the same database twice: 400; an unknown database: 404", "no capture; the spec gives shapes only"),
]
