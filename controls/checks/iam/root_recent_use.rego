# METADATA
# title: The root user is not used for everyday work
# description: >-
#   The root user should be kept for the few tasks only it can do (closing the account, changing
#   the support plan or account settings, restoring IAM access). Its last use is the latest of the
#   credential report's password_last_used and access key last-used dates; use within
#   thresholds.root_recent_use_days of the snapshot is reported so the owner can confirm it was
#   one of those tasks.
# custom:
#   id: iam.root-recent-use
#   severity: medium
#   resource_type: AWS::::Account
#   sections: [iam.credential_report]
#   remediation: >-
#     Do daily and administrative work through federated roles or IAM Identity Center users. If
#     the root use was not one of the tasks that need root, find out who used it (CloudTrail
#     userIdentity.type Root), change the root password, delete any root access keys and check
#     the root MFA device.
#   references:
#     - CIS AWS Foundations Benchmark v3.0 1.7
#     - AWS Startup Security Baseline ACCT.02
package caliper.checks.iam.root_recent_use

import data.caliper.lib
import data.caliper.lib.account_resource
import rego.v1

day_ns := 86400000000000

threshold := input.config.thresholds.root_recent_use_days

report := input.account.iam.credential_report.data

root_rows := [row | some row in report; row.user == "<root_account>"]

root := root_rows[0]

# The credential report writes "N/A", "no_information" or "not_supported" where there is no
# date; only values shaped like an RFC 3339 time count as uses.
is_time(v) if {
	is_string(v)
	count(v) >= 20
	substring(v, 4, 1) == "-"
	substring(v, 7, 1) == "-"
	substring(v, 10, 1) == "T"
}

use_fields := ["password_last_used", "access_key_1_last_used_date", "access_key_2_last_used_date"]

# [nanoseconds, time, field] of every recorded use.
uses := {[time.parse_rfc3339_ns(v), v, f] |
	some f in use_fields
	v := object.get(root, f, null)
	is_time(v)
}

last_ns := max({u[0] | some u in uses})

# [time, field] of the latest use (the first field when two share the time).
last_use := sort([[u[1], u[2]] | some u in uses; u[0] == last_ns])[0]

account_label := sprintf("%s (%s)", [input.account.account_id, input.account.name]) if {
	input.account.name
} else := input.account.account_id

values(last, age) := {"last_used": last, "age_days": age, "root_recent_use_days": threshold}

results contains lib.fail(account_resource, "global", msg, values(last, age)) if {
	last := last_use[0]
	field := last_use[1]
	input.collected_at_ns - last_ns <= threshold * day_ns
	age := lib.age_days(last)
	msg := sprintf(
		"root user of account %s was used on %s (%s, %d days before the snapshot, within %d days); keep root for the few tasks that need it",
		[account_label, last, field, age, threshold],
	)
}

results contains lib.pass(account_resource, "global", msg, values(last, age)) if {
	last := last_use[0]
	field := last_use[1]
	input.collected_at_ns - last_ns > threshold * day_ns
	age := lib.age_days(last)
	msg := sprintf(
		"root user of account %s was last used on %s (%s, %d days before the snapshot; threshold %d days)",
		[account_label, last, field, age, threshold],
	)
}

results contains lib.pass(account_resource, "global", msg, values("never", null)) if {
	root
	count(uses) == 0
	msg := sprintf("root user of account %s has never been used (no password or access key use in the credential report)", [account_label])
}

results contains lib.unknown(account_resource, "global", msg, values(null, null)) if {
	is_array(report)
	count(root_rows) == 0
	msg := sprintf("the credential report of account %s has no <root_account> row, so the root user's last use is unknown", [account_label])
}
