# METADATA
# title: IAM users have no active long-term access keys
# description: >-
#   Long-term access keys are static credentials that leak through laptops, repositories and logs;
#   the guide's first rule for customer-account access is to use roles and temporary credentials
#   instead. Each IAM user with an active key fails, with the age and last use of its oldest
#   key; the failure is high severity when a key is older than
#   thresholds.access_key_max_age_days (default 90, counted to the snapshot time) or its age
#   cannot be read, medium otherwise. A key that must stay is accepted with a waiver, which
#   names who accepted it and until when. Users whose keys are all inactive are not judged.
# custom:
#   id: iam.access-key-age
#   severity: medium
#   resource_type: AWS::IAM::User
#   sections: [iam.access_keys]
#   remediation: >-
#     Replace long-term keys with IAM roles and temporary credentials (IAM Identity Center for
#     people, instance profiles, task roles or OIDC federation for workloads); where a key must
#     stay, create a new key, move its users to it, then deactivate and delete the old one.
#   references:
#     - CIS AWS Foundations Benchmark v3.0 1.14
#     - AWS Security Hub IAM.3
package caliper.checks.iam.access_key_age

import data.caliper.lib
import rego.v1

max_age := input.config.thresholds.access_key_max_age_days

active_keys contains key if {
	some key in input.account.iam.access_keys.data
	key.Status == "Active"
}

users contains key.UserName if some key in active_keys

arn(user) := sprintf("arn:aws:iam::%s:user/%s", [input.account.account_id, user])

# Active key id -> age in days, computed once (keys whose CreateDate is not a time are left out).
key_ages := {k.AccessKeyId: age |
	some k in active_keys
	age := lib.age_days(k.CreateDate)
	is_number(age)
}

last_used(key) := used if {
	used := object.get(key, "LastUsedDate", null)
	is_string(used)
} else := "never"

# One failure per user with active keys. Each user's keys are gathered once: those with an age
# as [age, key id, key], oldest first (the smallest id among equally old keys, so the choice is
# stable), and the ids of those whose age cannot be read, which may be of any age.
results := [verdict(user, dated, undated, count(keys)) |
	some user in users
	keys := [k | some k in input.account.iam.access_keys.data; k.UserName == user]
	dated := sort([[0 - key_ages[k.AccessKeyId], k.AccessKeyId, k] | some k in keys; k.Status == "Active"; is_number(key_ages[k.AccessKeyId])])
	undated := sort([k.AccessKeyId | some k in keys; k.Status == "Active"; not key_ages[k.AccessKeyId]])
]

high(verdict) := object.union(verdict, {"severity": "high"})

# No active key has a readable creation date.
verdict(user, dated, undated, all_keys) := high(lib.fail(arn(user), "global", msg, vals)) if {
	count(dated) == 0
	vals := {
		"user": user,
		"active_keys": count(undated),
		"keys": all_keys,
		"undated_keys": undated,
		"max_age_days": max_age,
	}
	msg := sprintf(
		"IAM user %s has %d active long-term access key(s) of unknown age (%s: creation date not readable)",
		[user, count(undated), concat(", ", undated)],
	)
} else := high(lib.fail(arn(user), "global", msg, values(user, dated, undated, all_keys))) if {
	oldest_age := 0 - dated[0][0]
	past_limit_or_undated(undated, oldest_age)
	msg := sprintf(
		"IAM user %s has %d active long-term access key(s); the oldest, %s, is %s (limit %d days), last used %s",
		[user, count(dated) + count(undated), dated[0][1], age_text(undated, oldest_age), max_age, last_used(dated[0][2])],
	)
} else := lib.fail(arn(user), "global", msg, values(user, dated, undated, all_keys)) if {
	msg := sprintf(
		"IAM user %s has %d active long-term access key(s), the oldest (%s) %d days old (within the %d-day limit), last used %s; replace them with roles and temporary credentials, or waive them",
		[user, count(dated), dated[0][1], 0 - dated[0][0], max_age, last_used(dated[0][2])],
	)
}

values(user, dated, undated, all_keys) := {
	"user": user,
	"active_keys": count(dated) + count(undated),
	"keys": all_keys,
	"oldest_key_id": key.AccessKeyId,
	"oldest_key_age_days": 0 - age,
	"oldest_key_created": key.CreateDate,
	"oldest_key_last_used": last_used(key),
	"undated_keys": undated,
	"max_age_days": max_age,
} if [age, _, key] := dated[0]

past_limit_or_undated(_, oldest_age) if oldest_age > max_age

past_limit_or_undated(und, _) if count(und) > 0

age_text(und, oldest_age) := sprintf("%d days old", [oldest_age]) if {
	count(und) == 0
} else := sprintf("at least %d days old (%s of unknown age)", [oldest_age, concat(", ", und)])
