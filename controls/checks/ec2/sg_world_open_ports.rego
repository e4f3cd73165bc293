# METADATA
# title: Security groups open only public front-end ports to the internet
# description: >-
#   An inbound security group rule that admits 0.0.0.0/0 or ::/0 should be limited to the public
#   front-end ports in thresholds.public_ports (80 and 443 by default). All-traffic rules, whole
#   protocols and port ranges that reach beyond those ports expose databases, caches and internal
#   services to anonymous sources. Administration ports are judged by ec2.sg-admin-ports-open.
# custom:
#   id: ec2.sg-world-open-ports
#   severity: medium
#   resource_type: AWS::EC2::SecurityGroup
#   sections: [ec2.security_groups]
#   remediation: >-
#     Replace the world-open rule with one that names the security groups or address ranges that
#     need the port; put internet-facing services behind a load balancer or CloudFront that is the
#     only thing open on 80/443.
#   references:
#     - AWS Security Hub EC2.18, EC2.19
package caliper.checks.ec2.sg_world_open_ports

import data.caliper.lib
import rego.v1

# 0.0.0.0/0, ::/0 and every range as wide in the account, as the model judges them (CIDR -> true).
internet_wide := input.facts.internet_wide_ranges

public_ports := {p | some p in input.config.thresholds.public_ports}

# Ports left to other judgements: public front ends (allowed) and admin ports (ec2.sg-admin-ports-open).
excluded_ports := public_ports | {p | some p in input.config.thresholds.admin_ports}

port_protocols := {"tcp", "udp", "6", "17"}

# ICMP "ports" are message types, not services.
icmp_protocols := {"icmp", "icmpv6", "1", "58"}

# FromPort/ToPort may be absent or null; a tcp/udp rule without them covers every port.
from_port(perm) := p if {
	p := perm.FromPort
	is_number(p)
} else := 0

to_port(perm) := p if {
	p := perm.ToPort
	is_number(p)
} else := 65535

# Every port of lo..hi is public or admin. A single port (the common case) is one lookup.
excluded_range(lo, hi) if {
	lo == hi
	lo in excluded_ports
}

excluded_range(lo, hi) if {
	lo != hi
	count({p | some p in excluded_ports; lo <= p; p <= hi}) >= (hi - lo) + 1
}

# What a world-open inbound rule exposes beyond public and admin ports ("all traffic",
# "tcp/5432", "tcp/0-1000", "protocol 47"); undefined when nothing.
exposure(perm) := "all traffic" if {
	perm.IpProtocol == "-1"
} else := sprintf("protocol %s", [perm.IpProtocol]) if {
	# Protocols without ports (GRE, ESP, ...) opened whole.
	not perm.IpProtocol in port_protocols
	not perm.IpProtocol in icmp_protocols
} else := desc if {
	perm.IpProtocol in port_protocols
	lo := from_port(perm)
	hi := to_port(perm)
	not excluded_range(lo, hi)
	desc := ports_text(perm.IpProtocol, lo, hi)
}

ports_text(protocol, lo, hi) := sprintf("%s/%d", [protocol, lo]) if lo == hi else := sprintf("%s/%d-%d", [protocol, lo, hi])

public_list := concat(", ", [sprintf("%d", [p]) | some p in sort(public_ports)])

# One verdict per security group. What a group needs is computed inline and only world-open rules
# reach `exposure`: checks run on hundreds of thousands of groups, and in the Rego VM every
# function call and comprehension costs thousands of instructions (docs/writing-checks.md).
results := [verdict(resource, region, label, open, lists) |
	some region, r in input.account.regions
	some sg in r.ec2.security_groups.data
	resource := sprintf("arn:aws:ec2:%s:%s:security-group/%s", [region, input.account.account_id, sg.GroupId])
	label := sprintf("%s (%s, %s)", [sg.GroupId, sg.GroupName, vpc_label(sg)])
	open := sort({sprintf("%s on %s", [cidr, what]) |
		some perm in sg.IpPermissions
		cidrs := [c | some c in array.concat(object.get(perm, "IpRanges", []), object.get(perm, "Ipv6Ranges", [])); internet_wide[c]]
		count(cidrs) > 0
		what := exposure(perm)
		some cidr in cidrs
	})

	# Managed prefix lists beyond public and admin ports: their entries are not read, so they
	# may hold 0.0.0.0/0.
	lists := sort({pl |
		some perm in sg.IpPermissions
		some pl in perm.PrefixListIds # most rules have none: nothing more is evaluated for them
		exposure(perm)
	})
]

vpc_label(sg) := sg.VpcId if is_string(sg.VpcId) else := "no VPC"

verdict(resource, region, label, open, lists) := lib.fail(resource, region, msg, {"open": open, "public_ports": input.config.thresholds.public_ports}) if {
	count(open) > 0
	msg := sprintf("%s allows %s", [label, concat(", ", open)])
} else := lib.unknown(resource, region, msg, {"prefix_lists": lists}) if {
	count(lists) > 0
	msg := sprintf(
		"%s admits managed prefix list %s beyond the public ports; caliper does not read prefix list entries, so whether they include 0.0.0.0/0 is unknown (check them with ec2 get-managed-prefix-list-entries)",
		[label, concat(", ", lists)],
	)
} else := lib.pass(
	resource, region,
	sprintf("%s opens no port to 0.0.0.0/0, ::/0 or another internet-wide range beyond the public ports %s (administration ports are judged by ec2.sg-admin-ports-open)", [label, public_list]),
	{"open": [], "public_ports": input.config.thresholds.public_ports},
)
