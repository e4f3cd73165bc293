# METADATA
# title: Buckets that receive CloudTrail logs are private and protected from deletion
# description: >-
#   The bucket a trail delivers to must not be public (all four S3 Block Public Access settings on
#   at bucket or account level, policy status not public, no unconditional Allow to every
#   principal) and its logs must survive accidental or malicious deletion (versioning with MFA
#   Delete, or Object Lock). Judged once, in the account that owns the bucket, for every bucket
#   any scanned trail (organization trails included) delivers to; trails whose bucket lies outside
#   the scanned accounts are reported as unknown.
# custom:
#   id: cloudtrail.trail-bucket-protected
#   severity: high
#   resource_type: AWS::S3::Bucket
#   sections: [s3.buckets, s3.account_public_access_block, s3.buckets.public_access_block, s3.buckets.policy_status, s3.buckets.versioning, s3.buckets.object_lock, s3.buckets.policy]
#   remediation: >-
#     Keep trail logs in a dedicated bucket (ideally in a log-archive account): turn on all four
#     Block Public Access settings, remove public grants and unconditional "*" Allow statements,
#     and protect deletion with S3 Object Lock (compliance or governance retention) or versioning
#     with MFA Delete; limit read access to the few people who need it.
#   references:
#     - CIS AWS Foundations Benchmark v1.4.0 3.3
#     - CIS AWS Foundations Benchmark v3.0 2.1.2
#     - AWS Security Hub CloudTrail.6
#     - AWS Startup Security Baseline ACCT.07
package caliper.checks.cloudtrail.trail_bucket_protected

import data.caliper.lib
import data.caliper.lib.account_resource
import rego.v1

trail_buckets := input.scan.trail_buckets

# A key lookup, not `in object.keys(...)`: the index covers every scanned account, so building its
# key set for each bucket made the check grow with the size of the organization.
buckets := {b | some b in input.account.s3.buckets.data; trail_buckets[b.Name]}

arn(b) := sprintf("arn:aws:s3:::%s", [b.Name])

# The buckets judged here: data missing about other buckets is not this check's concern.
scope contains arn(b) if some b in buckets

has_data(section) if "data" in object.keys(section)

account_pab_section := input.account.s3.account_public_access_block

# ---- each property: a gap (a string) when its data is readable and bad; `ok_*` when good.

# Block Public Access as S3 applies it (lib.public_access_gaps): each setting on at the bucket or
# the account.
pab_gaps(b) := lib.public_access_gaps(b.public_access_block.data, account_pab_section.data)

# All four on at one level settle it even when the other level could not be read.
ok_public_access(b) if {
	has_data(b.public_access_block)
	count(lib.public_access_gaps(b.public_access_block.data, null)) == 0
}

ok_public_access(_) if {
	has_data(account_pab_section)
	count(lib.public_access_gaps(null, account_pab_section.data)) == 0
}

ok_public_access(b) if {
	has_data(b.public_access_block)
	has_data(account_pab_section)
	count(pab_gaps(b)) == 0
}

gap_public_access(b) := [msg] if {
	has_data(b.public_access_block)
	has_data(account_pab_section)
	count(pab_gaps(b)) > 0
	msg := sprintf(
		"Block Public Access is not in effect for %s (off for both the bucket and the account)",
		[concat(", ", pab_gaps(b))],
	)
} else := []

ok_policy_status(b) if {
	has_data(b.policy_status)
	b.policy_status.data == null
}

ok_policy_status(b) if {
	has_data(b.policy_status)
	b.policy_status.data.IsPublic == false
}

gap_policy_status(b) := ["policy status is public (IsPublic = true)"] if {
	has_data(b.policy_status)
	not ok_policy_status(b)
} else := []

versioning(b) := object.get(b, ["versioning", "data"], {})

object_lock_enabled(b) if b.object_lock.data.ObjectLockEnabled == "Enabled"

# Object Lock protects the objects CloudTrail writes only through a default retention: CloudTrail
# puts objects without a retention of their own.
object_lock_retains(b) if {
	object_lock_enabled(b)
	is_string(b.object_lock.data.DefaultRetentionMode)
}

mfa_delete_enabled(b) if {
	v := versioning(b)
	v.Status == "Enabled"
	v.MFADelete == "Enabled"
}

ok_deletion(b) if {
	has_data(b.object_lock)
	object_lock_retains(b)
}

ok_deletion(b) if {
	has_data(b.versioning)
	mfa_delete_enabled(b)
}

gap_deletion(b) := [msg] if {
	has_data(b.versioning)
	has_data(b.object_lock)
	not ok_deletion(b)
	msg := sprintf(
		"deletion is not protected (versioning %s, MFA Delete %s, Object Lock %s)",
		[
			object.get(versioning(b), "Status", "never enabled"),
			object.get(versioning(b), "MFADelete", "Disabled"),
			lock_state(b),
		],
	)
} else := []

