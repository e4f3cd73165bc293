package caliper.checks.rds.public_access_test

import data.caliper.checks.rds.public_access as check
import data.caliper.testing
import rego.v1

db(public, subnets) := {
	"DBInstanceIdentifier": "orders", "DBInstanceArn": "arn:aws:rds:eu-west-1:111111111111:db:orders",
	"Engine": "postgres", "PubliclyAccessible": public, "StorageEncrypted": true,
	"VpcId": "vpc-1", "Subnets": subnets, "VpcSecurityGroups": [],
}

private_main := {"RouteTableId": "rtb-main", "VpcId": "vpc-1", "Main": true, "Subnets": [], "Routes": [
	{"DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local", "State": "active"},
	{"DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": "nat-1", "State": "active"},
]}

public_table := {"RouteTableId": "rtb-pub", "VpcId": "vpc-1", "Main": false, "Subnets": ["subnet-pub"], "Routes": [
	{"DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local", "State": "active"},
	{"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": "igw-1", "State": "active"},
]}

account(dbs, tables) := {"regions": {"eu-west-1": {
	"rds": {"instances": testing.section(dbs)},
	"ec2": {"route_tables": testing.section(tables)},
}}}

run(dbs, tables) := r if {
	r := check.results with input as testing.input_for(account(dbs, tables))
}

test_pass_for_a_private_database_in_subnets_served_by_the_main_table if {
	r := run([db(false, ["subnet-a", "subnet-b"])], [private_main, public_table])
	testing.statuses(r) == {"pass"}
	r[0].message == "orders (postgres) is not publicly accessible and none of its subnets (subnet-a, subnet-b) routes to an internet gateway"
}

test_fail_when_publicly_accessible if {
	r := run([db(true, ["subnet-a"])], [private_main])
	testing.statuses(r) == {"fail"}
	r[0].resource == "arn:aws:rds:eu-west-1:111111111111:db:orders"
	contains(r[0].message, "is publicly accessible")
}

test_fail_when_a_subnet_routes_to_an_internet_gateway if {
	r := run([db(false, ["subnet-a", "subnet-pub"])], [private_main, public_table])
	testing.statuses(r) == {"fail"}
	r[0].message == "orders (postgres) is not publicly accessible, but its DB subnet group includes public subnets subnet-pub (0.0.0.0/0 → igw-1 via rtb-pub)"
}

test_fail_when_the_main_table_routes_to_an_internet_gateway if {
	main := object.union(public_table, {"Main": true, "Subnets": []})
	r := run([db(false, ["subnet-a"])], [main])
	testing.statuses(r) == {"fail"}
}

test_blackhole_route_to_a_deleted_gateway_is_not_public if {
	dead := {"RouteTableId": "rtb-pub", "VpcId": "vpc-1", "Main": false, "Subnets": ["subnet-pub"], "Routes": [
		{"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": "igw-gone", "State": "blackhole"},
	]}
	r := run([db(false, ["subnet-pub"])], [private_main, dead])
	testing.statuses(r) == {"pass"}
}

test_aurora_members_name_their_cluster if {
	member := object.union(db(true, ["subnet-a"]), {"DBClusterIdentifier": "shop", "Engine": "aurora-postgresql"})
	r := run([member], [private_main])
	startswith(r[0].message, "orders (aurora-postgresql, cluster shop) is publicly accessible")
}

test_error_when_no_route_table_serves_a_subnet if {
	r := run([db(false, ["subnet-a"])], [public_table])
	testing.statuses(r) == {"error"}
}

test_no_verdict_when_instances_or_route_tables_are_missing if {
	r := check.results with input as testing.input_for({"regions": {"eu-west-1": {"rds": {"instances": testing.denied}, "ec2": {"route_tables": testing.section([])}}}})
	count(r) == 0
}

test_no_verdict_without_databases if {
	count(run([], [private_main])) == 0
}

test_main_table_found_after_other_tables if {
	r := run([db(false, ["subnet-a"])], [public_table, private_main])
	testing.statuses(r) == {"pass"}
}
