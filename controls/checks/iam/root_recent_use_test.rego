package caliper.checks.iam.root_recent_use_test

import data.caliper.checks.iam.root_recent_use as check
import data.caliper.testing
import rego.v1

root_row(fields) := object.union(
	{
		"user": "<root_account>", "arn": "arn:aws:iam::111111111111:root", "password_enabled": true,
		"mfa_active": true, "access_key_1_active": false, "access_key_2_active": false,
	},
	fields,
)

user_row := {
	"user": "alice", "arn": "arn:aws:iam::111111111111:user/alice", "password_enabled": true,
	"password_last_used": "2026-11-19T09:00:00+00:00", "mfa_active": true,
	"access_key_1_active": false, "access_key_2_active": false,
}

with_rows(rows) := testing.input_for({"name": "prod", "iam": {"credential_report": testing.section(rows)}})

test_fail_when_root_password_used_ten_days_ago if {
	r := check.results with input as with_rows([user_row, root_row({"password_last_used": "2026-11-10T08:00:00+00:00"})])
	testing.statuses(r) == {"fail"}
	some f in r
	f.resource == "arn:aws:::111111111111:account"
	f.region == "global"
	f.values.last_used == "2026-11-10T08:00:00+00:00"
	f.values.age_days == 10
	f.message == "root user of account 111111111111 (prod) was used on 2026-11-10T08:00:00+00:00 (password_last_used, 10 days before the snapshot, within 90 days); keep root for the few tasks that need it"
}

test_fail_uses_the_latest_of_password_and_key_use if {
	r := check.results with input as with_rows([root_row({
		"password_last_used": "2025-01-01T00:00:00+00:00",
		"access_key_1_last_used_date": "2026-11-01T00:00:00+00:00",
		"access_key_2_last_used_date": "N/A",
	})])
	testing.statuses(r) == {"fail"}
	some f in r
	f.values.last_used == "2026-11-01T00:00:00+00:00"
	contains(f.message, "access_key_1_last_used_date")
}

test_pass_when_root_last_used_long_ago if {
	r := check.results with input as with_rows([root_row({"password_last_used": "2026-01-15T12:00:00+00:00"})])
	testing.statuses(r) == {"pass"}
	some f in r
	f.values.last_used == "2026-01-15T12:00:00+00:00"
	contains(f.message, "last used on 2026-01-15T12:00:00+00:00")
}

test_threshold_comes_from_config if {
	inp := with_rows([root_row({"password_last_used": "2026-11-10T08:00:00+00:00"})])
	r := check.results with input as object.union(inp, {"config": {"thresholds": {"root_recent_use_days": 5}}})
	testing.statuses(r) == {"pass"}
}

test_pass_reports_never_when_root_never_used if {
	r := check.results with input as with_rows([root_row({"password_last_used": "no_information", "access_key_1_last_used_date": "N/A"})])
	testing.statuses(r) == {"pass"}
	some f in r
	f.values.last_used == "never"
	contains(f.message, "never been used")
}

test_unknown_when_report_has_no_root_row if {
	r := check.results with input as with_rows([user_row])
	testing.statuses(r) == {"error"}
	some f in r
	contains(f.message, "no <root_account> row")
}

test_no_verdict_when_credential_report_missing if {
	r := check.results with input as testing.input_for({"iam": {"credential_report": testing.denied}})
	count(r) == 0
}
