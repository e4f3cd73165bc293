# METADATA
# title: A multi-region trail logs management read and write events
# description: >-
#   Every account needs at least one CloudTrail trail that covers all regions (including ones
#   not in use, where an attacker would go), is logging, and records management events of both
#   read and write type. An organization trail from the management account counts for every
#   member account. Judged once per account over its own trails in every region and the
#   Organization's trails.
# custom:
#   id: cloudtrail.multi-region-logging
#   severity: high
#   resource_type: AWS::::Account
#   sections: [cloudtrail.trails, cloudtrail.trails.status, cloudtrail.trails.event_selectors]
#   remediation: >-
#     Create (or convert) a trail with --is-multi-region-trail, management events with read/write
#     type All, and start logging it; in an Organization, create one organization trail from the
#     management account (or the delegated administrator) so every member account is covered.
#   references:
#     - CIS AWS Foundations Benchmark v3.0 3.1
#     - AWS Security Hub CloudTrail.1
#     - AWS Startup Security Baseline ACCT.07
package caliper.checks.cloudtrail.multi_region_logging

import data.caliper.lib
import data.caliper.lib.account_resource
import rego.v1

account_label := sprintf("%s (%s)", [input.account.account_id, input.account.name]) if {
	input.account.name
} else := input.account.account_id

own_trails := [t | some [_, t] in lib.regional_items(["cloudtrail", "trails"])]

# Organization trails read in the management account. organization.trails is not a declared
# section (a standalone account has none); it is read when present.
org_trails := [t | some t in input.organization.data.trails.data]

org_trails_readable if is_array(input.organization.data.trails.data)

# In an Organization scan whose organization trails could not be read, a member without a
# qualifying trail of its own cannot be judged.
org_trails_unreadable if input.organization.error

org_trails_unreadable if {
	is_object(input.organization.data)
	not org_trails_readable
}

# An organization trail whose status or selectors could not be read in the management account
# (the engine does not see faults inside organization.trails for this check).
org_trails_unreadable if {
	some t in org_trails
	undetermined(t)
}

has_data(section) if "data" in object.keys(section)

undetermined(t) if not has_data(t.status)

undetermined(t) if not has_data(t.event_selectors)

logging(t) if t.status.data.IsLogging == true

management_read_write(t) if {
	some s in object.get(t, ["event_selectors", "data", "EventSelectors"], [])
	s.IncludeManagementEvents == true
	s.ReadWriteType == "All"
}

management_read_write(t) if {
	some s in object.get(t, ["event_selectors", "data", "AdvancedEventSelectors"], [])
	some f in s.FieldSelectors
	f.Field == "eventCategory"
	object.get(f, "Equals", []) == ["Management"]
	not filters_read_only(s)
}

filters_read_only(s) if {
	some f in s.FieldSelectors
	f.Field == "readOnly"
}

qualifies(t) if {
	object.get(t, "IsMultiRegionTrail", false) == true
	logging(t)
	management_read_write(t)
}

# What keeps a trail from qualifying.
shortcomings(t) := array.concat(array.concat(region_gap(t), logging_gap(t)), selector_gap(t))

region_gap(t) := ["single-region"] if {
	object.get(t, "IsMultiRegionTrail", false) != true
} else := []

logging_gap(t) := ["of unknown logging state (status not readable)"] if {
	not has_data(t.status)
} else := ["not logging"] if {
	not logging(t)
} else := []

selector_gap(t) := ["of unknown event selection (event selectors not readable)"] if {
	not has_data(t.event_selectors)
} else := ["not recording management read+write events"] if {
	not management_read_write(t)
} else := []

good_own := {t.TrailARN | some t in own_trails; qualifies(t)}

good_org := {t.TrailARN | some t in org_trails; qualifies(t)}

own_arns := {t.TrailARN | some t in own_trails}

# Own trails, then organization trails not already among them (the management account sees its
# organization trail as its own).
candidates := array.concat(own_trails, [t | some t in org_trails; not t.TrailARN in own_arns])

problems := sort({sprintf("trail %s is %s", [t.TrailARN, concat(", ", shortcomings(t))]) | some t in candidates})

values := {
	"qualifying_trails": sort(good_own | good_org),
	"trails": sort({t.TrailARN | some t in candidates}),
}

results contains lib.pass(account_resource, "global", msg, values) if {
	count(good_own) > 0
	msg := sprintf(
		"account %s: trail %s is multi-region, logging, and records management read+write events",
		[account_label, concat(", ", sort(good_own))],
	)
}

results contains lib.pass(account_resource, "global", msg, values) if {
	count(good_own) == 0
	count(good_org) > 0
	msg := sprintf(
		"account %s is covered by organization trail %s of management account %s: multi-region, logging, and recording management read+write events",
		[account_label, concat(", ", sort(good_org)), input.organization.data.management_account_id],
	)
}

results contains lib.fail(account_resource, "global", msg, values) if {
	count(good_own | good_org) == 0
	not org_trails_unreadable
	msg := fail_message
}

results contains lib.unknown(account_resource, "global", msg, values) if {
	count(good_own | good_org) == 0
	org_trails_unreadable
	msg := sprintf(
		"%s; the Organization's trails could not be fully read, so an organization trail covering account %s cannot be ruled out",
		[fail_message, account_label],
	)
}

fail_message := sprintf("account %s has no trail at all in any region", [account_label]) if {
	count(candidates) == 0
} else := sprintf(
	"account %s: no multi-region trail is logging management read+write events; %s",
	[account_label, concat("; ", problems)],
)
