package caliper.checks.cloudwatch.dashboards_test

import data.caliper.checks.cloudwatch.dashboards as check
import data.caliper.testing
import rego.v1

account(east, west) := {"regions": {
	"us-east-1": {"cloudwatch": {"dashboards": testing.section(east)}},
	"eu-west-1": {"cloudwatch": {"dashboards": testing.section(west)}},
}}

test_pass_when_any_region_has_one if {
	r := check.results with input as testing.workload_input(account([], ["shop"]))
	testing.statuses(r) == {"pass"}
	r[0].message == "account 111111111111 has CloudWatch dashboard(s) shop (eu-west-1)"
}

test_fail_without_dashboards if {
	r := check.results with input as testing.workload_input(account([], []))
	testing.statuses(r) == {"fail"}
}

test_not_applicable_outside_workloads if {
	r := check.results with input as testing.platform_input(account([], []))
	testing.statuses(r) == {"not_applicable"}
}

test_no_verdict_when_a_region_is_unreadable if {
	inp := testing.workload_input({"regions": {
		"us-east-1": {"cloudwatch": {"dashboards": testing.denied}},
		"eu-west-1": {"cloudwatch": {"dashboards": testing.section([])}},
	}})
	r := check.results with input as inp
	count(r) == 0
}
