# METADATA
# title: Production is not changed by hand in the console
# description: >-
#   Changes made by clicking in the console bypass review, tests and the record a template keeps.
#   For each scanned region of a production account, caliper reads the write events CloudTrail
#   keeps (LookupEvents, the last --console-change-days days, 30 by default) and keeps those made
#   with console credentials (sessionCredentialFromConsole). The region fails when any changed
#   something, naming each event, who made it, when and on what; it passes when none did. Signing
#   in, switching roles, support or health requests, CloudShell sessions, queries and approving or
#   releasing a pipeline are not changes. Global services (IAM, CloudFront) record their events in
#   us-east-1: scan that region to see console changes to them. When the page cap (20
#   pages of 50 events) stopped the read before the window was covered and no console change was
#   among the events read, the region is an error: the rest was not read. Accounts outside
#   production are not judged.
# custom:
#   id: cloudtrail.console-changes
#   severity: medium
#   resource_type: AWS::::Account
#   sections: [cloudtrail.console_changes]
#   remediation: >-
#     Make production changes through the pipeline and templates; give people read-only console
#     roles in production (break-glass access aside), and bring hand-made changes back into the
#     templates (drift detection, resource import).
#   references:
#     - AWS CloudTrail User Guide, CloudTrail record contents (sessionCredentialFromConsole)
#     - AWS Well-Architected, OPS05-BP10 Fully automate integration and deployment
#     - AWS Partner calibration guide, REL-001
package caliper.checks.cloudtrail.console_changes

import data.caliper.lib
import rego.v1

results := lib.production_gate([verdict(region, c) |
	some region, r in lib.regions
	c := r.cloudtrail.console_changes.data
	is_object(c)
])

# Event sources whose writes change no resource: sign-in, federation, support, health,
# notifications and the console's own settings.
not_changes := {
	"signin.amazonaws.com", "sso.amazonaws.com", "sts.amazonaws.com", "health.amazonaws.com",
	"support.amazonaws.com", "notifications.amazonaws.com", "uxc.amazonaws.com",
	"console.amazonaws.com", "consoleapp.amazonaws.com", "resource-explorer-2.amazonaws.com",
}

# Console actions that run the delivery process or read, though CloudTrail records them as
# writes: approving or releasing a pipeline, CloudShell sessions, queries, IAM access reports.
not_change_events := {
	"PutApprovalResult", "StartPipelineExecution", "RetryStageExecution", "StartQueryExecution",
	"StartQuery", "StopQuery", "GenerateServiceLastAccessedDetails", "GenerateCredentialReport",
	"GenerateOrganizationsAccessReport", "CreateSession", "PutCredentials", "SendHeartBeat",
	"StartEnvironment", "GetEnvironmentStatus", "SwitchRole", "ConsoleLogin",
}

changes(c) := [e |
	some e in c.Events
	not e.EventSource in not_changes
	not e.EventName in not_change_events
	e.EventSource != "cloudshell.amazonaws.com"
]

describe(e) := sprintf("%s (%s) by %s at %s%s", [e.EventName, e.EventSource, object.get(e, "Username", "an unknown user"), e.EventTime, on(e)])

on(e) := "" if count(object.get(e, "Resources", [])) == 0 else := sprintf(" on %s", [concat(", ", e.Resources)])

# At most this many events are named in a message; values holds them all.
shown := 10

more(n) := "" if n <= shown else := sprintf(" and %d more", [n - shown])

verdict(region, c) := lib.fail(lib.account_resource, region, msg, {"console_changes": events, "since": c.Since}) if {
	events := [describe(e) | some e in changes(c)]
	count(events) > 0
	msg := sprintf("production account %s was changed from the console in %s since %s: %s%s", [input.account.account_id, region, c.Since, concat("; ", array.slice(events, 0, shown)), more(count(events))])
} else := lib.unknown(lib.account_resource, region, msg, {"events_read": c.EventsRead, "since": c.Since}) if {
	c.Truncated
	msg := sprintf("the first %d write events in %s since %s held no console change, but the page cap stopped the read before the rest: run with fewer --console-change-days", [c.EventsRead, region, c.Since])
} else := lib.pass(lib.account_resource, region, msg, {"events_read": c.EventsRead, "since": c.Since}) if {
	msg := sprintf("none of the %d write events in %s since %s was made from the console", [c.EventsRead, region, c.Since])
}
