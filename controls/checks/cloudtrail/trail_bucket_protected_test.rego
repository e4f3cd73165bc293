package caliper.checks.cloudtrail.trail_bucket_protected_test

import data.caliper.checks.cloudtrail.trail_bucket_protected as check
import data.caliper.testing
import rego.v1

all_on := {"BlockPublicAcls": true, "IgnorePublicAcls": true, "BlockPublicPolicy": true, "RestrictPublicBuckets": true}

trail_arn := "arn:aws:cloudtrail:us-east-1:999999999999:trail/org-trail"

cloudtrail_policy := {"Version": "2012-10-17", "Statement": [{
	"Sid": "AWSCloudTrailWrite",
	"Effect": "Allow",
	"Principal": {"Service": ["cloudtrail.amazonaws.com"]},
	"Action": ["s3:PutObject"],
	"Resource": ["arn:aws:s3:::trail-logs/AWSLogs/*"],
	"Condition": {"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control"}},
}]}

# A bucket with every protection in place; tests override one property at a time.
good_bucket := {
	"Name": "trail-logs",
	"Region": "us-east-1",
	"public_access_block": testing.section(all_on),
	"policy_status": testing.section({"IsPublic": false}),
	"policy": testing.section(cloudtrail_policy),
	"versioning": testing.section({"Status": "Enabled", "MFADelete": "Enabled"}),
	"object_lock": testing.section(null),
}

with_section(b, key, section) := object.union(object.remove(b, [key]), {key: section})

with_bucket(b, account_pab) := with_buckets(testing.section([b]), account_pab)

with_buckets(buckets, account_pab) := object.union(
	testing.input_for({"s3": {"account_public_access_block": testing.section(account_pab), "buckets": buckets}}),
	{"scan": {
		"bucket_owners": {"trail-logs": "111111111111"},
		"trail_buckets": {"trail-logs": [trail_arn]},
	}},
)

test_pass_when_bucket_private_and_mfa_delete_on if {
	r := check.results with input as with_bucket(good_bucket, null)
	testing.statuses(r) == {"pass"}
	some f in r
	f.resource == "arn:aws:s3:::trail-logs"
	f.region == "us-east-1"
	f.values.trails == [trail_arn]
	contains(f.message, "protected from deletion by versioning with MFA Delete")
}

test_pass_with_object_lock_and_account_level_block if {
	b := with_section(
		with_section(
			with_section(good_bucket, "public_access_block", testing.section(null)),
			"versioning", testing.section({"Status": "Enabled"}),
		),
		"object_lock", testing.section({"ObjectLockEnabled": "Enabled", "DefaultRetentionMode": "COMPLIANCE"}),
	)
	r := check.results with input as with_bucket(b, all_on)
	testing.statuses(r) == {"pass"}
	some f in r
	contains(f.message, "by Object Lock")
}

locked_only(lock) := with_section(
	with_section(good_bucket, "versioning", testing.section({"Status": "Enabled"})),
	"object_lock", testing.section(lock),
)

test_pass_names_the_object_lock_retention if {
	b := locked_only({"ObjectLockEnabled": "Enabled", "DefaultRetentionMode": "GOVERNANCE", "DefaultRetentionDays": 365})
	r := check.results with input as with_bucket(b, null)
	testing.statuses(r) == {"pass"}
	some f in r
	contains(f.message, "by Object Lock (enabled with GOVERNANCE retention of 365 days)")
}

test_fail_when_object_lock_has_no_default_retention if {
	# CloudTrail writes objects without a retention of their own: nothing is locked.
	b := locked_only({"ObjectLockEnabled": "Enabled"})
	r := check.results with input as with_bucket(b, null)
	testing.statuses(r) == {"fail"}
	some f in r
	contains(f.message, "Object Lock enabled without a default retention, so the objects CloudTrail writes are not locked")
}

test_fail_when_public_access_not_blocked if {
	pab := object.union(all_on, {"RestrictPublicBuckets": false})
	b := with_section(good_bucket, "public_access_block", testing.section(pab))
	r := check.results with input as with_bucket(b, null)
	testing.statuses(r) == {"fail"}
	some f in r
	f.message == "bucket trail-logs (CloudTrail logs of arn:aws:cloudtrail:us-east-1:999999999999:trail/org-trail): Block Public Access is not in effect for RestrictPublicBuckets (off for both the bucket and the account)"
}

test_pass_when_bucket_and_account_settings_together_block_public_access if {
	bucket_half := {"BlockPublicAcls": true, "IgnorePublicAcls": true, "BlockPublicPolicy": false, "RestrictPublicBuckets": false}
	account_half := {"BlockPublicAcls": false, "IgnorePublicAcls": false, "BlockPublicPolicy": true, "RestrictPublicBuckets": true}
	b := with_section(good_bucket, "public_access_block", testing.section(bucket_half))
	r := check.results with input as with_bucket(b, account_half)
	testing.statuses(r) == {"pass"}
}

