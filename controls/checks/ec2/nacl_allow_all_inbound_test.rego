package caliper.checks.ec2.nacl_allow_all_inbound_test

import data.caliper.checks.ec2.nacl_allow_all_inbound as check
import data.caliper.testing
import rego.v1

acl(entries) := {"NetworkAclId": "acl-1", "VpcId": "vpc-1", "IsDefault": false, "Entries": entries, "Associations": ["subnet-1"]}

account(acls) := {"regions": {"eu-west-1": {"ec2": {"network_acls": testing.section(acls)}}}}

entry(n, proto, action, cidr, ports) := {"RuleNumber": n, "Protocol": proto, "RuleAction": action, "Egress": false, "CidrBlock": cidr, "Ipv6CidrBlock": null, "PortRange": ports}

egress(n) := {"RuleNumber": n, "Protocol": "-1", "RuleAction": "allow", "Egress": true, "CidrBlock": "0.0.0.0/0", "PortRange": null}

default_deny := entry(32767, "-1", "deny", "0.0.0.0/0", null)

run(entries) := r if {
	r := check.results with input as testing.input_for(account([acl(entries)]))
}

test_pass_when_only_web_ports_admitted if {
	r := run([
		entry(100, "6", "allow", "0.0.0.0/0", {"From": 443, "To": 443}),
		entry(110, "6", "allow", "0.0.0.0/0", {"From": 32768, "To": 65535}),
		entry(120, "-1", "allow", "10.0.0.0/16", null),
		egress(100),
		default_deny,
	])
	some f in r
	f.status == "pass"
	f.resource == "arn:aws:ec2:eu-west-1:111111111111:network-acl/acl-1"
	count(r) == 1
}

test_fail_on_allow_all_from_the_internet if {
	r := run([entry(100, "-1", "allow", "0.0.0.0/0", null), default_deny])
	some f in r
	f.status == "fail"
	f.message == "network ACL acl-1 (vpc-1, 1 subnet(s)) allows inbound all traffic from 0.0.0.0/0 (rule 100)"
}

test_fail_on_ipv6_allow_all if {
	r := run([{"RuleNumber": 101, "Protocol": "-1", "RuleAction": "allow", "Egress": false, "Ipv6CidrBlock": "::/0"}])
	testing.statuses(r) == {"fail"}
}

test_fail_on_tcp_range_spanning_ssh if {
	r := run([entry(100, "6", "allow", "0.0.0.0/0", {"From": 0, "To": 1023}), default_deny])
	some f in r
	f.status == "fail"
	f.message == "network ACL acl-1 (vpc-1, 1 subnet(s)) allows inbound tcp/22 from 0.0.0.0/0 (rule 100, ports 0-1023)"
}

test_fail_when_ephemeral_range_reaches_rdp if {
	r := run([entry(110, "6", "allow", "0.0.0.0/0", {"From": 1024, "To": 65535})])
	some f in r
	f.message == "network ACL acl-1 (vpc-1, 1 subnet(s)) allows inbound tcp/3389 from 0.0.0.0/0 (rule 110, ports 1024-65535)"
}

test_pass_when_earlier_deny_blocks_ssh if {
	r := run([
		entry(90, "6", "deny", "0.0.0.0/0", {"From": 22, "To": 22}),
		entry(100, "6", "allow", "0.0.0.0/0", {"From": 0, "To": 1023}),
	])
	testing.statuses(r) == {"pass"}
}

test_pass_when_earlier_deny_all_shadows_allow_all if {
	r := run([entry(50, "-1", "deny", "0.0.0.0/0", null), entry(100, "-1", "allow", "0.0.0.0/0", null)])
	testing.statuses(r) == {"pass"}
}

test_default_deny_rule_is_not_an_allow if {
	r := run([{"RuleNumber": 32767, "Protocol": "-1", "RuleAction": "allow", "Egress": false, "CidrBlock": "0.0.0.0/0"}])
	testing.statuses(r) == {"pass"}
}

test_egress_allow_all_is_not_judged if {
	r := run([egress(100), default_deny])
	testing.statuses(r) == {"pass"}
}

test_default_acl_is_labelled if {
	r := check.results with input as testing.input_for(account([object.union(acl([entry(100, "-1", "allow", "0.0.0.0/0", null)]), {"IsDefault": true})]))
	some f in r
	f.message == "network ACL acl-1 (vpc-1, default, 1 subnet(s)) allows inbound all traffic from 0.0.0.0/0 (rule 100)"
}

test_no_verdict_when_network_acls_missing if {
	r := check.results with input as testing.input_for({"regions": {"eu-west-1": {"ec2": {"network_acls": testing.denied}}}})
	not "pass" in testing.statuses(r)
	count(r) == 0
}

run_wide(entries) := r if {
	inp := testing.with_wide_ranges(testing.input_for(account([acl(entries)])), ["0.0.0.0/1", "128.0.0.0/1"])
	r := check.results with input as inp
}

test_fail_when_two_halves_of_the_internet_are_allowed if {
	r := run_wide([
		entry(100, "-1", "allow", "0.0.0.0/1", null),
		entry(110, "-1", "allow", "128.0.0.0/1", null),
		default_deny,
	])
	testing.statuses(r) == {"fail"}
}

test_pass_when_a_wider_deny_comes_first if {
	r := run_wide([
		entry(90, "-1", "deny", "0.0.0.0/0", null),
		entry(100, "-1", "allow", "0.0.0.0/1", null),
		default_deny,
	])
	testing.statuses(r) == {"pass"}
}

test_fail_when_the_earlier_deny_covers_only_part_of_the_range if {
	r := run_wide([
		entry(90, "-1", "deny", "0.0.0.0/2", null),
		entry(100, "-1", "allow", "0.0.0.0/1", null),
		default_deny,
	])
	testing.statuses(r) == {"fail"}
}
