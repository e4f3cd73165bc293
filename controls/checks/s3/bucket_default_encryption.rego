# METADATA
# title: S3 buckets encrypt new objects by default
# description: >-
#   A bucket's default encryption configuration decides how objects written without explicit
#   encryption headers are encrypted at rest. Every bucket must have one; the verdict reports the
#   algorithm (SSE-S3 AES256, SSE-KMS or DSSE-KMS) and the key, so KMS-managed keys can be told
#   apart from S3-managed ones.
# custom:
#   id: s3.bucket-default-encryption
#   severity: medium
#   resource_type: AWS::S3::Bucket
#   sections: [s3.buckets, s3.buckets.encryption]
#   remediation: >-
#     Set default encryption on the bucket (PutBucketEncryption), preferably SSE-KMS with a
#     customer-managed key and S3 Bucket Keys enabled for data that needs key-level access control.
#   references:
#     - Amazon S3 User Guide, Setting default server-side encryption behavior for Amazon S3 buckets
package caliper.checks.s3.bucket_default_encryption

import data.caliper.lib
import rego.v1

arn(b) := sprintf("arn:aws:s3:::%s", [b.Name])

label(b) := sprintf("bucket %s (%s)", [b.Name, b.Region])

# The key id, or the key S3 uses without one (SSE-KMS without a key id uses the AWS managed key
# for S3).
key(enc) := enc.KMSMasterKeyID if {
	is_string(enc.KMSMasterKeyID)
} else := "S3-managed key" if {
	enc.SSEAlgorithm == "AES256"
} else := "AWS managed key aws/s3" if {
	enc.SSEAlgorithm != "AES256"
}

results contains lib.fail(arn(b), b.Region, msg, {"SSEAlgorithm": null, "KMSMasterKeyID": null}) if {
	some b in input.account.s3.buckets.data
	b.encryption.data == null
	msg := sprintf("%s has no default encryption configuration", [label(b)])
}

results contains lib.pass(arn(b), b.Region, msg, values) if {
	some b in input.account.s3.buckets.data
	enc := b.encryption.data
	enc != null
	k := key(enc)
	values := {
		"SSEAlgorithm": enc.SSEAlgorithm,
		"KMSMasterKeyID": k,
		"BucketKeyEnabled": object.get(enc, "BucketKeyEnabled", false),
	}
	msg := sprintf("%s encrypts new objects by default with %s (%s)", [label(b), enc.SSEAlgorithm, k])
}
