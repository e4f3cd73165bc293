package caliper.checks.ec2.sg_admin_ports_vpc_wide_test

import data.caliper.checks.ec2.sg_admin_ports_vpc_wide as check
import data.caliper.testing
import rego.v1

rule(proto, from, to, cidrs) := {"IpProtocol": proto, "FromPort": from, "ToPort": to, "IpRanges": cidrs, "Ipv6Ranges": [], "UserIdGroupPairs": [], "PrefixListIds": []}

sg(perms) := {"GroupId": "sg-1", "GroupName": "db", "VpcId": "vpc-1", "IpPermissions": perms, "IpPermissionsEgress": []}

account(sgs, vpcs) := {"regions": {"eu-west-1": {"ec2": {"security_groups": testing.section(sgs), "vpcs": testing.section(vpcs)}}}}

vpc := {"VpcId": "vpc-1", "CidrBlock": "10.1.0.0/16", "IsDefault": false}

status(perms) := s if {
	r := check.results with input as testing.input_for(account([sg(perms)], [vpc]))
	count(r) == 1
	s := r[0].status
}

test_fail_when_ssh_admits_the_vpc_cidr if {
	r := check.results with input as testing.input_for(account([sg([rule("tcp", 22, 22, ["10.1.0.0/16"])])], [vpc]))
	testing.statuses(r) == {"fail"}
	r[0].message == "sg-1 (db, vpc-1 10.1.0.0/16) admits the whole VPC on administration ports: 10.1.0.0/16 on tcp/22"
}

test_fail_for_a_wider_private_range_and_all_traffic if {
	status([rule("tcp", 3389, 3389, ["10.0.0.0/8"])]) == "fail"
	status([{"IpProtocol": "-1", "IpRanges": ["10.1.0.0/16"], "Ipv6Ranges": []}]) == "fail"
	status([rule("tcp", 0, 65535, ["10.0.0.0/8"])]) == "fail"
}

test_pass_for_a_subnet_range_or_application_ports if {
	status([rule("tcp", 22, 22, ["10.1.4.0/24"])]) == "pass"
	status([rule("tcp", 5432, 5432, ["10.1.0.0/16"])]) == "pass"
	status([rule("udp", 22, 22, ["10.1.0.0/16"])]) == "pass"
}

test_internet_wide_ranges_are_left_to_sg_admin_ports_open if {
	status([rule("tcp", 22, 22, ["0.0.0.0/0"])]) == "pass"
}

test_no_verdict_when_the_vpc_is_unknown_or_vpcs_are_missing if {
	r := check.results with input as testing.input_for(account([sg([rule("tcp", 22, 22, ["10.1.0.0/16"])])], []))
	count(r) == 0
	r2 := check.results with input as testing.input_for({"regions": {"eu-west-1": {"ec2": {"security_groups": testing.section([sg([])]), "vpcs": testing.denied}}}})
	count(r2) == 0
}

test_fail_for_a_secondary_or_ipv6_block if {
	v := {"VpcId": "vpc-1", "CidrBlock": "10.1.0.0/16", "CidrBlocks": ["10.1.0.0/16", "100.64.0.0/16", "2001:db8:1200::/56"], "IsDefault": false}
	six := {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [], "Ipv6Ranges": ["2001:db8:1200::/56"]}
	r := check.results with input as testing.input_for(account([sg([six])], [v]))
	testing.statuses(r) == {"fail"}
	r2 := check.results with input as testing.input_for(account([sg([rule("tcp", 22, 22, ["100.64.0.0/10"])])], [v]))
	testing.statuses(r2) == {"fail"}
}
