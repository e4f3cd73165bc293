package caliper.checks.ha.scaling_test

import data.caliper.checks.ha.scaling as check
import data.caliper.testing
import rego.v1

group(min, max) := {"AutoScalingGroupName": "web", "AutoScalingGroupARN": "arn:aws:autoscaling:eu-west-1:111111111111:autoScalingGroup:1:autoScalingGroupName/web", "MinSize": min, "MaxSize": max, "DesiredCapacity": min, "AvailabilityZones": ["eu-west-1a"]}

policy := {"PolicyName": "cpu-60", "AutoScalingGroupName": "web", "PolicyType": "TargetTrackingScaling", "Enabled": true}

inp(instances, groups, policies) := testing.workload_input({"regions": {"eu-west-1": {
	"ec2": {"instances": testing.section(instances)},
	"autoscaling": {"groups": testing.section(groups), "policies": testing.section(policies)},
}}})

test_a_group_that_grows_with_a_policy_passes if {
	r := check.results with input as inp([{"InstanceId": "i-1", "State": "running", "AutoScalingGroup": "web"}], [group(2, 6)], [policy])
	testing.statuses(r) == {"pass"}
	contains(r[0].message, "between 2 and 6 instances")
}

test_fixed_groups_groups_without_policies_and_single_instances_fail if {
	r := check.results with input as inp([], [group(2, 2)], [policy])
	testing.statuses(r) == {"fail"}
	r2 := check.results with input as inp([], [group(2, 6)], [object.union(policy, {"Enabled": false})])
	testing.statuses(r2) == {"fail"}
	r3 := check.results with input as inp([{"InstanceId": "i-1", "State": "running", "InstanceType": "m6i.large", "AvailabilityZone": "eu-west-1a"}], [], [])
	testing.statuses(r3) == {"fail"}
	contains(r3[0].message, "m6i.large in eu-west-1a")
}

test_not_applicable_outside_workloads if {
	r := check.results with input as testing.platform_input({"regions": {"eu-west-1": {"ec2": {"instances": testing.section([])}}}})
	testing.statuses(r) == {"not_applicable"}
}

test_no_group_verdict_when_policies_are_unreadable if {
	r := check.results with input as testing.workload_input({"regions": {"eu-west-1": {
		"ec2": {"instances": testing.section([])},
		"autoscaling": {"groups": testing.section([group(2, 6)]), "policies": testing.denied},
	}}})
	count(r) == 0
}
