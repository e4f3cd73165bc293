# METADATA
# title: Administration ports are not open to a whole VPC
# description: >-
#   Tiers inside a VPC should reach each other's administration ports (SSH 22, RDP 3389, or the
#   ports in thresholds.admin_ports) only from named security groups or narrow ranges. A rule that
#   admits a range holding a whole CIDR block of the group's VPC (the VPC's own range, a secondary
#   or IPv6 block, or a wider private range such as 10.0.0.0/8) lets any compromised host in any tier log in to this one.
#   Internet-wide ranges are judged by ec2.sg-admin-ports-open. Groups outside a VPC, or whose VPC
#   was not listed, get no verdict.
# custom:
#   id: ec2.sg-admin-ports-vpc-wide
#   severity: medium
#   resource_type: AWS::EC2::SecurityGroup
#   sections: [ec2.security_groups, ec2.vpcs]
#   remediation: >-
#     Admit administration ports only from a bastion's or management tier's security group (a
#     UserIdGroupPair), or use AWS Systems Manager Session Manager and remove the rule.
#   references:
#     - AWS Well-Architected Framework, SEC05-BP02 Control traffic flow within your network layers
package caliper.checks.ec2.sg_admin_ports_vpc_wide

import data.caliper.lib
import rego.v1

internet_wide := input.facts.internet_wide_ranges

# Every IPv4 and IPv6 block of a VPC (the primary block alone in older snapshots).
vpc_blocks(v) := sort(v.CidrBlocks) if {
	count(object.get(v, "CidrBlocks", [])) > 0
} else := [v.CidrBlock] if {
	is_string(v.CidrBlock)
} else := []

same_family(a, b) if contains(a, ":") == contains(b, ":")

admin_ports := input.config.thresholds.admin_ports

port_protocols := {"tcp", "6"}

# The admin ports a rule reaches.
reached(perm) := {p | some p in admin_ports} if {
	perm.IpProtocol == "-1"
} else := {p |
	perm.IpProtocol in port_protocols
	lo := object.get(perm, "FromPort", 0)
	hi := object.get(perm, "ToPort", 65535)
	some p in admin_ports
	lo <= p
	p <= hi
}

results := [verdict(resource, region, sg, cidr, wide) |
	some region, r in lib.regions
	is_array(r.ec2.vpcs.data)
	blocks := {v.VpcId: vpc_blocks(v) | some v in r.ec2.vpcs.data}
	some sg in r.ec2.security_groups.data
	vpc := blocks[sg.VpcId]
	count(vpc) > 0
	cidr := concat(", ", vpc)
	resource := sprintf("arn:aws:ec2:%s:%s:security-group/%s", [region, input.account.account_id, sg.GroupId])
	wide := sort({sprintf("%s on tcp/%d", [range, p]) |
		some perm in sg.IpPermissions
		some range in array.concat(object.get(perm, "IpRanges", []), object.get(perm, "Ipv6Ranges", []))
		not internet_wide[range]
		some block in vpc
		same_family(range, block)
		net.cidr_contains(range, block)
		some p in reached(perm)
	})
]

verdict(resource, region, sg, cidr, wide) := lib.fail(resource, region, msg, values) if {
	count(wide) > 0
	values := {"vpc_cidr": cidr, "vpc_wide": wide}
	msg := sprintf("%s (%s, %s %s) admits the whole VPC on administration ports: %s", [sg.GroupId, sg.GroupName, sg.VpcId, cidr, concat(", ", wide)])
} else := lib.pass(resource, region, msg, {"vpc_cidr": cidr, "vpc_wide": []}) if {
	msg := sprintf("%s (%s, %s %s) opens no administration port to a range holding the whole VPC", [sg.GroupId, sg.GroupName, sg.VpcId, cidr])
}
