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

# 0.0.0.0/0, ::/0 and every range as wide in the account, as the model judges them (CIDR -> true).
internet_wide := input.facts.internet_wide_ranges

port_protocols := {"tcp", "udp", "6", "17"}

admin_ports := input.config.thresholds.admin_ports

# One verdict per security group. What a group needs is computed inline, rules filtered by port
# before address: checks run on hundreds of thousands of groups, and in the Rego VM every function
# call and comprehension costs thousands of instructions (docs/writing-checks.md, Performance).
results := [verdict(resource, region, label, open, lists) |
	some region, r in input.account.regions
	some sg in r.ec2.security_groups.data
	resource := sprintf("arn:aws:ec2:%s:%s:security-group/%s", [region, input.account.account_id, sg.GroupId])
	label := sprintf("%s (%s, %s)", [sg.GroupId, sg.GroupName, object.get(sg, "VpcId", "no VPC")])

	# Every [cidr, what] an inbound rule opens to the world on an admin port: all traffic, or a
	# tcp/udp range that spans an admin port (ports first: most rules stop there).
	all_traffic := {[cidr, "all traffic"] |
		count(admin_ports) > 0
		some perm in sg.IpPermissions
		perm.IpProtocol == "-1"
		some cidr in array.concat(perm.IpRanges, perm.Ipv6Ranges)
		internet_wide[cidr]
	}
	ports := {[cidr, sprintf("%s/%d", [perm.IpProtocol, port])] |
		some perm in sg.IpPermissions
		perm.IpProtocol in port_protocols
		some port in admin_ports
		perm.FromPort <= port
		port <= perm.ToPort
		some cidr in array.concat(perm.IpRanges, perm.Ipv6Ranges)
		internet_wide[cidr]
	}
	open := all_traffic | ports

	# Managed prefix lists on an admin port: their ranges are not read, so they may hold
	# 0.0.0.0/0.
	lists := sort({pl |
		some perm in sg.IpPermissions
		some pl in perm.PrefixListIds # most rules have none: nothing more is evaluated for them
		on_admin_port(perm)
	})
]

on_admin_port(perm) if {
	perm.IpProtocol == "-1"
	count(admin_ports) > 0
}

on_admin_port(perm) if {
	perm.IpProtocol in port_protocols
	some port in admin_ports
	perm.FromPort <= port
	port <= perm.ToPort
}

verdict(resource, region, label, open, lists) := lib.fail(resource, region, msg, {"open": open}) if {
	count(open) > 0
	msg := sprintf("%s allows %s", [label, concat(", ", sort([sprintf("%s on %s", [c, d]) | some [c, d] in open]))])
} else := lib.unknown(resource, region, msg, {"prefix_lists": lists}) if {
	count(lists) > 0
	msg := sprintf(
		"%s admits managed prefix list %s on an administration port; caliper does not read prefix list entries, so whether they include 0.0.0.0/0 is unknown (check them with ec2 get-managed-prefix-list-entries)",
		[label, concat(", ", lists)],
	)
} else := lib.pass(
	resource, region,
	sprintf("%s opens no administration port to 0.0.0.0/0, ::/0 or another internet-wide range", [label]),
	{"admin_ports": admin_ports},
)
