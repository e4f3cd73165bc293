package caliper.checks.ec2.sg_world_open_ports_test

import data.caliper.checks.ec2.sg_world_open_ports as check
import data.caliper.testing
import rego.v1

sg(perms) := {"GroupId": "sg-1", "GroupName": "db", "VpcId": "vpc-1", "IpPermissions": perms, "IpPermissionsEgress": []}

account(sgs) := {"regions": {"eu-west-1": {"ec2": {"security_groups": testing.section(sgs)}}}}

rule(proto, from, to, cidrs) := {"IpProtocol": proto, "FromPort": from, "ToPort": to, "IpRanges": cidrs, "Ipv6Ranges": [], "UserIdGroupPairs": [], "PrefixListIds": []}

run(perms) := r if {
	r := check.results with input as testing.input_for(account([sg(perms)]))
}

test_pass_when_only_https_and_http_are_world_open if {
	r := run([rule("tcp", 443, 443, ["0.0.0.0/0"]), rule("tcp", 80, 80, ["0.0.0.0/0"])])
	testing.statuses(r) == {"pass"}
}

test_pass_when_database_port_limited_to_a_range if {
	r := run([rule("tcp", 5432, 5432, ["10.0.0.0/8"])])
	testing.statuses(r) == {"pass"}
}

test_admin_port_is_left_to_the_admin_check if {
	r := run([rule("tcp", 22, 22, ["0.0.0.0/0"])])
	testing.statuses(r) == {"pass"}
}

test_fail_on_world_open_postgres if {
	r := run([rule("tcp", 5432, 5432, ["0.0.0.0/0"])])
	some f in r
	f.status == "fail"
	f.message == "sg-1 (db, vpc-1) allows 0.0.0.0/0 on tcp/5432"
	f.resource == "arn:aws:ec2:eu-west-1:111111111111:security-group/sg-1"
	f.region == "eu-west-1"
}

test_fail_on_ipv6_world_open_port if {
	r := run([{"IpProtocol": "udp", "FromPort": 53, "ToPort": 53, "IpRanges": [], "Ipv6Ranges": ["::/0"]}])
	some f in r
	f.status == "fail"
	f.message == "sg-1 (db, vpc-1) allows ::/0 on udp/53"
}

test_fail_on_all_traffic_rule if {
	r := run([{"IpProtocol": "-1", "IpRanges": ["0.0.0.0/0"], "Ipv6Ranges": []}])
	some f in r
	f.status == "fail"
	f.message == "sg-1 (db, vpc-1) allows 0.0.0.0/0 on all traffic"
}

test_fail_on_range_wider_than_public_ports if {
	r := run([rule("tcp", 80, 443, ["0.0.0.0/0"])])
	some f in r
	f.status == "fail"
	f.message == "sg-1 (db, vpc-1) allows 0.0.0.0/0 on tcp/80-443"
}

test_pass_on_range_within_public_ports if {
	r := run([rule("tcp", 443, 443, ["0.0.0.0/0", "::/0"]), rule("tcp", 80, 80, ["::/0"])])
	testing.statuses(r) == {"pass"}
}

test_fail_on_portless_protocol_open_to_world if {
	r := run([{"IpProtocol": "47", "IpRanges": ["0.0.0.0/0"], "Ipv6Ranges": []}])
	testing.statuses(r) == {"fail"}
}

test_icmp_open_to_world_is_not_a_port if {
	r := run([rule("icmp", -1, -1, ["0.0.0.0/0"])])
	testing.statuses(r) == {"pass"}
}

test_fail_lists_every_open_port_sorted if {
	r := run([rule("tcp", 6379, 6379, ["0.0.0.0/0"]), rule("tcp", 3306, 3306, ["0.0.0.0/0"]), rule("tcp", 443, 443, ["0.0.0.0/0"])])
	some f in r
	f.message == "sg-1 (db, vpc-1) allows 0.0.0.0/0 on tcp/3306, 0.0.0.0/0 on tcp/6379"
	count(f.values.open) == 2
}

test_public_ports_follow_the_thresholds if {
	inp := testing.input_for(account([sg([rule("tcp", 8443, 8443, ["0.0.0.0/0"])])]))
	cfg := object.union(inp.config, {"thresholds": object.union(inp.config.thresholds, {"public_ports": [443, 8443]})})
	r := check.results with input as object.union(inp, {"config": cfg})
	testing.statuses(r) == {"pass"}
}

test_no_verdict_when_security_groups_missing if {
	r := check.results with input as testing.input_for({"regions": {"eu-west-1": {"ec2": {"security_groups": testing.denied}}}})
	not "pass" in testing.statuses(r)
	count(r) == 0
}

test_fail_when_a_database_port_is_open_to_half_the_internet if {
	inp := testing.with_wide_ranges(testing.input_for(account([sg([rule("tcp", 5432, 5432, ["0.0.0.0/1"])])])), ["0.0.0.0/1"])
	r := check.results with input as inp
	testing.statuses(r) == {"fail"}
}

test_unknown_when_a_database_port_admits_a_prefix_list if {
	perm := {"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "IpRanges": [], "Ipv6Ranges": [], "UserIdGroupPairs": [], "PrefixListIds": ["pl-0abc"]}
	r := run([perm])
	some f in r
	f.status == "error"
	contains(f.message, "pl-0abc")
}

test_a_prefix_list_on_a_public_port_is_fine if {
	perm := {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [], "Ipv6Ranges": [], "UserIdGroupPairs": [], "PrefixListIds": ["pl-0abc"]}
	r := run([perm])
	testing.statuses(r) == {"pass"}
}
