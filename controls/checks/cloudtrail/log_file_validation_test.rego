package caliper.checks.cloudtrail.log_file_validation_test

import data.caliper.checks.cloudtrail.log_file_validation as check
import data.caliper.testing
import rego.v1

trail(name, validation) := {
	"Name": name,
	"TrailARN": sprintf("arn:aws:cloudtrail:eu-west-1:111111111111:trail/%s", [name]),
	"HomeRegion": "eu-west-1",
	"IsMultiRegionTrail": true,
	"IsOrganizationTrail": false,
	"LogFileValidationEnabled": validation,
}

account(trails) := {"regions": {"eu-west-1": {"cloudtrail": {"trails": testing.section(trails)}}}}

test_pass_when_validation_enabled if {
	r := check.results with input as testing.input_for(account([trail("main", true)]))
	testing.statuses(r) == {"pass"}
	some f in r
	f.resource == "arn:aws:cloudtrail:eu-west-1:111111111111:trail/main"
	f.region == "eu-west-1"
}

test_fail_when_validation_disabled if {
	r := check.results with input as testing.input_for(account([trail("main", false)]))
	testing.statuses(r) == {"fail"}
	some f in r
	f.message == "trail main (arn:aws:cloudtrail:eu-west-1:111111111111:trail/main) has log file validation disabled (LogFileValidationEnabled = false)"
	f.values == {"LogFileValidationEnabled": false}
}

test_one_verdict_per_trail if {
	r := check.results with input as testing.input_for(account([trail("a", true), trail("b", false)]))
	count(r) == 2
	testing.statuses(r) == {"pass", "fail"}
}

test_no_verdict_when_trails_missing if {
	r := check.results with input as testing.input_for({"regions": {"eu-west-1": {"cloudtrail": {"trails": testing.denied}}}})
	count(r) == 0
}
