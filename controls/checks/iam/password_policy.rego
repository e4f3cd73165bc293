# METADATA
# title: The password policy is strong while IAM users have console passwords
# description: >-
#   When IAM users sign in with passwords, the account password policy decides how guessable
#   those passwords may be. The account fails when no policy is set, or when its minimum length
#   or reuse prevention is below thresholds.password_min_length (default 14) or
#   thresholds.password_reuse_prevention (default 24). It is not applicable when no IAM user
#   (root excluded) has a console password.
# custom:
#   id: iam.password-policy
#   severity: medium
#   resource_type: AWS::::Account
#   sections: [iam.password_policy, iam.credential_report]
#   remediation: >-
#     Set the account password policy (IAM > Account settings) to a minimum length of at least 14
#     and to prevent reuse of the last 24 passwords, or better, remove IAM user passwords and sign
#     people in through federation.
#   references:
#     - CIS AWS Foundations Benchmark v3.0 1.8, 1.9
#     - AWS Security Hub IAM.15, IAM.16
package caliper.checks.iam.password_policy

import data.caliper.lib
import data.caliper.lib.account_resource
import rego.v1

thresholds := input.config.thresholds

# Number of IAM users (root excluded) with a console password; undefined without a report.
password_users := count({row.user |
	some row in rows
	row.user != "<root_account>"
	row.password_enabled == true
}) if {
	rows := input.account.iam.credential_report.data
}

at_least(v, minimum) if {
	is_number(v)
	v >= minimum
}

shown(v) := sprintf("%d", [v]) if {
	is_number(v)
} else := "not set"

# The weak settings of a policy that is set.
weak(policy) := {s |
	some [field, minimum] in [
		["MinimumPasswordLength", thresholds.password_min_length],
		["PasswordReusePrevention", thresholds.password_reuse_prevention],
	]
	v := object.get(policy, field, null)
	not at_least(v, minimum)
	s := sprintf("%s %s (needs at least %d)", [field, shown(v), minimum])
}

values(policy) := {
	"password_users": password_users,
	"MinimumPasswordLength": object.get(policy, "MinimumPasswordLength", null),
	"PasswordReusePrevention": object.get(policy, "PasswordReusePrevention", null),
	"password_min_length": thresholds.password_min_length,
	"password_reuse_prevention": thresholds.password_reuse_prevention,
}

results contains lib.not_applicable(account_resource, "global", msg, {"password_users": 0}) if {
	password_users == 0
	msg := sprintf("account %s has no IAM user with a console password", [input.account.account_id])
}

results contains lib.fail(account_resource, "global", msg, {"password_users": password_users, "password_policy": null}) if {
	password_users > 0
	input.account.iam.password_policy.data == null
	msg := sprintf("account %s has no password policy while %d IAM user(s) have console passwords", [input.account.account_id, password_users])
}

results contains lib.fail(account_resource, "global", msg, values(policy)) if {
	password_users > 0
	policy := input.account.iam.password_policy.data
	is_object(policy)
	found := weak(policy)
	count(found) > 0
	msg := sprintf(
		"account %s password policy is weak: %s; %d IAM user(s) have console passwords",
		[input.account.account_id, concat(", ", sort(found)), password_users],
	)
}

results contains lib.pass(account_resource, "global", msg, values(policy)) if {
	password_users > 0
	policy := input.account.iam.password_policy.data
	is_object(policy)
	count(weak(policy)) == 0
	msg := sprintf(
		"account %s password policy requires MinimumPasswordLength %d and PasswordReusePrevention %d; %d IAM user(s) have console passwords",
		[input.account.account_id, policy.MinimumPasswordLength, policy.PasswordReusePrevention, password_users],
	)
}