test_fail_lists_every_missing_protection if {
	open := {"Effect": "Allow", "Principal": {"AWS": ["*"]}, "Action": ["s3:GetObject"], "Resource": ["arn:aws:s3:::trail-logs/*"], "Sid": "Public"}
	b := {
		"Name": "trail-logs",
		"Region": "us-east-1",
		"public_access_block": testing.section(null),
		"policy_status": testing.section({"IsPublic": true}),
		"policy": testing.section({"Statement": [open]}),
		"versioning": testing.section({"Status": "Suspended", "MFADelete": "Disabled"}),
		"object_lock": testing.section(null),
	}
	r := check.results with input as with_bucket(b, null)
	testing.statuses(r) == {"fail"}
	some f in r
	count(f.values.failed) == 4
	contains(f.message, "policy status is public")
	contains(f.message, "deletion is not protected (versioning Suspended, MFA Delete Disabled, Object Lock not enabled)")
	contains(f.message, "bucket policy allows Principal \"*\" without a Condition (statement Public)")
}

test_fail_when_versioning_without_mfa_delete if {
	b := with_section(good_bucket, "versioning", testing.section({"Status": "Enabled", "MFADelete": "Disabled"}))
	r := check.results with input as with_bucket(b, null)
	testing.statuses(r) == {"fail"}
}

test_conditional_star_principal_is_not_open if {
	stmt := {"Effect": "Allow", "Principal": {"AWS": ["*"]}, "Action": ["s3:GetObject"], "Resource": ["arn:aws:s3:::trail-logs/*"], "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc"}}}
	b := with_section(good_bucket, "policy", testing.section({"Statement": [stmt]}))
	r := check.results with input as with_bucket(b, null)
	testing.statuses(r) == {"pass"}
}

test_ignores_buckets_without_trail_logs if {
	b := object.union(good_bucket, {"Name": "other"})
	r := check.results with input as with_bucket(b, null)
	count(r) == 0
}

test_no_pass_when_versioning_missing if {
	b := with_section(good_bucket, "versioning", testing.denied)
	r := check.results with input as with_bucket(b, null)
	not "pass" in testing.statuses(r)
}

test_no_pass_when_bucket_public_access_block_missing if {
	b := with_section(good_bucket, "public_access_block", testing.denied)
	r := check.results with input as with_bucket(b, null)
	not "pass" in testing.statuses(r)
}

test_no_verdict_when_buckets_missing if {
	r := check.results with input as with_buckets(testing.denied, all_on)
	count(r) == 0
}

test_unknown_when_trail_bucket_outside_scan if {
	t := {
		"Name": "main", "TrailARN": "arn:aws:cloudtrail:eu-west-1:111111111111:trail/main", "HomeRegion": "eu-west-1",
		"IsMultiRegionTrail": true, "IsOrganizationTrail": false, "S3BucketName": "external-logs",
	}
	inp := object.union(with_bucket(good_bucket, null), {"account": {"regions": {"eu-west-1": {"cloudtrail": {"trails": testing.section([t])}}}}})
	r := check.results with input as inp
	some f in r
	f.status == "error"
	f.resource == "arn:aws:cloudtrail:eu-west-1:111111111111:trail/main"
	f.region == "eu-west-1"
	contains(f.message, "external-logs outside the scanned accounts")
}

test_unknown_names_the_bucket_lists_that_could_not_be_read if {
	t := {
		"Name": "main", "TrailARN": "arn:aws:cloudtrail:eu-west-1:111111111111:trail/main", "HomeRegion": "eu-west-1",
		"IsMultiRegionTrail": true, "IsOrganizationTrail": false, "S3BucketName": "external-logs",
	}
	inp := object.union(with_bucket(good_bucket, null), {
		"account": {"regions": {"eu-west-1": {"cloudtrail": {"trails": testing.section([t])}}}},
		"scan": {"unread_bucket_lists": {"222222222222": "access_denied on sts:AssumeRole"}},
	})
	r := check.results with input as inp
	some f in r
	f.status == "error"
	contains(f.message, "external-logs in none of the bucket lists read (the bucket lists of account 222222222222: access_denied on sts:AssumeRole could not be read)")
}

test_unknown_for_other_buckets_when_a_trail_list_could_not_be_read if {
	other := object.union(good_bucket, {"Name": "app-data"})
	inp := object.union(with_buckets(testing.section([good_bucket, other]), all_on), {"scan": {"unread_trail_lists": ["account 222222222222: access_denied on sts:AssumeRole"]}})
	r := check.results with input as inp
	some f in r
	f.status == "error"
	contains(f.message, "the trail lists of account 222222222222: access_denied on sts:AssumeRole could not be read, so 1 bucket(s)")
	contains(f.message, "(app-data)")
}

test_no_unknown_when_every_trail_list_was_read if {
	other := object.union(good_bucket, {"Name": "app-data"})
	r := check.results with input as with_buckets(testing.section([good_bucket, other]), all_on)
	not "error" in testing.statuses(r)
}
