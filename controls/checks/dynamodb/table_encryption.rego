# METADATA
# title: DynamoDB tables are encrypted at rest, with a known key
# description: >-
#   DynamoDB encrypts every table at rest; what differs is the key: the AWS owned key (the
#   default, outside the account's control and audit trail), the AWS managed key aws/dynamodb, or
#   a customer managed key. Each table passes naming its key type, so the encryption summary can
#   say how each is protected; a table whose KMS key cannot be used (table status
#   INACCESSIBLE_ENCRYPTION_CREDENTIALS, or ARCHIVING/ARCHIVED after the key stayed unusable)
#   fails. The key manager comes from the region's key list when it was read.
# custom:
#   id: dynamodb.table-encryption
#   severity: low
#   resource_type: AWS::DynamoDB::Table
#   sections: [dynamodb.tables]
#   remediation: >-
#     For data that needs key-level control or audit, switch the table to a customer managed key
#     (update-table --sse-specification); restore access to the key of an inaccessible table.
#   references:
#     - Amazon DynamoDB Developer Guide, Encryption at rest
package caliper.checks.dynamodb.table_encryption

import data.caliper.lib
import rego.v1

results := [verdict(region, t, lib.kms_key_managers(r)) |
	some region, r in lib.regions
	some t in r.dynamodb.tables.data
]

key_type(t, keys) := "the AWS owned key (DynamoDB's default)" if {
	not t.SseType
} else := "the AWS managed key aws/dynamodb" if {
	keys[t.KmsMasterKeyArn] == "AWS"
} else := sprintf("customer managed key %s", [t.KmsMasterKeyArn]) if {
	keys[t.KmsMasterKeyArn] == "CUSTOMER"
} else := sprintf("KMS key %s (key manager not read)", [object.get(t, "KmsMasterKeyArn", "?")])

key_lost := {"INACCESSIBLE_ENCRYPTION_CREDENTIALS", "ARCHIVING", "ARCHIVED"}

verdict(region, t, keys) := lib.fail(t.TableArn, region, msg, {"table_status": t.TableStatus}) if {
	t.TableStatus in key_lost
	msg := sprintf("table %s cannot use its KMS key %s (table status %s): its data is inaccessible", [t.TableName, object.get(t, "KmsMasterKeyArn", "?"), t.TableStatus])
} else := lib.pass(t.TableArn, region, msg, {"key": key_type(t, keys)}) if {
	msg := sprintf("table %s is encrypted at rest with %s", [t.TableName, key_type(t, keys)])
}
