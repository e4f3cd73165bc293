package caliper.checks.rds.storage_encrypted_test

import data.caliper.checks.rds.storage_encrypted as check
import data.caliper.testing
import rego.v1

key_arn := "arn:aws:kms:eu-west-1:111111111111:key/k-1"

db(id, encrypted, cluster) := object.union(
	{"DBInstanceIdentifier": id, "DBInstanceArn": sprintf("arn:aws:rds:eu-west-1:111111111111:db:%s", [id]), "Engine": "postgres", "StorageEncrypted": encrypted, "KmsKeyId": key_arn, "Subnets": [], "VpcSecurityGroups": []},
	{k: cluster | k := "DBClusterIdentifier"; cluster != null},
)

cluster(encrypted) := {"DBClusterIdentifier": "shop", "DBClusterArn": "arn:aws:rds:eu-west-1:111111111111:cluster:shop", "Engine": "aurora-postgresql", "StorageEncrypted": encrypted, "Members": ["shop-1"]}

account(dbs, clusters, keys) := {"regions": {"eu-west-1": object.union(
	{"rds": {"instances": testing.section(dbs), "clusters": testing.section(clusters)}},
	{"kms": {"keys": keys} | keys != null},
)}}

run(dbs, clusters, keys) := r if {
	r := check.results with input as testing.input_for(account(dbs, clusters, keys))
}

test_pass_names_a_customer_managed_key if {
	keys := testing.section([{"KeyId": "k-1", "Arn": key_arn, "KeyManager": "CUSTOMER", "KeyState": "Enabled", "Aliases": []}])
	r := run([db("orders", true, null)], [], keys)
	testing.statuses(r) == {"pass"}
	r[0].message == sprintf("database orders (postgres) encrypts its storage with KMS key %s (customer managed)", [key_arn])
}

test_pass_says_when_the_key_list_was_not_read if {
	r := run([db("orders", true, null)], [], testing.denied)
	r[0].values.key_manager == "key manager not read"
}

test_fail_for_an_unencrypted_instance if {
	r := run([db("orders", false, null)], [], null)
	testing.statuses(r) == {"fail"}
	r[0].message == "database orders (postgres) does not encrypt its storage"
}

test_aurora_is_judged_by_its_cluster_not_its_members if {
	r := run([db("shop-1", false, "shop")], [cluster(false)], null)
	count(r) == 1
	r[0].resource == "arn:aws:rds:eu-west-1:111111111111:cluster:shop"
	r[0].status == "fail"
	r2 := run([db("shop-1", true, "shop")], [cluster(true)], null)
	testing.statuses(r2) == {"pass"}
}

test_no_verdict_when_a_section_is_missing if {
	r := check.results with input as testing.input_for({"regions": {"eu-west-1": {"rds": {"instances": testing.section([db("orders", false, null)]), "clusters": testing.denied}}}})
	count(r) == 0
}
