# METADATA
# title: Workload resources are watched by alarms
# description: >-
#   A workload account that runs compute or data resources (instances, Auto Scaling groups, Lambda
#   functions, RDS instances and clusters, load balancers, DynamoDB tables) needs at least one
#   alarm on them: without one, its health is watched by nobody. Only alarms that notify (actions
#   enabled, at least one action) count, and an alarm on an Auto Scaling group covers the group's
#   instances; Control Tower's own functions are not workload resources. The account fails when none of its resources is named by an
#   alarm's dimensions, and passes naming what is covered and what is not. An account without such
#   resources is not applicable.
# custom:
#   id: cloudwatch.workload-coverage
#   severity: high
#   resource_type: AWS::::Account
#   sections: [cloudwatch.alarms, ec2.instances, autoscaling.groups, rds.instances, rds.clusters, elbv2.load_balancers, lambda.functions, dynamodb.tables]
#   remediation: >-
#     Define the workload's health KPIs (error rate, latency, saturation of each tier) and create an
#     alarm with an action for each, on the resources that serve it: the load balancer, the Auto
#     Scaling group, the database, the functions.
#   references:
#     - AWS Well-Architected Framework, OPS08-BP01 Analyze workload metrics
#     - AWS Partner calibration guide, OPE-001
package caliper.checks.cloudwatch.workload_coverage

import data.caliper.lib
import rego.v1

results := lib.workload_gate(judged(unreadable))

# An account-level verdict needs every region read (the engine reports what was not).
judged(u) := [verdict(resources, covered)] if count(u) == 0 else := []

unreadable := [name |
	some name, r in lib.regions
	not all_read(r)
]

all_read(r) if {
	is_array(r.cloudwatch.alarms.data)
	is_array(r.ec2.instances.data)
	is_array(r.autoscaling.groups.data)
	is_array(r.rds.instances.data)
	is_array(r.rds.clusters.data)
	is_array(r.elbv2.load_balancers.data)
	is_array(r.lambda.functions.data)
	is_array(r.dynamodb.tables.data)
}

# "region kind=name" for each resource an alarm could watch (instances in an Auto Scaling group
# are counted through their group).
resources := sort({sprintf("%s %s=%s", [region, kind, name]) |
	some region, r in lib.regions
	targets := lib.alarm_targets(r)
	in_groups := {i | some g in r.autoscaling.groups.data; some i in g.Instances}
	some kind, names in targets
	some name in names
	not_grouped(kind, name, in_groups)
	not platform_resource(kind, name)
})

# Resources AWS Control Tower deploys into every account, not the workload's.
platform_resource("FunctionName", name) if startswith(name, "aws-controltower-")

not_grouped(kind, name, in_groups) if kind != "InstanceId"

not_grouped(kind, name, in_groups) if {
	kind == "InstanceId"
	not name in in_groups
}

# Dimensions watched by alarms that notify someone (actions enabled, at least one action).
covered := sort({sprintf("%s %s=%s", [region, k, v]) |
	some region, r in lib.regions
	some a in r.cloudwatch.alarms.data
	a.ActionsEnabled
	count(a.AlarmActions) > 0
	some [k, v] in lib.alarm_dimensions(a)
})

verdict(resources, covered) := lib.not_applicable(lib.account_resource, "global", msg, {"resources": []}) if {
	count(resources) == 0
	msg := sprintf("account %s runs no instance, Auto Scaling group, function, database, load balancer or table in the scanned regions", [input.account.account_id])
} else := lib.fail(lib.account_resource, "global", msg, {"resources": resources, "watched": []}) if {
	watched := {x | some x in resources; x in covered}
	count(watched) == 0
	msg := sprintf("no alarm watches any of the %d workload resource(s) of account %s: %s", [count(resources), input.account.account_id, concat(", ", resources)])
} else := lib.pass(lib.account_resource, "global", msg, values) if {
	watched := sort({x | some x in resources; x in covered})
	unwatched := sort({x | some x in resources; not x in covered})
	values := {"resources": resources, "watched": watched, "unwatched": unwatched}
	msg := sprintf("alarms watch %d of %d workload resource(s) of account %s: %s%s", [count(watched), count(resources), input.account.account_id, concat(", ", watched), unwatched_text(unwatched)])
}

unwatched_text(u) := "" if count(u) == 0 else := sprintf("; not watched: %s", [concat(", ", u)])
