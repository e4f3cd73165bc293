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

# Every verdict reads the bucket's configuration once ({} when not configured).
config_of(d) := d if is_object(d)

config_of(d) := {} if d == null

all_on(config) if every name in settings {
	config[name] == true
}

account_all_on if all_on(account_config)

level(config) := "on both the bucket and the account" if {
	all_on(config)
	account_all_on
} else := "on the bucket" if {
	all_on(config)
} else := "on the account" if {
	account_all_on
} else := "by bucket and account settings combined"

# Policy status: true / false; undefined when it could not be read.
public_of(d) := false if d == null

public_of(d) := d.IsPublic if is_boolean(d.IsPublic)

problems(missing, is_public) := array.concat(
	[sprintf("has Block Public Access settings off at both bucket and account level: %s", [concat(", ", missing)]) | count(missing) > 0],
	["has a public bucket policy (IsPublic)" | is_public == true],
)

values(config, missing, is_public) := {
	"off": missing,
	"bucket": config,
	"account": account_config,
	"IsPublic": is_public,
}

# One verdict per bucket whose three inputs were read.
results contains verdict(b, config, missing, is_public) if {
	is_object(account_config)
	some b in input.account.s3.buckets.data
	config := config_of(b.public_access_block.data)
	is_public := public_of(b.policy_status.data)
	missing := [name |
		some name in settings
		not config[name] == true
		not account_config[name] == true
	]
}

verdict(b, config, missing, is_public) := lib.fail(arn(b), b.Region, msg, values(config, missing, is_public)) if {
	p := problems(missing, is_public)
	count(p) > 0
	msg := sprintf("%s %s", [label(b), concat("; ", p)])
} else := lib.pass(
	arn(b), b.Region,
	sprintf("%s blocks public access (all four settings in effect %s) and its policy is not public", [label(b), level(config)]),
	values(config, missing, is_public),
)
