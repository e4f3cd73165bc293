package caliper.checks.ha.zones_test

import data.caliper.checks.ha.zones as check
import data.caliper.testing
import rego.v1

subnet(id, zone) := {"SubnetId": id, "VpcId": "vpc-1", "AvailabilityZone": zone}

region(subnets, instances, groups, balancers, nats, tables) := {
	"ec2": {
		"vpcs": testing.section([{"VpcId": "vpc-1", "IsDefault": false}, {"VpcId": "vpc-empty", "IsDefault": true}]),
		"subnets": testing.section(subnets),
		"instances": testing.section(instances),
		"nat_gateways": testing.section(nats),
		"route_tables": testing.section(tables),
	},
	"rds": {"instances": testing.section([])},
	"elbv2": {"load_balancers": testing.section(balancers)},
	"autoscaling": {"groups": testing.section(groups)},
	"lambda": {"functions": testing.section([])},
}

two_zones := [subnet("subnet-a", "eu-west-1a"), subnet("subnet-b", "eu-west-1b")]

group(zones) := {"AutoScalingGroupName": "web", "AutoScalingGroupARN": "arn:aws:autoscaling:eu-west-1:111111111111:autoScalingGroup:1:autoScalingGroupName/web", "MinSize": 2, "MaxSize": 4, "DesiredCapacity": 2, "AvailabilityZones": zones, "Subnets": ["subnet-a"]}

lb(zones) := {"LoadBalancerArn": "arn:aws:elasticloadbalancing:eu-west-1:111111111111:loadbalancer/net/nlb/1", "LoadBalancerName": "nlb", "Type": "network", "Scheme": "internal", "AvailabilityZones": [{"ZoneName": z, "SubnetId": sprintf("subnet-%s", [substring(z, 9, 1)])} | some z in zones]}

inp(rg) := testing.workload_input({"regions": {"eu-west-1": rg}})

by_status(r) := {s: sort([x.resource | some x in r; x.status == s]) | some s in testing.statuses(r)}

test_two_zones_pass_and_empty_vpcs_are_not_judged if {
	r := check.results with input as inp(region(two_zones, [], [group(["eu-west-1a", "eu-west-1b"])], [lb(["eu-west-1a", "eu-west-1b"])], [], []))
	by_status(r) == {"pass": [
		"arn:aws:autoscaling:eu-west-1:111111111111:autoScalingGroup:1:autoScalingGroupName/web",
		"arn:aws:ec2:eu-west-1:111111111111:vpc/vpc-1",
		"arn:aws:elasticloadbalancing:eu-west-1:111111111111:loadbalancer/net/nlb/1",
	]}
}

test_one_zone_fails_naming_it if {
	r := check.results with input as inp(region(two_zones, [{"InstanceId": "i-1", "State": "running", "SubnetId": "subnet-a"}], [group(["eu-west-1a"])], [lb(["eu-west-1a"])], [], []))
	testing.statuses(r) == {"fail"}
	count(r) == 3
	some x in r
	x.resource == "arn:aws:ec2:eu-west-1:111111111111:vpc/vpc-1"
	x.values.zones == ["eu-west-1a"]
}

test_a_nat_gateway_serving_another_zone_fails if {
	nat := {"NatGatewayId": "nat-1", "VpcId": "vpc-1", "SubnetId": "subnet-a", "State": "available"}
	main := {"RouteTableId": "rtb-main", "VpcId": "vpc-1", "Main": true, "Subnets": [], "Routes": [{"DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": "nat-1"}]}
	r := check.results with input as inp(region(two_zones, [], [], [], [nat], [main]))
	some x in r
	x.resource == "arn:aws:ec2:eu-west-1:111111111111:natgateway/nat-1"
	x.status == "fail"
	x.values.serves_zones == ["eu-west-1a", "eu-west-1b"]
	own := {"RouteTableId": "rtb-a", "VpcId": "vpc-1", "Main": false, "Subnets": ["subnet-a"], "Routes": [{"DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": "nat-1"}]}
	r2 := check.results with input as inp(region(two_zones, [], [], [], [nat], [own]))
	some y in r2
	y.resource == "arn:aws:ec2:eu-west-1:111111111111:natgateway/nat-1"
	y.status == "pass"
}

test_not_applicable_outside_workloads if {
	r := check.results with input as testing.platform_input({"regions": {"eu-west-1": region(two_zones, [], [group(["eu-west-1a"])], [], [], [])}})
	testing.statuses(r) == {"not_applicable"}
}

test_no_verdict_when_subnets_are_unreadable if {
	rg := object.union(object.remove(region([], [], [], [], [], []), ["ec2"]), {"ec2": {"subnets": testing.denied, "vpcs": testing.section([{"VpcId": "vpc-1"}])}})
	r := check.results with input as inp(rg)
	count([x | some x in r; x.resource == "arn:aws:ec2:eu-west-1:111111111111:vpc/vpc-1"]) == 0
}
