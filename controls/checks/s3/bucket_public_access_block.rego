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

arn(b) := sprintf("arn:aws:s3:::%s", [b.Name])

label(b) := sprintf("bucket %s (%s)", [b.Name, b.Region])

# The account-level configuration ({} when not configured); undefined when it could not be read.
account_config := c if {
	c := input.account.s3.account_public_access_block.data
	is_object(c)
}

account_config := {} if input.account.s3.account_public_access_block.data == null

bucket_config(b) := b.public_access_block.data if is_object(b.public_access_block.data)

bucket_config(b) := {} if b.public_access_block.data == null

on(config, name) if config[name] == true

# Settings in effect at neither level.
off(b) := [name |
	some name in settings
	not on(bucket_config(b), name)
	not on(account_config, name)
]

all_on(config) if every name in settings {
	on(config, name)
}

level(b) := "on both the bucket and the account" if {
	all_on(bucket_config(b))
	all_on(account_config)
}

level(b) := "on the bucket" if {
	all_on(bucket_config(b))
	not all_on(account_config)
}

level(b) := "on the account" if {
	not all_on(bucket_config(b))
	all_on(account_config)
}

level(b) := "by bucket and account settings combined" if {
	not all_on(bucket_config(b))
	not all_on(account_config)
}

# Policy status: true / false; undefined when it could not be read.
public(b) := false if b.policy_status.data == null

public(b) := b.policy_status.data.IsPublic if is_boolean(b.policy_status.data.IsPublic)

# Every bucket whose three inputs were read (an array: a set would compare whole buckets).
judged := [[b, off(b), public(b)] |
	some b in input.account.s3.buckets.data
	is_object(bucket_config(b))
	is_object(account_config)
	is_boolean(public(b))
]

problems(missing, is_public) := array.concat(
	[sprintf("has Block Public Access settings off at both bucket and account level: %s", [concat(", ", missing)]) | count(missing) > 0],
	["has a public bucket policy (IsPublic)" | is_public == true],
)

values(b, missing, is_public) := {
	"off": missing,
	"bucket": bucket_config(b),
	"account": account_config,
	"IsPublic": is_public,
}

# One verdict per judged bucket; the problems are computed once.
results contains verdict(b, missing, is_public) if {
	some [b, missing, is_public] in judged
}

verdict(b, missing, is_public) := lib.fail(arn(b), b.Region, msg, values(b, missing, is_public)) if {
	p := problems(missing, is_public)
	count(p) > 0
	msg := sprintf("%s %s", [label(b), concat("; ", p)])
} else := lib.pass(
	arn(b), b.Region,
	sprintf("%s blocks public access (all four settings in effect %s) and its policy is not public", [label(b), level(b)]),
	values(b, missing, is_public),
)
