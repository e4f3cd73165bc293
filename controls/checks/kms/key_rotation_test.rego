package caliper.checks.kms.key_rotation_test

import data.caliper.checks.kms.key_rotation as check
import data.caliper.testing
import rego.v1

arn := "arn:aws:kms:eu-west-1:111111111111:key/k-1"

key(manager, state, spec, rotation) := {
	"KeyId": "k-1",
	"Arn": arn,
	"KeyManager": manager,
	"KeyState": state,
	"KeySpec": spec,
	"Aliases": ["alias/data"],
	"rotation": rotation,
}

run(keys) := r if {
	r := check.results with input as testing.input_for({"regions": {"eu-west-1": {"kms": {"keys": testing.section(keys)}}}})
}

rotating := testing.section({"KeyRotationEnabled": true, "RotationPeriodInDays": 365})

test_pass_when_customer_key_rotates if {
	r := run([key("CUSTOMER", "Enabled", "SYMMETRIC_DEFAULT", rotating)])
	some f in r
	f.status == "pass"
	f.message == "KMS key k-1 (alias/data) rotates automatically every 365 days"
	f.resource == arn
	f.region == "eu-west-1"
	f.values.RotationPeriodInDays == 365
}

test_fail_when_customer_key_does_not_rotate if {
	r := run([key("CUSTOMER", "Enabled", "SYMMETRIC_DEFAULT", testing.section({"KeyRotationEnabled": false}))])
	some f in r
	f.status == "fail"
	f.message == "KMS key k-1 (alias/data) does not rotate automatically"
	count(r) == 1
}

test_key_without_spec_counts_as_symmetric if {
	k := object.remove(key("CUSTOMER", "Enabled", null, testing.section({"KeyRotationEnabled": false})), ["KeySpec"])
	r := run([k])
	testing.statuses(r) == {"fail"}
}

test_keys_that_cannot_rotate_are_not_applicable_with_the_reason if {
	k := key("CUSTOMER", "Enabled", "RSA_2048", null)
	r := check.results with input as object.union(
		testing.input_for({"regions": {"eu-west-1": {"kms": {"keys": testing.section([k])}}}}),
		{"facts": {"kms_rotation_not_applicable": {arn: "key spec RSA_2048: asymmetric"}}},
	)
	some f in r
	f.status == "not_applicable"
	f.message == "KMS key k-1 (alias/data) does not rotate automatically by design: key spec RSA_2048: asymmetric"
	f.values.reason == "key spec RSA_2048: asymmetric"
	count(r) == 1
	count(check.scope) == 0 with input as object.union(
		testing.input_for({"regions": {"eu-west-1": {"kms": {"keys": testing.section([k])}}}}),
		{"facts": {"kms_rotation_not_applicable": {arn: "key spec RSA_2048: asymmetric"}}},
	)
}

test_a_key_without_facts_is_judged if {
	k := key("CUSTOMER", "Enabled", "RSA_2048", testing.section({"KeyRotationEnabled": false}))
	testing.statuses(run([k])) == {"fail"}
	check.scope == {arn} with input as testing.input_for({"regions": {"eu-west-1": {"kms": {"keys": testing.section([k])}}}})
}

test_no_verdict_for_aws_managed_keys if {
	r := run([key("AWS", "Enabled", "SYMMETRIC_DEFAULT", rotating)])
	count(r) == 0
}

test_no_verdict_when_rotation_unreadable if {
	r := run([key("CUSTOMER", "Enabled", "SYMMETRIC_DEFAULT", testing.denied)])
	not "pass" in testing.statuses(r)
	count(r) == 0
}

test_no_verdict_when_keys_unlisted if {
	r := check.results with input as testing.input_for({"regions": {"eu-west-1": {"kms": {"keys": testing.denied}}}})
	count(r) == 0
}
