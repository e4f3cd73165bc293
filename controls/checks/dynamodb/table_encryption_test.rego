package caliper.checks.dynamodb.table_encryption_test

import data.caliper.checks.dynamodb.table_encryption as check
import data.caliper.testing
import rego.v1

key := "arn:aws:kms:eu-west-1:111111111111:key/k1"

table(extra) := object.union({"TableName": "orders", "TableArn": "arn:aws:dynamodb:eu-west-1:111111111111:table/orders", "TableStatus": "ACTIVE"}, extra)

run(tables, manager) := r if {
	keys := [{"KeyId": "k1", "Arn": key, "KeyManager": manager, "KeyState": "Enabled", "Aliases": []} | manager != null]
	r := check.results with input as testing.input_for({"regions": {"eu-west-1": {"dynamodb": {"tables": testing.section(tables)}, "kms": {"keys": testing.section(keys)}}}})
}

test_default_tables_pass_with_the_aws_owned_key if {
	r := run([table({})], null)
	testing.statuses(r) == {"pass"}
	r[0].message == "table orders is encrypted at rest with the AWS owned key (DynamoDB's default)"
}

test_key_types_are_named if {
	kms := table({"SseType": "KMS", "SseStatus": "ENABLED", "KmsMasterKeyArn": key})
	run([kms], "CUSTOMER")[0].values.key == sprintf("customer managed key %s", [key])
	run([kms], "AWS")[0].values.key == "the AWS managed key aws/dynamodb"
	run([kms], null)[0].values.key == sprintf("KMS key %s (key manager not read)", [key])
}

test_fail_when_the_key_is_inaccessible if {
	r := run([table({"SseType": "KMS", "SseStatus": "ENABLED", "TableStatus": "INACCESSIBLE_ENCRYPTION_CREDENTIALS", "KmsMasterKeyArn": key})], "CUSTOMER")
	testing.statuses(r) == {"fail"}
}

test_no_verdict_when_tables_are_missing if {
	r := check.results with input as testing.input_for({"regions": {"eu-west-1": {"dynamodb": {"tables": testing.denied}}}})
	count(r) == 0
}
