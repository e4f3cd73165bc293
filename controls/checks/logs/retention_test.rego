package caliper.checks.logs.retention_test

import data.caliper.checks.logs.retention as check
import data.caliper.testing
import rego.v1

account(groups) := {"regions": {"eu-west-1": {"logs": {"log_groups": testing.section(groups)}}}}

test_pass_with_retention if {
	r := check.results with input as testing.workload_input(account([{"LogGroupName": "/shop/audit", "RetentionInDays": 365, "StoredBytes": 10}]))
	testing.statuses(r) == {"pass"}
	r[0].resource == "arn:aws:logs:eu-west-1:111111111111:log-group:/shop/audit"
}

test_fail_without_retention_reports_stored_bytes if {
	r := check.results with input as testing.workload_input(account([{"LogGroupName": "/shop/web", "StoredBytes": 52428800}]))
	testing.statuses(r) == {"fail"}
	r[0].message == "log group /shop/web keeps events forever (no retention set; 52428800 bytes stored)"
}

test_no_verdict_when_log_groups_are_missing if {
	r := check.results with input as testing.workload_input({"regions": {"eu-west-1": {"logs": {"log_groups": testing.denied}}}})
	count(r) == 0
}
