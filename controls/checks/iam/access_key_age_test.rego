package caliper.checks.iam.access_key_age_test

import data.caliper.checks.iam.access_key_age as check
import data.caliper.testing
import rego.v1

# The snapshot is taken at 2026-11-20T10:00:00Z.
key(user, id, status, created, used) := {
	"UserName": user,
	"AccessKeyId": id,
	"Status": status,
	"CreateDate": created,
	"LastUsedDate": used,
}

account(keys) := {"iam": {"access_keys": testing.section(keys)}}

test_recent_active_key_still_fails_at_the_check_severity if {
	r := check.results with input as testing.input_for(account([key("alice", "AKIAALICE1", "Active", "2026-10-21T10:00:00Z", "2026-11-19T08:00:00Z")]))
	testing.statuses(r) == {"fail"}
	some f in r
	f.resource == "arn:aws:iam::111111111111:user/alice"
	f.values.oldest_key_age_days == 30
	f.values.active_keys == 1
	not f.severity
	f.message == "IAM user alice has 1 active long-term access key(s), the oldest (AKIAALICE1) 30 days old (within the 90-day limit), last used 2026-11-19T08:00:00Z; replace them with roles and temporary credentials, or waive them"
}

test_key_of_unknown_age_is_a_high_failure if {
	r := check.results with input as testing.input_for(account([
		key("frank", "AKIAFRANK1", "Active", "", null),
		key("frank", "AKIAFRANK2", "Active", "2026-11-10T10:00:00Z", null),
	]))
	testing.statuses(r) == {"fail"}
	some f in r
	f.severity == "high"
	f.values.undated_keys == ["AKIAFRANK1"]
	contains(f.message, "at least 10 days old (AKIAFRANK1 of unknown age)")
}

test_only_keys_of_unknown_age_is_a_high_failure if {
	r := check.results with input as testing.input_for(account([key("gina", "AKIAGINA", "Active", "not a time", null)]))
	some f in r
	f.status == "fail"
	f.severity == "high"
	count(r) == 1
}

test_fail_on_active_key_older_than_limit if {
	r := check.results with input as testing.input_for(account([
		key("bob", "AKIABOB1", "Active", "2026-01-24T10:00:00Z", "2026-11-01T12:00:00Z"),
		key("bob", "AKIABOB2", "Active", "2026-11-10T10:00:00Z", null),
	]))
	testing.statuses(r) == {"fail"}
	some f in r
	f.resource == "arn:aws:iam::111111111111:user/bob"
	f.message == "IAM user bob has 2 active long-term access key(s); the oldest, AKIABOB1, is 300 days old (limit 90 days), last used 2026-11-01T12:00:00Z"
	f.severity == "high"
	f.values.oldest_key_id == "AKIABOB1"
	f.values.keys == 2
}

test_fail_names_never_used_key if {
	r := check.results with input as testing.input_for(account([key("carol", "AKIACAROL", "Active", "2025-11-20T10:00:00Z", null)]))
	some f in r
	f.status == "fail"
	f.message == "IAM user carol has 1 active long-term access key(s); the oldest, AKIACAROL, is 365 days old (limit 90 days), last used never"
}

test_old_inactive_key_is_not_judged if {
	r := check.results with input as testing.input_for(account([
		key("dave", "AKIADAVE1", "Inactive", "2024-01-01T00:00:00Z", null),
		key("dave", "AKIADAVE2", "Active", "2026-11-01T00:00:00Z", null),
	]))
	testing.statuses(r) == {"fail"}
	some f in r
	f.values.keys == 2
	f.values.active_keys == 1
}

test_no_verdict_for_user_with_only_inactive_keys if {
	r := check.results with input as testing.input_for(account([key("erin", "AKIAERIN", "Inactive", "2024-01-01T00:00:00Z", null)]))
	count(r) == 0
}

test_limit_follows_threshold if {
	inp := testing.input_for(account([key("alice", "AKIAALICE1", "Active", "2026-10-21T10:00:00Z", null)]))
	r := check.results with input as object.union(inp, {"config": {"thresholds": {"access_key_max_age_days": 7}}})
	some f in r
	f.severity == "high"
}

test_no_pass_when_access_keys_missing if {
	r := check.results with input as testing.input_for({"iam": {"access_keys": testing.denied}})
	not "pass" in testing.statuses(r)
}
