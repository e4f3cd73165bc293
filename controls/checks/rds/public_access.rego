# METADATA
# title: Databases are not reachable from the internet
# description: >-
#   A database belongs in private subnets, reachable only from the application tier. An RDS
#   instance (Aurora cluster members included) fails when it is publicly accessible, or when a
#   subnet of its DB subnet group routes 0.0.0.0/0 or ::/0 to an internet gateway: making it public
#   later is then one setting away. Each subnet's route table is its explicit association, else
#   the VPC's main route table.
# custom:
#   id: rds.public-access
#   severity: high
#   resource_type: AWS::RDS::DBInstance
#   sections: [rds.instances, ec2.route_tables]
#   remediation: >-
#     Turn off public accessibility (modify-db-instance --no-publicly-accessible) and give the
#     database a DB subnet group of private subnets (no route to an internet gateway); reach it
#     from the application's security group, a bastion or AWS Systems Manager port forwarding.
#   references:
#     - AWS Security Hub RDS.2
#     - Amazon RDS User Guide, Working with a DB instance in a VPC
package caliper.checks.rds.public_access

import data.caliper.lib
import rego.v1

results := [verdict(db, region, tables) |
	some region, r in lib.regions
	tables := r.ec2.route_tables.data
	is_array(tables) # a builtin test: in the Rego VM an undefined value does not end the body
	some db in r.rds.instances.data
]

internet_wide := {"0.0.0.0/0", "::/0"}

# The route table that serves a subnet: its explicit association, else the VPC's main table.
# (Not an `else` over `some`: the Rego VM of regorus 0.14 does not backtrack into the `else`
# body's iteration, so a main table listed after another table was missed.)
table_of(tables, subnet, vpc) := candidates[0] if {
	candidates := array.concat(
		[rt | some rt in tables; subnet in rt.Subnets],
		[rt | some rt in tables; rt.Main; rt.VpcId == vpc],
	)
	count(candidates) > 0
}

# "0.0.0.0/0 → igw-1" for each active route of a table to an internet gateway.
igw_routes(rt) := {sprintf("%s → %s", [dest, route.GatewayId]) |
	some route in rt.Routes
	startswith(object.get(route, "GatewayId", ""), "igw-")
	object.get(route, "State", "active") == "active"
	dest := object.get(route, "DestinationCidrBlock", object.get(route, "DestinationIpv6CidrBlock", ""))
	dest in internet_wide
}

label(db) := sprintf("%s (%s, cluster %s)", [db.DBInstanceIdentifier, db.Engine, db.DBClusterIdentifier]) if {
	is_string(db.DBClusterIdentifier)
} else := sprintf("%s (%s)", [db.DBInstanceIdentifier, db.Engine])

verdict(db, region, tables) := v if {
	public := sort({sprintf("%s (%s via %s)", [s, concat(", ", igw_routes(rt)), rt.RouteTableId]) |
		some s in db.Subnets
		rt := table_of(tables, s, db.VpcId)
		count(igw_routes(rt)) > 0
	})
	unknown := sort({s | some s in db.Subnets; not table_of(tables, s, db.VpcId)})
	values := {"publicly_accessible": db.PubliclyAccessible, "public_subnets": public, "subnets": db.Subnets}
	v := decide(db, region, public, unknown, values)
}

decide(db, region, public, unknown, values) := lib.fail(db.DBInstanceArn, region, msg, values) if {
	db.PubliclyAccessible
	msg := sprintf("%s is publicly accessible: AWS gives it an address reachable from the internet", [label(db)])
} else := lib.fail(db.DBInstanceArn, region, msg, values) if {
	count(public) > 0
	msg := sprintf("%s is not publicly accessible, but its DB subnet group includes public subnets %s", [label(db), concat("; ", public)])
} else := lib.unknown(db.DBInstanceArn, region, msg, values) if {
	count(unknown) > 0
	msg := sprintf("%s: no route table was found for subnet(s) %s, so whether they route to an internet gateway is unknown", [label(db), concat(", ", unknown)])
} else := lib.pass(db.DBInstanceArn, region, msg, values) if {
	msg := sprintf("%s is not publicly accessible and none of its subnets (%s) routes to an internet gateway", [label(db), concat(", ", db.Subnets)])
}
