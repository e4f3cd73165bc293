# METADATA
# title: The workload survives the loss of an Availability Zone
# description: >-
#   A design survives the loss of a zone only when each tier has capacity in another. In a workload
#   account, each VPC with resources (instances, databases, load balancers, Auto Scaling groups,
#   NAT gateways, functions or interface endpoints in it), each Auto Scaling group and each load
#   balancer passes when it spans two or more Availability Zones and fails when all of it lies in
#   one, naming the zones; each NAT gateway fails when private subnets in other zones route through
#   it (losing its zone cuts their way out) and passes otherwise. A deliberate single-zone design
#   is waivable with the customer requirement behind it, as the guide allows. Empty default VPCs
#   are not judged.
# custom:
#   id: ha.zones
#   severity: medium
#   resource_type: AWS::EC2::VPC
#   sections: [ec2.vpcs, ec2.subnets, ec2.route_tables, ec2.nat_gateways, ec2.instances, rds.instances, elbv2.load_balancers, autoscaling.groups, lambda.functions]
#   remediation: >-
#     Give each tier subnets in at least two Availability Zones: spread the Auto Scaling group and
#     the load balancer over them, run one NAT gateway per zone with each zone's private route
#     table pointing at its own, and run databases Multi-AZ. Waive a deliberate single-zone design
#     with the customer requirement that justifies it.
#   references:
#     - AWS Well-Architected, REL10-BP01 Deploy the workload to multiple locations
#     - Amazon VPC User Guide, NAT gateways (zone independence)
#     - AWS Partner calibration guide, DOC-001 and REL-002
package caliper.checks.ha.zones

import data.caliper.lib
import rego.v1

results := lib.workload_gate(array.concat(array.concat(vpcs, groups), array.concat(balancers, nats)))

zone_of(r) := {s.SubnetId: s.AvailabilityZone | some s in r.ec2.subnets.data}

arn(region, kind, id) := sprintf("arn:aws:ec2:%s:%s:%s/%s", [region, input.account.account_id, kind, id])

zones_text(zs) := concat(", ", sort(zs))

verdict(resource, region, what, zs) := lib.pass(resource, region, msg, {"zones": sort(zs)}) if {
	count(zs) > 1
	msg := sprintf("%s spans %d Availability Zones: %s", [what, count(zs), zones_text(zs)])
} else := lib.fail(resource, region, msg, {"zones": sort(zs)}) if {
	count(zs) == 1
	msg := sprintf("%s lies in one Availability Zone, %s: losing it stops it", [what, zones_text(zs)])
}

# Subnets that hold something the workload runs.
used_subnets(r) := {s |
	some i in r.ec2.instances.data
	s := i.SubnetId
} | {s |
	some d in r.rds.instances.data
	some s in d.Subnets
} | {z.SubnetId |
	some b in r.elbv2.load_balancers.data
	some z in b.AvailabilityZones
} | {s |
	some g in r.autoscaling.groups.data
	some s in g.Subnets
} | {n.SubnetId |
	some n in r.ec2.nat_gateways.data
} | {s |
	some f in r.lambda.functions.data
	some s in f.Subnets
}

vpcs := [verdict(arn(region, "vpc", v.VpcId), region, sprintf("VPC %s", [v.VpcId]), zs) |
	some region, r in lib.regions
	zone := zone_of(r)
	used := used_subnets(r)
	some v in r.ec2.vpcs.data
	in_vpc := {s.SubnetId | some s in r.ec2.subnets.data; s.VpcId == v.VpcId}
	count(in_vpc & used) > 0
	zs := {zone[s] | some s in in_vpc & used}
]

groups := [verdict(g.AutoScalingGroupARN, region, sprintf("Auto Scaling group %s", [g.AutoScalingGroupName]), zs) |
	some region, r in lib.regions
	some g in r.autoscaling.groups.data
	zs := {z | some z in g.AvailabilityZones}
	count(zs) > 0
]

balancers := [verdict(b.LoadBalancerArn, region, sprintf("load balancer %s", [b.LoadBalancerName]), zs) |
	some region, r in lib.regions
	some b in r.elbv2.load_balancers.data
	zs := {z.ZoneName | some z in b.AvailabilityZones}
	count(zs) > 0
]

# The subnets whose route table sends internet traffic (0.0.0.0/0) to the NAT gateway.
routed_through(r, n) := {s |
	some t in r.ec2.route_tables.data
	some route in t.Routes
	route.NatGatewayId == n.NatGatewayId
	some s in table_subnets(r, t)
}

# A table's subnets: its explicit ones, or, for the main table, the VPC's subnets no table names.
table_subnets(_, t) := t.Subnets if not t.Main

table_subnets(r, t) := array.concat(t.Subnets, [s.SubnetId |
	some s in r.ec2.subnets.data
	s.VpcId == t.VpcId
	not explicitly_associated(r, s.SubnetId)
]) if t.Main

explicitly_associated(r, subnet) if {
	some t in r.ec2.route_tables.data
	subnet in t.Subnets
}

nats := [nat_verdict(region, n, zone[n.SubnetId], served) |
	some region, r in lib.regions
	zone := zone_of(r)
	some n in r.ec2.nat_gateways.data
	zone[n.SubnetId]
	served := {zone[s] | some s in routed_through(r, n)}
]

nat_verdict(region, n, home, served) := lib.fail(arn(region, "natgateway", n.NatGatewayId), region, msg, {"zone": home, "serves_zones": sort(served)}) if {
	others := served - {home}
	count(others) > 0
	msg := sprintf("NAT gateway %s in %s carries the internet traffic of private subnets in %s too: losing %s cuts them off", [n.NatGatewayId, home, zones_text(others), home])
} else := lib.pass(arn(region, "natgateway", n.NatGatewayId), region, msg, {"zone": home, "serves_zones": sort(served)}) if {
	msg := sprintf("NAT gateway %s in %s serves only subnets of its own zone", [n.NatGatewayId, home])
}
