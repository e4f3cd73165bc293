package caliper.checks.ec2.ebs_volume_encrypted_test

import data.caliper.checks.ec2.ebs_volume_encrypted as check
import data.caliper.testing
import rego.v1

key := "arn:aws:kms:eu-west-1:111111111111:key/k-1"

run(volumes) := r if {
	r := check.results with input as testing.input_for({"regions": {"eu-west-1": {"ec2": {"volumes": testing.section(volumes)}}}})
}

test_pass_on_encrypted_volume_reports_the_key if {
	r := run([{"VolumeId": "vol-1", "Encrypted": true, "KmsKeyId": key, "State": "in-use", "Attachments": ["i-1"]}])
	some f in r
	f.status == "pass"
	f.message == sprintf("volume vol-1 (attached to i-1) is encrypted with KMS key %s", [key])
	f.resource == "arn:aws:ec2:eu-west-1:111111111111:volume/vol-1"
	f.values.KmsKeyId == key
}

test_fail_on_unencrypted_volume if {
	r := run([{"VolumeId": "vol-2", "Encrypted": false, "KmsKeyId": null, "State": "available", "Attachments": []}])
	some f in r
	f.status == "fail"
	f.message == "volume vol-2 (not attached) is not encrypted"
	count(r) == 1
}

test_no_verdict_when_volumes_unreadable if {
	r := check.results with input as testing.input_for({"regions": {"eu-west-1": {"ec2": {"volumes": testing.denied}}}})
	not "pass" in testing.statuses(r)
	count(r) == 0
}
