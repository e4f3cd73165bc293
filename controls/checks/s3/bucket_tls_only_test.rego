package caliper.checks.s3.bucket_tls_only_test

import data.caliper.checks.s3.bucket_tls_only as check
import data.caliper.testing
import rego.v1

bucket(policy) := {"Name": "data", "Region": "eu-west-1", "policy": policy}

policy(statements) := testing.section({"Version": "2012-10-17", "Statement": statements})

deny_http(condition) := {
	"Sid": "DenyInsecureTransport",
	"Effect": "Deny",
	"Principal": {"AWS": ["*"]},
	"Action": ["s3:*"],
	"Resource": ["arn:aws:s3:::data", "arn:aws:s3:::data/*"],
	"Condition": condition,
}

run(buckets) := r if {
	r := check.results with input as testing.input_for({"s3": {"buckets": testing.section(buckets)}})
}

test_pass_with_deny_on_secure_transport_false if {
	r := run([bucket(policy([deny_http({"Bool": {"aws:SecureTransport": "false"}})]))])
	some f in r
	f.status == "pass"
	f.message == "bucket data (eu-west-1) denies requests without TLS (aws:SecureTransport false) in its bucket policy: DenyInsecureTransport"
	f.resource == "arn:aws:s3:::data"
	count(r) == 1
}

test_pass_with_boolean_list_value_and_mixed_case_keys if {
	r := run([bucket(policy([deny_http({"BoolIfExists": {"AWS:SecureTransport": [false]}})]))])
	testing.statuses(r) == {"pass"}
}

test_pass_with_star_action_and_no_sid if {
	st := object.remove(object.union(deny_http({"Bool": {"aws:securetransport": false}}), {"Action": ["*"], "Resource": ["*"]}), ["Sid"])
	r := run([bucket(policy([st]))])
	some f in r
	f.status == "pass"
	f.values.tls_statements == ["statement 1"]
}

test_fail_without_bucket_policy if {
	r := run([bucket(testing.section(null))])
	some f in r
	f.status == "fail"
	f.message == "bucket data (eu-west-1) has no bucket policy, so requests over plain HTTP are not denied"
}

test_fail_when_condition_allows_secure_transport_only if {
	st := object.union(deny_http({"Bool": {"aws:SecureTransport": "true"}}), {"Effect": "Allow"})
	r := run([bucket(policy([st]))])
	testing.statuses(r) == {"fail"}
}

test_fail_when_deny_is_for_one_principal_only if {
	st := object.union(deny_http({"Bool": {"aws:SecureTransport": "false"}}), {"Principal": {"AWS": ["arn:aws:iam::111111111111:root"]}})
	r := run([bucket(policy([st]))])
	testing.statuses(r) == {"fail"}
}

test_fail_when_deny_covers_only_some_actions if {
	st := object.union(deny_http({"Bool": {"aws:SecureTransport": "false"}}), {"Action": ["s3:GetObject"]})
	r := run([bucket(policy([st]))])
	testing.statuses(r) == {"fail"}
}

test_fail_when_deny_misses_the_objects if {
	st := object.union(deny_http({"Bool": {"aws:SecureTransport": "false"}}), {"Resource": ["arn:aws:s3:::data"]})
	r := run([bucket(policy([st]))])
	testing.statuses(r) == {"fail"}
}

test_no_verdict_when_policy_unreadable if {
	r := run([bucket(testing.denied)])
	not "pass" in testing.statuses(r)
	count(r) == 0
}

test_fail_when_the_deny_is_narrowed_by_another_condition if {
	# Plain HTTP is denied only from outside one VPC endpoint: inside it, HTTP is allowed.
	narrowed := deny_http({
		"Bool": {"aws:SecureTransport": "false"},
		"StringNotEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"},
	})
	testing.statuses(run([bucket(policy([narrowed]))])) == {"fail"}
}

test_pass_when_a_narrowed_deny_sits_beside_an_unconditional_one if {
	narrowed := object.union(deny_http({
		"Bool": {"aws:SecureTransport": "false"},
		"StringNotEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"},
	}), {"Sid": "VpceOnly"})
	r := run([bucket(policy([narrowed, deny_http({"Bool": {"aws:SecureTransport": "false"}})]))])
	testing.statuses(r) == {"pass"}
	some f in r
	f.values.tls_statements == ["DenyInsecureTransport"]
}

test_fail_when_deny_misses_the_bucket_itself if {
	st := object.union(deny_http({"Bool": {"aws:SecureTransport": "false"}}), {"Resource": ["arn:aws:s3:::data/*"]})
	r := run([bucket(policy([st]))])
	some f in r
	f.status == "fail"
	contains(f.message, "denies requests without TLS only for objects, not for the bucket itself")
}

test_pass_when_two_statements_cover_the_bucket_and_its_objects if {
	objects := object.union(deny_http({"Bool": {"aws:SecureTransport": "false"}}), {"Sid": "Objects", "Resource": ["arn:aws:s3:::data/*"]})
	itself := object.union(deny_http({"Bool": {"aws:SecureTransport": "false"}}), {"Sid": "Bucket", "Resource": ["arn:aws:s3:::data"]})
	r := run([bucket(policy([objects, itself]))])
	some f in r
	f.status == "pass"
	f.values.tls_statements == ["Bucket", "Objects"]
}
