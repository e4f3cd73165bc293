# METADATA
# title: Production databases keep backups and survive the loss of a zone
# description: >-
#   In a production account, every RDS instance outside a cluster and every Aurora or Multi-AZ DB
#   cluster should keep automated backups for at least thresholds.rds_backup_retention_days (7 by
#   default; a retention of 0 turns them off) and run in more than one Availability Zone: Multi-AZ
#   for an instance, replicas in another zone for a cluster (AWS reports it as MultiAZ). A
#   database fails naming what is missing; a deliberate single-AZ choice is recorded as a waiver
#   with its reason. Databases outside production accounts are not judged.
# custom:
#   id: rds.backup-multi-az
#   severity: high
#   resource_type: AWS::RDS::DBInstance
#   sections: [rds.instances, rds.clusters]
#   remediation: >-
#     Set the backup retention period (modify-db-instance / modify-db-cluster
#     --backup-retention-period) to the customer's recovery point needs, and turn on Multi-AZ (or
#     add an Aurora replica in another Availability Zone).
#   references:
#     - AWS Security Hub RDS.5, RDS.11, RDS.15
#     - AWS Partner calibration guide, REL-002 and DOC-001
package caliper.checks.rds.backup_multi_az

import data.caliper.lib
import rego.v1

minimum := input.config.thresholds.rds_backup_retention_days

results := lib.production_gate(array.concat(instances, clusters))

instances := [verdict(db.DBInstanceArn, region, sprintf("database %s (%s)", [db.DBInstanceIdentifier, db.Engine]), db) |
	some region, r in lib.regions
	is_array(r.rds.clusters.data)
	some db in r.rds.instances.data
	not is_string(db.DBClusterIdentifier)
]

clusters := [verdict(c.DBClusterArn, region, sprintf("cluster %s (%s, %d member(s))", [c.DBClusterIdentifier, c.Engine, count(c.Members)]), c) |
	some region, r in lib.regions
	is_array(r.rds.instances.data)
	some c in r.rds.clusters.data
]

retention(db) := object.get(db, "BackupRetentionPeriod", 0)

gaps(db) := array.concat(backup_gap(db), zone_gap(db))

backup_gap(db) := ["automated backups are off (retention 0 days)"] if {
	retention(db) == 0
} else := [sprintf("automated backups keep %d day(s), less than %d", [retention(db), minimum])] if {
	retention(db) < minimum
} else := []

zone_gap(db) := ["it runs in one Availability Zone: a zone outage stops it"] if {
	not db.MultiAZ
} else := []

verdict(resource, region, label, db) := v if {
	found := gaps(db)
	values := {"backup_retention_days": retention(db), "multi_az": db.MultiAZ, "minimum_retention_days": minimum}
	v := decide(resource, region, label, found, values)
}

decide(resource, region, label, found, values) := lib.fail(resource, region, sprintf("%s: %s", [label, concat("; ", found)]), values) if {
	count(found) > 0
} else := lib.pass(resource, region, msg, values) if {
	msg := sprintf("%s keeps automated backups for %d days and runs in more than one Availability Zone", [label, values.backup_retention_days])
}
