package caliper.checks.cloudwatch.workload_coverage_test

import data.caliper.checks.cloudwatch.workload_coverage as check
import data.caliper.testing
import rego.v1

alarm(dims) := {
	"AlarmName": "a", "AlarmArn": "arn:aws:cloudwatch:eu-west-1:111111111111:alarm:a", "Type": "metric",
	"ActionsEnabled": true, "AlarmActions": ["arn:aws:sns:eu-west-1:111111111111:oncall"], "OKActions": [], "InsufficientDataActions": [],
	"Metrics": [{"Namespace": "AWS/EC2", "MetricName": "CPUUtilization", "Dimensions": dims}],
}

region(alarms, instances, groups) := {
	"cloudwatch": {"alarms": testing.section(alarms)},
	"ec2": {"instances": testing.section([{"InstanceId": i, "State": "running", "SecurityGroups": []} | some i in instances])},
	"autoscaling": {"groups": testing.section(groups)},
	"rds": {"instances": testing.section([]), "clusters": testing.section([])},
	"elbv2": {"load_balancers": testing.section([])},
	"lambda": {"functions": testing.section([])},
	"dynamodb": {"tables": testing.section([])},
}

web := {"AutoScalingGroupName": "web", "AutoScalingGroupARN": "arn:asg", "MinSize": 2, "MaxSize": 4, "DesiredCapacity": 2, "Instances": ["i-1", "i-2"]}

run(reg) := r if {
	r := check.results with input as testing.workload_input({"regions": {"eu-west-1": reg}})
}

test_an_alarm_on_the_group_covers_its_instances if {
	r := run(region([alarm({"AutoScalingGroupName": "web"})], ["i-1", "i-2"], [web]))
	testing.statuses(r) == {"pass"}
	r[0].message == "alarms watch 1 of 1 workload resource(s) of account 111111111111: eu-west-1 AutoScalingGroupName=web"
}

test_pass_names_what_is_not_watched if {
	r := run(region([alarm({"InstanceId": "i-9"})], ["i-9", "i-10"], []))
	testing.statuses(r) == {"pass"}
	r[0].values.unwatched == ["eu-west-1 InstanceId=i-10"]
}

test_fail_when_no_alarm_watches_anything if {
	r := run(region([alarm({"InstanceId": "i-gone"})], ["i-1"], []))
	testing.statuses(r) == {"fail"}
	contains(r[0].message, "no alarm watches any of the 1 workload resource(s)")
}

test_not_applicable_without_resources if {
	r := run(region([], [], []))
	testing.statuses(r) == {"not_applicable"}
}

test_no_verdict_when_a_region_is_unreadable if {
	reg := object.union(object.remove(region([], ["i-1"], []), ["autoscaling"]), {"autoscaling": {"groups": testing.denied}})
	r := run(reg)
	count(r) == 0
}

test_an_alarm_that_notifies_nobody_covers_nothing if {
	silent := object.union(alarm({"AutoScalingGroupName": "web"}), {"AlarmActions": []})
	r := run(region([silent], ["i-1", "i-2"], [web]))
	testing.statuses(r) == {"fail"}
}
