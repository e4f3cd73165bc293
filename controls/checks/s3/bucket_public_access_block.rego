# METADATA
# title: S3 buckets block public access
# description: >-
#   Every bucket must have all four S3 Block Public Access settings in effect, set on the bucket
#   itself or inherited from the account (S3 applies whichever of the two is stricter, setting by
#   setting), and its bucket policy must not be public (GetBucketPolicyStatus IsPublic).
# custom:
#   id: s3.bucket-public-access-block
#   severity: high
#   resource_type: AWS::S3::Bucket
#   sections: [s3.buckets, s3.buckets.public_access_block, s3.buckets.policy_status, s3.account_public_access_block]
#   remediation: >-
#     Turn on all four Block Public Access settings for the account, or for the bucket where the
#     account cannot; remove policy statements that grant access to "*" without a restricting
#     condition and serve public content through CloudFront with origin access control instead.
#   references:
#     - CIS AWS Foundations Benchmark v3.0 2.1.4
#     - AWS Security Hub S3.8
package caliper.checks.s3.bucket_public_access_block

import data.caliper.lib
import rego.v1

settings := ["BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"]

# The account-level configuration ({} when not configured); undefined when it could not be read.
account_config := c if {
	c := input.account.s3.account_public_access_block.data
	is_object(c)
} else := {} if input.account.s3.account_public_access_block.data == null

account_all_on := count([1 | some name in settings; account_config[name] == true]) == 4

# Where the four settings are in effect, given whether the bucket's own four are all on.
level(true) := "on both the bucket and the account" if account_all_on

level(true) := "on the bucket" if not account_all_on

level(false) := "on the account" if account_all_on

level(false) := "by bucket and account settings combined" if not account_all_on

# One verdict per bucket whose three inputs were read. What a bucket needs is computed inline:
# accounts have hundreds of buckets, and in the Rego VM every function call and comprehension
# costs thousands of instructions (docs/writing-checks.md, Performance).
results := [verdict(resource, b.Region, label, values) |
	is_object(account_config)
	some b in input.account.s3.buckets.data
	d := b.public_access_block.data
	config := {true: d, false: {}}[is_object(d)] # null: not configured
	is_public := public_of(b.policy_status.data)

	# Unreadable data gives no verdict. The Rego VM does not fail a body on an undefined
	# assignment alone, so each value is tested before use.
	is_object(config)
	is_boolean(is_public)
	missing := lib.public_access_gaps(config, account_config)
	resource := sprintf("arn:aws:s3:::%s", [b.Name])
	label := sprintf("bucket %s (%s)", [b.Name, b.Region])
	values := {"off": missing, "bucket": config, "account": account_config, "IsPublic": is_public}
]

# The policy status (no policy: not public); undefined when it could not be read.
public_of(d) := false if {
	d == null
} else := d.IsPublic if {
	is_boolean(d.IsPublic)
}

problems(missing, is_public) := array.concat(
	[sprintf("has Block Public Access settings off at both bucket and account level: %s", [concat(", ", missing)]) | count(missing) > 0],
	["has a public bucket policy (IsPublic)" | is_public == true],
)

verdict(resource, region, label, v) := lib.fail(resource, region, sprintf("%s %s", [label, concat("; ", p)]), v) if {
	p := problems(v.off, v.IsPublic)
	count(p) > 0
} else := lib.pass(
	resource, region,
	sprintf("%s blocks public access (all four settings in effect %s) and its policy is not public", [label, level(count([1 | some name in settings; v.bucket[name] == true]) == 4)]),
	v,
)
