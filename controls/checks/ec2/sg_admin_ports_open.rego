# METADATA
# title: Security groups do not open administration ports to the internet
# description: >-
#   A security group rule that admits 0.0.0.0/0 or ::/0 on an administration port (SSH 22, RDP
#   3389, or the ports set in thresholds.admin_ports), including all-traffic rules and port ranges
#   that span one, exposes remote login to the whole internet.
# custom:
#   id: ec2.sg-admin-ports-open
#   severity: high
#   resource_type: AWS::EC2::SecurityGroup
#   sections: [ec2.security_groups]
#   remediation: >-
#     Remove the world-open rule; reach instances through AWS Systems Manager Session Manager, a
#     VPN or a bastion restricted to known address ranges.
#   references:
#     - CIS AWS Foundations Benchmark v3.0 5.2, 5.3
#     - AWS Security Hub EC2.13, EC2.14, EC2.53, EC2.54
package caliper.checks.ec2.sg_admin_ports_open

import data.caliper.lib
import rego.v1

world := {"0.0.0.0/0", "::/0"}

arn(region, sg) := sprintf("arn:aws:ec2:%s:%s:security-group/%s", [region, input.account.account_id, sg.GroupId])

label(sg) := sprintf("%s (%s, %s)", [sg.GroupId, sg.GroupName, object.get(sg, "VpcId", "no VPC")])

# Every [cidr, protocol/port] an inbound rule opens to the world on an admin port.
open_admin(sg) := {[cidr, desc] |
	some perm in sg.IpPermissions
	cidrs := [c | some c in array.concat(perm.IpRanges, perm.Ipv6Ranges); c in world]
	count(cidrs) > 0
	some port in input.config.thresholds.admin_ports
	covers(perm, port)
	desc := describe(perm, port)
	some cidr in cidrs
}

covers(perm, _) if perm.IpProtocol == "-1"

covers(perm, port) if {
	perm.IpProtocol in {"tcp", "udp", "6", "17"}
	perm.FromPort <= port
	port <= perm.ToPort
}

describe(perm, _) := "all traffic" if perm.IpProtocol == "-1"

describe(perm, port) := sprintf("%s/%d", [perm.IpProtocol, port]) if perm.IpProtocol != "-1"

# One verdict per security group; open_admin is computed once per group.
results contains verdict(region, sg) if {
	some [region, sg] in lib.regional_items(["ec2", "security_groups"])
}

verdict(region, sg) := lib.fail(arn(region, sg), region, msg, {"open": open}) if {
	open := open_admin(sg)
	count(open) > 0
	msg := sprintf("%s allows %s", [label(sg), concat(", ", sort([sprintf("%s on %s", [c, d]) | some [c, d] in open]))])
} else := lib.pass(
	arn(region, sg), region,
	sprintf("%s opens no administration port to 0.0.0.0/0 or ::/0", [label(sg)]),
	{"admin_ports": input.config.thresholds.admin_ports},
)
