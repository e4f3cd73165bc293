package caliper.checks.s3.bucket_default_encryption_test

import data.caliper.checks.s3.bucket_default_encryption as check
import data.caliper.testing
import rego.v1

bucket(encryption) := {"Name": "logs", "Region": "eu-west-1", "encryption": encryption}

run(buckets) := r if {
	r := check.results with input as testing.input_for({"s3": {"buckets": testing.section(buckets)}})
}

test_pass_with_s3_managed_key if {
	r := run([bucket(testing.section({"SSEAlgorithm": "AES256", "KMSMasterKeyID": null, "BucketKeyEnabled": false}))])
	some f in r
	f.status == "pass"
	f.message == "bucket logs (eu-west-1) encrypts new objects by default with AES256 (S3-managed key)"
	f.resource == "arn:aws:s3:::logs"
	f.region == "eu-west-1"
}

test_pass_reports_the_kms_key if {
	k := "arn:aws:kms:eu-west-1:111111111111:key/k-1"
	r := run([bucket(testing.section({"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": k, "BucketKeyEnabled": true}))])
	some f in r
	f.status == "pass"
	f.values.KMSMasterKeyID == k
	f.values.SSEAlgorithm == "aws:kms"
}

test_fail_without_default_encryption if {
	r := run([bucket(testing.section(null))])
	some f in r
	f.status == "fail"
	f.message == "bucket logs (eu-west-1) has no default encryption configuration"
	count(r) == 1
}

test_no_verdict_when_encryption_unreadable if {
	r := run([bucket(testing.denied)])
	not "pass" in testing.statuses(r)
	count(r) == 0
}

test_no_verdict_when_buckets_unlisted if {
	r := check.results with input as testing.input_for({"s3": {"buckets": testing.denied}})
	count(r) == 0
}
