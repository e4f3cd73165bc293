# METADATA
# title: Production tables can be restored to any point in time
# description: >-
#   Point-in-time recovery lets a DynamoDB table be restored to any second of its recovery period
#   (up to 35 days): the recovery point after a bad write or deletion is minutes old, not the last
#   on-demand backup. In a production account, each table passes with it enabled (naming the
#   period) and fails without it. Tables outside production accounts are not judged.
# custom:
#   id: dynamodb.pitr
#   severity: medium
#   resource_type: AWS::DynamoDB::Table
#   sections: [dynamodb.tables, dynamodb.continuous_backups]
#   remediation: >-
#     Turn on point-in-time recovery (update-continuous-backups
#     --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true), in the table's
#     template as well.
#   references:
#     - AWS Security Hub DynamoDB.2
#     - AWS Partner calibration guide, REL-002
package caliper.checks.dynamodb.pitr

import data.caliper.lib
import rego.v1

results := lib.production_gate(judged)

judged := [verdict(region, t, backups) |
	some region, r in lib.regions
	backups := {b.TableName: b | some b in r.dynamodb.continuous_backups.data}
	is_array(r.dynamodb.continuous_backups.data)
	some t in r.dynamodb.tables.data
]

verdict(region, t, backups) := lib.pass(t.TableArn, region, msg, {"point_in_time_recovery": "ENABLED", "recovery_period_days": days}) if {
	b := backups[t.TableName]
	b.PointInTimeRecoveryStatus == "ENABLED"
	days := object.get(b, "RecoveryPeriodInDays", 35)
	msg := sprintf("table %s can be restored to any point of the last %d days", [t.TableName, days])
} else := lib.fail(t.TableArn, region, msg, {"point_in_time_recovery": "DISABLED"}) if {
	backups[t.TableName]
	msg := sprintf("table %s has point-in-time recovery off: it can only be restored from on-demand backups", [t.TableName])
} else := lib.unknown(t.TableArn, region, sprintf("the point-in-time recovery of table %s was not read", [t.TableName]), {})
