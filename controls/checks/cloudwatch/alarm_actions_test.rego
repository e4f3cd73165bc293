package caliper.checks.cloudwatch.alarm_actions_test

import data.caliper.checks.cloudwatch.alarm_actions as check
import data.caliper.testing
import rego.v1

alarm(name, actions, enabled) := {
	"AlarmName": name, "AlarmArn": sprintf("arn:aws:cloudwatch:eu-west-1:111111111111:alarm:%s", [name]),
	"Type": "metric", "ActionsEnabled": enabled, "AlarmActions": actions, "OKActions": [], "InsufficientDataActions": [],
	"Metrics": [{"Namespace": "AWS/EC2", "MetricName": "CPUUtilization", "Dimensions": {"AutoScalingGroupName": "web"}}],
}

account(alarms) := {"regions": {"eu-west-1": {"cloudwatch": {"alarms": testing.section(alarms)}}}}

topic := "arn:aws:sns:eu-west-1:111111111111:oncall"

test_pass_when_the_alarm_notifies if {
	r := check.results with input as testing.workload_input(account([alarm("cpu", [topic], true)]))
	testing.statuses(r) == {"pass"}
	r[0].message == "alarm cpu (AWS/EC2 CPUUtilization (AutoScalingGroupName=web)) notifies arn:aws:sns:eu-west-1:111111111111:oncall"
	r[0].values.workload_account == "a member account outside the security and log-archive OUs"
}

test_fail_without_actions if {
	r := check.results with input as testing.workload_input(account([alarm("cpu", [], true)]))
	testing.statuses(r) == {"fail"}
	contains(r[0].message, "nobody is told")
}

test_fail_with_actions_disabled if {
	r := check.results with input as testing.workload_input(account([alarm("cpu", [topic], false)]))
	testing.statuses(r) == {"fail"}
}

test_not_applicable_outside_the_workload_set if {
	r := check.results with input as testing.platform_input(account([alarm("cpu", [], true)]))
	testing.statuses(r) == {"not_applicable"}
	r[0].resource == "arn:aws:::111111111111:account"
}

test_error_when_membership_is_unknown if {
	r := check.results with input as testing.unknown_input(account([alarm("cpu", [], true)]))
	testing.statuses(r) == {"error"}
	contains(r[0].message, "its tags could not be read")
}

test_no_verdict_when_alarms_are_missing if {
	r := check.results with input as testing.workload_input({"regions": {"eu-west-1": {"cloudwatch": {"alarms": testing.denied}}}})
	count(r) == 0
}

test_a_child_of_a_notifying_composite_alarm_passes if {
	composite := {"AlarmName": "shop-down", "AlarmArn": "arn:aws:cloudwatch:eu-west-1:111111111111:alarm:shop-down", "Type": "composite", "ActionsEnabled": true, "AlarmActions": [topic], "OKActions": [], "InsufficientDataActions": [], "Metrics": [], "AlarmRule": "ALARM(\"cpu\") AND ALARM(\"5xx\")"}
	r := check.results with input as testing.workload_input(account([alarm("cpu", [], true), composite]))
	testing.statuses(r) == {"pass"}
}
