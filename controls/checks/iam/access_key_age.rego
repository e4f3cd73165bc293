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

# Active key id -> age in days, for one user (keys whose CreateDate is not a time are left out).
ages(user) := {key.AccessKeyId: lib.age_days(key.CreateDate) |
	some key in active_keys
	key.UserName == user
}

# Active keys of the user whose age cannot be read: they may be of any age.
undated(user) := sort([key.AccessKeyId |
	some key in active_keys
	key.UserName == user
	not is_number(lib.age_days(key.CreateDate))
])

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

values(user, user_ages, oldest_age, key, und) := {
	"user": user,
	"active_keys": count(user_ages) + count(und),
	"keys": all_key_count(user),
	"oldest_key_id": key.AccessKeyId,
	"oldest_key_age_days": oldest_age,
	"oldest_key_created": key.CreateDate,
	"oldest_key_last_used": last_used(key),
	"undated_keys": und,
	"max_age_days": max_age,
}

# One failure per user with active keys; ages, the oldest age and key are computed once.
results contains verdict(user, user_ages, oldest_age, key, und) if {
	some user in users
	user_ages := ages(user)
	oldest_age := max({age | some age in user_ages})
	key := oldest(user, user_ages, oldest_age)
	und := sort([k.AccessKeyId | some k in active_keys; k.UserName == user; not user_ages[k.AccessKeyId]])
}

# Users none of whose active keys has a readable creation date.
results contains high(lib.fail(arn(user), "global", msg, vals)) if {
	some user in users
	count(ages(user)) == 0
	vals := {
		"user": user,
		"active_keys": count(undated(user)),
		"keys": all_key_count(user),
		"undated_keys": undated(user),
		"max_age_days": max_age,
	}
	msg := sprintf(
		"IAM user %s has %d active long-term access key(s) of unknown age (%s: creation date not readable)",
		[user, count(undated(user)), concat(", ", undated(user))],
	)
}

high(verdict) := object.union(verdict, {"severity": "high"})

verdict(user, user_ages, oldest_age, key, und) := high(lib.fail(arn(user), "global", msg, values(user, user_ages, oldest_age, key, und))) if {
	past_limit_or_undated(und, oldest_age)
	msg := sprintf(
		"IAM user %s has %d active long-term access key(s); the oldest, %s, is %s (limit %d days), last used %s",
		[user, count(user_ages) + count(und), key.AccessKeyId, age_text(und, oldest_age), max_age, last_used(key)],
	)
} else := lib.fail(arn(user), "global", msg, values(user, user_ages, oldest_age, key, und)) if {
	msg := sprintf(
		"IAM user %s has %d active long-term access key(s), the oldest (%s) %d days old (within the %d-day limit), last used %s; replace them with roles and temporary credentials, or waive them",
		[user, count(user_ages), key.AccessKeyId, oldest_age, max_age, last_used(key)],
	)
}

past_limit_or_undated(_, oldest_age) if oldest_age > max_age

past_limit_or_undated(und, _) if count(und) > 0

age_text(und, oldest_age) := sprintf("%d days old", [oldest_age]) if {
	count(und) == 0
} else := sprintf("at least %d days old (%s of unknown age)", [oldest_age, concat(", ", und)])
