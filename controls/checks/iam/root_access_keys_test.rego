package caliper.checks.iam.root_access_keys_test

import data.caliper.checks.iam.root_access_keys as check
import data.caliper.testing
import rego.v1

account(summary) := {"iam": {"summary": summary}}

test_pass_when_root_has_no_access_keys if {
	r := check.results with input as testing.input_for(account(testing.section({"AccountMFAEnabled": 1, "AccountAccessKeysPresent": 0})))
	testing.statuses(r) == {"pass"}
	some f in r
	f.resource == "arn:aws:::111111111111:account"
	f.region == "global"
}

test_fail_when_root_has_an_access_key if {
	r := check.results with input as testing.input_for(account(testing.section({"AccountAccessKeysPresent": 1})))
	testing.statuses(r) == {"fail"}
	some f in r
	f.message == "root user of account 111111111111 has access keys (AccountAccessKeysPresent = 1)"
	f.values == {"AccountAccessKeysPresent": 1}
}

test_no_verdict_when_summary_missing if {
	r := check.results with input as testing.input_for(account(testing.denied))
	count(r) == 0
}

test_unknown_when_summary_lacks_the_access_key_field if {
	r := check.results with input as testing.input_for(account(testing.section({"AccountMFAEnabled": 1})))
	testing.statuses(r) == {"error"}
}
