package caliper.checks.cloudtrail.console_changes_test

import data.caliper.checks.cloudtrail.console_changes as check
import data.caliper.testing
import rego.v1

event(name, source) := {"EventId": "e1", "EventTime": "2026-11-19T08:00:00Z", "EventName": name, "EventSource": source, "Username": "alice", "Resources": ["sg-0web"]}

account(events, truncated) := {"regions": {"eu-west-1": {"cloudtrail": {"console_changes": testing.section({
	"Since": "2026-10-21T10:00:00Z", "EventsRead": 120, "Truncated": truncated, "Events": events,
})}}}}

test_fail_names_each_console_change if {
	r := check.results with input as testing.production_input(account([event("AuthorizeSecurityGroupIngress", "ec2.amazonaws.com")], false))
	testing.statuses(r) == {"fail"}
	r[0].values.console_changes == ["AuthorizeSecurityGroupIngress (ec2.amazonaws.com) by alice at 2026-11-19T08:00:00Z on sg-0web"]
}

test_pass_without_console_changes if {
	r := check.results with input as testing.production_input(account([event("SwitchRole", "signin.amazonaws.com")], false))
	testing.statuses(r) == {"pass"}
	r2 := check.results with input as testing.production_input(account([], false))
	testing.statuses(r2) == {"pass"}
	approval := event("PutApprovalResult", "codepipeline.amazonaws.com")
	r3 := check.results with input as testing.production_input(account([approval, event("CreateSession", "cloudshell.amazonaws.com")], false))
	testing.statuses(r3) == {"pass"}
}

test_error_when_the_page_cap_cut_the_window_short if {
	r := check.results with input as testing.production_input(account([], true))
	testing.statuses(r) == {"error"}
	r2 := check.results with input as testing.production_input(account([event("DeleteBucket", "s3.amazonaws.com")], true))
	testing.statuses(r2) == {"fail"}
}

test_not_applicable_outside_production if {
	r := check.results with input as testing.workload_input(account([event("DeleteBucket", "s3.amazonaws.com")], false))
	testing.statuses(r) == {"not_applicable"}
}

test_no_verdict_when_events_are_unreadable if {
	r := check.results with input as testing.production_input({"regions": {"eu-west-1": {"cloudtrail": {"console_changes": testing.denied}}}})
	count(r) == 0
}
