package caliper.checks.ec2.internet_front_end_test

import data.caliper.checks.ec2.internet_front_end as check
import data.caliper.testing
import rego.v1

perm(port, cidr) := {"IpProtocol": "tcp", "FromPort": port, "ToPort": port, "IpRanges": [cidr], "Ipv6Ranges": [], "UserIdGroupPairs": [], "PrefixListIds": []}

web := {"GroupId": "sg-web", "GroupName": "web", "VpcId": "vpc-1", "IpPermissions": [perm(443, "0.0.0.0/0")], "IpPermissionsEgress": []}

app := {"GroupId": "sg-app", "GroupName": "app", "VpcId": "vpc-1", "IpPermissions": [perm(8080, "10.0.0.0/16")], "IpPermissionsEgress": []}

eni(id, instance, groups, ip) := object.union(
	{"NetworkInterfaceId": id, "Groups": groups},
	object.union({k: instance | k := "AttachedInstanceId"; instance != null}, {k: ip | k := "PublicIp"; ip != null}),
)

alb := {
	"LoadBalancerArn": "arn:aws:elasticloadbalancing:eu-west-1:111111111111:loadbalancer/app/shop/1",
	"LoadBalancerName": "shop", "Type": "application", "Scheme": "internet-facing",
	"SecurityGroups": ["sg-web"], "AvailabilityZones": [],
}

account(enis, lbs) := {"regions": {"eu-west-1": {
	"ec2": {"security_groups": testing.section([web, app]), "network_interfaces": testing.section(enis)},
	"elbv2": {"load_balancers": testing.section(lbs)},
}}}

run(enis, lbs) := r if {
	r := check.results with input as testing.input_for(account(enis, lbs))
}

test_world_open_443_passes_on_an_internet_facing_load_balancer if {
	r := run([eni("eni-lb", null, ["sg-web"], "203.0.113.10")], [alb])
	testing.statuses(r) == {"pass"}
	r[0].resource == alb.LoadBalancerArn
	r[0].message == "internet-facing application load balancer shop is a front end for internet traffic: sg-web allows 0.0.0.0/0 on tcp/443"
}

test_the_same_rule_on_an_instance_with_a_public_address_fails if {
	r := run([eni("eni-1", "i-1", ["sg-web"], "198.51.100.7")], [])
	testing.statuses(r) == {"fail"}
	r[0].resource == "arn:aws:ec2:eu-west-1:111111111111:instance/i-1"
	r[0].message == "instance i-1 has public address 198.51.100.7 and takes internet traffic directly: sg-web allows 0.0.0.0/0 on tcp/443"
}

test_instances_behind_the_load_balancer_pass if {
	r := run([eni("eni-1", "i-1", ["sg-app"], null), eni("eni-2", "i-2", ["sg-app"], "198.51.100.8")], [alb])
	testing.statuses(r) == {"pass"}
	count(r) == 3
}

test_a_world_open_group_without_a_public_address_passes if {
	# Targets of a network load balancer see clients' addresses and must admit them.
	r := run([eni("eni-1", "i-1", ["sg-web"], null)], [])
	testing.statuses(r) == {"pass"}
	contains(r[0].message, "has no public address")
}

test_internal_load_balancers_get_no_verdict if {
	internal := object.union(alb, {"Scheme": "internal"})
	count(run([], [internal])) == 0
}

test_no_verdict_when_a_section_is_missing if {
	inp := testing.input_for({"regions": {"eu-west-1": {
		"ec2": {"security_groups": testing.section([web]), "network_interfaces": testing.denied},
		"elbv2": {"load_balancers": testing.section([alb])},
	}}})
	r := check.results with input as inp
	count(r) == 0
}

test_an_ipv6_address_or_secondary_elastic_ip_counts_as_public if {
	n := object.union(eni("eni-1", "i-1", ["sg-web"], null), {"OtherPublicIps": ["2001:db8::10"]})
	r := run([n], [])
	testing.statuses(r) == {"fail"}
	contains(r[0].message, "has public address 2001:db8::10")
}
