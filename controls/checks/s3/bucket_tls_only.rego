# METADATA
# title: S3 bucket policies deny requests that do not use TLS
# description: >-
#   S3 accepts plain HTTP requests unless the bucket policy refuses them. The policy must have a
#   Deny statement for every principal ("*") on s3:* (or *) over the bucket's objects, conditioned
#   on Bool or BoolIfExists aws:SecureTransport = false, so data can only travel encrypted in
#   transit. A bucket without a policy fails.
# custom:
#   id: s3.bucket-tls-only
#   severity: medium
#   resource_type: AWS::S3::Bucket
#   sections: [s3.buckets, s3.buckets.policy]
#   remediation: >-
#     Add a statement to the bucket policy with Effect Deny, Principal "*", Action "s3:*",
#     Resource the bucket ARN and "<bucket ARN>/*", and Condition {"Bool": {"aws:SecureTransport":
#     "false"}}.
#   references:
#     - CIS AWS Foundations Benchmark v3.0 2.1.1
#     - AWS Security Hub S3.5
package caliper.checks.s3.bucket_tls_only

import data.caliper.lib
import rego.v1

arn(b) := sprintf("arn:aws:s3:::%s", [b.Name])

label(b) := sprintf("bucket %s (%s)", [b.Name, b.Region])

all_actions := {"s3:*", "*"}

bool_operators := {"bool", "boolifexists"}

false_scalar(x) if x == false

false_scalar(x) if {
	is_string(x)
	lower(x) == "false"
}

# Condition values may be a scalar or a list.
is_false(v) if false_scalar(v)

is_false(v) if {
	is_array(v)
	some x in v
	false_scalar(x)
}

insecure_transport_condition(st) if {
	some op, body in st.Condition
	lower(op) in bool_operators
	some k, v in body
	lower(k) == "aws:securetransport"
	is_false(v)
}

# The statement's resources reach the bucket's objects.
covers_objects(b, st) if {
	some r in st.Resource
	object_resource(b, r)
}

object_resource(_, r) if r == "*"

object_resource(_, r) if endswith(r, ":s3:::*")

object_resource(b, r) if endswith(r, sprintf(":s3:::%s/*", [b.Name]))

object_resource(b, r) if endswith(r, sprintf(":s3:::%s*", [b.Name]))

denies_insecure(b, st) if {
	st.Effect == "Deny"
	"*" in st.Principal.AWS
	some a in st.Action
	lower(a) in all_actions
	covers_objects(b, st)
	insecure_transport_condition(st)
}

statement_name(i, st) := st.Sid if {
	is_string(st.Sid)
	st.Sid != ""
}

statement_name(i, st) := sprintf("statement %d", [i + 1]) if not is_string(st.Sid)

statement_name(i, st) := sprintf("statement %d", [i + 1]) if st.Sid == ""

tls_statements(b) := sort([statement_name(i, st) |
	some i, st in b.policy.data.Statement
	denies_insecure(b, st)
])

results contains lib.fail(arn(b), b.Region, msg, {"policy": false, "tls_statements": []}) if {
	some b in input.account.s3.buckets.data
	b.policy.data == null
	msg := sprintf("%s has no bucket policy, so requests over plain HTTP are not denied", [label(b)])
}

# Buckets with a policy: one verdict each, the TLS statements computed once.
results contains verdict(b, tls_statements(b)) if {
	some b in input.account.s3.buckets.data
	b.policy.data != null
}

verdict(b, statements) := lib.pass(arn(b), b.Region, msg, {"policy": true, "tls_statements": statements}) if {
	count(statements) > 0
	msg := sprintf("%s denies requests without TLS (aws:SecureTransport false) in its bucket policy: %s", [label(b), concat(", ", statements)])
} else := lib.fail(
	arn(b), b.Region,
	sprintf("%s has a bucket policy without a Deny statement for aws:SecureTransport false on s3:* for all principals and its objects", [label(b)]),
	{"policy": true, "tls_statements": []},
)
