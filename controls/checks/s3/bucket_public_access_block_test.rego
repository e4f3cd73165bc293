package caliper.checks.s3.bucket_public_access_block_test

import data.caliper.checks.s3.bucket_public_access_block as check
import data.caliper.testing
import rego.v1

all_on := {"BlockPublicAcls": true, "IgnorePublicAcls": true, "BlockPublicPolicy": true, "RestrictPublicBuckets": true}

all_off := {"BlockPublicAcls": false, "IgnorePublicAcls": false, "BlockPublicPolicy": false, "RestrictPublicBuckets": false}

bucket(pab, status) := {"Name": "site", "Region": "eu-west-1", "public_access_block": pab, "policy_status": status}

not_public := testing.section({"IsPublic": false})

run(account_pab, buckets) := r if {
	r := check.results with input as testing.input_for({"s3": {
		"account_public_access_block": account_pab,
		"buckets": testing.section(buckets),
	}})
}

test_pass_when_bucket_blocks_everything if {
	r := run(testing.section(null), [bucket(testing.section(all_on), not_public)])
	some f in r
	f.status == "pass"
	f.message == "bucket site (eu-west-1) blocks public access (all four settings in effect on the bucket) and its policy is not public"
	f.resource == "arn:aws:s3:::site"
	f.region == "eu-west-1"
	count(r) == 1
}

test_pass_when_account_blocks_everything if {
	r := run(testing.section(all_on), [bucket(testing.section(null), testing.section(null))])
	some f in r
	f.status == "pass"
	f.message == "bucket site (eu-west-1) blocks public access (all four settings in effect on the account) and its policy is not public"
}

test_pass_when_levels_combine_to_all_four if {
	account := object.union(all_off, {"BlockPublicAcls": true, "IgnorePublicAcls": true})
	b := object.union(all_off, {"BlockPublicPolicy": true, "RestrictPublicBuckets": true})
	r := run(testing.section(account), [bucket(testing.section(b), not_public)])
	testing.statuses(r) == {"pass"}
}

test_fail_names_settings_off_at_both_levels if {
	b := object.union(all_on, {"RestrictPublicBuckets": false})
	r := run(testing.section(null), [bucket(testing.section(b), not_public)])
	some f in r
	f.status == "fail"
	f.message == "bucket site (eu-west-1) has Block Public Access settings off at both bucket and account level: RestrictPublicBuckets"
	f.values.off == ["RestrictPublicBuckets"]
}

test_fail_when_nothing_configured if {
	r := run(testing.section(null), [bucket(testing.section(null), testing.section(null))])
	testing.statuses(r) == {"fail"}
}

test_fail_when_policy_is_public if {
	r := run(testing.section(all_on), [bucket(testing.section(all_on), testing.section({"IsPublic": true}))])
	some f in r
	f.status == "fail"
	f.message == "bucket site (eu-west-1) has a public bucket policy (IsPublic)"
	count(r) == 1
}

test_no_verdict_when_bucket_setting_unreadable if {
	r := run(testing.section(all_on), [bucket(testing.denied, not_public)])
	not "pass" in testing.statuses(r)
	count(r) == 0
}

test_no_verdict_when_policy_status_unreadable if {
	r := run(testing.section(all_on), [bucket(testing.section(all_on), testing.denied)])
	not "pass" in testing.statuses(r)
	count(r) == 0
}

test_no_verdict_when_account_setting_unreadable if {
	r := run(testing.denied, [bucket(testing.section(all_on), not_public)])
	not "pass" in testing.statuses(r)
	count(r) == 0
}