lock_state(b) := sprintf("enabled with %s retention of %s", [b.object_lock.data.DefaultRetentionMode, retention_period(b)]) if {
	object_lock_retains(b)
} else := "enabled without a default retention, so the objects CloudTrail writes are not locked" if {
	object_lock_enabled(b)
} else := "not enabled"

retention_period(b) := sprintf("%d days", [b.object_lock.data.DefaultRetentionDays]) if {
	is_number(b.object_lock.data.DefaultRetentionDays)
} else := sprintf("%d years", [b.object_lock.data.DefaultRetentionYears]) if {
	is_number(b.object_lock.data.DefaultRetentionYears)
} else := "unstated period"

# Allow statements that grant every principal without any condition.
open_statements(b) := [object.get(s, "Sid", sprintf("#%d", [i])) |
	some i, s in b.policy.data.Statement
	s.Effect == "Allow"
	"*" in object.get(s, ["Principal", "AWS"], [])
	object.get(s, "Condition", null) == null
]

ok_policy(b) if {
	has_data(b.policy)
	b.policy.data == null
}

ok_policy(b) if {
	has_data(b.policy)
	b.policy.data != null
	count(open_statements(b)) == 0
}

gap_policy(b) := [msg] if {
	has_data(b.policy)
	not ok_policy(b)
	msg := sprintf(
		"bucket policy allows Principal \"*\" without a Condition (statement %s)",
		[concat(", ", open_statements(b))],
	)
} else := []

gaps(b) := array.concat(
	array.concat(gap_public_access(b), gap_policy_status(b)),
	array.concat(gap_deletion(b), gap_policy(b)),
)

protected(b) if {
	ok_public_access(b)
	ok_policy_status(b)
	ok_deletion(b)
	ok_policy(b)
}

served_trails(b) := sort(trail_buckets[b.Name])

values(b) := {
	"trails": served_trails(b),
	"versioning": versioning(b),
	"object_lock": object.get(b, ["object_lock", "data"], null),
	"bucket_public_access_block": object.get(b, ["public_access_block", "data"], null),
	"account_public_access_block": object.get(account_pab_section, "data", null),
	"policy_status": object.get(b, ["policy_status", "data"], null),
}

results contains lib.fail(arn(b), b.Region, msg, object.union(values(b), {"failed": failed})) if {
	some b in buckets
	failed := gaps(b)
	count(failed) > 0
	msg := sprintf(
		"bucket %s (CloudTrail logs of %s): %s",
		[b.Name, concat(", ", served_trails(b)), concat("; ", failed)],
	)
}

results contains lib.pass(arn(b), b.Region, msg, values(b)) if {
	some b in buckets
	protected(b)
	msg := sprintf(
		"bucket %s (CloudTrail logs of %s) blocks public access, is not public, allows no unconditional \"*\" access, and is protected from deletion by %s",
		[b.Name, concat(", ", served_trails(b)), deletion_guard(b)],
	)
}

deletion_guard(b) := sprintf("Object Lock (%s)", [lock_state(b)]) if {
	object_lock_retains(b)
} else := "versioning with MFA Delete"

owned_by_scanned_account(name) if input.scan.bucket_owners[name]

# Scanned accounts whose bucket list could not be read, id -> why: a bucket that no list read
# holds may be theirs.
unread_lists := object.get(input.scan, "unread_bucket_lists", {})

elsewhere := "outside the scanned accounts" if {
	count(unread_lists) == 0
} else := sprintf(
	"in none of the bucket lists read (the bucket lists of %s could not be read)",
	[concat(", ", sort([sprintf("account %s: %s", [id, why]) | some id, why in unread_lists]))],
)

# Trails of this account whose bucket no scanned account owns.
results contains lib.unknown(t.TrailARN, t.HomeRegion, msg, {"S3BucketName": t.S3BucketName}) if {
	some [_, t] in lib.regional_items(["cloudtrail", "trails"])
	is_string(t.S3BucketName)
	not owned_by_scanned_account(t.S3BucketName)
	msg := sprintf(
		"trail %s (%s) delivers to bucket %s %s, so that bucket's protection could not be judged",
		[t.Name, t.TrailARN, t.S3BucketName, elsewhere],
	)
}

# Trail lists that could not be read: a trail there may deliver to any bucket, so which buckets of
# this account receive CloudTrail logs is not fully known, and those not judged above may be.
unread_trails := object.get(input.scan, "unread_trail_lists", [])

results contains lib.unknown(account_resource, "global", msg, {"unread_trail_lists": unread_trails}) if {
	count(unread_trails) > 0
	others := [b.Name | some b in input.account.s3.buckets.data; not trail_buckets[b.Name]]
	count(others) > 0
	msg := sprintf(
		"whether buckets of account %s receive CloudTrail logs is not fully known: the trail lists of %s could not be read, so %d bucket(s) that no trail read delivers to were not judged (%s)",
		[input.account.account_id, concat(", ", sort(unread_trails)), count(others), concat(", ", sort(others))],
	)
}
