package caliper.checks.cloudwatch.alarm_runbook_test

import data.caliper.checks.cloudwatch.alarm_runbook as check
import data.caliper.testing
import rego.v1

arn := "arn:aws:cloudwatch:eu-west-1:111111111111:alarm:cpu"

alarm(actions) := {
	"AlarmName": "cpu", "AlarmArn": arn, "Type": "metric", "ActionsEnabled": true,
	"AlarmActions": actions, "OKActions": [], "InsufficientDataActions": [], "Metrics": [],
}

automation := "arn:aws:ssm:eu-west-1:111111111111:automation-definition/restart-web:$DEFAULT"

rule(pattern, targets, state) := {"Name": "r", "Arn": "arn:aws:events:eu-west-1:111111111111:rule/r", "State": state, "EventPattern": json.marshal(pattern), "Targets": targets}

state_change(extra) := object.union({"source": ["aws.cloudwatch"], "detail-type": ["CloudWatch Alarm State Change"]}, extra)

run(alarms, rules) := r if {
	r := check.results with input as testing.workload_input({"regions": {"eu-west-1": {
		"cloudwatch": {"alarms": testing.section(alarms)},
		"events": {"rules": testing.section(rules)},
	}}})
}

test_pass_through_a_rule_on_the_alarm_that_starts_an_automation if {
	r := run([alarm([])], [rule(state_change({"resources": [arn]}), [automation], "ENABLED")])
	testing.statuses(r) == {"pass"}
	r[0].message == sprintf("alarm cpu leads to a runbook: EventBridge rule r → %s", [automation])
}

test_pass_through_a_rule_on_every_alarm_or_on_its_name if {
	testing.statuses(run([alarm([])], [rule(state_change({}), [automation], "ENABLED")])) == {"pass"}
	testing.statuses(run([alarm([])], [rule(state_change({"detail": {"alarmName": ["cpu"]}}), [automation], "ENABLED")])) == {"pass"}
}

test_pass_through_an_incident_manager_action if {
	r := run([alarm(["arn:aws:ssm-incidents::111111111111:response-plan/shop"])], [])
	testing.statuses(r) == {"pass"}
}

test_fail_when_the_rule_targets_only_a_topic_or_another_alarm_or_is_disabled if {
	testing.statuses(run([alarm([])], [rule(state_change({"resources": [arn]}), ["arn:aws:sns:eu-west-1:111111111111:oncall"], "ENABLED")])) == {"fail"}
	testing.statuses(run([alarm([])], [rule(state_change({"resources": ["arn:aws:cloudwatch:eu-west-1:111111111111:alarm:other"]}), [automation], "ENABLED")])) == {"fail"}
	testing.statuses(run([alarm([])], [rule(state_change({"resources": [arn]}), [automation], "DISABLED")])) == {"fail"}
}

test_fail_for_an_sns_only_alarm if {
	r := run([alarm(["arn:aws:sns:eu-west-1:111111111111:oncall"])], [])
	testing.statuses(r) == {"fail"}
}

test_no_verdict_when_rules_are_missing if {
	r := check.results with input as testing.workload_input({"regions": {"eu-west-1": {
		"cloudwatch": {"alarms": testing.section([alarm([])])},
		"events": {"rules": testing.denied},
	}}})
	count(r) == 0
}

test_every_field_of_the_pattern_must_match if {
	# Resources name another alarm: the rule never fires for this one, whatever its name filter says.
	both := state_change({"resources": ["arn:aws:cloudwatch:eu-west-1:111111111111:alarm:other"], "detail": {"alarmName": ["cpu"]}})
	testing.statuses(run([alarm([])], [rule(both, [automation], "ENABLED")])) == {"fail"}
	# A rule that runs only on recovery is not a path from the alarm.
	ok_only := state_change({"resources": [arn], "detail": {"state": {"value": ["OK"]}}})
	testing.statuses(run([alarm([])], [rule(ok_only, [automation], "ENABLED")])) == {"fail"}
	alarm_state := state_change({"resources": [arn], "detail": {"state": {"value": ["ALARM"]}}})
	testing.statuses(run([alarm([])], [rule(alarm_state, [automation], "ENABLED")])) == {"pass"}
}

test_prefix_matchers_and_source_only_patterns_match if {
	prefix := state_change({"detail": {"alarmName": [{"prefix": "cp"}]}})
	testing.statuses(run([alarm([])], [rule(prefix, [automation], "ENABLED")])) == {"pass"}
	testing.statuses(run([alarm([])], [rule({"source": ["aws.cloudwatch"]}, [automation], "ENABLED")])) == {"pass"}
}

test_a_direct_action_needs_actions_enabled if {
	off := object.union(alarm(["arn:aws:ssm-incidents::111111111111:response-plan/shop"]), {"ActionsEnabled": false})
	testing.statuses(run([off], [])) == {"fail"}
}
