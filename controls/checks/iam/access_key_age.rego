# METADATA
# title: Active IAM access keys are younger than the rotation limit
# description: >-
#   Long-term access keys are static credentials that leak through laptops, repositories and logs;
#   the older an active key, the longer a leaked copy stays useful. Each IAM user with active keys
#   fails when any active key is older than thresholds.access_key_max_age_days (default 90),
#   counted to the snapshot time. Users whose keys are all inactive are not judged.
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

# Active key id -> age in days, for one user.
ages(user) := {key.AccessKeyId: lib.age_days(key.CreateDate) |
	some key in active_keys
	key.UserName == user
}

all_key_count(user) := count([key | some key in input.account.iam.access_keys.data; key.UserName == user])

# The oldest active key (the smallest id among equally old keys, so the choice is stable).
oldest(user, user_ages, oldest_age) := key if {
	oldest_id := min({k | some k, age in user_ages; age == oldest_age})
	some key in active_keys
	key.UserName == user
	key.AccessKeyId == oldest_id
}

last_used(key) := used if {
	used := object.get(key, "LastUsedDate", null)
	is_string(used)
} else := "never"

values(user, user_ages, oldest_age, key) := {
	"user": user,
	"active_keys": count(user_ages),
	"keys": all_key_count(user),
	"oldest_key_id": key.AccessKeyId,
	"oldest_key_age_days": oldest_age,
	"oldest_key_created": key.CreateDate,
	"oldest_key_last_used": last_used(key),
	"max_age_days": max_age,
}

# One verdict per user with active keys; ages, the oldest age and key are computed once.
results contains verdict(user, user_ages, oldest_age, key) if {
	some user in users
	user_ages := ages(user)
	oldest_age := max({age | some age in user_ages})
	key := oldest(user, user_ages, oldest_age)
}

verdict(user, user_ages, oldest_age, key) := lib.fail(arn(user), "global", msg, values(user, user_ages, oldest_age, key)) if {
	oldest_age > max_age
	msg := sprintf(
		"IAM user %s has %d active access key(s); the oldest, %s, is %d days old (limit %d), last used %s",
		[user, count(user_ages), key.AccessKeyId, oldest_age, max_age, last_used(key)],
	)
} else := lib.pass(arn(user), "global", msg, values(user, user_ages, oldest_age, key)) if {
	oldest_age <= max_age
	msg := sprintf(
		"IAM user %s has %d active access key(s), the oldest (%s) %d days old (limit %d); long-term keys are still better replaced by roles",
		[user, count(user_ages), key.AccessKeyId, oldest_age, max_age],
	)
}
