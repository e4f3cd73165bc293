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
	f.values == {"AccountMFAEnabled": 0}
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
