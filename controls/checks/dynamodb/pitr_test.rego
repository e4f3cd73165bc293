package caliper.checks.dynamodb.pitr_test

import data.caliper.checks.dynamodb.pitr as check
import data.caliper.testing
import rego.v1

table := {"TableName": "orders", "TableArn": "arn:aws:dynamodb:eu-west-1:111111111111:table/orders", "TableStatus": "ACTIVE"}

account(backups) := {"regions": {"eu-west-1": {"dynamodb": {"tables": testing.section([table]), "continuous_backups": testing.section(backups)}}}}

test_pass_with_point_in_time_recovery if {
	r := check.results with input as testing.production_input(account([{"TableName": "orders", "PointInTimeRecoveryStatus": "ENABLED", "RecoveryPeriodInDays": 14}]))
	testing.statuses(r) == {"pass"}
	r[0].message == "table orders can be restored to any point of the last 14 days"
}

test_fail_without if {
	r := check.results with input as testing.production_input(account([{"TableName": "orders", "PointInTimeRecoveryStatus": "DISABLED"}]))
	testing.statuses(r) == {"fail"}
}

test_error_when_the_table_was_not_in_the_backup_list if {
	r := check.results with input as testing.production_input(account([]))
	testing.statuses(r) == {"error"}
}

test_not_applicable_outside_production if {
	r := check.results with input as testing.workload_input(account([]))
	testing.statuses(r) == {"not_applicable"}
}

test_no_verdict_when_backups_are_missing if {
	r := check.results with input as testing.production_input({"regions": {"eu-west-1": {"dynamodb": {"tables": testing.section([table]), "continuous_backups": testing.denied}}}})
	count(r) == 0
}
