# METADATA
# title: S3 bucket policies deny requests that do not use TLS
# description: >-
#   S3 accepts plain HTTP requests unless the bucket policy refuses them. The policy must have a
#   Deny statement for every principal ("*") on s3:* (or *) over the bucket and its objects (in one statement or two), conditioned
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

all_actions := {"s3:*", "*"}

bool_operators := {"bool", "boolifexists"}

# A condition value that is false: false, "false" (any case), or a list holding one.
is_false(v) := true if {
	v == false
} else := true if {
	is_string(v)
	lower(v) == "false"
} else := true if {
	is_array(v)
	some x in v
	is_false_scalar(x)
}

is_false_scalar(x) := true if x == false else := true if {
	is_string(x)
	lower(x) == "false"
}

insecure_transport_condition(st) if {
	some op, body in st.Condition
	lower(op) in bool_operators
	some k, v in body
	lower(k) == "aws:securetransport"
	is_false(v)
}

# Condition keys other than aws:SecureTransport: each narrows the Deny (for example
# aws:SourceVpce denies plain HTTP only from outside one endpoint), so it no longer covers every
# request without TLS.
narrowing_keys(st) := [k |
	some op, body in st.Condition
	some k, _ in body
	not transport_key(op, k)
]

transport_key(op, k) if {
	lower(op) in bool_operators
	lower(k) == "aws:securetransport"
}

# A Deny statement for every principal on all S3 actions, when aws:SecureTransport is false, and
# on no other condition.
denies_insecure(st) if {
	"*" in st.Principal.AWS
	some a in st.Action
	lower(a) in all_actions
	insecure_transport_condition(st)
	count(narrowing_keys(st)) == 0
}

# What of the bucket such a statement covers: "objects", "bucket", or both. A resource reaches
# the objects as *, arn:aws:s3:::*, arn:aws:s3:::NAME/* or arn:aws:s3:::NAME*, and the bucket as
# *, arn:aws:s3:::*, arn:aws:s3:::NAME or arn:aws:s3:::NAME*. `arns` holds the bucket's three
# suffixes, made only for statements that deny plain HTTP (most buckets have none).
covers(name, st) := {part |
	arns := {
		"objects": sprintf(":s3:::%s/*", [name]),
		"bucket": sprintf(":s3:::%s", [name]),
		"prefix": sprintf(":s3:::%s*", [name]),
	}
	some r in st.Resource
	some part in reaches(arns, r)
}

reaches(arns, r) := {"objects", "bucket"} if {
	r == "*"
} else := {"objects", "bucket"} if {
	endswith(r, ":s3:::*")
} else := {"objects", "bucket"} if {
	endswith(r, arns.prefix)
} else := {"objects"} if {
	endswith(r, arns.objects)
} else := {"bucket"} if {
	endswith(r, arns.bucket)
}

statement_name(i, st) := st.Sid if {
	is_string(st.Sid)
	st.Sid != ""
} else := sprintf("statement %d", [i + 1])

# One verdict per bucket, its TLS statements computed inline: accounts have hundreds of buckets,
# and in the Rego VM every function call and comprehension costs thousands of instructions
# (docs/writing-checks.md, Performance). Cheap tests come first.
results := [verdict(resource, b.Region, label, policy, statements, covered) |
	some b in input.account.s3.buckets.data
	policy := b.policy.data # null: no policy

	# Unreadable: no verdict. The Rego VM does not fail a body on an undefined assignment alone.
	type_name(policy) in {"null", "object"}
	denials := [[statement_name(i, st), parts] |
		some i, st in object.get(policy, "Statement", [])
		st.Effect == "Deny"
		denies_insecure(st)
		parts := covers(b.Name, st)
		count(parts) > 0
	]
	statements := sort([n | some [n, _] in denials])
	covered := {p | some [_, parts] in denials; some p in parts}
	resource := sprintf("arn:aws:s3:::%s", [b.Name])
	label := sprintf("bucket %s (%s)", [b.Name, b.Region])
]

verdict(resource, region, label, policy, statements, covered) := lib.fail(resource, region, msg, {"policy": false, "tls_statements": []}) if {
	policy == null
	msg := sprintf("%s has no bucket policy, so requests over plain HTTP are not denied", [label])
} else := lib.pass(resource, region, msg, {"policy": true, "tls_statements": statements}) if {
	covered == {"bucket", "objects"}
	msg := sprintf("%s denies requests without TLS (aws:SecureTransport false) in its bucket policy: %s", [label, concat(", ", statements)])
} else := lib.fail(resource, region, msg, {"policy": true, "tls_statements": statements, "covers": sort(covered)}) if {
	count(covered) > 0
	gap := [x | some x in ["bucket", "objects"]; not x in covered][0]
	missing := {"bucket": "the bucket itself (ListBucket and bucket configuration calls)", "objects": "its objects"}[gap]
	msg := sprintf("%s denies requests without TLS only for %s, not for %s (%s)", [label, concat(" and ", sort(covered)), missing, concat(", ", statements)])
} else := lib.fail(
	resource, region,
	sprintf("%s has a bucket policy without a Deny statement for aws:SecureTransport false on s3:* for all principals, the bucket and its objects", [label]),
	{"policy": true, "tls_statements": []},
)
