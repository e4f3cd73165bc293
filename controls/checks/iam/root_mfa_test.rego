package caliper.checks.iam.root_mfa_test

import data.caliper.checks.iam.root_mfa as check
import data.caliper.testing
import rego.v1

account(summary) := {"iam": {"summary": summary}}

test_pass_when_root_has_mfa if {
	r := check.results with input as testing.input_for(account(testing.section({"AccountMFAEnabled": 1, "AccountAccessKeysPresent": 0})))
	testing.statuses(r) == {"pass"}
	some f in r
	f.resource == "arn:aws:::111111111111:account"
	f.region == "global"
}

test_fail_when_root_has_no_mfa if {
	r := check.results with input as testing.input_for(account(testing.section({"AccountMFAEnabled": 0})))
	testing.statuses(r) == {"fail"}
	some f in r
	f.message == "root user of account 111111111111 has no MFA device (AccountMFAEnabled = 0)"
	f.values.AccountMFAEnabled == 0
}

test_unknown_when_summary_lacks_the_mfa_field if {
	r := check.results with input as testing.input_for(account(testing.section({"Users": 3})))
	testing.statuses(r) == {"error"}
}

test_no_verdict_when_summary_missing if {
	r := check.results with input as testing.input_for(account(testing.denied))
	count(r) == 0
}

test_no_verdict_when_summary_not_collected if {
	r := check.results with input as testing.input_for({})
	count(r) == 0
}

no_credentials := testing.section({"AccountMFAEnabled": 0, "AccountPasswordPresent": 0, "AccountAccessKeysPresent": 0})

org_with(features) := testing.section({"id": "o-abc", "management_account_id": "999999999999", "accounts": [], "iam_features": features})

member_input(summary, features) := object.union(testing.input_for(account(summary)), {"organization": org_with(features)})

test_pass_for_member_whose_root_credentials_were_removed_centrally if {
	r := check.results with input as member_input(no_credentials, testing.section(["RootCredentialsManagement", "RootSessions"]))
	testing.statuses(r) == {"pass"}
	some f in r
	contains(f.message, "no root credentials")
}

test_fail_when_central_management_is_off if {
	r := check.results with input as member_input(no_credentials, testing.section([]))
	testing.statuses(r) == {"fail"}
}

test_fail_when_the_member_root_still_has_a_password if {
	summary := testing.section({"AccountMFAEnabled": 0, "AccountPasswordPresent": 1, "AccountAccessKeysPresent": 0})
	r := check.results with input as member_input(summary, testing.section(["RootCredentialsManagement"]))
	testing.statuses(r) == {"fail"}
}

test_fail_for_the_management_account_even_with_central_management if {
	inp := object.union(
		testing.input_for(account(no_credentials)),
		{"organization": testing.section({"id": "o-abc", "management_account_id": "111111111111", "accounts": [], "iam_features": testing.section(["RootCredentialsManagement"])})},
	)
	r := check.results with input as inp
	testing.statuses(r) == {"fail"}
}

test_unknown_when_the_features_are_unreadable_and_the_root_has_no_credentials if {
	r := check.results with input as member_input(no_credentials, testing.denied)
	testing.statuses(r) == {"error"}
}

test_fail_when_the_password_field_is_absent if {
	summary := testing.section({"AccountMFAEnabled": 0, "AccountAccessKeysPresent": 0})
	r := check.results with input as member_input(summary, testing.section(["RootCredentialsManagement"]))
	testing.statuses(r) == {"fail"}
}
