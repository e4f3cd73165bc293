# METADATA
# title: Alarms watch resources that exist
# description: >-
#   An alarm whose dimensions name a resource that no longer exists watches nothing: its metric
#   has no data and it never fires. In a workload account, each metric alarm is checked against
#   the resources read in its region, for the dimensions caliper can resolve (InstanceId,
#   AutoScalingGroupName, DBInstanceIdentifier, DBClusterIdentifier, LoadBalancer, FunctionName,
#   TableName, each in the namespaces where it names such a resource). It fails when one names a
#   missing resource and passes when every such dimension
#   names one that exists; alarms without such dimensions (custom metrics, account-wide metrics)
#   are not applicable.
# custom:
#   id: cloudwatch.alarm-targets-exist
#   severity: medium
#   resource_type: AWS::CloudWatch::Alarm
#   sections: [cloudwatch.alarms, ec2.instances, autoscaling.groups, rds.instances, rds.clusters, elbv2.load_balancers, lambda.functions, dynamodb.tables]
#   remediation: >-
#     Point the alarm at the resource that replaced the deleted one (put-metric-alarm with the
#     new dimension value), or delete the alarm; create alarms with the resource in the same
#     template so they follow it.
#   references:
#     - AWS Well-Architected Framework, OPS08-BP02 Analyze workload metrics
package caliper.checks.cloudwatch.alarm_targets_exist

import data.caliper.lib
import rego.v1

results := lib.workload_gate(judged)

judged := [verdict(region, a, targets) |
	some region, r in lib.regions
	is_array(r.cloudwatch.alarms.data)
	is_array(r.ec2.instances.data)
	is_array(r.autoscaling.groups.data)
	is_array(r.rds.instances.data)
	is_array(r.rds.clusters.data)
	is_array(r.elbv2.load_balancers.data)
	is_array(r.lambda.functions.data)
	is_array(r.dynamodb.tables.data)
	targets := lib.alarm_targets(r)
	some a in r.cloudwatch.alarms.data
	a.Type == "metric"
]

verdict(region, a, targets) := v if {
	named := sort({sprintf("%s=%s", [k, val]) | some [k, val] in lib.alarm_dimensions(a)})
	missing := sort({sprintf("%s=%s", [k, val]) | some [k, val] in lib.alarm_dimensions(a); not val in targets[k]})
	v := decide(region, a, named, missing)
}

decide(region, a, named, missing) := lib.fail(a.AlarmArn, region, msg, {"missing": missing, "named": named}) if {
	count(missing) > 0
	msg := sprintf("alarm %s watches %s, which does not exist in %s: that metric gets no data", [a.AlarmName, concat(", ", missing), region])
} else := lib.pass(a.AlarmArn, region, msg, {"missing": [], "named": named}) if {
	count(named) > 0
	msg := sprintf("alarm %s watches %s, which exists", [a.AlarmName, concat(", ", named)])
} else := lib.not_applicable(a.AlarmArn, region, msg, {"missing": [], "named": []}) if {
	msg := sprintf("alarm %s names no resource caliper can look up (custom or account-wide metric)", [a.AlarmName])
}
