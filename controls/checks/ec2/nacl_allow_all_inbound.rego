# METADATA
# title: Network ACLs do not admit all traffic or administration ports from the internet
# description: >-
#   A network ACL is the subnet-level layer of defence behind security groups. An inbound allow
#   entry for all protocols from 0.0.0.0/0 or ::/0 leaves that layer open, and a TCP or UDP entry
#   whose port range reaches an administration port (thresholds.admin_ports, 22 and 3389 by
#   default) lets remote login in from anywhere. Entries made ineffective by a lower-numbered
#   deny-all entry for the same source are ignored; the final default deny (rule 32767) is not an
#   allow.
# custom:
#   id: ec2.nacl-allow-all-inbound
#   severity: medium
#   resource_type: AWS::EC2::NetworkAcl
#   sections: [ec2.network_acls]
#   remediation: >-
#     Replace the world-open allow entries with entries for the protocols, ports and address
#     ranges the subnets actually serve, and add lower-numbered deny entries for 0.0.0.0/0 and
#     ::/0 on the administration ports.
#   references:
#     - CIS AWS Foundations Benchmark v3.0 5.1
#     - AWS Security Hub EC2.21
package caliper.checks.ec2.nacl_allow_all_inbound

import data.caliper.lib
import rego.v1

# 0.0.0.0/0, ::/0 and every range as wide in the account, as the model judges them (CIDR -> true).
internet_wide := input.facts.internet_wide_ranges

protocol_names := {"6": "tcp", "17": "udp", "tcp": "tcp", "udp": "udp"}

arn(region, acl) := sprintf("arn:aws:ec2:%s:%s:network-acl/%s", [region, input.account.account_id, acl.NetworkAclId])

label(acl) := sprintf("%s (%s, default, %s)", [acl.NetworkAclId, acl.VpcId, subnets(acl)]) if acl.IsDefault == true

label(acl) := sprintf("%s (%s, %s)", [acl.NetworkAclId, acl.VpcId, subnets(acl)]) if acl.IsDefault != true

subnets(acl) := sprintf("%d subnet(s)", [count(object.get(acl, "Associations", []))])

source(e) := e.CidrBlock if is_string(e.CidrBlock)

source(e) := e.Ipv6CidrBlock if is_string(e.Ipv6CidrBlock)

# A tcp/udp entry without a port range covers every port.
port_from(e) := e.PortRange.From if is_number(e.PortRange.From)

port_from(e) := 0 if not is_number(e.PortRange.From)

port_to(e) := e.PortRange.To if is_number(e.PortRange.To)

port_to(e) := 65535 if not is_number(e.PortRange.To)

inbound(acl) := [e |
	some e in object.get(acl, "Entries", [])
	e.Egress == false
	e.RuleNumber < 32767
]

# Inbound allow entries from the whole internet.
world_allows(acl) := [e |
	some e in inbound(acl)
	e.RuleAction == "allow"
	internet_wide[source(e)]
]

# A lower-numbered entry denies the whole source range on this port (or on everything) first.
denied_first(acl, e, port) if {
	some d in inbound(acl)
	d.RuleAction == "deny"
	d.RuleNumber < e.RuleNumber
	net.cidr_contains(source(d), source(e))
	denies(d, e, port)
}

denies(d, _, _) if d.Protocol == "-1"

denies(d, e, port) if {
	protocol_names[d.Protocol] == protocol_names[e.Protocol]
	port_from(d) <= port
	port <= port_to(d)
}

# Human-readable openings: "all traffic from 0.0.0.0/0 (rule 100)", "tcp/22 from ::/0 (rule 90, ports 0-1024)".
openings(acl) := all_traffic(acl) | admin_ports(acl)

all_traffic(acl) := {sprintf("all traffic from %s (rule %d)", [source(e), e.RuleNumber]) |
	some e in world_allows(acl)
	e.Protocol == "-1"
	not denied_first(acl, e, -1)
}

admin_ports(acl) := {sprintf("%s/%d from %s (rule %d, ports %d-%d)", [name, port, source(e), e.RuleNumber, port_from(e), port_to(e)]) |
	some e in world_allows(acl)
	name := protocol_names[e.Protocol]
	some port in input.config.thresholds.admin_ports
	port_from(e) <= port
	port <= port_to(e)
	not denied_first(acl, e, port)
}

results contains lib.fail(arn(region, acl), region, msg, {"open": open, "admin_ports": input.config.thresholds.admin_ports}) if {
	some [region, acl] in lib.regional_items(["ec2", "network_acls"])
	open := sort(openings(acl))
	count(open) > 0
	msg := sprintf("network ACL %s allows inbound %s", [label(acl), concat("; ", open)])
}

results contains lib.pass(arn(region, acl), region, msg, {"open": [], "admin_ports": input.config.thresholds.admin_ports}) if {
	some [region, acl] in lib.regional_items(["ec2", "network_acls"])
	count(openings(acl)) == 0
	ports := concat(", ", [sprintf("%d", [p]) | some p in input.config.thresholds.admin_ports])
	msg := sprintf("network ACL %s allows neither all traffic nor administration ports (%s) in from 0.0.0.0/0 or ::/0", [label(acl), ports])
}
