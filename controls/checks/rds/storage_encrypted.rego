# METADATA
# title: Database storage is encrypted at rest
# description: >-
#   Every RDS instance and Aurora or Multi-AZ DB cluster should encrypt its storage, backups and
#   snapshots with KMS. Aurora members are judged through their cluster, where the setting lives.
#   A pass names the KMS key and whether AWS or the customer manages it (from the region's key
#   list when it was read).
# custom:
#   id: rds.storage-encrypted
#   severity: high
#   resource_type: AWS::RDS::DBInstance
#   sections: [rds.instances, rds.clusters]
#   remediation: >-
#     Encryption cannot be turned on in place: take a snapshot, copy it with --kms-key-id, restore
#     the copy and switch the application over; create new databases with --storage-encrypted.
#   references:
#     - AWS Security Hub RDS.3, RDS.27
#     - Amazon RDS User Guide, Encrypting Amazon RDS resources
package caliper.checks.rds.storage_encrypted

import data.caliper.lib
import rego.v1

results := array.concat(instances, clusters)

# Instances outside a cluster; cluster members are judged through their cluster.
instances := [verdict(db.DBInstanceArn, region, sprintf("database %s (%s)", [db.DBInstanceIdentifier, db.Engine]), db, keys) |
	some region, r in lib.regions
	is_array(r.rds.clusters.data)
	keys := lib.kms_key_managers(r)
	some db in r.rds.instances.data
	not is_string(db.DBClusterIdentifier)
]

clusters := [verdict(c.DBClusterArn, region, sprintf("cluster %s (%s)", [c.DBClusterIdentifier, c.Engine]), c, keys) |
	some region, r in lib.regions
	is_array(r.rds.instances.data)
	keys := lib.kms_key_managers(r)
	some c in r.rds.clusters.data
]

manager_text(keys, key) := "customer managed" if {
	keys[key] == "CUSTOMER"
} else := "AWS managed (aws/rds)" if {
	keys[key] == "AWS"
} else := "key manager not read"

verdict(resource, region, label, db, keys) := lib.pass(resource, region, msg, values) if {
	db.StorageEncrypted
	key := object.get(db, "KmsKeyId", "")
	manager := manager_text(keys, key)
	values := {"storage_encrypted": true, "kms_key_id": key, "key_manager": manager}
	msg := sprintf("%s encrypts its storage with KMS key %s (%s)", [label, key, manager])
} else := lib.fail(resource, region, sprintf("%s does not encrypt its storage", [label]), {"storage_encrypted": false})
