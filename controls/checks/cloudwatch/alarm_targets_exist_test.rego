package caliper.checks.cloudwatch.alarm_targets_exist_test

import data.caliper.checks.cloudwatch.alarm_targets_exist as check
import data.caliper.testing
import rego.v1

alarm(name, ns, dims) := {
	"AlarmName": name, "AlarmArn": sprintf("arn:aws:cloudwatch:eu-west-1:111111111111:alarm:%s", [name]),
	"Type": "metric", "ActionsEnabled": true, "AlarmActions": [], "OKActions": [], "InsufficientDataActions": [],
	"Metrics": [{"Namespace": ns, "MetricName": "M", "Dimensions": dims}],
}

region(alarms) := {
	"cloudwatch": {"alarms": testing.section(alarms)},
	"ec2": {"instances": testing.section([{"InstanceId": "i-1", "State": "running", "SecurityGroups": []}])},
	"autoscaling": {"groups": testing.section([{"AutoScalingGroupName": "web", "AutoScalingGroupARN": "arn:asg", "MinSize": 2, "MaxSize": 4, "DesiredCapacity": 2}])},
	"rds": {"instances": testing.section([]), "clusters": testing.section([])},
	"elbv2": {"load_balancers": testing.section([{"LoadBalancerArn": "arn:aws:elasticloadbalancing:eu-west-1:111111111111:loadbalancer/app/shop/50dc", "LoadBalancerName": "shop", "Type": "application", "Scheme": "internet-facing"}])},
	"lambda": {"functions": testing.section([])},
	"dynamodb": {"tables": testing.section([])},
}

run(alarms) := r if {
	r := check.results with input as testing.workload_input({"regions": {"eu-west-1": region(alarms)}})
}

test_pass_for_existing_group_instance_and_load_balancer if {
	r := run([
		alarm("cpu", "AWS/EC2", {"AutoScalingGroupName": "web"}),
		alarm("disk", "CWAgent", {"InstanceId": "i-1", "path": "/"}),
		alarm("5xx", "AWS/ApplicationELB", {"LoadBalancer": "app/shop/50dc"}),
	])
	testing.statuses(r) == {"pass"}
	count(r) == 3
}

test_fail_for_a_deleted_database if {
	r := run([alarm("db", "AWS/RDS", {"DBInstanceIdentifier": "orders-old"})])
	testing.statuses(r) == {"fail"}
	r[0].message == "alarm db watches DBInstanceIdentifier=orders-old, which does not exist in eu-west-1: that metric gets no data"
}

test_not_applicable_for_custom_metrics if {
	r := run([alarm("queue", "Shop", {"Queue": "orders"})])
	testing.statuses(r) == {"not_applicable"}
}

test_no_verdict_when_a_resource_list_is_missing if {
	reg := object.union(object.remove(region([alarm("db", "AWS/RDS", {"DBInstanceIdentifier": "x"})]), ["rds"]), {"rds": {"instances": testing.denied, "clusters": testing.section([])}})
	r := check.results with input as testing.workload_input({"regions": {"eu-west-1": reg}})
	count(r) == 0
}

test_a_dimension_name_in_another_namespace_is_not_looked_up if {
	r := run([alarm("connect", "AWS/Connect", {"InstanceId": "0fd6a1c2-0000-4c1b-9d7e-123456789abc"})])
	testing.statuses(r) == {"not_applicable"}
}
