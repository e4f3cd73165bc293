# METADATA
# title: Each alarm leads to a runbook
# description: >-
#   When a KPI alarm fires, the operator should be handed the runbook for it, or the runbook should
#   start by itself. In a workload account, an alarm passes when an alarm action opens a Systems
#   Manager OpsItem or an Incident Manager response plan, or when an enabled EventBridge rule in
#   its region matches its state changes (source aws.cloudwatch, detail type CloudWatch Alarm State
#   Change, and the alarm's ARN or name, or no narrower filter) and targets a Systems Manager
#   Automation or Command document or an Incident Manager response plan. It fails when no such
#   path exists. The runbook's content stays for a person to judge.
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

# The alarm's own actions that open an OpsItem or a response plan.
direct(a) := [x | some x in a.AlarmActions; runbook_target(x)]

# A list in an event pattern holds `value` (plain strings only; other matchers do not count).
holds(pattern_list, value) if {
	some x in pattern_list
	x == value
}

# The rule's pattern matches this alarm's state changes.
matches(p, a) if {
	holds(p.source, "aws.cloudwatch")
	holds(p["detail-type"], "CloudWatch Alarm State Change")
	names_alarm(p, a)
}

names_alarm(p, a) if {
	not p.resources
	not p.detail.alarmName
}

names_alarm(p, a) if holds(p.resources, a.AlarmArn)

names_alarm(p, a) if holds(p.detail.alarmName, a.AlarmName)

via_rules(a, rules) := sort({sprintf("EventBridge rule %s → %s", [rule.Name, t]) |
	some rule in rules
	object.get(rule, "State", "ENABLED") == "ENABLED"
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
