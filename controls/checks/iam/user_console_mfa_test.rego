package caliper.checks.iam.user_console_mfa_test

import data.caliper.checks.iam.user_console_mfa as check
import data.caliper.testing
import rego.v1

row(user, password, mfa) := {
	"user": user,
	"arn": sprintf("arn:aws:iam::111111111111:user/%s", [user]),
	"password_enabled": password,
	"mfa_active": mfa,
	"access_key_1_active": false,
	"access_key_2_active": false,
}

root := {
	"user": "<root_account>",
	"arn": "arn:aws:iam::111111111111:root",
	"password_enabled": true,
	"mfa_active": false,
	"access_key_1_active": false,
	"access_key_2_active": false,
}

account(rows) := {"iam": {"credential_report": testing.section(rows)}}

test_pass_when_console_user_has_mfa if {
	r := check.results with input as testing.input_for(account([row("alice", true, true)]))
	testing.statuses(r) == {"pass"}
	some f in r
	f.resource == "arn:aws:iam::111111111111:user/alice"
	f.region == "global"
}

test_fail_on_console_password_without_mfa if {
	r := check.results with input as testing.input_for(account([row("bob", true, false)]))
	testing.statuses(r) == {"fail"}
	some f in r
	f.resource == "arn:aws:iam::111111111111:user/bob"
	f.message == "IAM user bob (arn:aws:iam::111111111111:user/bob) has a console password and no active MFA device"
	f.values.mfa_active == false
}

test_no_verdict_for_users_without_password if {
	r := check.results with input as testing.input_for(account([row("ci-bot", false, false)]))
	count(r) == 0
}

test_root_row_is_not_judged if {
	r := check.results with input as testing.input_for(account([root, row("alice", true, true)]))
	count(r) == 1
	every f in r {
		f.resource != "arn:aws:iam::111111111111:root"
	}
}

test_one_verdict_per_console_user if {
	r := check.results with input as testing.input_for(account([row("alice", true, true), row("bob", true, false), row("ci", false, false)]))
	count(r) == 2
	testing.statuses(r) == {"pass", "fail"}
}

test_no_pass_when_credential_report_missing if {
	r := check.results with input as testing.input_for({"iam": {"credential_report": testing.denied}})
	not "pass" in testing.statuses(r)
}
