package caliper.checks.rds.backup_multi_az_test

import data.caliper.checks.rds.backup_multi_az as check
import data.caliper.testing
import rego.v1

db(retention, multi_az) := {
	"DBInstanceIdentifier": "orders", "DBInstanceArn": "arn:aws:rds:eu-west-1:111111111111:db:orders",
	"Engine": "postgres", "PubliclyAccessible": false, "StorageEncrypted": true, "MultiAZ": multi_az,
	"BackupRetentionPeriod": retention, "Subnets": [], "VpcSecurityGroups": [],
}

account(dbs, clusters) := {"regions": {"eu-west-1": {"rds": {"instances": testing.section(dbs), "clusters": testing.section(clusters)}}}}

run(dbs, clusters) := r if {
	r := check.results with input as testing.production_input(account(dbs, clusters))
}

test_pass_with_a_week_of_backups_and_multi_az if {
	r := run([db(7, true)], [])
	testing.statuses(r) == {"pass"}
	r[0].values.production_account == "its name says production"
}

test_fail_names_every_gap if {
	r := run([db(0, false)], [])
	testing.statuses(r) == {"fail"}
	r[0].message == "database orders (postgres): automated backups are off (retention 0 days); it runs in one Availability Zone: a zone outage stops it"
	r2 := run([db(3, true)], [])
	r2[0].message == "database orders (postgres): automated backups keep 3 day(s), less than 7"
}

test_clusters_are_judged_not_their_members if {
	member := object.union(db(1, false), {"DBClusterIdentifier": "shop"})
	cluster := {"DBClusterIdentifier": "shop", "DBClusterArn": "arn:aws:rds:eu-west-1:111111111111:cluster:shop", "Engine": "aurora-postgresql", "StorageEncrypted": true, "MultiAZ": true, "BackupRetentionPeriod": 14, "Members": ["orders"]}
	r := run([member], [cluster])
	count(r) == 1
	r[0].status == "pass"
}

test_not_applicable_outside_production if {
	r := check.results with input as testing.workload_input(account([db(0, false)], []))
	testing.statuses(r) == {"not_applicable"}
}

test_no_verdict_when_clusters_are_missing if {
	r := check.results with input as testing.production_input({"regions": {"eu-west-1": {"rds": {"instances": testing.section([db(0, false)]), "clusters": testing.denied}}}})
	count(r) == 0
}
