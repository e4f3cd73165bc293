package caliper.checks.iam.password_policy_test

import data.caliper.checks.iam.password_policy as check
import data.caliper.testing
import rego.v1

row(user, password) := {
	"user": user,
	"arn": sprintf("arn:aws:iam::111111111111:user/%s", [user]),
	"password_enabled": password,
	"mfa_active": true,
	"access_key_1_active": false,
	"access_key_2_active": false,
}

root := {
	"user": "<root_account>",
	"arn": "arn:aws:iam::111111111111:root",
	"password_enabled": true,
	"mfa_active": true,
	"access_key_1_active": false,
	"access_key_2_active": false,
}

policy(length, reuse) := {
	"MinimumPasswordLength": length,
	"RequireSymbols": true,
	"RequireNumbers": true,
	"RequireUppercaseCharacters": true,
	"RequireLowercaseCharacters": true,
	"AllowUsersToChangePassword": true,
	"MaxPasswordAge": null,
	"PasswordReusePrevention": reuse,
	"HardExpiry": false,
}

account(rows, p) := {"iam": {"credential_report": testing.section(rows), "password_policy": testing.section(p)}}

run(rows, p) := r if {
	r := check.results with input as testing.input_for(account(rows, p))
}

test_pass_with_strong_policy if {
	r := run([root, row("alice", true)], policy(16, 24))
	testing.statuses(r) == {"pass"}
	some f in r
	f.resource == "arn:aws:::111111111111:account"
	f.region == "global"
	f.message == "account 111111111111 password policy requires MinimumPasswordLength 16 and PasswordReusePrevention 24; 1 IAM user(s) have console passwords"
}

test_fail_when_no_policy_and_users_have_passwords if {
	r := run([root, row("alice", true), row("bob", true)], null)
	testing.statuses(r) == {"fail"}
	some f in r
	f.message == "account 111111111111 has no password policy while 2 IAM user(s) have console passwords"
}

test_fail_names_weak_length_and_missing_reuse_prevention if {
	r := run([row("alice", true)], policy(8, null))
	testing.statuses(r) == {"fail"}
	some f in r
	f.message == "account 111111111111 password policy is weak: MinimumPasswordLength 8 (needs at least 14), PasswordReusePrevention not set (needs at least 24); 1 IAM user(s) have console passwords"
	f.values.MinimumPasswordLength == 8
}

test_fail_on_short_reuse_history if {
	r := run([row("alice", true)], policy(14, 5))
	some f in r
	f.status == "fail"
	contains(f.message, "PasswordReusePrevention 5 (needs at least 24)")
	not contains(f.message, "MinimumPasswordLength")
}

test_not_applicable_without_password_users if {
	r := run([root, row("ci", false)], null)
	testing.statuses(r) == {"not_applicable"}
}

test_no_pass_when_password_policy_missing if {
	inp := testing.input_for({"iam": {
		"credential_report": testing.section([row("alice", true)]),
		"password_policy": testing.denied,
	}})
	r := check.results with input as inp
	not "pass" in testing.statuses(r)
}

test_no_verdict_when_credential_report_missing if {
	inp := testing.input_for({"iam": {
		"credential_report": testing.denied,
		"password_policy": testing.section(policy(16, 24)),
	}})
	r := check.results with input as inp
	count(r) == 0
}
