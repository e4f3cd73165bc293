package caliper.checks.ec2.sg_admin_ports_open_test

import data.caliper.checks.ec2.sg_admin_ports_open as check
import data.caliper.testing
import rego.v1

sg(perms) := {"GroupId": "sg-1", "GroupName": "web", "VpcId": "vpc-1", "IpPermissions": perms, "IpPermissionsEgress": []}

account(sgs) := {"regions": {"eu-west-1": {"ec2": {"security_groups": testing.section(sgs)}}}}

rule(proto, from, to, cidrs) := {"IpProtocol": proto, "FromPort": from, "ToPort": to, "IpRanges": cidrs, "Ipv6Ranges": [], "UserIdGroupPairs": [], "PrefixListIds": []}

test_pass_when_ssh_limited_to_a_range if {
	r := check.results with input as testing.input_for(account([sg([rule("tcp", 22, 22, ["10.0.0.0/8"])])]))
	testing.statuses(r) == {"pass"}
}

test_fail_on_world_open_ssh if {
	r := check.results with input as testing.input_for(account([sg([rule("tcp", 22, 22, ["0.0.0.0/0"])])]))
	some f in r
	f.status == "fail"
	f.message == "sg-1 (web, vpc-1) allows 0.0.0.0/0 on tcp/22"
	f.resource == "arn:aws:ec2:eu-west-1:111111111111:security-group/sg-1"
}

test_fail_on_all_traffic_rule if {
	r := check.results with input as testing.input_for(account([sg([{"IpProtocol": "-1", "IpRanges": [], "Ipv6Ranges": ["::/0"]}])]))
	testing.statuses(r) == {"fail"}
}

test_fail_on_range_spanning_rdp if {
	r := check.results with input as testing.input_for(account([sg([rule("tcp", 3000, 4000, ["0.0.0.0/0"])])]))
	testing.statuses(r) == {"fail"}
}

test_no_verdict_when_security_groups_missing if {
	r := check.results with input as testing.input_for({"regions": {"eu-west-1": {"ec2": {"security_groups": testing.denied}}}})
	count(r) == 0
}

status_for(cidrs) := s if {
	inp := testing.with_wide_ranges(testing.input_for(account([sg([rule("tcp", 22, 22, cidrs)])])), ["0.0.0.0/1", "128.0.0.0/1", "::/1"])
	r := check.results with input as inp
	some f in r
	s := f.status
}

test_fail_when_ranges_the_model_calls_internet_wide_split_the_internet if {
	status_for(["0.0.0.0/1", "128.0.0.0/1"]) == "fail"
	status_for(["::/1"]) == "fail"
}

test_pass_for_ranges_the_model_does_not_call_internet_wide if {
	status_for(["10.0.0.0/8"]) == "pass"
	status_for(["203.0.113.0/24", "198.51.100.7/32"]) == "pass"
}

test_unknown_when_an_admin_port_admits_a_prefix_list if {
	perm := {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [], "Ipv6Ranges": [], "UserIdGroupPairs": [], "PrefixListIds": ["pl-0123"]}
	r := check.results with input as testing.input_for(account([sg([perm])]))
	some f in r
	f.status == "error"
	contains(f.message, "pl-0123")
}

test_a_prefix_list_on_another_port_is_not_this_checks_concern if {
	perm := {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [], "Ipv6Ranges": [], "UserIdGroupPairs": [], "PrefixListIds": ["pl-0123"]}
	r := check.results with input as testing.input_for(account([sg([perm])]))
	testing.statuses(r) == {"pass"}
}
