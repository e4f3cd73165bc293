# METADATA
# title: S3 Block Public Access is on for the whole account
# description: >-
#   The account-level S3 Block Public Access settings override every bucket's ACLs and policies.
#   With all four on (BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy,
#   RestrictPublicBuckets), no bucket of the account can be made public by mistake.
# custom:
#   id: s3.account-public-access-block
#   severity: high
#   resource_type: AWS::::Account
#   sections: [s3.account_public_access_block]
#   remediation: >-
#     Turn on all four Block Public Access settings for the account (S3 console, "Block Public
#     Access settings for this account", or s3control PutPublicAccessBlock); enforce it across the
#     organization with an SCP denying s3:PutAccountPublicAccessBlock.
#   references:
#     - CIS AWS Foundations Benchmark v3.0 2.1.4
#     - AWS Security Hub S3.1
package caliper.checks.s3.account_public_access_block

import data.caliper.lib
import data.caliper.lib.account_resource
import rego.v1

settings := ["BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"]

config := input.account.s3.account_public_access_block.data

off contains name if {
	is_object(config)
	some name in settings
	not config[name] == true
}

values := {name: config[name] | some name in settings} if is_object(config)

results contains lib.fail(account_resource, "global", msg, {"configured": false}) if {
	config == null
	msg := sprintf("account %s has no account-level S3 Block Public Access configuration", [input.account.account_id])
}

results contains lib.fail(account_resource, "global", msg, values) if {
	is_object(config)
	count(off) > 0
	msg := sprintf("account %s has account-level S3 Block Public Access settings off: %s", [input.account.account_id, concat(", ", sort(off))])
}

results contains lib.pass(account_resource, "global", msg, values) if {
	is_object(config)
	count(off) == 0
	msg := sprintf("account %s has all four account-level S3 Block Public Access settings on", [input.account.account_id])
}
