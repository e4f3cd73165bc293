package caliper.checks.ec2.default_sg_rules_test

import data.caliper.checks.ec2.default_sg_rules as check
import data.caliper.testing
import rego.v1

sg(name, inbound, outbound) := {"GroupId": "sg-1", "GroupName": name, "VpcId": "vpc-1", "IpPermissions": inbound, "IpPermissionsEgress": outbound}

account(sgs) := {"regions": {"eu-west-1": {"ec2": {"security_groups": testing.section(sgs)}}}}

# The rules AWS creates with every default security group.
self_reference := {"IpProtocol": "-1", "IpRanges": [], "Ipv6Ranges": [], "UserIdGroupPairs": ["sg-1"], "PrefixListIds": []}

all_out := {"IpProtocol": "-1", "IpRanges": ["0.0.0.0/0"], "Ipv6Ranges": ["::/0"], "UserIdGroupPairs": [], "PrefixListIds": []}

run(sgs) := r if {
	r := check.results with input as testing.input_for(account(sgs))
}

test_pass_when_default_group_has_no_rules if {
	r := run([sg("default", [], [])])
	some f in r
	f.status == "pass"
	f.message == "default security group sg-1 (default, vpc-1) has no inbound or outbound rules"
	count(r) == 1
}

test_fail_on_rules_aws_creates_by_default if {
	r := run([sg("default", [self_reference], [all_out])])
	some f in r
	f.status == "fail"
	f.message == "default security group sg-1 (default, vpc-1) has 1 inbound and 2 outbound rule(s)"
	f.resource == "arn:aws:ec2:eu-west-1:111111111111:security-group/sg-1"
	f.values == {"inbound_rules": 1, "outbound_rules": 2}
}

test_fail_on_outbound_rule_only if {
	r := run([sg("default", [], [all_out])])
	testing.statuses(r) == {"fail"}
}

test_no_verdict_for_other_groups if {
	r := run([sg("web", [self_reference], [all_out])])
	count(r) == 0
}

test_no_verdict_when_security_groups_missing if {
	r := check.results with input as testing.input_for({"regions": {"eu-west-1": {"ec2": {"security_groups": testing.denied}}}})
	not "pass" in testing.statuses(r)
	count(r) == 0
}
