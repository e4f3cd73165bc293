# METADATA
# title: Alarms notify someone
# description: >-
#   A CloudWatch alarm is only a health KPI when its state change reaches a person or a process.
#   In a workload account, every metric and composite alarm passes when its actions are enabled
#   and it has at least one alarm action (SNS topic, Auto Scaling, EC2, Systems Manager or Incident
#   Manager); it fails when it has none, or when its actions are disabled. Alarms in accounts
#   outside the workload set are not judged.
# custom:
#   id: cloudwatch.alarm-actions
#   severity: medium
#   resource_type: AWS::CloudWatch::Alarm
#   sections: [cloudwatch.alarms]
#   remediation: >-
#     Give the alarm an AlarmActions target that pages the on-call team (an SNS topic subscribed
#     by the paging tool) or starts a runbook, and keep ActionsEnabled on
#     (cloudwatch enable-alarm-actions).
#   references:
#     - AWS Well-Architected Framework, OPS08-BP04 Create actionable alerts
package caliper.checks.cloudwatch.alarm_actions

import data.caliper.lib
import rego.v1

results := lib.workload_gate(judged)

judged := [verdict(region, a, rules) |
	some region, r in lib.regions
	rules := composite_rules(r)
	some a in r.cloudwatch.alarms.data
]

# Rules of composite alarms that notify: an alarm they name needs no action of its own (AWS's
# pattern for reducing alarm noise).
composite_rules(r) := [sprintf("%s: %s", [a.AlarmName, a.AlarmRule]) |
	some a in r.cloudwatch.alarms.data
	a.Type == "composite"
	a.ActionsEnabled
	count(a.AlarmActions) > 0
]

in_composite(a, rules) := [x | some x in rules; contains(x, sprintf("\"%s\"", [a.AlarmName]))]

verdict(region, a, rules) := lib.pass(a.AlarmArn, region, msg, {"alarm_actions": [], "composite": parents}) if {
	count(a.AlarmActions) == 0
	parents := in_composite(a, rules)
	count(parents) > 0
	msg := sprintf("alarm %s has no action of its own; the composite alarm that names it notifies (%s)", [a.AlarmName, concat("; ", parents)])
} else := lib.fail(a.AlarmArn, region, msg, values) if {
	count(a.AlarmActions) == 0
	values := {"alarm_actions": [], "actions_enabled": a.ActionsEnabled}
	msg := sprintf("alarm %s has no alarm action: when it fires, nobody is told and nothing runs", [a.AlarmName])
} else := lib.fail(a.AlarmArn, region, msg, values) if {
	not a.ActionsEnabled
	values := {"alarm_actions": a.AlarmActions, "actions_enabled": false}
	msg := sprintf("alarm %s has its actions disabled: %s will not be triggered", [a.AlarmName, concat(", ", a.AlarmActions)])
} else := lib.pass(a.AlarmArn, region, msg, {"alarm_actions": a.AlarmActions, "actions_enabled": true}) if {
	msg := sprintf("alarm %s (%s) notifies %s", [a.AlarmName, watched(a), concat(", ", a.AlarmActions)])
}

# "AWS/EC2 CPUUtilization (AutoScalingGroupName=web)", or the composite rule.
watched(a) := concat("; ", [sprintf("%s %s%s", [m.Namespace, m.MetricName, dims(m)]) | some m in a.Metrics]) if {
	count(a.Metrics) > 0
} else := sprintf("composite: %s", [a.AlarmRule]) if {
	is_string(a.AlarmRule)
} else := "no metric"

dims(m) := "" if {
	count(object.get(m, "Dimensions", {})) == 0
} else := sprintf(" (%s)", [concat(", ", sort([sprintf("%s=%s", [k, v]) | some k, v in m.Dimensions]))])
