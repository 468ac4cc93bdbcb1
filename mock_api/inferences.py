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
    ("account users", "the owner only (id 60000 + account id, role Owner)", "users join by invitation in the "
     "console; the API reads, updates and deletes them"),
    ("cost report file", "`application/octet-stream`: the FOCUS columns and no charge (CSV), or `[]` (JSON), as "
     "the report asked; 404 for an id no completed report gave", "mock_api bills nothing"),
    # endpoint redirections (private preview)
    ("endpoint redirections", "done at once (the creating answer shows `in-progress`, as the spec's example); the "
     "source database's traffic is then stopped (`stopReason` endpoint-redirection, `canResume`) until resumed "
     "(204) or the redirection is reverted (the same redirection becomes `reverted`); migrationProtection false "
     "or the same database twice: 400; an unknown database: 404", "no capture; the spec gives shapes only"),
]
