# METADATA
# title: Internet traffic enters through load balancers, not instances
# description: >-
#   Internet-facing services should be reached through an internet-facing load balancer (or
#   CloudFront) that is the only thing open to the world; the instances behind it accept traffic
#   from the load balancer alone. An instance fails when one of its network interfaces has a
#   public address (IPv4, an Elastic IP of a secondary address, or IPv6) and a security group that admits 0.0.0.0/0, ::/0 or another internet-wide
#   range, on any port (80 and 443 included). An instance without a public address passes: the
#   internet cannot reach it directly (a network load balancer in front of it may need the world
#   open on its targets). Each internet-facing load balancer passes as the front end, with the
#   world-open rules of its security groups.
# custom:
#   id: ec2.internet-front-end
#   severity: medium
#   resource_type: AWS::EC2::Instance
#   sections: [ec2.network_interfaces, ec2.security_groups, elbv2.load_balancers]
#   remediation: >-
#     Put the instance behind an internet-facing Application Load Balancer (or CloudFront), in a
#     private subnet without a public address, and let its security group admit only the load
#     balancer's security group.
#   references:
#     - AWS Well-Architected Framework, SEC05-BP02 Control traffic flow within your network layers
#     - AWS Security Hub EC2.9
package caliper.checks.ec2.internet_front_end

import data.caliper.lib
import rego.v1

wide := input.facts.internet_wide_ranges

# The interface's public addresses: the primary public IPv4 address, Elastic IPs of secondary
# addresses and IPv6 addresses.
public_ips(n) := array.concat([ip | ip := n.PublicIp; is_string(ip)], object.get(n, "OtherPublicIps", []))

ports(perm) := "all traffic" if {
	perm.IpProtocol == "-1"
} else := sprintf("%s/%d", [perm.IpProtocol, perm.FromPort]) if {
	perm.FromPort == perm.ToPort
} else := sprintf("%s/%d-%d", [perm.IpProtocol, perm.FromPort, perm.ToPort]) if {
	is_number(perm.FromPort)
} else := perm.IpProtocol

# Security group id -> its inbound rules from internet-wide ranges ("0.0.0.0/0 on tcp/443").
world_open(groups) := {g.GroupId: open |
	some g in groups
	open := sort({sprintf("%s on %s", [cidr, ports(perm)]) |
		some perm in g.IpPermissions
		some cidr in array.concat(object.get(perm, "IpRanges", []), object.get(perm, "Ipv6Ranges", []))
		wide[cidr]
	})
	count(open) > 0
}

results := array.concat(instances, load_balancers)

instances := [instance_verdict(region, id, enis, open) |
	some region, r in lib.regions
	all := r.ec2.network_interfaces.data
	is_array(r.ec2.security_groups.data)
	is_array(r.elbv2.load_balancers.data)
	open := world_open(r.ec2.security_groups.data)
	some id in {n.AttachedInstanceId | some n in all; is_string(n.AttachedInstanceId)}
	enis := [n | some n in all; n.AttachedInstanceId == id]
]

load_balancers := [lib.pass(lb.LoadBalancerArn, region, msg, {"scheme": lb.Scheme, "world_open": exposed}) |
	some region, r in lib.regions
	is_array(r.ec2.security_groups.data)
	is_array(r.ec2.network_interfaces.data)
	open := world_open(r.ec2.security_groups.data)
	some lb in r.elbv2.load_balancers.data
	lb.Scheme == "internet-facing"
	exposed := sort({sprintf("%s allows %s", [g, concat(", ", open[g])]) | some g in lb.SecurityGroups; open[g]})
	msg := front_end_message(lb, exposed)
]

front_end_message(lb, exposed) := sprintf("internet-facing %s load balancer %s is a front end for internet traffic: %s", [lb.Type, lb.LoadBalancerName, concat("; ", exposed)]) if {
	count(exposed) > 0
} else := sprintf("internet-facing %s load balancer %s is a front end for internet traffic (no security group admits an internet-wide range)", [lb.Type, lb.LoadBalancerName])

instance_verdict(region, id, enis, open) := v if {
	resource := sprintf("arn:aws:ec2:%s:%s:instance/%s", [region, input.account.account_id, id])
	addresses := sort({ip | some n in enis; some ip in public_ips(n)})
	exposed := sort({sprintf("%s allows %s", [g, concat(", ", open[g])]) |
		some n in enis
		count(public_ips(n)) > 0
		some g in n.Groups
		open[g]
	})
	values := {"public_ips": addresses, "world_open": exposed}
	v := decide(resource, region, id, addresses, exposed, values)
}

decide(resource, region, id, addresses, exposed, values) := lib.fail(resource, region, msg, values) if {
	count(exposed) > 0
	msg := sprintf("instance %s has public address %s and takes internet traffic directly: %s", [id, concat(", ", addresses), concat("; ", exposed)])
} else := lib.pass(resource, region, msg, values) if {
	count(addresses) > 0
	msg := sprintf("instance %s has public address %s, but none of its security groups admits an internet-wide range", [id, concat(", ", addresses)])
} else := lib.pass(resource, region, sprintf("instance %s has no public address: the internet reaches it only through a load balancer or NAT", [id]), values)
