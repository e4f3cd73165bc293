# METADATA
# title: Each alarm leads to a runbook
# description: >-
#   When a KPI alarm fires, the operator should be handed the runbook for it, or the runbook should
#   start by itself. In a workload account, an alarm passes when an alarm action opens a Systems
#   Manager OpsItem or an Incident Manager response plan, or when an enabled EventBridge rule in
#   its region matches its state changes (source aws.cloudwatch, detail type CloudWatch Alarm State
#   Change, and the alarm's ARN or name, or no narrower filter) and targets a Systems Manager
#   Automation or Command document or an Incident Manager response plan. It fails when no such
#   path exists. Every field the rule's pattern names must match (a state filter must admit
#   ALARM); plain strings and prefix matchers are evaluated, other matchers are not and do not
#   count. The runbook's content stays for a person to judge.
# custom:
#   id: cloudwatch.alarm-runbook
#   severity: medium
#   resource_type: AWS::CloudWatch::Alarm
#   sections: [cloudwatch.alarms, events.rules]
#   remediation: >-
#     Add an EventBridge rule on the alarm's state change that starts the runbook's Automation
#     document, or give the alarm an Incident Manager response plan or OpsItem action whose
#     description links the runbook.
#   references:
#     - AWS Well-Architected Framework, OPS10-BP02 Have a process per alert
#     - AWS Partner calibration guide, OPE-002
package caliper.checks.cloudwatch.alarm_runbook

import data.caliper.lib
import rego.v1

results := lib.workload_gate(judged)

judged := [verdict(region, a, rules) |
	some region, r in lib.regions
	rules := r.events.rules.data
	is_array(rules)
	some a in r.cloudwatch.alarms.data
]

# A runbook target: an Automation definition, a Command document, an Incident Manager response
# plan or an OpsItem.
runbook_target(arn) if contains(arn, ":automation-definition/")

runbook_target(arn) if contains(arn, ":document/")

runbook_target(arn) if startswith(arn, "arn:aws:ssm-incidents:")

runbook_target(arn) if contains(arn, ":opsitem")

# The alarm's own actions that open an OpsItem or a response plan (they run only while its
# actions are enabled).
direct(a) := [x | a.ActionsEnabled; some x in a.AlarmActions; runbook_target(x)]

# A list in an event pattern matches `value`: a string equal to it, or a {"prefix": ...} matcher.
# Other matchers (wildcard, anything-but, numeric, $or) are not evaluated and do not count.
holds(pattern_list, value) if {
	some x in pattern_list
	x == value
}

holds(pattern_list, value) if {
	some x in pattern_list
	is_string(x.prefix)
	startswith(value, x.prefix)
}

# A pattern field matches when it is absent or holds the value: EventBridge requires every
# field the pattern names to match.
field(p, path, value) if {
	object.get(p, path, null) == null
}

field(p, path, value) if holds(object.get(p, path, []), value)

# The rule's pattern matches this alarm going into ALARM.
matches(p, a) if {
	holds(p.source, "aws.cloudwatch")
	field(p, ["detail-type"], "CloudWatch Alarm State Change")
	field(p, ["resources"], a.AlarmArn)
	field(p, ["detail", "alarmName"], a.AlarmName)
	field(p, ["detail", "state", "value"], "ALARM")
}

enabled_states := {"ENABLED", "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"}

via_rules(a, rules) := sort({sprintf("EventBridge rule %s → %s", [rule.Name, t]) |
	some rule in rules
	object.get(rule, "State", "ENABLED") in enabled_states
	is_string(rule.EventPattern)
	p := json.unmarshal(rule.EventPattern)
	matches(p, a)
	some t in rule.Targets
	runbook_target(t)
})

verdict(region, a, rules) := v if {
	paths := array.concat(sort([sprintf("alarm action %s", [x]) | some x in direct(a)]), via_rules(a, rules))
	v := decide(region, a, paths)
}

decide(region, a, paths) := lib.pass(a.AlarmArn, region, msg, {"paths": paths}) if {
	count(paths) > 0
	msg := sprintf("alarm %s leads to a runbook: %s", [a.AlarmName, concat("; ", paths)])
} else := lib.fail(a.AlarmArn, region, msg, {"paths": [], "alarm_actions": a.AlarmActions}) if {
	msg := sprintf("alarm %s leads to no runbook: no alarm action opens an OpsItem or response plan, and no EventBridge rule on its state change starts a Systems Manager document", [a.AlarmName])
}
