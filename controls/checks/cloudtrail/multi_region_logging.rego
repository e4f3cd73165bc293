# METADATA
# title: A multi-region trail logs management read and write events
# description: >-
#   Every account needs at least one CloudTrail trail that covers all regions (including ones
#   not in use, where an attacker would go), is logging and delivering (no LatestDeliveryError),
#   and records every management event of both read and write type (no excluded event sources).
#   An organization trail from the management account counts for every member account. Judged
#   once per account over its own trails in every region, the trails that cover it from elsewhere
#   (DescribeTrails with shadow trails) and the Organization's trails; a trail it cannot read
#   makes the verdict error rather than fail.
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

# Multi-region and organization trails that cover the account but that no scanned region lists
# as its own (read once with shadow trails; absent in older snapshots).
shadow_trails := [t | some t in input.account.shadow_trails.data]

# Organization trails read in the management account. organization.trails is not a declared
# section (a standalone account has none); it is read when present.
org_trails := [t | some t in input.organization.data.trails.data]

org_trails_readable if is_array(input.organization.data.trails.data)

# Trails that could cover the account but could not be read: without a qualifying trail, the
# account cannot be judged.
unreadable contains sprintf("the organization's trails (%s)", [problem(input.organization)]) if input.organization.error

unreadable contains sprintf("the organization's trails (%s)", [problem(object.get(input.organization.data, "trails", {}))]) if {
	is_object(input.organization.data)
	not org_trails_readable
}

unreadable contains sprintf("the trails that cover this account from elsewhere (DescribeTrails with shadow trails: %s)", [problem(input.account.shadow_trails)]) if {
	input.account.shadow_trails.error
}

# Why a section holds no data: its error entry's reason and IAM action, or that it was not
# collected.
problem(section) := sprintf("%s on %s", [section.error.reason, section.error.action]) if {
	is_string(section.error.action)
} else := "not collected"

unreadable contains sprintf("trail %s (%s)", [t.TrailARN, concat(" and ", undetermined_parts(t))]) if {
	some t in candidates
	count(undetermined_parts(t)) > 0
}

has_data(section) if "data" in object.keys(section)

undetermined_parts(t) := array.concat(
	[sprintf("%s: %s", [p, problem(s)]) |
		some [p, part] in [["status", "status"], ["event selectors", "event_selectors"]]
		s := object.get(t, part, {})
		not has_data(s)
	],
	[p | exclusions_unrecorded(t); p := "excluded event sources (not in this snapshot)"],
)

# A selector that records all management events unless sources are excluded, in a snapshot
# made before caliper read the excluded sources.
exclusions_unrecorded(t) if {
	some s in object.get(t, ["event_selectors", "data", "EventSelectors"], [])
	s.IncludeManagementEvents == true
	s.ReadWriteType == "All"
	not "ExcludeManagementEventSources" in object.keys(s)
}

logging(t) if t.status.data.IsLogging == true

# A trail that logs but whose last delivery to S3 failed records nothing an auditor can read.
delivery_failing(t) if {
	is_string(t.status.data.LatestDeliveryError)
	t.status.data.LatestDeliveryError != ""
}

management_read_write(t) if {
	some s in object.get(t, ["event_selectors", "data", "EventSelectors"], [])
	s.IncludeManagementEvents == true
	s.ReadWriteType == "All"
	# Dropping the management events of some sources (e.g. KMS) leaves gaps in the record; in
	# snapshots made before caliper read the list, it cannot be ruled out.
	s.ExcludeManagementEventSources == []
}

management_read_write(t) if {
	some s in object.get(t, ["event_selectors", "data", "AdvancedEventSelectors"], [])
	some f in s.FieldSelectors
	f.Field == "eventCategory"
	object.get(f, "Equals", []) == ["Management"]
	not narrowed(s)
}

# Any other field (readOnly, eventSource, ...) records only part of the management events.
narrowed(s) if {
	some f in s.FieldSelectors
	f.Field != "eventCategory"
}

qualifies(t) if {
	object.get(t, "IsMultiRegionTrail", false) == true
	logging(t)
	not delivery_failing(t)
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
} else := [sprintf("failing to deliver its log files (LatestDeliveryError %s)", [t.status.data.LatestDeliveryError])] if {
	delivery_failing(t)
} else := []

selector_gap(t) := ["of unknown event selection (event selectors not readable)"] if {
	not has_data(t.event_selectors)
} else := ["of unknown excluded event sources (not in this snapshot)"] if {
	not management_read_write(t)
	exclusions_unrecorded(t)
} else := ["not recording all management read+write events"] if {
	not management_read_write(t)
} else := []

own_arns := {t.TrailARN | some t in own_trails}

shadow_arns := {t.TrailARN | some t in shadow_trails}

# Own trails, then trails from elsewhere, then organization trails, each ARN once (the
# management account sees its organization trail as its own).
candidates := array.concat(
	array.concat(own_trails, [t | some t in shadow_trails; not t.TrailARN in own_arns]),
	[t | some t in org_trails; not t.TrailARN in own_arns; not t.TrailARN in shadow_arns],
)

# The account's own resource is the only one judged: trails that cannot be read are reported in
# its verdict, not as verdicts of their own.
scope contains account_resource

account_id_of(arn) := split(arn, ":")[4]

good := {t.TrailARN | some t in candidates; qualifies(t)}

good_own := {arn | some arn in good; account_id_of(arn) == input.account.account_id}

good_other := good - good_own

problems := sort({sprintf("trail %s is %s", [t.TrailARN, concat(", ", shortcomings(t))]) | some t in candidates})

values := {
	"qualifying_trails": sort(good),
	"trails": sort({t.TrailARN | some t in candidates}),
}

# A qualifying trail proves the verdict: data missing elsewhere cannot undo it.
results contains lib.proven_pass(account_resource, "global", msg, values) if {
	count(good_own) > 0
	msg := sprintf(
		"account %s: trail %s is multi-region, logging, and records management read+write events",
		[account_label, concat(", ", sort(good_own))],
	)
}

results contains lib.proven_pass(account_resource, "global", msg, values) if {
	count(good_own) == 0
	count(good_other) > 0
	msg := sprintf(
		"account %s is covered by organization trail %s of account %s: multi-region, logging, and recording management read+write events",
		[account_label, concat(", ", sort(good_other)), concat(", ", sort({account_id_of(a) | some a in good_other}))],
	)
}

results contains lib.fail(account_resource, "global", fail_message, values) if {
	count(good) == 0
	count(unreadable) == 0
}

results contains lib.unknown(account_resource, "global", msg, values) if {
	count(good) == 0
	count(unreadable) > 0
	msg := sprintf(
		"%s; %s could not be read, so a trail covering account %s cannot be ruled out",
		[fail_message, concat(", ", sort(unreadable)), account_label],
	)
}

fail_message := sprintf("account %s has no trail at all in any region", [account_label]) if {
	count(candidates) == 0
} else := sprintf(
	"account %s: no multi-region trail is logging all management read+write events; %s",
	[account_label, concat("; ", problems)],
)
