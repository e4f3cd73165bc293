package caliper.checks.cloudtrail.multi_region_logging_test

import data.caliper.checks.cloudtrail.multi_region_logging as check
import data.caliper.testing
import rego.v1

classic(rw) := testing.section({"EventSelectors": [{"ReadWriteType": rw, "IncludeManagementEvents": true, "ExcludeManagementEventSources": []}], "AdvancedEventSelectors": []})

advanced(fields) := testing.section({"EventSelectors": [], "AdvancedEventSelectors": [{"Name": "mgmt", "FieldSelectors": fields}]})

management_field := {"Field": "eventCategory", "Equals": ["Management"], "NotEquals": []}

trail(account, name, multi, is_logging, selectors) := {
	"Name": name,
	"TrailARN": sprintf("arn:aws:cloudtrail:us-east-1:%s:trail/%s", [account, name]),
	"HomeRegion": "us-east-1",
	"IsMultiRegionTrail": multi,
	"IsOrganizationTrail": false,
	"S3BucketName": "trail-bucket",
	"LogFileValidationEnabled": true,
	"status": testing.section({"IsLogging": is_logging}),
	"event_selectors": selectors,
}

account(trails) := {"regions": {
	"us-east-1": {"cloudtrail": {"trails": testing.section(trails)}},
	"eu-west-1": {"cloudtrail": {"trails": testing.section([])}},
}}

org(trails_section) := testing.section({
	"id": "o-abc",
	"management_account_id": "999999999999",
	"accounts": [],
	"trails": trails_section,
})

org_trail := object.union(trail("999999999999", "org-trail", true, true, classic("All")), {"IsOrganizationTrail": true})

test_pass_with_own_multi_region_trail if {
	r := check.results with input as testing.input_for(account([trail("111111111111", "main", true, true, classic("All"))]))
	testing.statuses(r) == {"pass"}
	some f in r
	f.resource == "arn:aws:::111111111111:account"
	f.region == "global"
	f.values.qualifying_trails == ["arn:aws:cloudtrail:us-east-1:111111111111:trail/main"]
	contains(f.message, "trail arn:aws:cloudtrail:us-east-1:111111111111:trail/main is multi-region")
}

test_pass_with_advanced_management_selector if {
	r := check.results with input as testing.input_for(account([trail("111111111111", "main", true, true, advanced([management_field]))]))
	testing.statuses(r) == {"pass"}
}

test_fail_when_advanced_selector_filters_read_only if {
	sel := advanced([management_field, {"Field": "readOnly", "Equals": ["false"], "NotEquals": []}])
	r := check.results with input as testing.input_for(account([trail("111111111111", "main", true, true, sel)]))
	testing.statuses(r) == {"fail"}
}

test_fail_names_single_region_trail if {
	r := check.results with input as testing.input_for(account([trail("111111111111", "local", false, true, classic("All"))]))
	testing.statuses(r) == {"fail"}
	some f in r
	f.message == "account 111111111111: no multi-region trail is logging all management read+write events; trail arn:aws:cloudtrail:us-east-1:111111111111:trail/local is single-region"
}

test_fail_when_only_write_events_recorded if {
	r := check.results with input as testing.input_for(account([trail("111111111111", "main", true, true, classic("WriteOnly"))]))
	testing.statuses(r) == {"fail"}
	some f in r
	contains(f.message, "is not recording all management read+write events")
}

test_fail_when_trail_not_logging if {
	r := check.results with input as testing.input_for(account([trail("111111111111", "main", true, false, classic("All"))]))
	testing.statuses(r) == {"fail"}
	some f in r
	contains(f.message, "trail/main is not logging")
}

test_fail_when_no_trail_exists if {
	r := check.results with input as testing.input_for(account([]))
	testing.statuses(r) == {"fail"}
	some f in r
	f.message == "account 111111111111 has no trail at all in any region"
}

test_pass_for_member_covered_by_organization_trail if {
	inp := object.union(testing.input_for(account([])), {"organization": org(testing.section([org_trail]))})
	r := check.results with input as inp
	testing.statuses(r) == {"pass"}
	some f in r
	contains(f.message, "covered by organization trail arn:aws:cloudtrail:us-east-1:999999999999:trail/org-trail of account 999999999999")
}

test_fail_when_organization_trail_is_not_logging if {
	stopped := object.union(org_trail, {"status": testing.section({"IsLogging": false})})
	inp := object.union(testing.input_for(account([])), {"organization": org(testing.section([stopped]))})
	r := check.results with input as inp
	testing.statuses(r) == {"fail"}
}

