package caliper.checks.ec2.ebs_encryption_by_default_test

import data.caliper.checks.ec2.ebs_encryption_by_default as check
import data.caliper.testing
import rego.v1

run(regions) := r if {
	r := check.results with input as testing.input_for({"regions": regions})
}

setting(on, key) := {"ec2": {"ebs_encryption_by_default": testing.section({"EbsEncryptionByDefault": on, "KmsKeyId": key})}}

test_pass_when_on_claims_nothing_about_a_key if {
	r := run({"eu-west-1": setting(true, "alias/aws/ebs")})
	some f in r
	f.status == "pass"
	f.message == "EBS encryption by default is on in eu-west-1"
	f.resource == "arn:aws:ec2:eu-west-1:111111111111:account"
	f.region == "eu-west-1"
	f.values == {"EbsEncryptionByDefault": true}
}

test_fail_when_off_in_one_region if {
	r := run({"eu-west-1": setting(true, null), "us-east-1": setting(false, null)})
	some f in r
	f.status == "fail"
	f.region == "us-east-1"
	f.message == "EBS encryption by default is off in us-east-1, so new volumes can be created unencrypted"
	count(r) == 2
}

test_no_verdict_when_setting_unreadable if {
	r := run({"eu-west-1": {"ec2": {"ebs_encryption_by_default": testing.denied}}})
	not "pass" in testing.statuses(r)
	count(r) == 0
}

test_no_verdict_for_unreadable_region if {
	r := run({"eu-west-1": {"error": testing.denied.error}})
	count(r) == 0
}
