package caliper.checks.s3.account_public_access_block_test

import data.caliper.checks.s3.account_public_access_block as check
import data.caliper.testing
import rego.v1

all_on := {"BlockPublicAcls": true, "IgnorePublicAcls": true, "BlockPublicPolicy": true, "RestrictPublicBuckets": true}

run(section) := r if {
	r := check.results with input as testing.input_for({"s3": {"account_public_access_block": section}})
}

test_pass_when_all_four_settings_on if {
	r := run(testing.section(all_on))
	some f in r
	f.status == "pass"
	f.resource == "arn:aws:::111111111111:account"
	f.region == "global"
	f.values == all_on
	count(r) == 1
}

test_fail_names_the_settings_that_are_off if {
	r := run(testing.section(object.union(all_on, {"RestrictPublicBuckets": false, "IgnorePublicAcls": false})))
	some f in r
	f.status == "fail"
	f.message == "account 111111111111 has account-level S3 Block Public Access settings off: IgnorePublicAcls, RestrictPublicBuckets"
	count(r) == 1
}

test_fail_when_not_configured if {
	r := run(testing.section(null))
	some f in r
	f.status == "fail"
	f.message == "account 111111111111 has no account-level S3 Block Public Access configuration"
}

test_no_verdict_when_setting_unreadable if {
	r := run(testing.denied)
	not "pass" in testing.statuses(r)
	count(r) == 0
}