test_unknown_when_organization_trails_unreadable if {
	inp := object.union(testing.input_for(account([])), {"organization": org(testing.denied)})
	r := check.results with input as inp
	testing.statuses(r) == {"error"}
}

test_no_pass_when_trail_status_missing if {
	t := object.union(object.remove(trail("111111111111", "main", true, true, classic("All")), ["status"]), {"status": testing.denied})
	r := check.results with input as testing.input_for(account([t]))
	not "pass" in testing.statuses(r)
}

test_no_pass_when_trails_missing if {
	r := check.results with input as testing.input_for({"regions": {"us-east-1": {"cloudtrail": {"trails": testing.denied}}}})
	not "pass" in testing.statuses(r)
}

test_unknown_when_organization_trail_status_unreadable if {
	unreadable := object.union(object.remove(org_trail, ["status"]), {"status": testing.denied})
	inp := object.union(testing.input_for(account([])), {"organization": org(testing.section([unreadable]))})
	r := check.results with input as inp
	testing.statuses(r) == {"error"}
	some f in r
	contains(f.message, "trail/org-trail is of unknown logging state (status not readable)")
}

test_the_pass_of_a_qualifying_trail_is_proven if {
	r := check.results with input as testing.input_for(account([trail("111111111111", "main", true, true, classic("All"))]))
	some f in r
	f.proven == true
	check.scope == {"arn:aws:::111111111111:account"} with input as testing.input_for(account([]))
}

test_fail_when_kms_management_events_are_excluded if {
	sel := testing.section({"EventSelectors": [{"ReadWriteType": "All", "IncludeManagementEvents": true, "ExcludeManagementEventSources": ["kms.amazonaws.com"]}], "AdvancedEventSelectors": []})
	r := check.results with input as testing.input_for(account([trail("111111111111", "main", true, true, sel)]))
	testing.statuses(r) == {"fail"}
}

test_unknown_when_exclusions_were_not_recorded if {
	sel := testing.section({"EventSelectors": [{"ReadWriteType": "All", "IncludeManagementEvents": true}], "AdvancedEventSelectors": []})
	r := check.results with input as testing.input_for(account([trail("111111111111", "main", true, true, sel)]))
	testing.statuses(r) == {"error"}
	some f in r
	contains(f.message, "excluded event sources (not in this snapshot)")
}

test_fail_when_advanced_selector_drops_an_event_source if {
	sel := advanced([management_field, {"Field": "eventSource", "Equals": [], "NotEquals": ["kms.amazonaws.com"]}])
	r := check.results with input as testing.input_for(account([trail("111111111111", "main", true, true, sel)]))
	testing.statuses(r) == {"fail"}
}

test_pass_for_member_covered_by_a_shadow_organization_trail if {
	acct := object.union(account([]), {"shadow_trails": testing.section([org_trail])})
	r := check.results with input as testing.input_for(acct)
	testing.statuses(r) == {"pass"}
	some f in r
	contains(f.message, "covered by organization trail arn:aws:cloudtrail:us-east-1:999999999999:trail/org-trail")
}

test_pass_with_own_trail_homed_in_a_region_not_scanned if {
	acct := object.union(account([]), {"shadow_trails": testing.section([trail("111111111111", "main", true, true, classic("All"))])})
	r := check.results with input as testing.input_for(acct)
	testing.statuses(r) == {"pass"}
}

test_unknown_not_fail_when_shadow_trails_unreadable if {
	acct := object.union(account([]), {"shadow_trails": testing.denied})
	r := check.results with input as testing.input_for(acct)
	testing.statuses(r) == {"error"}
}

test_unknown_not_fail_when_own_trail_status_unreadable if {
	t := object.union(object.remove(trail("111111111111", "main", true, true, classic("All")), ["status"]), {"status": testing.denied})
	r := check.results with input as testing.input_for(account([t]))
	testing.statuses(r) == {"error"}
}

test_fail_when_the_only_trail_cannot_deliver if {
	t := object.union(trail("111111111111", "main", true, true, classic("All")), {"status": testing.section({"IsLogging": true, "LatestDeliveryError": "AccessDenied"})})
	r := check.results with input as testing.input_for(account([t]))
	testing.statuses(r) == {"fail"}
	some f in r
	contains(f.message, "failing to deliver its log files (LatestDeliveryError AccessDenied)")
}
