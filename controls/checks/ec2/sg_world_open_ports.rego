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

world := {"0.0.0.0/0", "::/0"}

public_ports := {p | some p in input.config.thresholds.public_ports}

# Ports left to other judgements: public front ends (allowed) and admin ports (ec2.sg-admin-ports-open).
excluded_ports := public_ports | {p | some p in input.config.thresholds.admin_ports}

port_protocols := {"tcp", "udp", "6", "17"}

# ICMP "ports" are message types, not services.
icmp_protocols := {"icmp", "icmpv6", "1", "58"}

arn(region, sg) := sprintf("arn:aws:ec2:%s:%s:security-group/%s", [region, input.account.account_id, sg.GroupId])

label(sg) := sprintf("%s (%s, %s)", [sg.GroupId, sg.GroupName, vpc_of(sg)])

vpc_of(sg) := sg.VpcId if is_string(sg.VpcId)

vpc_of(sg) := "no VPC" if not is_string(sg.VpcId)

# FromPort/ToPort may be absent or null; a tcp/udp rule without them covers every port.
from_port(perm) := p if {
	p := perm.FromPort
	is_number(p)
} else := 0

to_port(perm) := p if {
	p := perm.ToPort
	is_number(p)
} else := 65535

# A port rule reaches a port that is neither public nor admin.
reaches_other_ports(perm) if {
	lo := from_port(perm)
	hi := to_port(perm)
	not excluded_range(lo, hi)
}

# Every port of lo..hi is public or admin. A single port (the common case) is one lookup.
excluded_range(lo, hi) if {
	lo == hi
	lo in excluded_ports
}

excluded_range(lo, hi) if {
	lo != hi
	count({p | some p in excluded_ports; lo <= p; p <= hi}) >= (hi - lo) + 1
}

exposes(perm) if perm.IpProtocol == "-1"

exposes(perm) if {
	perm.IpProtocol in port_protocols
	reaches_other_ports(perm)
}

# Protocols without ports (GRE, ESP, ...) opened whole.
exposes(perm) if {
	not perm.IpProtocol in port_protocols
	not perm.IpProtocol in icmp_protocols
	perm.IpProtocol != "-1"
}

describe(perm) := "all traffic" if perm.IpProtocol == "-1"

describe(perm) := sprintf("%s/%d", [perm.IpProtocol, from_port(perm)]) if {
	perm.IpProtocol in port_protocols
	from_port(perm) == to_port(perm)
}

describe(perm) := sprintf("%s/%d-%d", [perm.IpProtocol, from_port(perm), to_port(perm)]) if {
	perm.IpProtocol in port_protocols
	from_port(perm) != to_port(perm)
}

describe(perm) := sprintf("protocol %s", [perm.IpProtocol]) if {
	not perm.IpProtocol in port_protocols
	perm.IpProtocol != "-1"
}

# Every "<cidr> on <protocol/ports>" an inbound rule opens to the world beyond public ports.
open_ports(sg) := {sprintf("%s on %s", [cidr, describe(perm)]) |
	some perm in sg.IpPermissions
	cidrs := [c | some c in array.concat(object.get(perm, "IpRanges", []), object.get(perm, "Ipv6Ranges", [])); c in world]
	count(cidrs) > 0
	exposes(perm)
	some cidr in cidrs
}

public_list := concat(", ", [sprintf("%d", [p]) | some p in sort(public_ports)])

# One verdict per security group; open_ports is computed once per group.
results contains verdict(region, sg) if {
	some [region, sg] in lib.regional_items(["ec2", "security_groups"])
}

verdict(region, sg) := lib.fail(arn(region, sg), region, msg, {"open": open, "public_ports": input.config.thresholds.public_ports}) if {
	open := sort(open_ports(sg))
	count(open) > 0
	msg := sprintf("%s allows %s", [label(sg), concat(", ", open)])
} else := lib.pass(
	arn(region, sg), region,
	sprintf("%s opens no port to 0.0.0.0/0 or ::/0 beyond the public ports %s (administration ports are judged by ec2.sg-admin-ports-open)", [label(sg), public_list]),
	{"open": [], "public_ports": input.config.thresholds.public_ports},
)
