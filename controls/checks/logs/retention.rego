# METADATA
# title: Log groups keep logs for a set time
# description: >-
#   A CloudWatch Logs group without a retention setting keeps every event forever: cost grows
#   without bound and nobody decided how long the workload's logs are needed. In a workload
#   account, each log group fails without a retention period (reported with the bytes it stores)
#   and passes with one.
# custom:
#   id: logs.retention
#   severity: low
#   resource_type: AWS::Logs::LogGroup
#   sections: [logs.log_groups]
#   remediation: >-
#     Set a retention period that meets the customer's requirement (put-retention-policy), and set
#     it in the template that creates the log group.
#   references:
#     - AWS Security Hub CloudWatch.16
package caliper.checks.logs.retention

import data.caliper.lib
import rego.v1

results := lib.workload_gate(judged)

judged := [verdict(region, g) |
	some region, r in lib.regions
	some g in r.logs.log_groups.data
]

arn(region, g) := sprintf("arn:aws:logs:%s:%s:log-group:%s", [region, input.account.account_id, g.LogGroupName])

verdict(region, g) := lib.pass(arn(region, g), region, msg, {"retention_in_days": g.RetentionInDays}) if {
	is_number(g.RetentionInDays)
	msg := sprintf("log group %s keeps events for %d days", [g.LogGroupName, g.RetentionInDays])
} else := lib.fail(arn(region, g), region, msg, {"retention_in_days": null, "stored_bytes": bytes}) if {
	bytes := object.get(g, "StoredBytes", 0)
	msg := sprintf("log group %s keeps events forever (no retention set; %d bytes stored)", [g.LogGroupName, bytes])
}
